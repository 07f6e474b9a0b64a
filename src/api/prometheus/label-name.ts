/**
 * Decodes a label name from a URL path the way Prometheus 3 does: names starting `U__` use
 * its value encoding (`__` is `_`, `_2e_` is the code point U+002E), anything else is taken
 * as it is. An invalid encoding leaves the name unchanged.
 */
export function decodeLabelName(name: string): string {
  if (!name.startsWith('U__')) return name;
  const encoded = name.slice(3);
  let out = '';
  for (let i = 0; i < encoded.length; i++) {
    const c = encoded[i] as string;
    if (c !== '_') {
      out += c;
      continue;
    }
    i++;
    if (i >= encoded.length) return name;
    if (encoded[i] === '_') {
      out += '_';
      continue;
    }
    const close = encoded.indexOf('_', i);
    if (close < 0) return name;
    const hex = encoded.slice(i, close);
    if (!/^[0-9a-fA-F]{1,6}$/.test(hex)) return name;
    const cp = parseInt(hex, 16);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) return name;
    out += String.fromCodePoint(cp);
    i = close;
  }
  return out;
}

/** Prometheus 3 (UTF-8 names): any non-empty name without unpaired surrogates. */
export function isValidLabelName(name: string): boolean {
  return name.length > 0 && !/\p{Surrogate}/u.test(name);
}
