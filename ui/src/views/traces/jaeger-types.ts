/** The shapes `/jaeger/api/*` answers (Jaeger UI's model), as far as the Traces view reads them. */
export interface JaegerKeyValue {
  readonly key: string;
  readonly type: string;
  readonly value: string | boolean | number;
}

export interface JaegerReference {
  readonly refType: 'CHILD_OF' | 'FOLLOWS_FROM';
  readonly traceID: string;
  readonly spanID: string;
}

export interface JaegerLog {
  /** Unix microseconds. */
  readonly timestamp: number;
  readonly fields: readonly JaegerKeyValue[];
}

export interface JaegerSpan {
  readonly traceID: string;
  readonly spanID: string;
  readonly operationName: string;
  readonly references: readonly JaegerReference[];
  /** Unix microseconds. */
  readonly startTime: number;
  /** Microseconds. */
  readonly duration: number;
  readonly tags: readonly JaegerKeyValue[];
  readonly logs: readonly JaegerLog[];
  readonly processID: string;
  readonly warnings?: readonly string[] | null;
}

export interface JaegerProcess {
  readonly serviceName: string;
  readonly tags: readonly JaegerKeyValue[];
}

export interface JaegerTrace {
  readonly traceID: string;
  readonly spans: readonly JaegerSpan[];
  readonly processes: Readonly<Record<string, JaegerProcess>>;
  readonly warnings?: readonly string[] | null;
}

/** Whether a span failed: the `error` tag is true, or the OTel status is ERROR. */
export function isErrorSpan(span: JaegerSpan): boolean {
  for (const t of span.tags) {
    if (t.key === 'error' && (t.value === true || t.value === 'true')) return true;
    if (t.key === 'otel.status_code' && t.value === 'ERROR') return true;
  }
  return false;
}

export function serviceOf(trace: JaegerTrace, span: JaegerSpan): string {
  return trace.processes[span.processID]?.serviceName ?? 'unknown';
}

/** A tag value as text (booleans and numbers as JSON does). */
export function valueText(v: JaegerKeyValue['value']): string {
  return typeof v === 'string' ? v : String(v);
}
