/**
 * Hands out one shared copy of equal strings. Label sets that arrive from a worker thread are
 * structured clones, so every new series brings its own copies of `__name__`, `job`, `le`,
 * "GET", "200"...: a heap snapshot after writing 100k series held 2.1M strings (73 MB), most of
 * them repeats. Bounded: past `maxEntries` it starts over (strings already shared stay shared),
 * so unique values such as instance ids cannot make it grow without end.
 */
export class StringInterner {
  private readonly seen = new Map<string, string>();

  constructor(private readonly maxEntries = 100_000) {}

  /** Distinct strings held now. */
  get size(): number {
    return this.seen.size;
  }

  intern(s: string): string {
    const shared = this.seen.get(s);
    if (shared !== undefined) return shared;
    if (this.seen.size >= this.maxEntries) this.seen.clear();
    this.seen.set(s, s);
    return s;
  }
}
