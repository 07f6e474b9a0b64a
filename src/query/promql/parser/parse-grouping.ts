import type { TokenStream } from './token-stream.js';

/**
 * `( label, "quoted.label", ... )` after by/without/on/ignoring/group_left/group_right. Any
 * keyword may be a label name here (`by (offset)`); an empty list and a trailing comma are fine.
 */
export function parseGroupingLabels(ts: TokenStream): string[] {
  ts.expect('LPAREN', 'grouping opts', '"("');
  const labels: string[] = [];
  for (;;) {
    if (labels.length === 0 && ts.is('RPAREN')) break;
    const t = ts.peek();
    if (t.type === 'STRING') {
      if (t.value === '') throw ts.error({ start: t.start, end: t.end }, 'invalid label name for grouping: ""');
      labels.push(t.value);
    } else if (t.type === 'IDENT' || t.type === 'METRIC_IDENT' || t.type === 'KEYWORD' || t.type === 'AGGR' || t.type === 'PREPROC' || isWordOperator(t.type, t.value)) {
      labels.push(t.text);
    } else {
      throw ts.unexpected('grouping opts', 'label');
    }
    ts.next();
    if (ts.is('COMMA')) {
      ts.next();
      if (ts.is('RPAREN')) break;
      continue;
    }
    if (ts.is('RPAREN')) break;
    throw ts.unexpected('grouping opts', '"," or ")"');
  }
  ts.next();
  return labels;
}

function isWordOperator(type: string, value: string): boolean {
  return type === 'OP' && (value === 'and' || value === 'or' || value === 'unless' || value === 'atan2');
}
