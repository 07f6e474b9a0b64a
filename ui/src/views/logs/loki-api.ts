/**
 * The Loki API calls of the Logs view. Loki answers errors as plain text ("parse error at line
 * 1, col 3: ..."); that text becomes the ApiError's message as it is, with the status.
 */
import { ApiError } from '../../api-client';
import type { ResolvedRange } from '../../time-range';
import type { LokiStream } from './log-lines';
import type { MatrixSeries, VolumeGrid } from './volume';
import { volumeQuery } from './volume';

interface LokiEnvelope<T> {
  readonly status?: string;
  readonly data?: T;
  readonly error?: string;
  readonly message?: string;
}

const ns = (ms: number): string => `${Math.round(ms)}000000`;

async function lokiGet<T>(path: string, params: Record<string, string>, signal: AbortSignal, headers?: Record<string, string>): Promise<T> {
  const url = `${path}?${new URLSearchParams(params).toString()}`;
  let res: Response;
  try {
    res = await fetch(url, { signal, ...(headers ? { headers } : {}) });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(`Omniscope did not answer (${(e as Error).message}). Is it running?`, null);
  }
  const text = await res.text();
  let body: LokiEnvelope<T> | null = null;
  try {
    body = JSON.parse(text) as LokiEnvelope<T>;
  } catch {
    // Loki's errors are plain text.
  }
  if (!res.ok) {
    const reason = body?.error ?? body?.message ?? (text.trim().slice(0, 500) || res.statusText);
    throw new ApiError(`${reason} (HTTP ${res.status})`, res.status);
  }
  if (body === null || body.data === undefined) throw new ApiError(`${path} did not answer Loki's JSON (HTTP ${res.status})`, res.status);
  return body.data;
}

const rangeParams = (range: ResolvedRange): Record<string, string> => ({ start: ns(range.startMs), end: ns(range.endMs) });

export function fetchLabelNames(range: ResolvedRange, signal: AbortSignal): Promise<string[]> {
  return lokiGet<string[]>('/loki/api/v1/labels', rangeParams(range), signal).then((d) => d ?? []);
}

export function fetchLabelValues(name: string, range: ResolvedRange, signal: AbortSignal): Promise<string[]> {
  return lokiGet<string[]>(`/loki/api/v1/label/${encodeURIComponent(name)}/values`, rangeParams(range), signal).then((d) => d ?? []);
}

interface StreamsData {
  readonly resultType: string;
  readonly result: readonly LokiStream[];
}

/** Log lines newest first; entries carry structured metadata as a third element. */
export async function fetchLogs(query: string, limit: number, range: ResolvedRange, signal: AbortSignal): Promise<readonly LokiStream[]> {
  const data = await lokiGet<StreamsData>(
    '/loki/api/v1/query_range',
    { query, limit: String(limit), direction: 'backward', ...rangeParams(range) },
    signal,
    { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' },
  );
  if (data.resultType !== 'streams') throw new ApiError(`expected log lines (streams), got a ${data.resultType} result`, 200);
  return data.result;
}

interface MatrixData {
  readonly resultType: string;
  readonly result: readonly MatrixSeries[];
}

/** Lines of the log query per bar of the grid and level, counted by the server over the whole range. */
export async function fetchVolume(query: string, grid: VolumeGrid, signal: AbortSignal): Promise<readonly MatrixSeries[]> {
  const data = await lokiGet<MatrixData>(
    '/loki/api/v1/query_range',
    { query: volumeQuery(query, grid.stepMs), start: ns(grid.firstMs), end: ns(grid.endMs), step: String(grid.stepMs / 1000) },
    signal,
  );
  if (data.resultType !== 'matrix') throw new ApiError(`expected counts (a matrix), got a ${data.resultType} result`, 200);
  return data.result;
}
