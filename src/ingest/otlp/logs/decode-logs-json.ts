import type { LogBatch } from '../../../model/index.js';
import { NANOS_PER_MILLI } from '../../../model/index.js';
import type { DecodeResult, JsonObject } from '../common/index.js';
import {
  anyValueFromJson,
  attributesFromJson,
  jsonArray,
  jsonEnum,
  jsonHexId,
  jsonInt64,
  jsonObject,
  jsonString,
  jsonUint32,
  parseJsonBody,
  resourceFromJson,
  scopeFromJson,
  shapeError,
} from '../common/index.js';
import { setLogIdsFromHex } from './log-ids.js';
import { LogsAssembler } from './logs-assembler.js';
import { RawLogRecord } from './raw-log-record.js';
import { SEVERITY_NUMBER_NAMES } from './severity.js';

const REQUEST = 'ExportLogsServiceRequest';

/**
 * Decodes an OTLP/JSON ExportLogsServiceRequest into one LogBatch for `tenant`, with the same
 * mapping and rejection rules as decodeLogsProto. Field names in lowerCamelCase (snake_case
 * accepted too), ids as hex, 64-bit integers as strings or numbers, severityNumber as a number
 * or its enum name; unknown fields are ignored. An id that is not hex text rejects its record.
 *
 * Throws `badInput` for invalid JSON or a value of the wrong type, naming its path.
 */
export function decodeLogsJson(
  body: Uint8Array | string,
  tenant: string,
  nowUnixNano: bigint = BigInt(Date.now()) * NANOS_PER_MILLI,
): DecodeResult<LogBatch> {
  const root = jsonObject(parseJsonBody(body, REQUEST), REQUEST);
  if (root === undefined) throw shapeError(REQUEST, 'an object', null);
  const out = new LogsAssembler(tenant, nowUnixNano);
  const rec = new RawLogRecord();
  const resourceLogs = jsonArray(root.resourceLogs ?? root.resource_logs, 'resourceLogs');
  for (let i = 0; i < resourceLogs.length; i++) {
    const path = `resourceLogs[${i}]`;
    const rl = jsonObject(resourceLogs[i], path);
    if (rl === undefined) continue;
    out.startResource(resourceFromJson(rl.resource, `${path}.resource`).attributes);
    const scopeLogs = jsonArray(rl.scopeLogs ?? rl.scope_logs, `${path}.scopeLogs`);
    for (let j = 0; j < scopeLogs.length; j++) {
      const sp = `${path}.scopeLogs[${j}]`;
      const sl = jsonObject(scopeLogs[j], sp);
      if (sl === undefined) continue;
      out.startScope(scopeFromJson(sl.scope, `${sp}.scope`));
      const records = jsonArray(sl.logRecords ?? sl.log_records, `${sp}.logRecords`);
      for (let k = 0; k < records.length; k++) {
        const rp = `${sp}.logRecords[${k}]`;
        const o = jsonObject(records[k], rp);
        if (o === undefined) throw shapeError(rp, 'a LogRecord object', null);
        readLogRecord(o, rp, rec);
        out.add(rec);
      }
    }
  }
  return out.result();
}

function readLogRecord(o: JsonObject, path: string, rec: RawLogRecord): void {
  rec.reset();
  let traceId: string | undefined = '';
  let spanId: string | undefined = '';
  for (const k in o) {
    const f = o[k];
    const p = `${path}.${k}`;
    switch (k) {
      case 'timeUnixNano':
      case 'time_unix_nano':
        rec.timeUnixNano = jsonInt64(f, p, false);
        break;
      case 'observedTimeUnixNano':
      case 'observed_time_unix_nano':
        rec.observedTimeUnixNano = jsonInt64(f, p, false);
        break;
      case 'severityNumber':
      case 'severity_number':
        rec.severityNumber = jsonEnum(f, p, SEVERITY_NUMBER_NAMES);
        break;
      case 'severityText':
      case 'severity_text':
        rec.severityText = jsonString(f, p);
        break;
      case 'body':
        rec.body = anyValueFromJson(f, p);
        break;
      case 'attributes':
        rec.attributes = attributesFromJson(f, p);
        break;
      case 'droppedAttributesCount':
      case 'dropped_attributes_count':
        rec.droppedAttributesCount = jsonUint32(f, p);
        break;
      case 'flags':
        rec.flags = jsonUint32(f, p);
        break;
      case 'traceId':
      case 'trace_id':
        traceId = jsonHexId(f);
        break;
      case 'spanId':
      case 'span_id':
        spanId = jsonHexId(f);
        break;
      case 'eventName':
      case 'event_name':
        rec.eventName = jsonString(f, p);
        break;
      default:
        break;
    }
  }
  setLogIdsFromHex(rec, traceId, spanId);
}
