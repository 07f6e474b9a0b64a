/**
 * Loki's `streams` result as rows newest first, each with its level and trace id found once.
 * Pure: no DOM.
 */

/** `[ns, line]`, or with `categorize-labels` `[ns, line, { structuredMetadata? }]`. */
export type LokiEntry = readonly [string, string] | readonly [string, string, { readonly structuredMetadata?: Readonly<Record<string, string>> }];

export interface LokiStream {
  readonly stream: Readonly<Record<string, string>>;
  readonly values: readonly LokiEntry[];
}

export type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'unknown';

/** Most severe first: the order of the histogram's stack and legend. */
export const LEVELS: readonly Level[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'unknown'];

export interface LogRow {
  /** Unique within one result: the nanosecond timestamp plus the row's position. */
  readonly key: string;
  readonly ns: string;
  readonly ms: number;
  readonly line: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly metadata: Readonly<Record<string, string>>;
  readonly level: Level;
  /** A 32-hex trace id from the metadata or the line, lower-cased; null when there is none. */
  readonly traceId: string | null;
}

const LEVEL_WORDS: Readonly<Record<string, Level>> = {
  fatal: 'fatal', critical: 'fatal', crit: 'fatal', panic: 'fatal', emerg: 'fatal', emergency: 'fatal', alert: 'fatal',
  error: 'error', err: 'error', eror: 'error',
  warn: 'warn', warning: 'warn', wrn: 'warn',
  info: 'info', inf: 'info', information: 'info', notice: 'info',
  debug: 'debug', dbg: 'debug', debu: 'debug',
  trace: 'trace', trc: 'trace',
};

/** A level word ("ERROR", "warning", "Info3") to its level; null when it is not one. */
export function normalizeLevel(word: string): Level | null {
  const w = word.trim().toLowerCase().replace(/\d+$/, '');
  return LEVEL_WORDS[w] ?? null;
}

const LEVEL_KEYS = ['level', 'detected_level', 'severity', 'severity_text', 'lvl', 'loglevel'];
// `level=warn`, `"level":"warn"`, `severity: ERROR`
const KEYED_LEVEL = /\b(?:level|lvl|severity|loglevel)["']?\s*[=:]\s*["']?([A-Za-z]+)/i;
// A bare level word near the start: `[ERROR] ...`, `2024-05-01 10:00:00 WARN ...`
const BARE_LEVEL = /(?:^|[\s[(|])(FATAL|CRITICAL|CRIT|PANIC|ERROR|ERR|WARN|WARNING|INFO|NOTICE|DEBUG|TRACE)(?=[\s\]):|]|$)/i;

/**
 * The level of a line: a `level`-like stream label, then structured metadata, then a
 * `level=x` / `"level":"x"` in the line, then a bare level word in its first 120 characters.
 */
export function detectLevel(labels: Readonly<Record<string, string>>, metadata: Readonly<Record<string, string>>, line: string): Level {
  for (const source of [labels, metadata]) {
    for (const key of LEVEL_KEYS) {
      const v = source[key];
      if (v !== undefined) {
        const level = normalizeLevel(v);
        if (level !== null) return level;
      }
    }
  }
  const keyed = KEYED_LEVEL.exec(line);
  if (keyed !== null) {
    const level = normalizeLevel(keyed[1] as string);
    if (level !== null) return level;
  }
  const bare = BARE_LEVEL.exec(line.slice(0, 120));
  if (bare !== null) return normalizeLevel(bare[1] as string) ?? 'unknown';
  return 'unknown';
}

const TRACE_KEYS = ['trace_id', 'traceid', 'traceID', 'trace', 'traceId'];
const HEX32 = /^[0-9a-fA-F]{32}$/;
/** 32 hex digits standing alone (not part of a longer hex run). */
export const TRACE_ID_IN_TEXT = /(?<![0-9a-fA-F])[0-9a-fA-F]{32}(?![0-9a-fA-F])/g;
const ZERO_ID = '0'.repeat(32);

/** The trace id of a line: a `trace_id`-like metadata or label value, else the first 32-hex token of the line. */
export function detectTraceId(labels: Readonly<Record<string, string>>, metadata: Readonly<Record<string, string>>, line: string): string | null {
  for (const source of [metadata, labels]) {
    for (const key of TRACE_KEYS) {
      const v = source[key];
      if (v !== undefined && HEX32.test(v) && v !== ZERO_ID) return v.toLowerCase();
    }
  }
  for (const m of line.matchAll(TRACE_ID_IN_TEXT)) {
    if (m[0] !== ZERO_ID) return m[0].toLowerCase();
  }
  return null;
}

/** A line cut into text and trace-id pieces, so the view can make the ids links. */
export type LinePart = { readonly text: string } | { readonly traceId: string; readonly text: string };

export function splitTraceIds(line: string): LinePart[] {
  const parts: LinePart[] = [];
  let at = 0;
  for (const m of line.matchAll(TRACE_ID_IN_TEXT)) {
    const i = m.index;
    if (m[0] === ZERO_ID) continue;
    if (i > at) parts.push({ text: line.slice(at, i) });
    parts.push({ traceId: m[0].toLowerCase(), text: m[0] });
    at = i + m[0].length;
  }
  if (at < line.length || parts.length === 0) parts.push({ text: line.slice(at) });
  return parts;
}

/** Nanosecond strings compared as numbers without BigInt: longer is later, then lexically. */
function compareNs(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

const EMPTY: Readonly<Record<string, string>> = Object.freeze({});

/** Every entry of every stream, newest first (ties keep the server's order). */
export function toRows(streams: readonly LokiStream[]): LogRow[] {
  const rows: LogRow[] = [];
  for (const s of streams) {
    for (const entry of s.values) {
      const [ns, line] = entry;
      const metadata = (entry.length > 2 ? entry[2]?.structuredMetadata : undefined) ?? EMPTY;
      rows.push({
        key: '',
        ns,
        ms: Number(ns.length > 6 ? ns.slice(0, -6) : '0'),
        line,
        labels: s.stream,
        metadata,
        level: detectLevel(s.stream, metadata, line),
        traceId: detectTraceId(s.stream, metadata, line),
      });
    }
  }
  rows.sort((a, b) => compareNs(b.ns, a.ns));
  return rows.map((r, i) => ({ ...r, key: `${r.ns}:${i}` }));
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** "2024-05-01 10:00:00.123" in local time. */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
