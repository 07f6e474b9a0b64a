import type { Attribute, LogBatch } from '../../../model/index.js';
import { NANOS_PER_MILLI } from '../../../model/index.js';
import type { ProtobufReader } from '../../shared/protobuf-reader.js';
import type { DecodeResult, OtlpResource } from '../common/index.js';
import {
  EMPTY_RESOURCE,
  EMPTY_SCOPE,
  WIRE_I32,
  WIRE_I64,
  WIRE_LEN,
  WIRE_VARINT,
  decodeAnyValueProto,
  decodeKeyValueProto,
  decodeProtoRequest,
  decodeResourceProto,
  decodeScopeProto,
  expectWire,
  mergeResources,
} from '../common/index.js';
import { setLogIdsFromBytes } from './log-ids.js';
import { LogsAssembler } from './logs-assembler.js';
import { RawLogRecord } from './raw-log-record.js';

const REQUEST = 'ExportLogsServiceRequest';

/**
 * Decodes an OTLP/protobuf ExportLogsServiceRequest into one LogBatch for `tenant`, mapped as
 * LogsAssembler describes (Loki's OTLP mapping). `nowUnixNano` is the time given to records
 * with neither time nor observed time (defaults to the current clock).
 *
 * A record whose trace_id is neither empty nor 16 bytes, or whose span_id is neither empty nor
 * 8 bytes, is rejected and counted; all-zero ids read as absent. Throws `badInput` when the
 * bytes are not a well-formed message. The result does not reference `body`.
 */
export function decodeLogsProto(
  body: Uint8Array,
  tenant: string,
  nowUnixNano: bigint = BigInt(Date.now()) * NANOS_PER_MILLI,
): DecodeResult<LogBatch> {
  return decodeProtoRequest(REQUEST, body, (r) => new LogsProtoDecoder(r, new LogsAssembler(tenant, nowUnixNano)).decode());
}

class LogsProtoDecoder {
  private readonly rec = new RawLogRecord();

  constructor(
    private readonly r: ProtobufReader,
    private readonly out: LogsAssembler,
  ) {}

  decode(): DecodeResult<LogBatch> {
    const r = this.r;
    const end = r.length;
    while (r.pos < end) {
      const tag = r.tag();
      if (tag >>> 3 === 1) {
        expectWire(tag, WIRE_LEN, REQUEST);
        this.resourceLogs(r.messageEnd());
      } else r.skip(tag & 7);
    }
    return this.out.result();
  }

  /** Two passes: the resource first (it may follow the scopes on the wire), then the scopes. */
  private resourceLogs(end: number): void {
    const r = this.r;
    const start = r.pos;
    let resource: OtlpResource = EMPTY_RESOURCE;
    while (r.pos < end) {
      const tag = r.tag();
      switch (tag >>> 3) {
        case 1:
          expectWire(tag, WIRE_LEN, 'ResourceLogs');
          resource = mergeResources(resource, decodeResourceProto(r, r.messageEnd()));
          break;
        case 2:
        case 3:
          expectWire(tag, WIRE_LEN, 'ResourceLogs');
          r.skip(WIRE_LEN);
          break;
        default:
          r.skip(tag & 7);
      }
    }
    r.expectEnd(end);
    this.out.startResource(resource.attributes);
    r.pos = start;
    while (r.pos < end) {
      const tag = r.tag();
      if (tag >>> 3 === 2) this.scopeLogs(r.messageEnd());
      else r.skip(tag & 7);
    }
  }

  private scopeLogs(end: number): void {
    const r = this.r;
    const start = r.pos;
    let scope = EMPTY_SCOPE;
    while (r.pos < end) {
      const tag = r.tag();
      switch (tag >>> 3) {
        case 1:
          expectWire(tag, WIRE_LEN, 'ScopeLogs');
          scope = decodeScopeProto(r, r.messageEnd());
          break;
        case 2:
        case 3:
          expectWire(tag, WIRE_LEN, 'ScopeLogs');
          r.skip(WIRE_LEN);
          break;
        default:
          r.skip(tag & 7);
      }
    }
    r.expectEnd(end);
    this.out.startScope(scope);
    r.pos = start;
    while (r.pos < end) {
      const tag = r.tag();
      if (tag >>> 3 === 2) this.logRecord(r.messageEnd());
      else r.skip(tag & 7);
    }
  }

  private logRecord(end: number): void {
    const r = this.r;
    const rec = this.rec;
    rec.reset();
    let attributes: Attribute[] | undefined;
    let traceId: Uint8Array | undefined;
    let spanId: Uint8Array | undefined;
    while (r.pos < end) {
      const tag = r.tag();
      switch (tag >>> 3) {
        case 1:
          expectWire(tag, WIRE_I64, 'LogRecord');
          rec.timeUnixNano = r.fixed64();
          break;
        case 2:
          expectWire(tag, WIRE_VARINT, 'LogRecord');
          rec.severityNumber = r.int32();
          break;
        case 3:
          expectWire(tag, WIRE_LEN, 'LogRecord');
          rec.severityText = r.string();
          break;
        case 5:
          expectWire(tag, WIRE_LEN, 'LogRecord');
          rec.body = decodeAnyValueProto(r, r.messageEnd());
          break;
        case 6:
          expectWire(tag, WIRE_LEN, 'LogRecord');
          (attributes ??= []).push(decodeKeyValueProto(r, r.messageEnd()));
          break;
        case 7:
          expectWire(tag, WIRE_VARINT, 'LogRecord');
          rec.droppedAttributesCount = r.uint32();
          break;
        case 8:
          expectWire(tag, WIRE_I32, 'LogRecord');
          rec.flags = r.fixed32();
          break;
        case 9:
          expectWire(tag, WIRE_LEN, 'LogRecord');
          traceId = r.bytesView();
          break;
        case 10:
          expectWire(tag, WIRE_LEN, 'LogRecord');
          spanId = r.bytesView();
          break;
        case 11:
          expectWire(tag, WIRE_I64, 'LogRecord');
          rec.observedTimeUnixNano = r.fixed64();
          break;
        case 12:
          expectWire(tag, WIRE_LEN, 'LogRecord');
          rec.eventName = r.string();
          break;
        default:
          r.skip(tag & 7);
      }
    }
    r.expectEnd(end);
    if (attributes !== undefined) rec.attributes = attributes;
    setLogIdsFromBytes(rec, traceId, spanId);
    this.out.add(rec);
  }
}
