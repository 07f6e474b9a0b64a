import type { Labels } from '../../../model/index.js';
import { METRIC_NAME_LABEL, compileRe2Regex, labelsKey } from '../../../model/index.js';
import type { EvalContext } from './eval-context.js';
import { setLabel } from './label-ops.js';
import { DUPLICATE_LABELSET } from './output-assembler.js';
import { PromqlError } from '../parser/index.js';
import type { StepSeries, VectorSteps } from './step-values.js';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function isValidLabelName(name: string, ctx: EvalContext): boolean {
  // Prometheus 3 accepts any UTF-8 label name; 2.x only the legacy character set.
  return ctx.v3 ? name.length > 0 && isWellFormed(name) : LABEL_NAME.test(name);
}

function isWellFormed(s: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

function getLabel(labels: Labels, name: string): string {
  for (const l of labels) if (l.name === name) return l.value;
  return '';
}

/**
 * Go's Regexp.Expand: `$1`, `${1}`, `$name`, `${name}`, `$$`. A name is the longest run of
 * letters, digits and underscores, so `$1x` names group "1x" (empty), exactly as in Go.
 */
export function expandTemplate(template: string, match: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i] as string;
    if (c !== '$' || i + 1 >= template.length) {
      out += c;
      continue;
    }
    const next = template[i + 1] as string;
    if (next === '$') {
      out += '$';
      i++;
      continue;
    }
    let name: string;
    let end: number;
    if (next === '{') {
      const close = template.indexOf('}', i + 2);
      name = close < 0 ? '' : template.slice(i + 2, close);
      if (close < 0 || !/^[A-Za-z0-9_]+$/.test(name)) {
        out += c;
        continue;
      }
      end = close + 1;
    } else {
      const m = /^[A-Za-z0-9_]+/.exec(template.slice(i + 1));
      if (m === null) {
        out += c;
        continue;
      }
      name = m[0];
      end = i + 1 + name.length;
    }
    if (/^\d+$/.test(name)) out += match[Number(name)] ?? '';
    else out += match.groups?.[name] ?? '';
    i = end - 1;
  }
  return out;
}

/** label_replace(v, dst, replacement, src, regex), applied per series. */
export function labelReplace(ctx: EvalContext, input: VectorSteps, dst: string, replacement: string, src: string, regex: string): VectorSteps {
  let re: RegExp;
  try {
    re = compileRe2Regex(regex, true);
  } catch {
    throw new PromqlError('bad_data', `invalid regular expression in label_replace(): ${regex}`);
  }
  if (!isValidLabelName(dst, ctx)) throw new PromqlError('bad_data', `invalid destination label name in label_replace(): ${dst}`);
  const out = input.series.map((s): StepSeries => {
    const m = re.exec(getLabel(s.labels, src));
    if (m === null) return s;
    const labels = setLabel(s.labels, dst, expandTemplate(replacement, m));
    return { ...s, labels, dropName: dst === METRIC_NAME_LABEL ? false : s.dropName };
  });
  return { kind: 'vector', series: mergeSameLabelset(out) };
}

/** label_join(v, dst, separator, src...). */
export function labelJoin(ctx: EvalContext, input: VectorSteps, dst: string, separator: string, sources: readonly string[]): VectorSteps {
  for (const src of sources) {
    if (!isValidLabelName(src, ctx)) throw new PromqlError('bad_data', `invalid source label name in label_join(): ${src}`);
  }
  if (!isValidLabelName(dst, ctx)) throw new PromqlError('bad_data', `invalid destination label name in label_join(): ${dst}`);
  const out = input.series.map((s): StepSeries => {
    const labels = setLabel(s.labels, dst, sources.map((n) => getLabel(s.labels, n)).join(separator));
    return { ...s, labels, dropName: dst === METRIC_NAME_LABEL ? false : s.dropName };
  });
  return { kind: 'vector', series: mergeSameLabelset(out) };
}

/**
 * Series that ended up with the same label set are merged when their steps do not overlap
 * (label functions and delayed name removal can produce them); overlapping ones are an error.
 */
export function mergeSameLabelset(series: StepSeries[]): StepSeries[] {
  if (series.length < 2) return series;
  const byKey = new Map<string, StepSeries>();
  const out: StepSeries[] = [];
  for (const s of series) {
    const key = labelsKey(s.labels);
    const prev = byKey.get(key);
    if (prev === undefined) {
      byKey.set(key, s);
      out.push(s);
      continue;
    }
    for (let i = 0; i < s.present.length; i++) {
      if (s.present[i] !== 1) continue;
      if (prev.present[i] === 1) throw new PromqlError('execution', DUPLICATE_LABELSET);
      prev.present[i] = 1;
      prev.values[i] = s.values[i] as number;
    }
  }
  return out;
}
