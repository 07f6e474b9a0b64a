import { badInput } from '../../model/index.js';

const HEX_DIGIT = /^[0-9a-fA-F]$/;

/**
 * Parses a trace id as Tempo does (`pkg/util/traceid.go`): hex digits of either case, at most
 * 32 of them, shorter ids left-padded with zeros to 128 bits. Returns 32 lowercase hex digits.
 * Throws `badInput` with Tempo's messages (positions count bytes from 1, as Go's do).
 */
export function parseTempoTraceId(text: string): string {
  let bytePos = 0;
  for (const c of text) {
    if (!HEX_DIGIT.test(c)) {
      throw badInput(`trace IDs can only contain hex characters: invalid character '${c}' at position ${bytePos + 1}`);
    }
    bytePos += Buffer.byteLength(c);
  }
  if (text.length > 32) throw badInput("trace IDs can't be larger than 128 bits");
  return text.toLowerCase().padStart(32, '0');
}
