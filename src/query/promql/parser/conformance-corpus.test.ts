import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { formatExpr, parseExpr } from './index.js';
import { normalizeForRoundTrip } from './round-trip.test-helper.js';

const ROOT = fileURLToPath(new URL('../../../../../shared/conformance/promql', import.meta.url));
const DIRS = [ROOT, join(ROOT, 'v2.42.0')];
const EVAL = /^(eval(?:_fail|_ordered|_warn|_info)?)\s+(?:instant\s+at\s+\S+|range\s+from\s+\S+\s+to\s+\S+\s+step\s+\S+)\s+(.*)$/;
// Syntax this parser rejects on purpose: extended range selectors and native-histogram-only syntax
// (histogram literals, the trim operators </ and >/).
const UNSUPPORTED = /\b(anchored|smoothed)\b|\{\{|<\/|>\//;

interface Case {
  readonly where: string;
  readonly expr: string;
  readonly mayFail: boolean;
}

function collect(): Case[] {
  const cases: Case[] = [];
  for (const dir of DIRS) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.test')).sort()) {
      const lines = readFileSync(join(dir, file), 'utf8').split('\n');
      lines.forEach((raw, i) => {
        const m = EVAL.exec(raw.trim());
        if (m === null) return;
        const next = lines.slice(i + 1, i + 4).map((l) => l.trim());
        const expectFail = next.some((l) => l.startsWith('expect fail'));
        cases.push({ where: `${file}:${i + 1}`, expr: m[2] ?? '', mayFail: m[1] === 'eval_fail' || expectFail });
      });
    }
  }
  return cases;
}

describe('conformance corpus: every eval expression parses and round-trips', () => {
  const cases = collect();
  const failures: string[] = [];
  let parsed = 0;
  let expectedFailures = 0;
  let unsupported = 0;
  for (const c of cases) {
    try {
      const tree = parseExpr(c.expr);
      parsed++;
      const again = parseExpr(formatExpr(tree));
      assert.deepEqual(normalizeForRoundTrip(again), normalizeForRoundTrip(tree), `${c.where}: ${c.expr}`);
    } catch (e) {
      if (e instanceof assert.AssertionError) failures.push(`round trip ${c.where}: ${c.expr} -> ${String(e.message).split('\n')[0]}`);
      else if (c.mayFail) expectedFailures++;
      else if (UNSUPPORTED.test(c.expr)) unsupported++;
      else failures.push(`${c.where}: ${c.expr}: ${(e as Error).message}`);
    }
  }
  it(`${cases.length} expressions: ${parsed} parsed, ${expectedFailures} expected failures, ${unsupported} unsupported syntax`, () => {
    assert.deepEqual(failures, []);
  });
});
