import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { createLogger, startOmniscope } from '../../src/server/index.js';
import type { RunningOmniscope } from '../../src/server/index.js';
import { freePort } from './free-port.js';

export interface TestOmniscope {
  readonly running: RunningOmniscope;
  readonly dataDir: string;
  readonly baseUrl: string;
  readonly otlpHttpUrl: string;
  readonly otlpGrpcUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts a whole Omniscope in this process on free loopback ports, with DuckDB in a fresh
 * temporary directory (removed by stop()).
 */
export async function startTestOmniscope(env: Record<string, string> = {}, configYaml?: string): Promise<TestOmniscope> {
  const dataDir = mkdtempSync(join(tmpdir(), 'omniscope-e2e-'));
  let configFile: string | undefined;
  if (configYaml !== undefined) {
    configFile = join(dataDir, 'omniscope.yml');
    writeFileSync(configFile, configYaml);
  }
  const [httpPort, otlpHttpPort, otlpGrpcPort] = [await freePort(), await freePort(), await freePort()];
  const config = loadConfig(configFile, { OMNISCOPE_LISTEN_ADDRESS: '127.0.0.1', ...env }, {
    dataDir,
    httpPort,
    otlpHttpPort,
    otlpGrpcPort,
    logLevel: 'warn',
  });
  const running = await startOmniscope(config, createLogger(config.log.level));
  return {
    running,
    dataDir,
    baseUrl: `http://127.0.0.1:${running.httpPort}`,
    otlpHttpUrl: `http://127.0.0.1:${running.otlpHttpPort}`,
    otlpGrpcUrl: `http://127.0.0.1:${running.otlpGrpcPort}`,
    stop: async () => {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** GET a JSON document, failing with the body when the status is not the expected one. */
export async function getJson<T = unknown>(url: string, headers: Record<string, string> = {}, expectStatus = 200): Promise<T> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  if (res.status !== expectStatus) throw new Error(`GET ${url}: status ${res.status}, expected ${expectStatus}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}
