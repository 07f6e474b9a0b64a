/**
 * Runs the upstream PromQL test scripts (../shared/conformance/promql, see FORMAT.md and
 * SOURCES.md there) against our engine: one describe per file, Prometheus 3 semantics for the
 * top-level scripts and 2.42 for `v2.42.0/`. Each file must have zero failures; skips are
 * decided by features (skip-rules.ts) and counted in the diagnostics and the final table.
 */
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { describe, it } from 'node:test';
import type { ScriptRunResult } from './index.js';
import { addAtModifier } from './at-rewrite.js';
import { createEngineQueryable, listConformanceFiles, renderCounts, renderFailures, renderReportTable, runScriptFile } from './index.js';


const results: ScriptRunResult[] = [];

/** One diagnostic per line: reporters escape newlines inside a single diagnostic. */
function diagnose(t: TestContext, text: string): void {
  for (const line of text.split('\n')) t.diagnostic(line);
}

for (const file of listConformanceFiles()) {
  describe(file.name, () => {
    it('has no failing evals', async (t) => {
      const result = await runScriptFile(file.path, createEngineQueryable, { mode: file.mode, addAtModifier });
      results.push({ ...result, file: file.name });
      diagnose(t, renderCounts({ ...result, file: file.name }));
      if (result.fail > 0) diagnose(t, renderFailures(result, 20));
      assert.equal(result.fail, 0, `${result.fail} failing evals in ${file.name}`);
    });
  });
}

describe('summary', () => {
  it('prints the per-file table', (t) => {
    diagnose(t, renderReportTable(results));
  });
});
