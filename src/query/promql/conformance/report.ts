import type { ScriptRunResult } from './runner.js';

/** Counts skip reasons, most frequent first, as `reason (n)`. */
export function topSkipReasons(result: ScriptRunResult, limit = 3): string[] {
  const counts = new Map<string, number>();
  for (const o of result.outcomes) {
    if (o.status === 'skip' && o.reason !== undefined) counts.set(o.reason, (counts.get(o.reason) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([reason, n]) => `${reason} (${n})`);
}

/** One line of counts for a file, for test diagnostics. */
export function renderCounts(result: ScriptRunResult): string {
  return `${result.file}: ${result.pass} pass, ${result.fail} fail, ${result.skip} skip`;
}

/** The first `limit` failures with their diffs. */
export function renderFailures(result: ScriptRunResult, limit = 20): string {
  const failures = result.outcomes.filter((o) => o.status === 'fail');
  const shown = failures.slice(0, limit).map((o) => o.message ?? `line ${o.line}: ${o.header}`);
  if (failures.length > limit) shown.push(`... and ${failures.length - limit} more failures`);
  return shown.join('\n\n');
}

/**
 * A Markdown table of per-file counts with the top skip reasons, plus a total row: the
 * summary that goes into release notes.
 */
export function renderReportTable(results: readonly ScriptRunResult[]): string {
  const rows = ['| file | pass | fail | skip | top skip reasons |', '| --- | ---: | ---: | ---: | --- |'];
  let pass = 0;
  let fail = 0;
  let skip = 0;
  for (const r of results) {
    pass += r.pass;
    fail += r.fail;
    skip += r.skip;
    rows.push(`| ${r.file} | ${r.pass} | ${r.fail} | ${r.skip} | ${topSkipReasons(r).join('; ')} |`);
  }
  rows.push(`| **total** | ${pass} | ${fail} | ${skip} | |`);
  return rows.join('\n');
}
