import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

/** A real server binary (Prometheus, node exporter, VictoriaMetrics) run for a test or benchmark. */
export interface ServerProcess {
  readonly proc: ChildProcess;
  readonly pid: number;
  /** What it logged so far (the last few hundred KB). */
  output(): string;
  /** SIGTERM, SIGKILL after `graceMs`, then removes `removeDir` if given. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnServerOptions {
  readonly name: string;
  readonly binary: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  /** Removed after the process is gone. */
  readonly removeDir?: string;
  /** Polled every 100 ms until true. */
  readonly isReady: () => Promise<boolean>;
  readonly readyTimeoutMs?: number;
  readonly defaultGraceMs?: number;
}

const KEEP_OUTPUT = 200_000;

/**
 * Starts a server, collects its output, and resolves once `isReady` says so; on exit or timeout
 * before that it stops the process, cleans up and rejects with the output's tail. Processes are
 * always stopped by PID.
 */
export async function spawnServer(options: SpawnServerOptions): Promise<ServerProcess> {
  const proc = spawn(options.binary, [...options.args], { stdio: ['ignore', 'pipe', 'pipe'], ...(options.cwd !== undefined ? { cwd: options.cwd } : {}) });
  let out = '';
  const collect = (chunk: Buffer): void => {
    out += chunk.toString();
    if (out.length > 2 * KEEP_OUTPUT) out = out.slice(-KEEP_OUTPUT);
  };
  proc.stdout?.on('data', collect);
  proc.stderr?.on('data', collect);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) => {
    proc.on('exit', (code) => {
      exitCode = code;
      resolve();
    });
    proc.on('error', (e) => {
      out += `\nspawn error: ${e.message}`;
      exitCode = -1;
      resolve();
    });
  });

  let stopping: Promise<void> | null = null;
  const stop = (graceMs = options.defaultGraceMs ?? 10_000): Promise<void> => {
    stopping ??= (async () => {
      if (exitCode === undefined && proc.pid !== undefined) {
        process.kill(proc.pid, 'SIGTERM');
        const killer = setTimeout(() => {
          if (exitCode === undefined && proc.pid !== undefined) process.kill(proc.pid, 'SIGKILL');
        }, graceMs);
        await exited;
        clearTimeout(killer);
      }
      if (options.removeDir !== undefined) rmSync(options.removeDir, { recursive: true, force: true });
    })();
    return stopping;
  };

  const timeoutMs = options.readyTimeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exitCode !== undefined) {
      await stop();
      throw new Error(`${options.name} exited with ${exitCode} before it was ready:\n${out.slice(-5000)}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${options.name} was not ready within ${timeoutMs} ms:\n${out.slice(-5000)}`);
    }
    if (await options.isReady().catch(() => false)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { proc, pid: proc.pid as number, output: () => out, stop };
}
