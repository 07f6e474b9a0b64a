/** Number of cache slots (a power of two). */
const SLOTS = 4096;

/**
 * Maps the raw protobuf bytes of a data point's attributes (its consecutive KeyValue fields) to
 * the attribute-set id they were translated to, so a repeated attribute set costs one hash and
 * one byte compare instead of decoding, sanitizing and sorting its keys and values again.
 * Direct-mapped over one request buffer: entries are offsets into `buf` and a colliding entry
 * replaces the older one. Only bytes that are equal give a hit, and equal bytes always decode to
 * the same attributes, so a hit is never wrong. One instance per request.
 */
export class RawAttributeCache {
  private readonly starts = new Int32Array(SLOTS);
  private readonly lengths = new Int32Array(SLOTS);
  private readonly ids = new Int32Array(SLOTS);
  private slot = 0;

  constructor(private readonly buf: Uint8Array) {}

  /** The id stored for the bytes `[start, end)`, or -1. Remembers the slot for `store`. */
  lookup(start: number, end: number): number {
    const buf = this.buf;
    const n = end - start;
    if (n <= 0) return -1;
    let h = n;
    for (let i = start; i < end; i++) h = Math.imul(h ^ (buf[i] as number), 0x01000193);
    const slot = (h ^ (h >>> 15)) & (SLOTS - 1);
    this.slot = slot;
    if (this.lengths[slot] !== n) return -1;
    const other = (this.starts[slot] as number) - start;
    for (let i = start; i < end; i++) if (buf[i] !== buf[i + other]) return -1;
    return this.ids[slot] as number;
  }

  /** Stores `id` for the bytes of the last `lookup` (same `start`, `end`). */
  store(start: number, end: number, id: number): void {
    const slot = this.slot;
    this.starts[slot] = start;
    this.lengths[slot] = end - start;
    this.ids[slot] = id;
  }
}
