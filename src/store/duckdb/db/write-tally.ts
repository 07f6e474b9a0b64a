import type { RejectCounts, RejectReason, WriteResult } from '../../contract.js';

/** Counts accepted and rejected records of one write call. */
export class WriteTally {
  accepted = 0;
  private readonly rejected: Record<RejectReason, number> = { too_old: 0, invalid: 0, limit: 0, out_of_order: 0 };

  reject(reason: RejectReason): void {
    this.rejected[reason]++;
  }

  result(): WriteResult {
    const rejected: RejectCounts = {};
    for (const reason of Object.keys(this.rejected) as RejectReason[]) {
      if (this.rejected[reason] > 0) rejected[reason] = this.rejected[reason];
    }
    return { accepted: this.accepted, rejected };
  }
}
