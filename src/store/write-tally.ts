import type { RejectCounts, RejectReason, WriteResult } from './contract.js';

/** Counts the outcome of one write call, for every backend: accepted records and rejections by reason. */
export class WriteTally {
  accepted = 0;
  private readonly rejected: { -readonly [K in RejectReason]?: number } = {};

  accept(): void {
    this.accepted++;
  }

  reject(reason: RejectReason): void {
    this.rejected[reason] = (this.rejected[reason] ?? 0) + 1;
  }

  /** The write result; a reason with no rejected record is absent from `rejected`. */
  result(): WriteResult {
    return { accepted: this.accepted, rejected: { ...this.rejected } satisfies RejectCounts };
  }
}
