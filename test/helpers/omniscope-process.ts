import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));

/** `OMNISCOPE_CPU_PROFILE_DIR=/tmp/prof npm run bench:...` writes a V8 CPU profile of each server started here. */
const PROFILE_DIR = process.env.OMNISCOPE_CPU_PROFILE_DIR;
const PROFILE_FLAGS = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];

export interface OmniscopeProcess {
  readonly proc: ChildProcess;
  readonly httpPort: number;
  readonly otlpHttpPort: number;
  readonly otlpGrpcPort: number;
  readonly output: () => string;
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait for the process to be gone. */
  kill9(): Promise<void>;
}

/**
 * Runs `omniscope start` as a separate process (so it can be killed with SIGKILL), on free
 * loopback ports, and waits until `/-/ready` answers.
 */
export async function startOmniscopeProcess(dataDir: string, extraArgs: string[] = []): Promise<OmniscopeProcess> {
  const [httpPort, otlpHttpPort, otlpGrpcPort] = [await freePort(), await freePort(), await freePort()];
  const proc = spawn(
    process.execPath,
    [...PROFILE_FLAGS, '--max-semi-space-size=64', '--import', 'tsx', CLI, 'start', '--data-dir', dataDir, '--http-port', String(httpPort), '--otlp-http-port', String(otlpHttpPort), '--otlp-grpc-port', String(otlpGrpcPort), ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OMNISCOPE_LISTEN_ADDRESS: '127.0.0.1' } },
  );
  let out = '';
  proc.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  proc.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    proc.on('exit', (code) => {
      exitCode = code;
      resolve(code);
    }),
  );
  // Ready means /-/ready answers 200, whatever the log level.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`omniscope exited with ${exitCode} before ready:\n${out}`);
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      await exited;
      throw new Error(`omniscope did not become ready in 60 s:\n${out}`);
    }
    const ok = await fetch(`http://127.0.0.1:${httpPort}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    proc,
    httpPort,
    otlpHttpPort,
    otlpGrpcPort,
    output: () => out,
    stop: async () => {
      proc.kill('SIGTERM');
      return exited;
    },
    kill9: async () => {
      proc.kill('SIGKILL');
      await exited;
    },
  };
}
