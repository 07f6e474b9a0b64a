import type { Label, LabelMatcher, Labels } from '../../model/index.js';
import { MetricBatchBuilder } from '../../model/index.js';
import type { RetentionOptions, SampleBatch, Store } from '../contract.js';

/**
 * Shared fixtures of the contract suite. Time is fixed: the suite's clock says NOW_MS
 * (2026-11-24 12:00 UTC, an hour boundary) unless a test moves it.
 */
export const NOW_MS = Date.UTC(2026, 10, 24, 12, 0, 0);
export const NOW_NS = BigInt(NOW_MS) * 1_000_000n;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const NS_PER_MS = 1_000_000n;

/** Retention used by the shared store: long enough for data a few days back. */
export const RETENTION: RetentionOptions = { metricsMs: 30 * DAY_MS, logsMs: 30 * DAY_MS, tracesMs: 30 * DAY_MS };

/** What a backend's factory returns: a store, optionally a way to reopen the same data. */
export interface OpenedStore {
  readonly store: Store;
  /** Opens the same data again; the suite has closed `store` before calling it. */
  readonly reopen?: () => Promise<Store>;
  /** Releases everything (temp files); called once, after the store was closed. */
  readonly cleanup: () => Promise<void>;
}

export interface StoreFactoryOptions {
  readonly retention: RetentionOptions;
  readonly clock: () => number;
  /** The backend's `metricsOutOfOrderWindowMs` option; absent: the default (no limit). */
  readonly metricsOutOfOrderWindowMs?: number;
}

export type StoreFactory = (opts: StoreFactoryOptions) => Promise<OpenedStore>;

/** A signal that never fires. */
export const live = (): AbortSignal => new AbortController().signal;

let tenantCounter = 0;
/** A tenant id no other test uses, so tests sharing one store never see each other's data. */
export function freshTenant(prefix: string): string {
  tenantCounter++;
  return `${prefix}-${tenantCounter}`;
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Label set from a record, sorted by name (test inputs only use ASCII names). */
export function ls(record: Record<string, string>): Labels {
  return Object.keys(record)
    .sort()
    .map((name) => ({ name, value: record[name] as string }));
}

/** `{a="1", b="2"}`: readable identity of a label set in assertions. */
export function fmt(labels: Labels): string {
  return `{${labels.map((l: Label) => `${l.name}=${JSON.stringify(l.value)}`).join(', ')}}`;
}

export const eq = (name: string, value: string): LabelMatcher => ({ name, type: '=', value });
export const neq = (name: string, value: string): LabelMatcher => ({ name, type: '!=', value });
export const re = (name: string, value: string): LabelMatcher => ({ name, type: '=~', value });
export const nre = (name: string, value: string): LabelMatcher => ({ name, type: '!~', value });

/** Appends samples given as [labels, timestampMs, value] in order, as one batch. */
export async function appendSamples(
  store: Store,
  tenant: string,
  samples: readonly (readonly [Labels, number, number])[],
): Promise<{ accepted: number; rejected: Partial<Record<string, number>> }> {
  const b = new MetricBatchBuilder(tenant);
  for (const [labels, ts, v] of samples) b.sample(b.series(labels), ts, v);
  return store.metrics.appendMetrics(b.build());
}

export interface SeriesPoints {
  readonly labels: string;
  readonly points: [number, number][];
}

/** Reads samples and checks the SampleBatch invariants on the way. */
export async function readSamples(
  store: Store,
  tenant: string,
  matchers: readonly LabelMatcher[],
  startMs: number,
  endMs: number,
): Promise<SeriesPoints[]> {
  const out: SeriesPoints[] = [];
  const seen = new Set<string>();
  for await (const batch of store.metrics.selectSamples({ tenant, matchers, startMs, endMs }, undefined, live())) {
    checkSampleBatch(batch);
    for (let s = 0; s < batch.series.length; s++) {
      const key = fmt(batch.series[s] as Labels);
      if (seen.has(key)) throw new Error(`series ${key} split across batches`);
      seen.add(key);
      const points: [number, number][] = [];
      for (let i = batch.offsets[s] as number; i < (batch.offsets[s + 1] as number); i++) {
        points.push([batch.timestampsMs[i] as number, batch.values[i] as number]);
      }
      out.push({ labels: key, points });
    }
  }
  return out.sort((a, b) => (a.labels < b.labels ? -1 : a.labels > b.labels ? 1 : 0));
}

function checkSampleBatch(b: SampleBatch): void {
  if (b.offsets.length !== b.series.length + 1) throw new Error('offsets must have series.length + 1 entries');
  if (b.offsets[0] !== 0 || b.offsets[b.series.length] !== b.timestampsMs.length) throw new Error('offsets must span the samples');
  if (b.values.length !== b.timestampsMs.length) throw new Error('values and timestamps differ in length');
  for (let s = 0; s < b.series.length; s++) {
    if (s > 0 && compareLabelSets(b.series[s - 1] as Labels, b.series[s] as Labels) >= 0) {
      throw new Error(`series not sorted by label set: ${fmt(b.series[s - 1] as Labels)} before ${fmt(b.series[s] as Labels)}`);
    }
    for (let i = (b.offsets[s] as number) + 1; i < (b.offsets[s + 1] as number); i++) {
      if ((b.timestampsMs[i] as number) <= (b.timestampsMs[i - 1] as number)) throw new Error('timestamps not strictly increasing');
    }
  }
}

/** Prometheus' label set order (names and values by code point). */
export function compareLabelSets(a: Labels, b: Labels): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as Label;
    const y = b[i] as Label;
    if (x.name !== y.name) return x.name < y.name ? -1 : 1;
    if (x.value !== y.value) return x.value < y.value ? -1 : 1;
  }
  return a.length - b.length;
}

/** Series label sets returned by selectSeries, formatted and sorted. */
export async function readSeries(store: Store, tenant: string, matchers: readonly LabelMatcher[], startMs: number, endMs: number): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of store.metrics.selectSeries({ tenant, matchers, startMs, endMs }, live())) {
    for (const labels of batch) out.push(fmt(labels));
  }
  return out.sort();
}

/** Asserts that a promise rejects with an OmniscopeError of the given kind. */
export async function rejectsWithKind(p: Promise<unknown>, kind: string): Promise<void> {
  try {
    await p;
  } catch (e) {
    const actual = (e as { kind?: unknown }).kind;
    if (actual !== kind) throw new Error(`expected an error of kind ${kind}, got ${String(actual)}: ${String(e)}`, { cause: e });
    return;
  }
  throw new Error(`expected an error of kind ${kind}, but the call succeeded`);
}
