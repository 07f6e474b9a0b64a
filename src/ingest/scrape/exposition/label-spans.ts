import type { Label } from '../../../model/labels.js';
import { METRIC_NAME_LABEL, sortLabels } from '../../../model/labels.js';
import { readString } from './unescape.js';

const STRIDE = 5;
const NAME_ESCAPED = 1;
const VALUE_ESCAPED = 2;
/** Above this many labels, duplicate names are found with a Set rather than pairwise. */
const PAIRWISE_LIMIT = 16;

/**
 * Where the labels of one label set lie in the page text: offsets only, so checking a line
 * allocates nothing and label strings are built only when someone asks (`decodeLabels`). Name and
 * value ranges exclude the quotes. Also holds a metric name written inside the braces (the
 * Prometheus 3 form `{"my.metric", ...}`). Reused for every line; valid until the next reset.
 */
export class LabelSpans {
  count = 0;
  nameStart = -1;
  nameEnd = -1;
  nameEscaped = false;
  private data = new Int32Array(STRIDE * 16);

  reset(): void {
    this.count = 0;
    this.nameStart = -1;
    this.nameEnd = -1;
    this.nameEscaped = false;
  }

  hasName(): boolean {
    return this.nameStart >= 0;
  }

  setName(start: number, end: number, escaped: boolean): void {
    this.nameStart = start;
    this.nameEnd = end;
    this.nameEscaped = escaped;
  }

  push(nameStart: number, nameEnd: number, nameEscaped: boolean, valueStart: number, valueEnd: number, valueEscaped: boolean): void {
    let base = this.count * STRIDE;
    if (base + STRIDE > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const d = this.data;
    d[base++] = nameStart;
    d[base++] = nameEnd;
    d[base++] = valueStart;
    d[base++] = valueEnd;
    d[base] = (nameEscaped ? NAME_ESCAPED : 0) | (valueEscaped ? VALUE_ESCAPED : 0);
    this.count++;
  }

  labelName(text: string, i: number): string {
    const base = i * STRIDE;
    const d = this.data;
    return readString(text, d[base] as number, d[base + 1] as number, ((d[base + 4] as number) & NAME_ESCAPED) !== 0);
  }

  labelValue(text: string, i: number): string {
    const base = i * STRIDE;
    const d = this.data;
    return readString(text, d[base + 2] as number, d[base + 3] as number, ((d[base + 4] as number) & VALUE_ESCAPED) !== 0);
  }

  /** Index of the first label whose name equals another's, or -1. */
  findDuplicateName(text: string): number {
    const n = this.count;
    if (n < 2) return -1;
    if (n > PAIRWISE_LIMIT) {
      const seen = new Set<string>();
      for (let i = 0; i < n; i++) {
        const name = this.labelName(text, i);
        if (seen.has(name)) return i;
        seen.add(name);
      }
      return -1;
    }
    for (let i = 1; i < n; i++) {
      for (let j = 0; j < i; j++) if (this.sameName(text, i, j)) return i;
    }
    return -1;
  }

  /** Index of the label called `name`, or -1; allocates only for quoted names with escapes. */
  findName(text: string, name: string): number {
    const d = this.data;
    for (let i = 0; i < this.count; i++) {
      const base = i * STRIDE;
      const start = d[base] as number;
      if (((d[base + 4] as number) & NAME_ESCAPED) !== 0) {
        if (this.labelName(text, i) === name) return i;
      } else if ((d[base + 1] as number) - start === name.length && text.startsWith(name, start)) {
        return i;
      }
    }
    return -1;
  }

  /** Start offset of label i's name, for pointing error messages at it. */
  labelNameStart(i: number): number {
    return this.data[i * STRIDE] as number;
  }

  private sameName(text: string, i: number, j: number): boolean {
    const d = this.data;
    const a = i * STRIDE;
    const b = j * STRIDE;
    const aStart = d[a] as number;
    const bStart = d[b] as number;
    const length = (d[a + 1] as number) - aStart;
    if (((d[a + 4] as number) | (d[b + 4] as number)) & NAME_ESCAPED) return this.labelName(text, i) === this.labelName(text, j);
    if ((d[b + 1] as number) - bStart !== length) return false;
    for (let k = 0; k < length; k++) if (text.charCodeAt(aStart + k) !== text.charCodeAt(bStart + k)) return false;
    return true;
  }
}

/**
 * Builds the label set: `__name__` (when `metricName` is given) plus every label, sorted by name.
 * With `dropEmpty`, labels with an empty value are left out, since Prometheus treats an empty
 * value as an absent label (its scrape loop drops them too), so `a{x=""}` and `a` are one series.
 */
export function decodeLabels(text: string, spans: LabelSpans, metricName: string | undefined, dropEmpty: boolean): Label[] {
  const out: Label[] = [];
  if (metricName !== undefined) out.push({ name: METRIC_NAME_LABEL, value: metricName });
  for (let i = 0; i < spans.count; i++) {
    const value = spans.labelValue(text, i);
    if (dropEmpty && value === '') continue;
    out.push({ name: spans.labelName(text, i), value });
  }
  return sortLabels(out);
}
