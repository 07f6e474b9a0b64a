import type { Label } from '../../../model/labels.js';
import type { ExpositionFormat } from './index.js';
import { ExpositionParser } from './index.js';

/** Test-only: renders every entry of a page as one line of text, so a test compares one list. */
export function describeEntries(text: string, format: ExpositionFormat = 'prometheus-text'): string[] {
  const p = new ExpositionParser(text, format);
  const out: string[] = [];
  for (let kind = p.next(); kind !== null; kind = p.next()) {
    const at = `${p.lineNumber()}:`;
    switch (kind) {
      case 'series': {
        const ts = p.timestampMs();
        const ex = p.exemplar();
        const exemplar = ex === undefined ? '' : ` # ${renderLabels(ex.labels)} ${ex.value}${ex.timestampMs === undefined ? '' : ` @${ex.timestampMs}`}`;
        out.push(`${at} ${p.seriesText()} = ${p.value()}${ts === undefined ? '' : ` @${ts}`}${exemplar}`);
        break;
      }
      case 'help':
        out.push(`${at} help ${p.familyName()} ${JSON.stringify(p.helpText())}`);
        break;
      case 'type':
        out.push(`${at} type ${p.familyName()} ${p.metricType()}`);
        break;
      case 'unit':
        out.push(`${at} unit ${p.familyName()} ${p.unit()}`);
        break;
      case 'comment':
        out.push(`${at} comment ${JSON.stringify(p.commentText())}`);
        break;
      case 'eof':
        out.push(`${at} eof`);
        break;
    }
  }
  return out;
}

/** `{a="1",b="2"}` with values JSON-quoted, for compact assertions. */
export function renderLabels(labels: readonly Label[]): string {
  return `{${labels.map((l) => `${l.name}=${JSON.stringify(l.value)}`).join(',')}}`;
}

/** Parses a one-line page and returns its first series' labels, rendered. */
export function labelsOf(line: string, format: ExpositionFormat = 'prometheus-text'): string {
  const p = new ExpositionParser(format === 'openmetrics' ? `${line}\n# EOF\n` : line, format);
  if (p.next() !== 'series') throw new Error(`no series in ${line}`);
  return renderLabels(p.labels());
}

/** Parses `x <token>` and returns the value. */
export function valueOf(token: string, format: ExpositionFormat = 'prometheus-text'): number {
  const p = new ExpositionParser(format === 'openmetrics' ? `x ${token}\n# EOF\n` : `x ${token}\n`, format);
  p.next();
  return p.value();
}

/** The message of the ExpositionParseError a page raises, or a failure if it parses. */
export function parseErrorOf(text: string, format: ExpositionFormat = 'prometheus-text'): { message: string; line: number } {
  const p = new ExpositionParser(text, format);
  try {
    while (p.next() !== null) {
      // keep going until the error
    }
  } catch (e) {
    if (e instanceof Error && 'line' in e && typeof e.line === 'number') return { message: e.message, line: e.line };
    throw e;
  }
  throw new Error(`expected a parse error for ${JSON.stringify(text)}`);
}
