import type { RejectCounts, RejectReason, WriteResult } from '../contract.js';

/** Counts the outcome of one write call, record by record. */
export class WriteTally {
  private acceptedCount = 0;
  private readonly rejectedCounts: Record<RejectReason, number> = { too_old: 0, invalid: 0, limit: 0, out_of_order: 0 };

  accept(): void {
    this.acceptedCount++;
  }

  reject(reason: RejectReason): void {
    this.rejectedCounts[reason]++;
  }

  /** The write result; reasons with no rejected record are left out of `rejected`. */
  result(): WriteResult {
    const rejected: { -readonly [K in RejectReason]?: number } = {};
    for (const reason of Object.keys(this.rejectedCounts) as RejectReason[]) {
      const n = this.rejectedCounts[reason];
      if (n > 0) rejected[reason] = n;
    }
    return { accepted: this.acceptedCount, rejected: rejected satisfies RejectCounts };
  }
}
