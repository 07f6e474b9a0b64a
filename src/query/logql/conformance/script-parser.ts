/**
 * Reads Loki's `.logqltest` scripts (format: ../shared/conformance/logql/README.md): `clear`,
 * `load` blocks of log entries, and `eval` commands with their expectations. Times are
 * nanoseconds after the script's time base.
 */
import { parsePrometheusDurationMs } from '../../../model/index.js';

export interface LoadedEntry {
  readonly stream: Readonly<Record<string, string>>;
  readonly offsetNanos: bigint;
  readonly line: string;
  readonly metadata: Readonly<Record<string, string>>;
}

/** One expected series: labels and, per step, a value or null for "no point". */
export interface ExpectedSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly values: (number | null)[];
}

export type Expectation =
  | { readonly kind: 'series'; readonly series: ExpectedSeries[]; readonly ordered: boolean }
  | { readonly kind: 'scalar'; readonly value: number }
  | { readonly kind: 'empty' }
  | { readonly kind: 'fail'; readonly message?: string; readonly regex?: string };

export type ScriptCommand =
  | { readonly kind: 'clear' }
  | { readonly kind: 'load'; readonly entries: LoadedEntry[] }
  | {
      readonly kind: 'eval';
      readonly line: number;
      readonly query: string;
      readonly instant: boolean;
      readonly startNanos: bigint;
      readonly endNanos: bigint;
      readonly stepNanos: bigint;
      readonly expect: Expectation;
    };

const NS_PER_MS = 1_000_000n;

export function parseScript(text: string): ScriptCommand[] {
  const lines = text.split('\n');
  const out: ScriptCommand[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = stripComment(lines[i] as string).trim();
    if (line === '') continue;
    if (line === 'clear') {
      out.push({ kind: 'clear' });
    } else if (line === 'load') {
      const entries: LoadedEntry[] = [];
      for (const b of blockAfter(lines, i)) entries.push(...parseLoadLine(b));
      i += blockLength(lines, i);
      out.push({ kind: 'load', entries });
    } else if (line.startsWith('eval ')) {
      out.push(parseEval(line, blockAfter(lines, i), i + 1));
      i += blockLength(lines, i);
    } else {
      throw new Error(`line ${i + 1}: unknown command ${JSON.stringify(line)}`);
    }
  }
  return out;
}

/** Lines of the indented block after line `at` (a blank line ends it), comments and comment-only lines dropped. */
function blockAfter(lines: readonly string[], at: number): string[] {
  const out: string[] = [];
  for (let i = at + 1; i <= at + blockLength(lines, at); i++) {
    const text = stripComment(lines[i] as string).trim();
    if (text !== '') out.push(text);
  }
  return out;
}

function blockLength(lines: readonly string[], at: number): number {
  let n = 0;
  while (at + n + 1 < lines.length && /^\s+\S/.test(lines[at + n + 1] as string)) n++;
  return n;
}

/** Drops a `#` comment that is not inside "..." or `...`. */
function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote !== null) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === '`') {
      quote = c;
    } else if (c === '#') {
      return line.slice(0, i);
    }
  }
  return line;
}

function durationNanos(text: string): bigint {
  const negative = text.startsWith('-');
  const ms = parsePrometheusDurationMs(negative ? text.slice(1) : text);
  if (ms === undefined) throw new Error(`bad duration ${JSON.stringify(text)}`);
  return (negative ? -1n : 1n) * BigInt(ms) * NS_PER_MS;
}

function parseLabels(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const inner = text.trim().replace(/^\{/, '').replace(/\}$/, '');
  for (const m of inner.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"/g)) out[m[1] as string] = JSON.parse(`"${m[2] as string}"`) as string;
  return out;
}

const LOAD = /^(\{[^}]*\})\s+("[^"]*"|`[^`]*`)\s+@\s+(\S+)(?:\s+\[repeat\s+every\s+(\S+)\s+for\s+(\d+)\])?(?:\s+\[metadata\s+([^\]]*)\])?$/;

function parseLoadLine(line: string): LoadedEntry[] {
  const m = LOAD.exec(line);
  if (m === null) throw new Error(`bad load line ${JSON.stringify(line)}`);
  const stream = parseLabels(m[1] as string);
  const template = (m[2] as string).slice(1, -1);
  const first = durationNanos(m[3] as string);
  const every = m[4] === undefined ? 0n : durationNanos(m[4]);
  const count = m[5] === undefined ? 1 : Number(m[5]);
  const metadata = m[6] === undefined ? {} : parseLabels(m[6]);
  return Array.from({ length: count }, (_, i) => ({
    stream,
    offsetNanos: first + BigInt(i) * every,
    line: template.replaceAll('{{.i}}', String(i)),
    metadata,
  }));
}

function parseEval(line: string, block: string[], firstLine: number): ScriptCommand {
  const instant = /^eval instant at (\S+) (.+)$/.exec(line);
  const range = /^eval range from (\S+) to (\S+) step (\S+) (.+)$/.exec(line);
  let expect: Expectation = { kind: 'empty' };
  const series: ExpectedSeries[] = [];
  let ordered = false;
  for (const b of block) {
    if (b === 'expect empty') expect = { kind: 'empty' };
    else if (b === 'expect ordered') ordered = true;
    else if (b === 'expect fail') expect = { kind: 'fail' };
    else if (b.startsWith('expect fail msg:')) expect = { kind: 'fail', message: b.slice('expect fail msg:'.length).trim() };
    else if (b.startsWith('expect fail regex:')) expect = { kind: 'fail', regex: b.slice('expect fail regex:'.length).trim() };
    else if (b.startsWith('skip ')) continue;
    else if (b.startsWith('{')) {
      const close = b.indexOf('}');
      series.push({ labels: parseLabels(b.slice(0, close + 1)), values: b.slice(close + 1).trim().split(/\s+/).flatMap(expandValues) });
    } else {
      expect = { kind: 'scalar', value: parseValue(b) as number };
    }
  }
  if (series.length > 0) expect = { kind: 'series', series, ordered };
  if (instant !== null) {
    const t = durationNanos(instant[1] as string);
    return { kind: 'eval', line: firstLine, query: instant[2] as string, instant: true, startNanos: t, endNanos: t, stepNanos: 0n, expect };
  }
  if (range === null) throw new Error(`bad eval line ${JSON.stringify(line)}`);
  return {
    kind: 'eval',
    line: firstLine,
    query: range[4] as string,
    instant: false,
    startNanos: durationNanos(range[1] as string),
    endNanos: durationNanos(range[2] as string),
    stepNanos: durationNanos(range[3] as string),
    expect,
  };
}

function parseValue(text: string): number | null {
  if (text === '_') return null;
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  const v = Number(text);
  if (Number.isNaN(v)) throw new Error(`bad value ${JSON.stringify(text)}`);
  return v;
}

/** PromQL's expanding notation: `1+2x3` is 1 3 5 7, `5x2` is 5 5 5, `_x3` is three gaps. */
function expandValues(token: string): (number | null)[] {
  const m = /^(_|[+-]?[^x+-][^x]*?)(?:([+-][^x]+))?x(\d+)$/.exec(token);
  if (m === null) return [parseValue(token)];
  const n = Number(m[3]);
  if (m[1] === '_') return Array.from({ length: n }, () => null);
  const start = parseValue(m[1] as string) as number;
  const step = m[2] === undefined ? 0 : Number(m[2]);
  return Array.from({ length: n + 1 }, (_, i) => start + i * step);
}
