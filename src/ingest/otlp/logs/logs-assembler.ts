import type { Attribute, Attributes, Label, LogBatch } from '../../../model/index.js';
import { LogBatchBuilder, anyValueToString, severityToLevel, sortLabels } from '../../../model/index.js';
import type { DecodeResult, OtlpScope } from '../common/index.js';
import { RejectionCollector, UNKNOWN_SERVICE } from '../common/index.js';
import {
  LEVEL_LABEL,
  SERVICE_NAME_LABEL,
  attributeKeyToLabelName,
  isIndexLabelAttribute,
} from './loki-index-labels.js';
import type { RawLogRecord } from './raw-log-record.js';
import { normalizeSeverityNumber } from './severity.js';

/** Structured-metadata keys the mapping adds besides attributes. */
export const SCOPE_NAME_KEY = 'scope_name';
export const SCOPE_VERSION_KEY = 'scope_version';
export const EVENT_NAME_KEY = 'event_name';

/**
 * Maps decoded OTLP log records onto a LogBatch the way Loki's native OTLP ingestion does,
 * adapted to Omniscope:
 *
 * - stream labels: the resource attributes in LOKI_DEFAULT_INDEX_LABEL_ATTRIBUTES, renamed
 *   (`service.name` -> `service_name`) with their values as text, `service_name="unknown_service"`
 *   when absent, plus `level` from severityToLevel(severity number, severity text);
 * - structured metadata (typed, original keys): the record's attributes, then the other resource
 *   attributes, the scope's attributes, `scope_name`/`scope_version` when non-empty and
 *   `event_name` when set; on a repeated key the earlier (more specific) one wins;
 * - line: a string body as is, any other body as anyValueToString (JSON for arrays/maps), '' if
 *   absent;
 * - time: time_unix_nano, else observed_time_unix_nano, else the decoder's `nowUnixNano`.
 *
 * Call startResource, then startScope, then add for each record, in request order.
 */
export class LogsAssembler {
  private readonly builder: LogBatchBuilder;
  private readonly rejections = new RejectionCollector();
  private baseLabels: Label[] = [];
  private resourceMetadata: Attribute[] = [];
  private levelStreams = new Map<string, number>();
  private context: Attributes = [];

  constructor(
    tenant: string,
    private readonly nowUnixNano: bigint,
  ) {
    this.builder = new LogBatchBuilder(tenant);
  }

  startResource(attributes: Attributes): void {
    const labels: Label[] = [];
    const rest: Attribute[] = [];
    for (let i = 0; i < attributes.length; i++) {
      const a = attributes[i] as Attribute;
      if (!isIndexLabelAttribute(a.key)) {
        rest.push(a);
        continue;
      }
      const name = attributeKeyToLabelName(a.key);
      const value = anyValueToString(a.value);
      if (value !== '' && !labels.some((l) => l.name === name)) labels.push({ name, value });
    }
    if (!labels.some((l) => l.name === SERVICE_NAME_LABEL)) labels.push({ name: SERVICE_NAME_LABEL, value: UNKNOWN_SERVICE });
    this.baseLabels = labels;
    this.resourceMetadata = rest;
    this.levelStreams = new Map();
    this.context = rest;
  }

  startScope(scope: OtlpScope): void {
    if (scope.attributes.length === 0 && scope.name === '' && scope.version === '') {
      this.context = this.resourceMetadata;
      return;
    }
    const ctx: Attribute[] = this.resourceMetadata.slice();
    const seen = new Set<string>();
    for (const a of ctx) seen.add(a.key);
    const add = (a: Attribute): void => {
      if (seen.has(a.key)) return;
      seen.add(a.key);
      ctx.push(a);
    };
    for (const a of scope.attributes) add(a);
    if (scope.name !== '') add({ key: SCOPE_NAME_KEY, value: scope.name });
    if (scope.version !== '') add({ key: SCOPE_VERSION_KEY, value: scope.version });
    this.context = ctx;
  }

  /** Maps one record (copied out of the scratch `rec`), or counts it as rejected. */
  add(rec: RawLogRecord): void {
    if (rec.idProblem !== '') {
      this.rejections.reject(rec.idProblem);
      return;
    }
    const severityNumber = normalizeSeverityNumber(rec.severityNumber);
    const time =
      rec.timeUnixNano !== 0n ? rec.timeUnixNano : rec.observedTimeUnixNano !== 0n ? rec.observedTimeUnixNano : this.nowUnixNano;
    const body = rec.body;
    this.builder.record(this.streamFor(severityToLevel(severityNumber, rec.severityText)), {
      timeUnixNano: time,
      observedTimeUnixNano: rec.observedTimeUnixNano,
      severityNumber,
      severityText: rec.severityText,
      line: body === null ? '' : typeof body === 'string' ? body : anyValueToString(body),
      metadata: this.metadataFor(rec),
      traceId: rec.traceId,
      spanId: rec.spanId,
      flags: rec.flags,
    });
  }

  result(): DecodeResult<LogBatch> {
    return this.rejections.result(this.builder.build());
  }

  private streamFor(level: string): number {
    let idx = this.levelStreams.get(level);
    if (idx === undefined) {
      const labels = this.baseLabels.slice();
      labels.push({ name: LEVEL_LABEL, value: level });
      idx = this.builder.stream(sortLabels(labels));
      this.levelStreams.set(level, idx);
    }
    return idx;
  }

  private metadataFor(rec: RawLogRecord): Attributes {
    const own = rec.attributes;
    const ctx = this.context;
    if (own.length === 0 && rec.eventName === '') return ctx;
    const n = own.length;
    // A record's own attribute array is fresh per record, so it can be extended in place.
    const out: Attribute[] = n === 0 ? [] : (own as Attribute[]);
    for (let i = 0; i < ctx.length; i++) {
      const a = ctx[i] as Attribute;
      if (!hasKey(out, n, a.key)) out.push(a);
    }
    if (rec.eventName !== '' && !hasKey(out, out.length, EVENT_NAME_KEY)) {
      out.push({ key: EVENT_NAME_KEY, value: rec.eventName });
    }
    return out;
  }
}

function hasKey(attrs: readonly Attribute[], n: number, key: string): boolean {
  for (let i = 0; i < n; i++) if ((attrs[i] as Attribute).key === key) return true;
  return false;
}
