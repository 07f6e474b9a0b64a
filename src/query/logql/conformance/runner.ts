/**
 * Runs Loki's `.logqltest` scripts against this engine over the memory store (the reference
 * backend). An eval whose query uses LogQL this version does not evaluate (an `unsupported`
 * error) is skipped, and counted as such.
 */
import { readFileSync } from 'node:fs';
import type { Labels } from '../../../model/index.js';
import { LogBatchBuilder, isOmniscopeError, labelsFromRecord } from '../../../model/index.js';
import type { Store } from '../../../store/contract.js';
import { createMemoryStore } from '../../../store/memory/index.js';
import type { MetricResult } from '../engine/index.js';
import { LogqlEngine } from '../engine/index.js';
import { parseLogql } from '../parser/index.js';
import type { ExpectedSeries, LoadedEntry, ScriptCommand } from './script-parser.js';
import { parseScript } from './script-parser.js';

/** The scripts' time base: offsets count from 2026-01-01T00:00:00Z. */
const BASE_NS = BigInt(Date.UTC(2026, 0, 1)) * 1_000_000n;
const TENANT = 'fake';
const DAY_MS = 86_400_000;

export interface EvalOutcome {
  readonly line: number;
  readonly query: string;
  readonly status: 'pass' | 'fail' | 'skip';
  readonly detail: string;
}

export interface ScriptResult {
  readonly pass: number;
  readonly fail: number;
  readonly skip: number;
  readonly outcomes: EvalOutcome[];
}

export async function runScriptFile(path: string): Promise<ScriptResult> {
  return runScript(parseScript(readFileSync(path, 'utf8')));
}

export async function runScript(commands: readonly ScriptCommand[]): Promise<ScriptResult> {
  const outcomes: EvalOutcome[] = [];
  let store = await openStore();
  try {
    for (const c of commands) {
      if (c.kind === 'clear') {
        await store.close();
        store = await openStore();
      } else if (c.kind === 'load') {
        await load(store, c.entries);
      } else {
        outcomes.push({ line: c.line, query: c.query, ...(await runEval(store, c)) });
      }
    }
  } finally {
    await store.close();
  }
  const count = (s: EvalOutcome['status']): number => outcomes.filter((o) => o.status === s).length;
  return { pass: count('pass'), fail: count('fail'), skip: count('skip'), outcomes };
}

function openStore(): Promise<Store> {
  const nowMs = Number(BASE_NS / 1_000_000n) + DAY_MS;
  return Promise.resolve(createMemoryStore({ retention: { metricsMs: 365 * DAY_MS, logsMs: 365 * DAY_MS, tracesMs: 365 * DAY_MS }, clock: () => nowMs }));
}

async function load(store: Store, entries: readonly LoadedEntry[]): Promise<void> {
  const b = new LogBatchBuilder(TENANT);
  for (const e of entries) {
    b.record(b.stream(labelsFromRecord(e.stream)), {
      timeUnixNano: BASE_NS + e.offsetNanos,
      line: e.line,
      metadata: Object.entries(e.metadata).map(([key, value]) => ({ key, value })),
    });
  }
  const r = await store.logs.appendLogs(b.build());
  if (r.accepted !== entries.length) throw new Error(`loaded ${r.accepted} of ${entries.length} entries: ${JSON.stringify(r.rejected)}`);
}

type EvalCommand = Extract<ScriptCommand, { kind: 'eval' }>;

async function runEval(store: Store, c: EvalCommand): Promise<{ status: EvalOutcome['status']; detail: string }> {
  const engine = new LogqlEngine({ reader: store.logs, maxSeries: 10_000 });
  let result: MetricResult;
  try {
    const parsed = parseLogql(c.query);
    if (parsed.kind === 'log') return { status: 'skip', detail: 'a log query' };
    result = c.instant
      ? await engine.instantQuery({ tenant: TENANT, expr: parsed.expr, timeUnixNano: BASE_NS + c.startNanos })
      : await engine.rangeQuery({ tenant: TENANT, expr: parsed.expr, startUnixNano: BASE_NS + c.startNanos, endUnixNano: BASE_NS + c.endNanos, stepNanos: c.stepNanos });
  } catch (e) {
    const message = (e as Error).message;
    if (isOmniscopeError(e) && e.kind === 'unsupported') return { status: 'skip', detail: message.slice(0, 120) };
    if (c.expect.kind === 'fail') return { status: 'pass', detail: message };
    return { status: 'fail', detail: `error: ${message}` };
  }
  if (c.expect.kind === 'fail') return { status: 'fail', detail: `expected an error (${c.expect.message ?? c.expect.regex ?? 'any'}), got ${describe(result)}` };
  const got = toSeries(result, c);
  if (c.expect.kind === 'scalar') {
    const ok = result.type === 'scalar' && sameValue(result.value, c.expect.value);
    return ok ? { status: 'pass', detail: '' } : { status: 'fail', detail: `expected scalar ${c.expect.value}, got ${describe(result)}` };
  }
  const expected = c.expect.kind === 'empty' ? [] : c.expect.series;
  const problem = compareSeries(expected, got, c.expect.kind === 'series' && c.expect.ordered);
  return problem === null ? { status: 'pass', detail: '' } : { status: 'fail', detail: problem };
}

/** The result as expected series: one value per step, null where there is no point. */
function toSeries(result: MetricResult, c: EvalCommand): ExpectedSeries[] {
  const record = (labels: Labels): Record<string, string> => Object.fromEntries(labels.map((l) => [l.name, l.value]));
  if (result.type === 'vector') return result.samples.map((s) => ({ labels: record(s.labels), values: [s.value] }));
  if (result.type === 'scalar') return [{ labels: {}, values: [result.value] }];
  const steps = Number((c.endNanos - c.startNanos) / c.stepNanos) + 1;
  const startMs = Number((BASE_NS + c.startNanos) / 1_000_000n);
  const stepMs = Number(c.stepNanos / 1_000_000n);
  return result.series.map((s) => {
    const values: (number | null)[] = Array.from({ length: steps }, () => null);
    s.timesMs.forEach((t, i) => (values[Math.round((t - startMs) / stepMs)] = s.values[i] as number));
    return { labels: record(s.labels), values };
  });
}

const key = (labels: Readonly<Record<string, string>>): string =>
  `{${Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(', ')}}`;

function compareSeries(expected: readonly ExpectedSeries[], got: readonly ExpectedSeries[], ordered: boolean): string | null {
  const show = (s: readonly ExpectedSeries[]): string => s.map((x) => `${key(x.labels)} ${x.values.map((v) => (v === null ? '_' : String(v))).join(' ')}`).join('; ');
  if (expected.length !== got.length) return `expected ${expected.length} series [${show(expected)}], got ${got.length} [${show(got)}]`;
  const byKey = new Map(got.map((g, i) => [key(g.labels), i]));
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as ExpectedSeries;
    const at = ordered ? i : byKey.get(key(e.labels));
    const g = at === undefined ? undefined : got[at];
    if (g === undefined || key(g.labels) !== key(e.labels)) return `missing ${key(e.labels)}: expected [${show(expected)}], got [${show(got)}]`;
    if (g.values.length !== e.values.length || g.values.some((v, j) => !sameValue(v, e.values[j] ?? null))) {
      return `values of ${key(e.labels)}: expected [${show([e])}], got [${show([g])}]`;
    }
  }
  return null;
}

function sameValue(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  const diff = Math.abs(a - b);
  return diff <= 1e-9 || diff <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

function describe(r: MetricResult): string {
  if (r.type === 'scalar') return `scalar ${r.value}`;
  if (r.type === 'vector') return `vector of ${r.samples.length}`;
  return `matrix of ${r.series.length}`;
}
