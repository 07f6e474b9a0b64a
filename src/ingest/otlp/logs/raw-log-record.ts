import type { AnyValue, Attribute } from '../../../model/index.js';

/** The shared empty attribute list (frozen: appending to it throws). */
export const NO_ATTRIBUTES: readonly Attribute[] = Object.freeze([]);

/**
 * One LogRecord as either decoder read it, before it is mapped onto the model. The decoders
 * reuse one instance for every record (reset() between records), so the object is scratch
 * space: LogsAssembler.add copies what it keeps.
 *
 * `traceId`/`spanId` are lowercase hex ('' when absent or all zeros); a decoder that found an
 * unusable id sets `idProblem` to the reason and the record is rejected.
 */
export class RawLogRecord {
  timeUnixNano = 0n;
  observedTimeUnixNano = 0n;
  severityNumber = 0;
  severityText = '';
  body: AnyValue = null;
  /**
   * Decoded for this record alone (the assembler may append to it), or NO_ATTRIBUTES (frozen
   * and shared) when the record has none.
   */
  attributes: readonly Attribute[] = NO_ATTRIBUTES;
  droppedAttributesCount = 0;
  flags = 0;
  traceId = '';
  spanId = '';
  idProblem = '';
  eventName = '';

  reset(): void {
    this.timeUnixNano = 0n;
    this.observedTimeUnixNano = 0n;
    this.severityNumber = 0;
    this.severityText = '';
    this.body = null;
    this.attributes = NO_ATTRIBUTES;
    this.droppedAttributesCount = 0;
    this.flags = 0;
    this.traceId = '';
    this.spanId = '';
    this.idProblem = '';
    this.eventName = '';
  }
}
