/**
 * Strips what printing legitimately changes so two trees can be compared: positions, matcher
 * order (the printer sorts them), and whether a lone range/offset literal was written as a number
 * or a duration (Prometheus prints both as durations).
 */
export function normalizeForRoundTrip(node: unknown, parentKey = ''): unknown {
  if (Array.isArray(node)) {
    const items = node.map((n) => normalizeForRoundTrip(n));
    if (parentKey === 'matchers') items.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    return items;
  }
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'pos' || k === 'func') continue;
    out[k] = normalizeForRoundTrip(v, k);
  }
  if ((parentKey === 'range' || parentKey === 'step' || parentKey === 'offset') && out.kind === 'durationLiteral') out.isDuration = true;
  if ((node as { kind?: unknown }).kind === 'call') out.func = (node as { func: { name: string } }).func.name;
  return out;
}
