import type { FastifyRequest } from 'fastify';

/**
 * Every value of a parameter, from the form body first and then from the query string, like
 * Go's `r.Form` that Prometheus and Loki read (so a POSTed value wins in `readParam`). Repeated
 * keys (`match[]=a&match[]=b`) give several values. Non-string values (e.g. from a JSON body)
 * are ignored.
 */
export function readParams(request: FastifyRequest, name: string): string[] {
  return [...valuesOf(request.body, name), ...valuesOf(request.query, name)];
}

/** The first value of a parameter (body before query string), or undefined when absent. */
export function readParam(request: FastifyRequest, name: string): string | undefined {
  return readParams(request, name)[0];
}

function valuesOf(source: unknown, name: string): string[] {
  if (source === null || typeof source !== 'object' || !Object.hasOwn(source, name)) return [];
  const v = (source as Record<string, unknown>)[name];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}
