import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));

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
 * loopback ports, and waits for its "ready" log line.
 */
export async function startOmniscopeProcess(dataDir: string, extraArgs: string[] = []): Promise<OmniscopeProcess> {
  const [httpPort, otlpHttpPort, otlpGrpcPort] = [await freePort(), await freePort(), await freePort()];
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', CLI, 'start', '--data-dir', dataDir, '--http-port', String(httpPort), '--otlp-http-port', String(otlpHttpPort), '--otlp-grpc-port', String(otlpGrpcPort), ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OMNISCOPE_LISTEN_ADDRESS: '127.0.0.1' } },
  );
  let out = '';
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`omniscope did not become ready in 60 s:\n${out}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      if (out.includes('Omniscope is ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`omniscope exited with ${code} before ready:\n${out}`));
    });
  });
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
