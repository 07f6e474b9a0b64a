import { parsePrometheusDurationMs } from '../../../model/index.js';
import { readStringLiteral } from '../../selector/index.js';
import { compileRe2 } from './re2-regex.js';
import { parseSeriesLine, parseSeriesPrefix } from './series-line.js';
import { parseGoNumber } from './value-sequence.js';
import type {
  EvalCommand,
  EvalQuery,
  ExpectedResults,
  ExpectedSeries,
  LoadCommand,
  ScriptCommand,
  SeriesLine,
  TextMatcher,
  TimeGrid,
} from './script-types.js';
import { ScriptParseError } from './script-types.js';

// The header patterns of upstream's runner (promql/promqltest/test.go), so that the same
// texts are accepted. JavaScript's backtracking gives the same captures as RE2 here.
const LOAD = /^load(?:_(with_nhcb))?\s+(.+?)$/;
const EVAL_INSTANT = /^eval(?:_(fail|warn|ordered|info))?\s+instant\s+(?:at\s+(.+?))?\s+(.+)$/;
const EVAL_RANGE = /^eval(?:_(fail|warn|info))?\s+range\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+?)\s+(.+)$/;
const EXPECT = /^expect\s+(ordered|fail|warn|no_warn|info|no_info)(?:\s+(regex|msg):(.+))?$/;
const EXPECT_RANGE = /^expect range vector\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+)$/;
const RANGE_VECTOR_PREFIX = 'expect range vector';
const STRING_PREFIX = 'expect string';

/**
 * Parses a whole script into commands, in file order. Lines are trimmed; `#` lines are
 * comments; blank lines end a command. Throws ScriptParseError (with the line) on anything
 * upstream's runner would reject, so a typo never silently drops expectations.
 */
export function parseScript(text: string): ScriptCommand[] {
  const lines = text.split('\n').map((l) => {
    const t = l.trim();
    return t.startsWith('#') ? '' : t;
  });
  const commands: ScriptCommand[] = [];
  let i = 0;
  while (i < lines.length) {
    const header = lines[i] as string;
    if (header === '') {
      i++;
      continue;
    }
    // A command takes the lines after its header up to a blank line; `clear` takes none, and an
    // eval stops after a scalar result line. Lines it does not take start the next command,
    // as in upstream's runner (e.g. `clear` directly followed by `load`).
    let end = i + 1;
    while (end < lines.length && lines[end] !== '') end++;
    const block = lines.slice(i + 1, end);
    const word = (header.split(/[\t ]+/, 1)[0] as string).toLowerCase();
    const line = i + 1;
    let taken: number;
    if (word === 'clear') {
      commands.push({ kind: 'clear', line });
      taken = 0;
    } else if (word.startsWith('load')) {
      commands.push(parseLoad(header, block, line));
      taken = block.length;
    } else if (word.startsWith('eval')) {
      const parsed = parseEval(header, block, line);
      commands.push(parsed.command);
      taken = parsed.taken;
    } else {
      throw new ScriptParseError(line, `invalid command ${JSON.stringify(header)}`);
    }
    i += 1 + taken;
  }
  return commands;
}

function parseLoad(header: string, block: readonly string[], line: number): LoadCommand {
  const m = LOAD.exec(header);
  if (m === null) throw new ScriptParseError(line, 'invalid load command (load[_with_nhcb] <step:duration>)');
  const stepMs = parseDuration(m[2] as string, line, 'step');
  const series: SeriesLine[] = [];
  let startTimestampLines = 0;
  block.forEach((text, k) => {
    const at = line + 1 + k;
    if (isStartTimestampLine(text)) {
      // Start timestamps (start_timestamps.test) are not loaded; check the series part only.
      startTimestampLines++;
      const space = text.search(/[\t ]/);
      const metric = text.slice(0, space).slice(0, -'@st'.length);
      if (metric !== '') withLine(at, () => parseSeriesPrefix(metric));
      return;
    }
    const parsed = withLine(at, () => parseSeriesLine(text));
    series.push({ labels: parsed.labels, values: parsed.values, line: at });
  });
  return { kind: 'load', line, header, stepMs, withNhcb: m[1] === 'with_nhcb', series, startTimestampLines };
}

/** `metric{labels}@st <offsets>` or `@st <offsets>`: the first word ends in `@st`. */
function isStartTimestampLine(text: string): boolean {
  const space = text.search(/[\t ]/);
  return space > 0 && text.slice(0, space).endsWith('@st');
}

interface MutableExpect {
  fail: TextMatcher | undefined;
  failCount: number;
  ordered: boolean;
  warn: TextMatcher[];
  noWarn: boolean;
  info: TextMatcher[];
  noInfo: boolean;
  string: string | undefined;
  rangeVector: TimeGrid | undefined;
}

function parseEval(header: string, block: readonly string[], line: number): { command: EvalCommand; taken: number } {
  const instant = EVAL_INSTANT.exec(header);
  const range = instant === null ? EVAL_RANGE.exec(header) : null;
  if (instant === null && range === null) {
    throw new ScriptParseError(
      line,
      "invalid evaluation command; must be 'eval[_fail|_warn|_info|_ordered] instant [at <offset>] <query>' or 'eval[_fail|_warn|_info] range from <from> to <to> step <step> <query>'",
    );
  }
  let query: EvalQuery;
  let expr: string;
  let legacy: string | undefined;
  if (instant !== null) {
    legacy = instant[1];
    expr = instant[3] as string;
    query = { type: 'instant', timeMs: instant[2] === undefined ? 0 : parseDuration(instant[2], line, 'timestamp') };
  } else {
    const r = range as RegExpExecArray;
    legacy = r[1];
    expr = r[5] as string;
    const grid = parseGrid(r[2] as string, r[3] as string, r[4] as string, line);
    query = { type: 'range', ...grid };
  }

  const expect: MutableExpect = {
    fail: undefined,
    failCount: 0,
    ordered: legacy === 'ordered',
    warn: legacy === 'warn' ? [{ kind: 'any' }] : [],
    noWarn: false,
    info: legacy === 'info' ? [{ kind: 'any' }] : [],
    noInfo: false,
    string: undefined,
    rangeVector: undefined,
  };
  if (legacy === 'fail') {
    expect.fail = { kind: 'any' };
    expect.failCount = 1;
  }

  let scalar: ExpectedResults | undefined;
  const series: ExpectedSeries[] = [];
  let taken = 0;
  for (; taken < block.length && scalar === undefined; taken++) {
    const text = block[taken] as string;
    const at = line + 1 + taken;
    if (legacy === 'fail' && text.startsWith('expected_fail_message')) {
      expect.fail = { kind: 'message', text: text.slice('expected_fail_message'.length).trim() };
      taken++;
      break;
    }
    if (legacy === 'fail' && text.startsWith('expected_fail_regexp')) {
      expect.fail = regexMatcher(text.slice('expected_fail_regexp'.length).trim(), at);
      taken++;
      break;
    }
    if (text.startsWith(RANGE_VECTOR_PREFIX)) {
      const m = EXPECT_RANGE.exec(text);
      if (m === null) throw new ScriptParseError(at, `invalid range vector definition ${JSON.stringify(text)}`);
      expect.rangeVector = parseGrid(m[1] as string, m[2] as string, m[3] as string, at);
      continue;
    }
    if (text.startsWith(STRING_PREFIX)) {
      expect.string = parseExpectedString(text, at);
      continue;
    }
    // A metric named `expect` can still be written as `expect{}`.
    if (text.split(' ', 1)[0] === 'expect') {
      parseExpectLine(text, at, expect);
      continue;
    }
    const number = parseGoNumber(text);
    if (number !== undefined) {
      scalar = { kind: 'scalar', value: number, line: at };
      continue;
    }
    const parsed = withLine(at, () => parseSeriesLine(text));
    if (parsed.values.length > 1 && query.type === 'instant' && expect.rangeVector === undefined) {
      throw new ScriptParseError(at, "multiple values in an instant evaluation need 'expect range vector'");
    }
    series.push({ labels: parsed.labels, values: parsed.values, line: at, position: series.length + 1 });
  }

  const { failCount: _failCount, ...expectations } = expect;
  const command: EvalCommand = {
    kind: 'eval',
    line,
    header,
    expr,
    query,
    expect: expectations,
    results: scalar ?? { kind: 'series', series },
  };
  return { command, taken };
}

function parseExpectLine(text: string, at: number, expect: MutableExpect): void {
  const m = EXPECT.exec(text);
  if (m === null) throw new ScriptParseError(at, 'invalid expect statement, must match `expect <type> <match_type>: <string>`');
  const type = m[1] as string;
  let matcher: TextMatcher = { kind: 'any' };
  if (m[2] === 'msg') matcher = { kind: 'message', text: (m[3] as string).trim() };
  else if (m[2] === 'regex') matcher = regexMatcher((m[3] as string).trim(), at);
  switch (type) {
    case 'ordered':
      expect.ordered = true;
      break;
    case 'fail':
      expect.failCount++;
      if (expect.failCount > 1) throw new ScriptParseError(at, 'multiple expect fail lines are not allowed');
      expect.fail = matcher;
      break;
    case 'warn':
      expect.warn.push(matcher);
      break;
    case 'no_warn':
      expect.noWarn = true;
      break;
    case 'info':
      expect.info.push(matcher);
      break;
    case 'no_info':
      expect.noInfo = true;
      break;
  }
  if (expect.warn.length > 0 && expect.noWarn) throw new ScriptParseError(at, 'warn and no_warn cannot be used together');
  if (expect.info.length > 0 && expect.noInfo) throw new ScriptParseError(at, 'info and no_info cannot be used together');
}

function regexMatcher(source: string, at: number): TextMatcher {
  return { kind: 'regex', source, regex: withLine(at, () => compileRe2(source)) };
}

/** `expect string "..."` with Go quoting (double quotes with escapes, or backquotes). */
function parseExpectedString(text: string, at: number): string {
  const literal = text.slice(STRING_PREFIX.length + 1);
  if (!text.startsWith(`${STRING_PREFIX} `) || literal === '') {
    throw new ScriptParseError(at, 'expected string literal not valid - a quoted string literal is required');
  }
  const parsed = withLine(at, () => readStringLiteral(literal, 0, '"`'));
  if (parsed.end !== literal.length) throw new ScriptParseError(at, 'expected string literal not valid - check that the string is correctly quoted');
  return parsed.value;
}

function parseGrid(from: string, to: string, step: string, line: number): TimeGrid {
  const startMs = parseDuration(from, line, 'start timestamp');
  const endMs = parseDuration(to, line, 'end timestamp');
  if (endMs < startMs) throw new ScriptParseError(line, `end timestamp (${to}) is before start timestamp (${from})`);
  return { startMs, endMs, stepMs: parseDuration(step, line, 'step') };
}

function parseDuration(text: string, line: number, what: string): number {
  const ms = parsePrometheusDurationMs(text.trim());
  if (ms === undefined) throw new ScriptParseError(line, `invalid ${what} definition ${JSON.stringify(text)}`);
  return ms;
}

function withLine<T>(line: number, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ScriptParseError) throw e;
    throw new ScriptParseError(line, (e as Error).message, { cause: e });
  }
}
