import { metricKey, sampleValuesAgree } from '../../helpers/prometheus-answers.js';

/** Compares two Prometheus API query responses the way the side-by-side test requires. */

interface ApiBody {
  status: string;
  errorType?: string;
  error?: string;
  data?: { resultType: string; result: unknown };
}

type Sample = [number, string];
interface VectorItem {
  metric: Record<string, string>;
  value: Sample;
}
interface MatrixItem {
  metric: Record<string, string>;
  values: Sample[];
}

const REL_TOLERANCE = 1e-9;

export const valuesEqual = (a: string, b: string): boolean => sampleValuesAgree(a, b, REL_TOLERANCE);
const key = metricKey;

function samplesDiffer(a: Sample, b: Sample): string | undefined {
  if (a[0] !== b[0]) return `timestamp ${a[0]} vs ${b[0]}`;
  if (!valuesEqual(a[1], b[1])) return `value ${a[1]} vs ${b[1]} at ${a[0]}`;
  return undefined;
}

/**
 * Undefined when equal, else a description of the first difference. `ordered`: vector
 * results must also come in the same order (sort, topk and friends).
 */
export function diffResponses(expected: ApiBody, actual: ApiBody, ordered: boolean): string | undefined {
  if (expected.status !== actual.status) {
    return `status ${expected.status} (${expected.error ?? ''}) vs ${actual.status} (${actual.error ?? ''})`;
  }
  if (expected.status === 'error') {
    return expected.errorType === actual.errorType ? undefined : `errorType ${expected.errorType} vs ${actual.errorType}`;
  }
  const e = expected.data;
  const a = actual.data;
  if (e === undefined || a === undefined) return 'missing data';
  if (e.resultType !== a.resultType) return `resultType ${e.resultType} vs ${a.resultType}`;
  switch (e.resultType) {
    case 'scalar':
    case 'string':
      return samplesDiffer(e.result as Sample, a.result as Sample);
    case 'vector': {
      const ev = e.result as VectorItem[];
      const av = a.result as VectorItem[];
      if (ev.length !== av.length) return `${ev.length} series vs ${av.length}: ${JSON.stringify(ev.map((x) => x.metric))} vs ${JSON.stringify(av.map((x) => x.metric))}`;
      if (ordered) {
        for (let i = 0; i < ev.length; i++) {
          if (key((ev[i] as VectorItem).metric) !== key((av[i] as VectorItem).metric)) return `order differs at ${i}: ${JSON.stringify(ev[i])} vs ${JSON.stringify(av[i])}`;
        }
      }
      const byKey = new Map(av.map((x) => [key(x.metric), x]));
      for (const x of ev) {
        const y = byKey.get(key(x.metric));
        if (y === undefined) return `series ${JSON.stringify(x.metric)} missing`;
        const d = samplesDiffer(x.value, y.value);
        if (d !== undefined) return `${JSON.stringify(x.metric)}: ${d}`;
      }
      return undefined;
    }
    case 'matrix': {
      const em = e.result as MatrixItem[];
      const am = a.result as MatrixItem[];
      if (em.length !== am.length) return `${em.length} series vs ${am.length}: ${JSON.stringify(em.map((x) => x.metric))} vs ${JSON.stringify(am.map((x) => x.metric))}`;
      for (let i = 0; i < em.length; i++) {
        const x = em[i] as MatrixItem;
        const y = am[i] as MatrixItem;
        if (key(x.metric) !== key(y.metric)) return `series ${i}: ${JSON.stringify(x.metric)} vs ${JSON.stringify(y.metric)}`;
        if (x.values.length !== y.values.length) return `${JSON.stringify(x.metric)}: ${x.values.length} points vs ${y.values.length}`;
        for (let j = 0; j < x.values.length; j++) {
          const d = samplesDiffer(x.values[j] as Sample, y.values[j] as Sample);
          if (d !== undefined) return `${JSON.stringify(x.metric)}: ${d}`;
        }
      }
      return undefined;
    }
    default:
      return `unknown resultType ${e.resultType}`;
  }
}
