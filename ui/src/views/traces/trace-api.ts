/** Calls to `/jaeger/api`: Jaeger's envelope is unwrapped and its error text becomes the ApiError message. */
import { ApiError } from '../../api-client';
import type { JaegerTrace } from './jaeger-types';

interface Envelope<T> {
  readonly data: T | null;
  readonly errors?: readonly { readonly code?: number; readonly msg: string }[] | null;
}

async function jaeger<T>(path: string, signal: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/jaeger/api${path}`, { signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(`Omniscope did not answer (${(e as Error).message}). Is it running?`, null);
  }
  const text = await res.text();
  let body: Envelope<T> | null = null;
  try {
    body = JSON.parse(text) as Envelope<T>;
  } catch {
    // Not JSON: reported below with the status.
  }
  const msg = body?.errors?.[0]?.msg;
  if (!res.ok || body === null || body.data === null) {
    throw new ApiError(msg !== undefined ? `${msg} (HTTP ${res.status})` : `/jaeger/api${path} answered HTTP ${res.status}: ${text.slice(0, 200) || res.statusText}`, res.status);
  }
  return body.data;
}

export const fetchServices = (signal: AbortSignal): Promise<string[]> => jaeger<string[]>('/services', signal);

export const fetchOperations = (service: string, signal: AbortSignal): Promise<string[]> =>
  jaeger<string[]>(`/services/${encodeURIComponent(service)}/operations`, signal);

export const searchTraces = (query: URLSearchParams, signal: AbortSignal): Promise<JaegerTrace[]> => jaeger<JaegerTrace[]>(`/traces?${query.toString()}`, signal);

export async function fetchTrace(traceId: string, signal: AbortSignal): Promise<JaegerTrace> {
  const data = await jaeger<JaegerTrace[]>(`/traces/${encodeURIComponent(traceId)}`, signal);
  const trace = data[0];
  if (trace === undefined) throw new ApiError('trace not found', 404);
  return trace;
}
