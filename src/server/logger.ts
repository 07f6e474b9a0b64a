import { pino } from 'pino';
import type { Logger } from 'pino';
import type { LogLevel } from '../config/index.js';

/** Structured JSON logs on stdout (pino). The one logger of the process, passed down explicitly. */
export function createLogger(level: LogLevel): Logger {
  return pino({ level, base: { service: 'omniscope' }, timestamp: pino.stdTimeFunctions.isoTime });
}

export type { Logger };
