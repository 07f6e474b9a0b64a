import { metricKey, sampleValuesAgree } from '../../test/helpers/prometheus-answers.js';
/**
 * Do two query API answers agree? Same status and result type, the same series (by label
 * set, in any order), the same timestamps, and values within REL_TOLERANCE of each other.
 * Returns undefined when they agree, else the first difference found.
 */
const REL_TOLERANCE = 1e-6;

type Sample = [number, string];
interface Series {
  metric: Record<string, string>;
  value?: Sample;
  values?: Sample[];
}
interface ApiBody {
  status: string;
  error?: string;
  data?: { resultType: string; result: unknown };
}

const valuesAgree = (a: string, b: string): boolean => sampleValuesAgree(a, b, REL_TOLERANCE);
const key = metricKey;

function samplesOf(s: Series): Sample[] {
  return s.values ?? (s.value !== undefined ? [s.value] : []);
}

export interface AnswerSummary {
  readonly series: number;
  readonly points: number;
}

/** Series and point counts of an answer, for the report. */
export function summarise(body: string): AnswerSummary {
  const parsed = JSON.parse(body) as ApiBody;
  const result = parsed.data?.result;
  if (!Array.isArray(result)) return { series: 0, points: result === undefined ? 0 : 1 };
  let points = 0;
  for (const s of result as Series[]) points += samplesOf(s).length;
  return { series: result.length, points };
}

export function diffAnswers(prometheusBody: string, omniscopeBody: string): string | undefined {
  let e: ApiBody;
  let a: ApiBody;
  try {
    e = JSON.parse(prometheusBody) as ApiBody;
    a = JSON.parse(omniscopeBody) as ApiBody;
  } catch (err) {
    return `unparseable answer: ${(err as Error).message}`;
  }
  if (e.status !== 'success' || a.status !== 'success') return `status ${e.status} (${e.error ?? ''}) vs ${a.status} (${a.error ?? ''})`;
  if (e.data === undefined || a.data === undefined) return 'missing data';
  if (e.data.resultType !== a.data.resultType) return `resultType ${e.data.resultType} vs ${a.data.resultType}`;
  if (!Array.isArray(e.data.result) || !Array.isArray(a.data.result)) {
    const x = e.data.result as Sample;
    const y = a.data.result as Sample;
    return x[0] === y[0] && valuesAgree(x[1], y[1]) ? undefined : `${JSON.stringify(x)} vs ${JSON.stringify(y)}`;
  }
  const es = e.data.result as Series[];
  const as = a.data.result as Series[];
  if (es.length !== as.length) return `${es.length} series vs ${as.length}`;
  const byKey = new Map(as.map((s) => [key(s.metric), s]));
  for (const s of es) {
    const t = byKey.get(key(s.metric));
    if (t === undefined) return `series ${JSON.stringify(s.metric)} missing from Omniscope's answer`;
    const x = samplesOf(s);
    const y = samplesOf(t);
    if (x.length !== y.length) return `${JSON.stringify(s.metric)}: ${x.length} points vs ${y.length}`;
    for (let i = 0; i < x.length; i++) {
      const [tx, vx] = x[i] as Sample;
      const [ty, vy] = y[i] as Sample;
      if (tx !== ty) return `${JSON.stringify(s.metric)}: timestamp ${tx} vs ${ty}`;
      if (!valuesAgree(vx, vy)) return `${JSON.stringify(s.metric)}: value ${vx} vs ${vy} at ${tx}`;
    }
  }
  return undefined;
}
