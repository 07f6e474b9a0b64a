import type { Labels } from '../../../model/index.js';
import { compileRe2Regex, sortLabels } from '../../../model/index.js';
import type { LabelReplace } from '../parser/index.js';
import type { EvalContext } from './eval-context.js';
import type { StepVectors } from './step-vectors.js';
import { StepVectorsBuilder } from './step-vectors.js';

/**
 * `label_replace(v, dst, replacement, src, regex)`: when the fully anchored regex matches the
 * value of `src` ("" when absent), `dst` becomes the replacement with `$1`, `${1}`, `$name`,
 * `${name}` expanded (Go's Regexp.Expand); an empty result removes `dst`. Without a match the
 * labels stay. Computed once per series.
 */
export function evalLabelReplace(node: LabelReplace, input: StepVectors, ctx: EvalContext): StepVectors {
  const re = compileRe2Regex(node.regex, true);
  const out = new StepVectorsBuilder(input.steps, ctx.budget);
  const series = input.labels.map((labels) => out.intern(replaceLabel(labels, node, re)));
  const seen = new Set<number>();
  for (let step = 0; step < input.steps; step++) {
    seen.clear();
    for (let p = input.offsets[step] as number; p < (input.offsets[step + 1] as number); p++) {
      const s = series[input.series[p] as number] as number;
      // Two series that become one keep the first point of the step.
      if (seen.has(s)) continue;
      seen.add(s);
      out.add(step, s, input.values[p] as number);
    }
  }
  return out.build();
}

function replaceLabel(labels: Labels, node: LabelReplace, re: RegExp): Labels {
  const src = labels.find((l) => l.name === node.src)?.value ?? '';
  const m = re.exec(src);
  if (m === null) return labels;
  const value = expandTemplate(node.replacement, m);
  const rest = labels.filter((l) => l.name !== node.dst);
  return value === '' ? rest : sortLabels([...rest, { name: node.dst, value }]);
}

/** Go's Regexp.Expand: `$$` is `$`; a `$` name is the longest run of letters, digits and `_`. */
export function expandTemplate(template: string, m: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c !== '$') {
      out += c;
      continue;
    }
    if (template[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    let name: string;
    let end: number;
    if (template[i + 1] === '{') {
      const close = template.indexOf('}', i + 2);
      name = close < 0 ? '' : template.slice(i + 2, close);
      end = close;
      if (close < 0 || !/^[A-Za-z0-9_]+$/.test(name)) {
        out += c;
        continue;
      }
    } else {
      name = /^[A-Za-z0-9_]*/.exec(template.slice(i + 1))?.[0] ?? '';
      end = i + name.length;
      if (name === '') {
        out += c;
        continue;
      }
    }
    out += /^\d+$/.test(name) ? (m[Number(name)] ?? '') : (m.groups?.[name] ?? '');
    i = end;
  }
  return out;
}
