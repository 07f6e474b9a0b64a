/**
 * The scrape URL as Prometheus builds it (a Go url.URL with scheme, host, path and the encoded
 * query): the path is percent-encoded except for `/` and sub-delimiters, the query is sorted by
 * parameter name with spaces as `+`, and a path without a leading `/` gets one.
 */
export function buildTargetUrl(scheme: string, address: string, path: string, params: ReadonlyMap<string, readonly string[]>): string {
  let url = `${scheme}://${escape(address, 'host')}`;
  const escapedPath = path === '*' ? path : escape(path, 'path');
  if (escapedPath !== '' && !escapedPath.startsWith('/') && address !== '') url += '/';
  url += escapedPath;
  const query = encodeQuery(params);
  return query === '' ? url : `${url}?${query}`;
}

function encodeQuery(params: ReadonlyMap<string, readonly string[]>): string {
  const names = [...params.keys()].sort(compareBytes);
  let out = '';
  for (const name of names) {
    const key = escape(name, 'query');
    for (const value of params.get(name) ?? []) {
      if (out !== '') out += '&';
      out += `${key}=${escape(value, 'query')}`;
    }
  }
  return out;
}

/** Go sorts strings by bytes; for UTF-16 strings that is code point order. */
function compareBytes(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0) as number);
  const y = [...b].map((c) => c.codePointAt(0) as number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return x.length - y.length;
}

type EscapeMode = 'host' | 'path' | 'query';

const UNRESERVED = /^[A-Za-z0-9\-_.~]*$/;
const HOST_ALLOWED = new Set("!$&'()*+,;=:[]<>\"");
const PATH_ALLOWED = new Set('$&+,/:;=@');

/** Go's url escaping rules for each part, applied to UTF-8 bytes. */
function escape(s: string, mode: EscapeMode): string {
  if (UNRESERVED.test(s)) return s;
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (byte < 0x80 && UNRESERVED.test(c)) out += c;
    else if (mode === 'host' && HOST_ALLOWED.has(c)) out += c;
    else if (mode === 'path' && PATH_ALLOWED.has(c)) out += c;
    else if (mode === 'query' && c === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
