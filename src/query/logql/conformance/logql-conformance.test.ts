/**
 * Runs Loki's LogQL test scripts (../shared/conformance/logql/logqltest, see README.md and
 * SOURCES.md there) against this engine over the memory store. Evals using LogQL this version
 * does not evaluate (parsers, unwrap, ip(), ...) are skipped by the runner and counted; every
 * other eval must pass, except the listed known differences, which must still fail.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { KNOWN_DIFFERENCES } from './known-differences.js';
import { runScriptFile } from './runner.js';

/** ../shared/conformance/logql/logqltest next to the repository (this folder is 4 levels below its root). */
const ROOT = fileURLToPath(new URL('../../../../../shared/conformance/logql/logqltest', import.meta.url));
const files = existsSync(ROOT) ? readdirSync(ROOT).filter((f) => f.endsWith('.logqltest')).sort() : [];

describe('LogQL conformance (Loki logqltest scripts)', { skip: files.length === 0 ? `no scripts at ${ROOT}` : false }, () => {
  for (const file of files) {
    it(file, async (t) => {
      const result = await runScriptFile(join(ROOT, file));
      t.diagnostic(`pass ${result.pass}, fail ${result.fail}, skipped (unsupported LogQL) ${result.skip}`);
      const unexpected = result.outcomes.filter((o) => o.status === 'fail' && !KNOWN_DIFFERENCES.has(`${file}:${o.line}`));
      assert.deepEqual(unexpected.map((o) => `line ${o.line}: ${o.query}: ${o.detail}`), []);
      const stillDifferent = new Set(result.outcomes.filter((o) => o.status === 'fail').map((o) => `${file}:${o.line}`));
      const gone = [...KNOWN_DIFFERENCES.keys()].filter((k) => k.startsWith(`${file}:`) && !stillDifferent.has(k));
      assert.deepEqual(gone, [], 'known differences that now pass: delete them from known-differences.ts');
    });
  }
});
