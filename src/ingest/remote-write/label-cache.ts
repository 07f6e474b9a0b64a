import type { Labels } from '../../model/index.js';

/**
 * Remembers what the label bytes of a series decoded to. A sender repeats the same bytes for
 * the same series in every request, so a hit skips UTF-8 decoding, validation and sorting.
 *
 * Keyed by the raw bytes themselves: an open-addressing table of 32-bit hashes over a byte
 * arena, so a lookup allocates nothing. (A latin1 string of the bytes as a Map key cost
 * half of the whole decode: building the string, hashing it, comparing it.)
 *
 * Each entry has a number, stable until the cache starts over (`generation` then changes):
 * decoders use it to tell series apart without comparing label sets. Bounded: once full it
 * takes no more entries (nor more than `maxArenaBytes` of label bytes), and starts over before
 * the next request once it refused one; that costs only re-decoding.
 */
export class SeriesLabelCache {
  /** Counts the times the cache started over (entry numbers and label-set objects are new after that). */
  generation = 0;
  private count = 0;
  /** An `add` found the cache full since it last started over. */
  private refused = false;
  /** Entry number + 1 per slot, 0 when empty; the length is a power of two, at least twice maxEntries. */
  private readonly slots: Int32Array;
  private readonly hashes: Int32Array;
  private readonly keyStart: Int32Array;
  private readonly keyEnd: Int32Array;
  private arena = new Uint8Array(1 << 16);
  private arenaUsed = 0;
  private readonly values: Labels[] = [];

  /**
   * `maxArenaBytes` bounds the label bytes held, so a sender of huge label sets cannot make the
   * cache grow past it (64 MiB: 200,000 series of 335 bytes each, well above typical sets).
   */
  constructor(
    private readonly maxEntries = 200_000,
    private readonly maxArenaBytes = 64 * 1024 * 1024,
  ) {
    let size = 1024;
    while (size < maxEntries * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.hashes = new Int32Array(maxEntries);
    this.keyStart = new Int32Array(maxEntries);
    this.keyEnd = new Int32Array(maxEntries);
  }

  /** Entry numbers are below this. */
  get capacity(): number {
    return this.maxEntries;
  }

  /** The entry number of the label bytes `bytes[from, to)`, or -1. */
  find(bytes: Uint8Array, from: number, to: number): number {
    const hash = hashBytes(bytes, from, to);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = (this.slots[slot] as number) - 1;
      if (entry < 0) return -1;
      if (this.hashes[entry] === hash && this.sameKey(entry, bytes, from, to)) return entry;
    }
  }

  /** The label set entry `entry` decoded to. */
  value(entry: number): Labels {
    return this.values[entry] as Labels;
  }

  /**
   * Starts over when a label set found the cache full. Called between requests only, so that
   * the entry numbers one request hands out all belong to one generation.
   */
  startOverIfFull(): void {
    if (this.refused) this.clear();
  }

  /**
   * Adds the label bytes `bytes[from, to)` (not present) with the label set they decoded to; returns
   * the new entry's number, or -1 when the cache is full (until `startOverIfFull`).
   */
  add(bytes: Uint8Array, from: number, to: number, value: Labels): number {
    const length = to - from;
    if (this.count >= this.maxEntries || this.arenaUsed + length > this.maxArenaBytes) {
      this.refused = true;
      return -1;
    }
    if (this.arenaUsed + length > this.arena.length) {
      let size = this.arena.length * 2;
      while (size < this.arenaUsed + length) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = grown;
    }
    this.arena.set(bytes.subarray(from, to), this.arenaUsed);
    const entry = this.count++;
    const hash = hashBytes(bytes, from, to);
    this.hashes[entry] = hash;
    this.keyStart[entry] = this.arenaUsed;
    this.keyEnd[entry] = this.arenaUsed + length;
    this.arenaUsed += length;
    this.values[entry] = value;
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = entry + 1;
    return entry;
  }

  private sameKey(entry: number, bytes: Uint8Array, from: number, to: number): boolean {
    const start = this.keyStart[entry] as number;
    if ((this.keyEnd[entry] as number) - start !== to - from) return false;
    const arena = this.arena;
    for (let i = from, j = start; i < to; i++, j++) if (bytes[i] !== arena[j]) return false;
    return true;
  }

  private clear(): void {
    this.slots.fill(0);
    this.values.length = 0;
    this.count = 0;
    this.arenaUsed = 0;
    this.refused = false;
    this.generation++;
  }
}

/**
 * MurmurHash3-style hash (x86, 32-bit mixing, seeded with the length) of `bytes[from, to)`,
 * four bytes per step. The constants are written `| 0` so V8 keeps every intermediate an
 * int32 (a constant above 2^31 would make the loop's variable a heap double: three times
 * slower, measured).
 */
function hashBytes(bytes: Uint8Array, from: number, to: number): number {
  let h = (to - from) | 0;
  let i = from;
  for (; i + 4 <= to; i += 4) {
    let k = (bytes[i] as number) | ((bytes[i + 1] as number) << 8) | ((bytes[i + 2] as number) << 16) | ((bytes[i + 3] as number) << 24);
    k = Math.imul(k, 0xcc9e2d51 | 0);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + (0xe6546b64 | 0)) | 0;
  }
  let k = 0;
  for (let shift = 0; i < to; i++, shift += 8) k |= (bytes[i] as number) << shift;
  k = Math.imul(k, 0xcc9e2d51 | 0);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b | 0);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35 | 0);
  return h ^ (h >>> 16);
}
