import type { Clock } from '../../model/index.js';

/** What each signal's in-memory part needs from the store around it. */
export interface MemorySignalEnv {
  /** Current time in Unix milliseconds (injected, so tests never sleep). */
  readonly clock: Clock;
  /** Length of this signal's retention window. */
  readonly retentionMs: number;
  /** Throws `unavailable` once the store is closed; called at the start of every method. */
  readonly ensureOpen: () => void;
}

/** How often long loops check their AbortSignal (in items visited). */
export const ABORT_CHECK_INTERVAL = 1024;
