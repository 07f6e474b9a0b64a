import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PromqlMode } from './queryable.js';

/** Where the upstream scripts live (copied with their license notes, see SOURCES.md there). */
/** ../shared/conformance/promql next to the repository (src/query/promql/conformance -> repo root is 4 levels up). */
export const CONFORMANCE_ROOT = fileURLToPath(new URL('../../../../../shared/conformance/promql', import.meta.url));

export interface ConformanceFile {
  /** `aggregators.test` or `v2.42.0/aggregators.test`. */
  readonly name: string;
  readonly path: string;
  readonly mode: PromqlMode;
}

/**
 * The scripts in `root` (Prometheus 3 semantics) and in `root/v2.42.0` (Prometheus 2.42), in
 * name order.
 */
export function listConformanceFiles(root: string = CONFORMANCE_ROOT): ConformanceFile[] {
  const list = (dir: string, prefix: string, mode: PromqlMode): ConformanceFile[] =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.test'))
      .sort()
      .map((f) => ({ name: prefix + f, path: join(dir, f), mode }));
  return [...list(root, '', 'prometheus3'), ...list(join(root, 'v2.42.0'), 'v2.42.0/', 'prometheus2')];
}
