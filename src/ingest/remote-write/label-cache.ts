import type { Labels } from '../../model/index.js';

/**
 * Remembers what the label bytes of a series decoded to. A sender repeats the same bytes for
 * the same series in every request, so a hit skips UTF-8 decoding, validation and sorting.
 * Keyed by the raw bytes as a latin1 string (one byte per char: exact, cheap to build).
 * Bounded: when full it starts over, which costs only re-decoding.
 */
export class SeriesLabelCache {
  private readonly entries = new Map<string, Labels | string>();
  /** Counts the times the cache started over (its label-set objects are new after that). */
  generation = 0;

  constructor(private readonly maxEntries = 200_000) {}

  get(key: string): Labels | string | undefined {
    return this.entries.get(key);
  }

  set(key: string, labels: Labels | string): void {
    if (this.entries.size >= this.maxEntries) {
      this.entries.clear();
      this.generation++;
    }
    this.entries.set(key, labels);
  }
}
