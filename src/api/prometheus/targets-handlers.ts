import { hostname } from 'node:os';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Labels } from '../../model/index.js';
import { CompiledMatcher, badInput, formatPrometheusDuration, labelsToRecord, notFound } from '../../model/index.js';
import type { DroppedTargetStatus, TargetMetadata, TargetStatus } from '../../ingest/scrape/index.js';
import { parseSeriesSelector } from '../../query/selector/index.js';
import { readParam } from '../shared/index.js';
import { success } from './context.js';

/** What the targets endpoints read: the scrape manager, seen through a narrow window. */
export interface ScrapeTargetsSource {
  activeTargets(): TargetStatus[];
  droppedTargets(): DroppedTargetStatus[];
  targetMetadata(): { labels: Labels; metadata: TargetMetadata }[];
}

/** Go's zero time, which Prometheus shows for a target never scraped. */
const NEVER = '0001-01-01T00:00:00Z';

/**
 * `GET /api/v1/targets`: active and dropped targets in Prometheus's shape, filtered by
 * `state` (active, dropped, any; default any) and `scrapePool`.
 */
export function targetsHandler(source: ScrapeTargetsSource) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<unknown> => {
    const state = (readParam(request, 'state') ?? 'any').toLowerCase();
    const pool = readParam(request, 'scrapePool') ?? '';
    const inPool = (p: string): boolean => pool === '' || p === pool;
    const showActive = state === 'active' || state === 'any' || state === '';
    const showDropped = state === 'dropped' || state === 'any' || state === '';
    const active = showActive ? source.activeTargets().filter((t) => inPool(t.scrapePool)) : [];
    const allDropped = source.droppedTargets();
    const dropped = showDropped ? allDropped.filter((t) => inPool(t.scrapePool)) : [];
    const droppedCounts: Record<string, number> = {};
    for (const t of allDropped) droppedCounts[t.scrapePool] = (droppedCounts[t.scrapePool] ?? 0) + 1;
    return success({
      activeTargets: active
        .sort((a, b) => (a.scrapePool === b.scrapePool ? (a.scrapeUrl < b.scrapeUrl ? -1 : 1) : a.scrapePool < b.scrapePool ? -1 : 1))
        .map((t) => ({
          discoveredLabels: labelsToRecord(t.discoveredLabels),
          labels: labelsToRecord(t.labels),
          scrapePool: t.scrapePool,
          scrapeUrl: t.scrapeUrl,
          globalUrl: globalUrlOf(t.scrapeUrl),
          lastError: t.lastError,
          lastScrape: t.lastScrapeMs === 0 ? NEVER : new Date(t.lastScrapeMs).toISOString(),
          lastScrapeDuration: Math.round(t.lastScrapeDurationMs * 1e6) / 1e9, // whole nanoseconds, as Go prints it
          health: t.health,
          scrapeInterval: formatPrometheusDuration(t.scrapeIntervalMs),
          scrapeTimeout: formatPrometheusDuration(t.scrapeTimeoutMs),
        })),
      droppedTargets: dropped.map((t) => ({ discoveredLabels: labelsToRecord(t.discoveredLabels), scrapePool: t.scrapePool })),
      droppedTargetCounts: droppedCounts,
    });
  };
}

/**
 * `GET /api/v1/targets/metadata`: metric metadata as each target last exposed it, filtered by
 * `match_target` (a label selector over target labels), `metric` and `limit`.
 */
export function targetMetadataHandler(source: ScrapeTargetsSource) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<unknown> => {
    const matchTarget = readParam(request, 'match_target') ?? '';
    const matchers = matchTarget === '' ? [] : parseSeriesSelector(matchTarget).map((m) => new CompiledMatcher(m));
    const metric = readParam(request, 'metric') ?? '';
    const limitText = readParam(request, 'limit') ?? '';
    if (limitText !== '' && !/^-?\d+$/.test(limitText)) throw badInput('limit must be a number');
    const limit = limitText === '' ? -1 : Number(limitText);
    const out: { target: Record<string, string>; metric: string; type: string; help: string; unit: string }[] = [];
    for (const { labels, metadata } of source.targetMetadata()) {
      if (!matchers.every((m) => m.matches(labels.find((l) => l.name === m.name)?.value ?? ''))) continue;
      for (const m of metadata.values()) {
        if (metric !== '' && m.metricFamilyName !== metric) continue;
        if (limit >= 0 && out.length >= limit) break;
        out.push({ target: labelsToRecord(labels), metric: m.metricFamilyName, type: m.type, help: m.help, unit: m.unit });
      }
    }
    // Prometheus answers "no such metadata" with 404 rather than an empty list.
    if (out.length === 0) throw notFound('specified metadata not found');
    return success(out);
  };
}

/**
 * The scrape URL as seen from elsewhere: a loopback host is replaced by this machine's host
 * name, port and path kept, as Prometheus does for its `globalUrl` (with its default external
 * URL, which is the host name).
 */
function globalUrlOf(scrapeUrl: string): string {
  const url = new URL(scrapeUrl);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || /^127\./.test(host) || host === '::1';
  if (!loopback) return scrapeUrl;
  url.hostname = hostname();
  return url.href;
}
