/**
 * Prints a Markdown table of the PromQL conformance run: pass/fail/skip per upstream script
 * and the top skip reasons (for release notes).
 * Usage: `node --import tsx scripts/promql-conformance-report.ts`.
 */
import type { ScriptRunResult } from '../src/query/promql/conformance/index.js';
import { addAtModifier, createEngineQueryable, listConformanceFiles, renderReportTable, runScriptFile } from '../src/query/promql/conformance/index.js';

async function main(): Promise<void> {
  const results: ScriptRunResult[] = [];
  for (const file of listConformanceFiles()) {
    const result = await runScriptFile(file.path, createEngineQueryable, { mode: file.mode, addAtModifier });
    results.push({ ...result, file: file.name });
  }
  console.log(renderReportTable(results));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
