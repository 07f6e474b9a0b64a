import { parseDurationMs } from '../duration.js';
import { PrometheusConfigError } from './errors.js';
import type { UnsupportedKey } from './types.js';
import type { YamlMap, YamlValue } from './yaml-tree.js';

// Typed readers for one YAML value at a known path. They follow Go's yaml.v2 as Prometheus uses
// it: an absent key is `undefined` (the caller applies the default) while an explicit null is
// the Go zero value ("", false, 0, empty list), and a string field takes any scalar as written.

export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

function kindName(node: YamlValue): string {
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  return `${JSON.stringify(node.text)}`;
}

export function fail(path: string, problem: string): never {
  throw new PrometheusConfigError(path, problem);
}

/** A mapping section; null (an empty `global:`) reads as undefined, like an absent one. */
export function readMap(node: YamlValue | undefined, path: string): YamlMap | undefined {
  if (node === undefined || (node.kind === 'scalar' && node.value === null)) return undefined;
  if (node.kind !== 'map') fail(path, `expected a mapping, got ${kindName(node)}`);
  return node;
}

/** A list; absent and null are empty. */
export function readList(node: YamlValue | undefined, path: string): readonly YamlValue[] {
  if (node === undefined || (node.kind === 'scalar' && node.value === null)) return [];
  if (node.kind !== 'seq') fail(path, `expected a list, got ${kindName(node)}`);
  return node.items;
}

export function readString(node: YamlValue | undefined, path: string): string | undefined {
  if (node === undefined) return undefined;
  if (node.kind !== 'scalar') fail(path, `expected a string, got ${kindName(node)}`);
  return node.text;
}

export function readBool(node: YamlValue | undefined, path: string): boolean | undefined {
  if (node === undefined) return undefined;
  if (node.kind === 'scalar' && node.value === null) return false;
  if (node.kind !== 'scalar' || typeof node.value !== 'boolean') fail(path, `expected true or false, got ${kindName(node)}`);
  return node.value;
}

/** A Go `uint`: yaml.v2 also takes a non-negative float and truncates it. */
export function readUint(node: YamlValue | undefined, path: string): number | undefined {
  if (node === undefined) return undefined;
  if (node.kind === 'scalar' && node.value === null) return 0;
  if (node.kind !== 'scalar' || typeof node.value !== 'number' || !(node.value >= 0) || !Number.isFinite(node.value)) {
    fail(path, `expected a non-negative integer, got ${kindName(node)}`);
  }
  return Math.trunc(node.value);
}

/** A Prometheus duration in milliseconds; 0 (also null) means "use the default" to callers. */
export function readDurationMs(node: YamlValue | undefined, path: string): number | undefined {
  if (node === undefined) return undefined;
  if (node.kind === 'scalar' && node.value === null) return 0;
  const text = readString(node, path) as string;
  try {
    return parseDurationMs(text);
  } catch (e) {
    return fail(path, (e as Error).message);
  }
}

export function readStringList(node: YamlValue | undefined, path: string): string[] {
  if (node !== undefined && node.kind !== 'seq' && !(node.kind === 'scalar' && node.value === null)) {
    fail(path, `expected a list of strings, got ${kindName(node)}`);
  }
  return readList(node, path).map((item, i) => readString(item, childPath(path, i)) as string);
}

/** A mapping of string to string, in document order. */
export function readStringMap(node: YamlValue | undefined, path: string): [string, string][] {
  const map = readMap(node, path);
  if (map === undefined) return [];
  const out: [string, string][] = [];
  for (const [key, value] of map.entries) out.push([key, readString(value, childPath(path, key)) as string]);
  return out;
}

/** Which keys a section accepts: supported ones, and Prometheus keys Omniscope does not act on. */
export interface KeyRules {
  /** What the section is, for messages: "scrape config", "relabel config". */
  readonly what: string;
  readonly supported: ReadonlySet<string>;
  /** Recognised Prometheus keys that Omniscope ignores, with the reason shown to the user. */
  readonly unsupported: ReadonlyMap<string, string>;
}

/**
 * Lists recognised-but-unsupported keys in `out` and rejects keys Prometheus does not know
 * either (a typo would otherwise silently fall back to a default, as Prometheus's strict
 * decoding also refuses).
 */
export function checkKeys(map: YamlMap, path: string, rules: KeyRules, out: UnsupportedKey[]): void {
  for (const key of map.entries.keys()) {
    if (rules.supported.has(key)) continue;
    const reason = rules.unsupported.get(key);
    if (reason !== undefined) {
      out.push({ path: childPath(path, key), reason });
      continue;
    }
    const near = closestKey(key, [...rules.supported, ...rules.unsupported.keys()]);
    fail(childPath(path, key), `unknown key in ${rules.what}${near === undefined ? '' : `; did you mean "${near}"?`}`);
  }
}

/** The known key within a small edit distance of a typo, if any. */
function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 4)) + 1;
  for (const candidate of known) {
    const d = editDistance(key, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitute = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(substitute, (previous[j] as number) + 1, (current[j - 1] as number) + 1));
    }
    previous = current;
  }
  return previous[b.length] as number;
}
