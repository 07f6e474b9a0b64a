import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import { PrometheusConfigError } from './errors.js';

/**
 * A YAML document reduced to what the config readers need, with aliases and merge keys (`<<`)
 * already resolved. Prometheus reads its files with Go's yaml.v2, which follows YAML 1.1: plain
 * `yes`/`on` are booleans and `0777` is octal. But a string field takes the scalar exactly as
 * written (`version: 1.10` is "1.10", not 1.1), so each scalar keeps both readings.
 */
export type YamlValue = YamlMap | YamlSeq | YamlScalar;

export interface YamlMap {
  readonly kind: 'map';
  /** Keys as written, in document order; explicit keys win over merged ones. */
  readonly entries: ReadonlyMap<string, YamlValue>;
  readonly line: number;
}

export interface YamlSeq {
  readonly kind: 'seq';
  readonly items: readonly YamlValue[];
  readonly line: number;
}

export interface YamlScalar {
  readonly kind: 'scalar';
  /** The YAML 1.1 reading: null, boolean, number or string (used by bool and integer fields). */
  readonly value: unknown;
  /** The text as yaml.v2 puts it in a string field: the source of a plain scalar, "" for null. */
  readonly text: string;
  readonly line: number;
}

/** Aliases may fan out; this caps the expanded size so a small file cannot blow up memory. */
const MAX_NODES = 1_000_000;

/**
 * Parses one YAML document. An empty document is null. Syntax errors, duplicate keys and
 * non-scalar keys are PrometheusConfigErrors naming the line.
 */
export function parseYamlTree(text: string): YamlValue | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { version: '1.1', merge: true, lineCounter, prettyErrors: false });
  const first = doc.errors[0];
  if (first !== undefined) {
    const line = lineCounter.linePos(first.pos[0]).line;
    throw new PrometheusConfigError('', `invalid YAML at line ${line}: ${first.message.split('\n')[0] ?? ''}`);
  }
  if (doc.contents === null) return null;
  const converter = new Converter(doc, lineCounter);
  const root = converter.convert(doc.contents as YamlNode);
  return root.kind === 'scalar' && root.value === null ? null : root;
}

class Converter {
  private nodes = 0;

  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  convert(node: YamlNode | null, depth = 0): YamlValue {
    if (++this.nodes > MAX_NODES || depth > 1000) this.fail(node, 'the document is too large once aliases are expanded');
    if (node === null) return { kind: 'scalar', value: null, text: '', line: 0 };
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (target === undefined) this.fail(node, `unknown alias *${node.source}`);
      return this.convert(target as YamlNode, depth + 1);
    }
    const line = this.lineOf(node);
    if (isScalar(node)) {
      const value = node.value instanceof Date ? node.source : node.value;
      const text = value === null ? '' : typeof value === 'string' ? value : (node.source ?? String(value));
      return { kind: 'scalar', value, text, line };
    }
    if (isSeq(node)) return { kind: 'seq', items: node.items.map((item) => this.convert(item as YamlNode | null, depth + 1)), line };
    if (isMap(node)) {
      const entries = new Map<string, YamlValue>();
      const merges: YamlNode[] = [];
      for (const pair of node.items) {
        const key = pair.key as YamlNode | null;
        if (!isScalar(key)) this.fail(key, 'mapping keys must be plain strings');
        if (typeof key.value === 'symbol' || (key.source === '<<' && key.type === 'PLAIN')) {
          merges.push(pair.value as YamlNode);
          continue;
        }
        const name = key.value === null ? '' : typeof key.value === 'string' ? key.value : (key.source ?? String(key.value));
        entries.set(name, this.convert(pair.value as YamlNode | null, depth + 1));
      }
      for (const merge of merges) this.merge(entries, merge, depth + 1);
      return { kind: 'map', entries, line };
    }
    return this.fail(node, 'unsupported YAML node');
  }

  /** YAML merge keys: fill in keys not set explicitly; in a list of maps the first one wins. */
  private merge(into: Map<string, YamlValue>, source: YamlNode, depth: number): void {
    const value = this.convert(source, depth);
    const maps = value.kind === 'seq' ? value.items : [value];
    for (const m of maps) {
      if (m.kind !== 'map') this.fail(source, 'a merge key (<<) needs a mapping or a list of mappings');
      for (const [k, v] of m.entries) if (!into.has(k)) into.set(k, v);
    }
  }

  private lineOf(node: YamlNode | null): number {
    const start = node?.range?.[0];
    return start === undefined ? 0 : this.lines.linePos(start).line;
  }

  private fail(node: YamlNode | null, problem: string): never {
    throw new PrometheusConfigError('', `invalid YAML at line ${this.lineOf(node)}: ${problem}`);
  }
}
