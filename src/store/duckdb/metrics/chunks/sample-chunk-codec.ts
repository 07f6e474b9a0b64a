import type { GrowableFloat64 } from '../../../../model/growable.js';
import { BitReader, BitWriter } from './bit-stream.js';

/**
 * The compressed form of one series' samples over a time block (an hour), stored as a BLOB.
 *
 * DuckDB's own column compression cannot get below ~4.4 bytes per sample for Prometheus-like
 * data (`npm run bench:sample-layout`: timestamps and values interleaved from many series
 * defeat its per-vector bit packing), while per-series encodings need about one byte. Layout,
 * MSB-first bits:
 *
 *   version:8  count:32  tsMode:1  valueMode:1
 *   timestamps, tsMode 0: sign:1 t0:53, then per sample the delta-of-delta in a prefix code
 *     (`0` = same interval; `10`+7, `110`+9, `1110`+12 bits zigzag; `1111` sign:1 magnitude:53)
 *   timestamps, tsMode 1 (values beyond ±2^50 ms): each as raw float64 bits
 *   values, valueMode 0 ("decimal": every value is q / 10^e exactly, |q| <= 2^50):
 *     e:4  sign:1 q0:53  width:6  then each following zigzag(q[i] - q[i-1]) in `width` bits
 *   values, valueMode 1 (XOR as in Facebook's Gorilla paper): the first value's 64 bits, then
 *     `0` = same bits; `10` = XOR fits the previous window; `11` leading:5 length:6 XOR bits
 *
 * Counters and gauges scraped with a few decimals take the decimal path (about 1 byte per
 * sample on the remote-write benchmark's data against 2.3 with XOR alone); NaN (the stale
 * marker included, bit for bit), infinities and -0 force XOR, which is lossless for any bits.
 */

const VERSION = 1;
const MAX_DECIMAL_EXPONENT = 12;
const MAX_DECIMAL_MAGNITUDE = 2 ** 50;
const MAX_DOD_TIMESTAMP = 2 ** 50;
const POW10 = Array.from({ length: MAX_DECIMAL_EXPONENT + 1 }, (_, e) => 10 ** e);

// Scratch views for a double's bits; the codec runs on one thread at a time.
const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = LITTLE_ENDIAN ? 0 : 1;

/**
 * Encodes `count` samples from `ts`/`values` starting at `offset`. Timestamps must be strictly
 * ascending (one value per timestamp) and integral.
 */
export function encodeSampleChunk(ts: Float64Array, values: Float64Array, offset: number, count: number): Uint8Array {
  if (count <= 0) throw new Error('BUG: an empty sample chunk');
  const w = new BitWriter(16 + count * 2);
  w.write(VERSION, 8);
  w.write(count, 32);
  const tsRaw = !timestampsFitDod(ts, offset, count);
  w.bit(tsRaw);
  const exponent = decimalExponent(values, offset, count);
  w.bit(exponent < 0);
  if (tsRaw) writeRawTimestamps(w, ts, offset, count);
  else writeDodTimestamps(w, ts, offset, count);
  if (exponent >= 0) writeDecimalValues(w, values, offset, count, exponent);
  else writeXorValues(w, values, offset, count);
  return w.finish();
}

/** Number of samples in a chunk, without decoding it. */
export function sampleChunkCount(chunk: Uint8Array): number {
  const r = new BitReader(chunk);
  checkVersion(r.read(8));
  return r.read(32);
}

/**
 * Decodes a chunk and appends the samples with `startMs <= ts <= endMs` to `ts`/`values`.
 * Returns how many were appended. A damaged chunk throws.
 */
export function decodeSampleChunk(chunk: Uint8Array, startMs: number, endMs: number, ts: GrowableFloat64, values: GrowableFloat64): number {
  const r = new BitReader(chunk);
  checkVersion(r.read(8));
  const count = r.read(32);
  const tsRaw = r.bit();
  const xorValues = r.bit();
  const base = ts.length;
  if (tsRaw) for (let i = 0; i < count; i++) ts.push(readDouble(r));
  else readDodTimestamps(r, count, ts);
  if (xorValues) readXorValues(r, count, values);
  else readDecimalValues(r, count, values);
  if (r.overrun) throw new Error('sample chunk is truncated');
  return keepRange(ts, values, base, count, startMs, endMs);
}

function checkVersion(v: number): void {
  if (v !== VERSION) throw new Error(`sample chunk version ${v} is not supported`);
}

/** Drops the decoded samples outside [startMs, endMs] (they are sorted by time). */
function keepRange(ts: GrowableFloat64, values: GrowableFloat64, base: number, count: number, startMs: number, endMs: number): number {
  const t = ts.view();
  let from = base;
  while (from < base + count && (t[from] as number) < startMs) from++;
  let to = base + count;
  while (to > from && (t[to - 1] as number) > endMs) to--;
  if (from === base && to === base + count) return count;
  const v = values.view();
  t.copyWithin(base, from, to);
  v.copyWithin(base, from, to);
  ts.length = base + (to - from);
  values.length = base + (to - from);
  return to - from;
}

// ─── timestamps ───────────────────────────────────────────────────────────────────────────

function timestampsFitDod(ts: Float64Array, offset: number, count: number): boolean {
  for (let i = offset; i < offset + count; i++) {
    const t = ts[i] as number;
    if (!Number.isInteger(t) || Math.abs(t) > MAX_DOD_TIMESTAMP) return false;
  }
  return true;
}

function writeDodTimestamps(w: BitWriter, ts: Float64Array, offset: number, count: number): void {
  const t0 = ts[offset] as number;
  writeSigned53(w, t0);
  let prev = t0;
  let prevDelta = 0;
  for (let i = offset + 1; i < offset + count; i++) {
    const t = ts[i] as number;
    const delta = t - prev;
    writeDod(w, delta - prevDelta);
    prevDelta = delta;
    prev = t;
  }
}

function readDodTimestamps(r: BitReader, count: number, out: GrowableFloat64): void {
  let t = readSigned53(r);
  out.push(t);
  let delta = 0;
  for (let i = 1; i < count; i++) {
    delta += readDod(r);
    t += delta;
    out.push(t);
  }
}

function writeDod(w: BitWriter, dod: number): void {
  if (dod === 0) {
    w.write(0, 1);
    return;
  }
  const z = zigzag(dod);
  if (z < 128) {
    w.write(0b10, 2);
    w.write(z, 7);
  } else if (z < 512) {
    w.write(0b110, 3);
    w.write(z, 9);
  } else if (z < 4096) {
    w.write(0b1110, 4);
    w.write(z, 12);
  } else {
    w.write(0b1111, 4);
    writeSigned53(w, dod);
  }
}

function readDod(r: BitReader): number {
  if (!r.bit()) return 0;
  if (!r.bit()) return unzigzag(r.read(7));
  if (!r.bit()) return unzigzag(r.read(9));
  if (!r.bit()) return unzigzag(r.read(12));
  return readSigned53(r);
}

function writeRawTimestamps(w: BitWriter, ts: Float64Array, offset: number, count: number): void {
  for (let i = offset; i < offset + count; i++) writeDouble(w, ts[i] as number);
}

// ─── values ───────────────────────────────────────────────────────────────────────────────

/** The smallest e such that every value is exactly q / 10^e with |q| <= 2^50, or -1. */
function decimalExponent(values: Float64Array, offset: number, count: number): number {
  for (let e = 0; e <= MAX_DECIMAL_EXPONENT; e++) {
    const f = POW10[e] as number;
    let ok = true;
    for (let i = offset; i < offset + count; i++) {
      const v = values[i] as number;
      const q = Math.round(v * f);
      // `q / f === v` is exactly what decoding computes; -0 (which === 0) must keep its sign.
      if (!(Math.abs(q) <= MAX_DECIMAL_MAGNITUDE) || q / f !== v || (v === 0 && 1 / v < 0)) {
        ok = false;
        break;
      }
    }
    if (ok) return e;
    // A value that is not finite or is huge fails every exponent: stop early.
    const first = values[offset] as number;
    if (!Number.isFinite(first) || Math.abs(first) > MAX_DECIMAL_MAGNITUDE) return -1;
  }
  return -1;
}

function writeDecimalValues(w: BitWriter, values: Float64Array, offset: number, count: number, e: number): void {
  const f = POW10[e] as number;
  let width = 0;
  let prev = Math.round((values[offset] as number) * f);
  for (let i = offset + 1; i < offset + count; i++) {
    const q = Math.round((values[i] as number) * f);
    width = Math.max(width, bitWidth(zigzag(q - prev)));
    prev = q;
  }
  w.write(e, 4);
  const q0 = Math.round((values[offset] as number) * f);
  writeSigned53(w, q0);
  w.write(width, 6);
  prev = q0;
  for (let i = offset + 1; i < offset + count; i++) {
    const q = Math.round((values[i] as number) * f);
    w.writeWide(zigzag(q - prev), width);
    prev = q;
  }
}

function readDecimalValues(r: BitReader, count: number, out: GrowableFloat64): void {
  const e = r.read(4);
  const f = POW10[e];
  if (f === undefined) throw new Error(`sample chunk has an invalid decimal exponent ${e}`);
  let q = readSigned53(r);
  out.push(q / f);
  const width = r.read(6);
  for (let i = 1; i < count; i++) {
    q += unzigzag(r.readWide(width));
    out.push(q / f);
  }
}

function writeXorValues(w: BitWriter, values: Float64Array, offset: number, count: number): void {
  scratch[0] = values[offset] as number;
  let hi = scratchWords[HI] as number;
  let lo = scratchWords[LO] as number;
  w.write(hi, 32);
  w.write(lo, 32);
  let leading = -1;
  let trailing = 0;
  for (let i = offset + 1; i < offset + count; i++) {
    scratch[0] = values[i] as number;
    const h = scratchWords[HI] as number;
    const l = scratchWords[LO] as number;
    const xh = (h ^ hi) >>> 0;
    const xl = (l ^ lo) >>> 0;
    hi = h;
    lo = l;
    if (xh === 0 && xl === 0) {
      w.write(0, 1);
      continue;
    }
    const lead = Math.min(31, xh !== 0 ? Math.clz32(xh) : 32 + Math.clz32(xl));
    const trail = xl !== 0 ? ctz32(xl) : 32 + ctz32(xh);
    if (leading >= 0 && lead >= leading && trail >= trailing) {
      w.write(0b10, 2);
      writeXorBits(w, xh, xl, leading, trailing);
    } else {
      w.write(0b11, 2);
      w.write(lead, 5);
      // 64 meaningful bits are written as length 0.
      w.write((64 - lead - trail) & 63, 6);
      writeXorBits(w, xh, xl, lead, trail);
      leading = lead;
      trailing = trail;
    }
  }
}

function readXorValues(r: BitReader, count: number, out: GrowableFloat64): void {
  let hi = r.read(32);
  let lo = r.read(32);
  out.push(fromWords(hi, lo));
  let leading = 0;
  let trailing = 0;
  for (let i = 1; i < count; i++) {
    if (r.bit()) {
      if (r.bit()) {
        leading = r.read(5);
        const length = r.read(6) || 64;
        trailing = 64 - leading - length;
        if (trailing < 0) throw new Error('sample chunk has an invalid XOR window');
      }
      readXorBits(r, leading, trailing);
      hi = (hi ^ xorHi) >>> 0;
      lo = (lo ^ xorLo) >>> 0;
    }
    out.push(fromWords(hi, lo));
  }
}

/** Writes bits [trailing, 64 - leading) of the 64-bit XOR `xh:xl`, most significant first. */
function writeXorBits(w: BitWriter, xh: number, xl: number, leading: number, trailing: number): void {
  const length = 64 - leading - trailing;
  // Shift right by `trailing` across the two words.
  let sh: number;
  let sl: number;
  if (trailing >= 32) {
    sh = 0;
    sl = xh >>> (trailing - 32);
  } else if (trailing === 0) {
    sh = xh;
    sl = xl;
  } else {
    sh = xh >>> trailing;
    sl = ((xl >>> trailing) | (xh << (32 - trailing))) >>> 0;
  }
  if (length > 32) {
    w.write(sh, length - 32);
    w.write(sl, 32);
  } else {
    w.write(sl, length);
  }
}

// The last XOR read, as two words (module state rather than a tuple per sample).
let xorHi = 0;
let xorLo = 0;

function readXorBits(r: BitReader, leading: number, trailing: number): void {
  const length = 64 - leading - trailing;
  let sh = 0;
  let sl: number;
  if (length > 32) {
    sh = r.read(length - 32);
    sl = r.read(32);
  } else {
    sl = r.read(length);
  }
  // Shift left by `trailing` across the two words.
  if (trailing >= 32) {
    xorHi = (sl << (trailing - 32)) >>> 0;
    xorLo = 0;
  } else if (trailing === 0) {
    xorHi = sh >>> 0;
    xorLo = sl >>> 0;
  } else {
    xorHi = ((sh << trailing) | (sl >>> (32 - trailing))) >>> 0;
    xorLo = (sl << trailing) >>> 0;
  }
}

// ─── numbers ──────────────────────────────────────────────────────────────────────────────

function writeDouble(w: BitWriter, v: number): void {
  scratch[0] = v;
  w.write(scratchWords[HI] as number, 32);
  w.write(scratchWords[LO] as number, 32);
}

function readDouble(r: BitReader): number {
  const hi = r.read(32);
  return fromWords(hi, r.read(32));
}

function fromWords(hi: number, lo: number): number {
  scratchWords[HI] = hi;
  scratchWords[LO] = lo;
  return scratch[0] as number;
}

function writeSigned53(w: BitWriter, v: number): void {
  w.bit(v < 0);
  w.writeWide(Math.abs(v), 53);
}

function readSigned53(r: BitReader): number {
  const negative = r.bit();
  const magnitude = r.readWide(53);
  return negative ? -magnitude : magnitude;
}

function zigzag(v: number): number {
  return v >= 0 ? 2 * v : -2 * v - 1;
}

function unzigzag(z: number): number {
  return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
}

function bitWidth(z: number): number {
  return z === 0 ? 0 : Math.floor(Math.log2(z)) + 1;
}

function ctz32(x: number): number {
  return 31 - Math.clz32(x & -x);
}
