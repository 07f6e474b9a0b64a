/**
 * Same-origin requests to Omniscope's APIs. Every failure becomes an ApiError whose message
 * says what was asked and why it failed (the Prometheus `error` text, the HTTP status, or the
 * network error), so views can show it as it is.
 */
export class ApiError extends Error {
  constructor(message: string, readonly status: number | null) {
    super(message);
  }
}

interface PromEnvelope<T> {
  readonly status: 'success' | 'error';
  readonly data?: T;
  readonly error?: string;
  readonly errorType?: string;
}

async function send(url: string, init: RequestInit | undefined, what: string): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(`${what}: Omniscope did not answer (${(e as Error).message}). Is it running?`, null);
  }
}

/** A Prometheus API call (`/api/v1/...`), POSTed as a form (or GET); resolves to `data`. */
export async function promApi<T>(path: string, params: Record<string, string>, signal?: AbortSignal, method: 'GET' | 'POST' = 'POST'): Promise<T> {
  const body = new URLSearchParams(params);
  const url = method === 'GET' ? `${path}?${body.toString()}` : path;
  const res = await send(url, { method, ...(method === 'POST' ? { body } : {}), ...(signal ? { signal } : {}) }, path);
  const text = await res.text();
  let answer: PromEnvelope<T> | null = null;
  try {
    answer = JSON.parse(text) as PromEnvelope<T>;
  } catch {
    // Not JSON: a proxy's error page, for instance; reported below with the status.
  }
  if (answer?.status === 'error') throw new ApiError(answer.error ?? `${answer.errorType ?? 'error'} (HTTP ${res.status})`, res.status);
  if (!res.ok || answer === null || answer.data === undefined) {
    throw new ApiError(`${path} answered HTTP ${res.status}: ${text.slice(0, 200) || res.statusText}`, res.status);
  }
  return answer.data;
}

/** A GET answering JSON (Jaeger, Loki label APIs). */
export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await send(url, signal ? { signal } : undefined, url);
  const text = await res.text();
  if (!res.ok) throw new ApiError(`${url} answered HTTP ${res.status}: ${text.slice(0, 200) || res.statusText}`, res.status);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(`${url} did not answer JSON`, res.status);
  }
}

/** A GET answering text (`/metrics`). */
export async function getText(url: string, signal?: AbortSignal): Promise<string> {
  const res = await send(url, signal ? { signal } : undefined, url);
  const text = await res.text();
  if (!res.ok) throw new ApiError(`${url} answered HTTP ${res.status}: ${text.slice(0, 200) || res.statusText}`, res.status);
  return text;
}

export const isAbort = (e: unknown): boolean => e instanceof Error && e.name === 'AbortError';
