import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lex } from './index.js';

function show(input: string): string {
  return lex(input)
    .map((t) => `${t.type}:${t.value}`)
    .join(' ');
}

describe('lex', () => {
  const cases: Array<[string, string]> = [
    ['sum by (a) (x)', 'AGGR:sum KEYWORD:by LPAREN:( IDENT:a RPAREN:) LPAREN:( IDENT:x RPAREN:) EOF:'],
    ['job:rate:5m', 'METRIC_IDENT:job:rate:5m EOF:'],
    ['a AND b Or c unless d atan2 e', 'IDENT:a OP:and IDENT:b OP:or IDENT:c OP:unless IDENT:d OP:atan2 IDENT:e EOF:'],
    ['1 0x1f .5 1e-3 Inf nan', 'NUMBER:1 NUMBER:0x1f NUMBER:.5 NUMBER:1e-3 NUMBER:Inf NUMBER:nan EOF:'],
    ['x[1h30m:10ms]', 'IDENT:x LBRACKET:[ DURATION:1h30m COLON:: DURATION:10ms RBRACKET:] EOF:'],
    ['x[STEP()+1y]', 'IDENT:x LBRACKET:[ PREPROC:step LPAREN:( RPAREN:) OP:+ DURATION:1y RBRACKET:] EOF:'],
    ["'a' \"b\\n\" `c\\n`", 'STRING:a STRING:b\n STRING:c\\n EOF:'],
    ['a # comment\n== b', 'IDENT:a OP:== IDENT:b EOF:'],
    ['@ start() end()', 'AT:@ PREPROC:start LPAREN:( RPAREN:) PREPROC:end LPAREN:( RPAREN:) EOF:'],
    ['fill (1) fill', 'KEYWORD:fill LPAREN:( NUMBER:1 RPAREN:) IDENT:fill EOF:'],
    ['a != b <= c >= d < e > f', 'IDENT:a OP:!= IDENT:b OP:<= IDENT:c OP:>= IDENT:d OP:< IDENT:e OP:> IDENT:f EOF:'],
    ['x offset bool on ignoring group_left group_right without', 'IDENT:x KEYWORD:offset KEYWORD:bool KEYWORD:on KEYWORD:ignoring KEYWORD:group_left KEYWORD:group_right KEYWORD:without EOF:'],
    ['5m', 'DURATION:5m EOF:'],
    ['(', 'LPAREN:( ERROR:unclosed left parenthesis'],
    ['x[5m', 'IDENT:x LBRACKET:[ DURATION:5m ERROR:unclosed left bracket'],
    ['1 $', "NUMBER:1 ERROR:unexpected character: '$'"],
  ];
  for (const [input, expected] of cases) it(JSON.stringify(input), () => assert.equal(show(input), expected));

  it('keeps positions', () => {
    const [a, op, b] = lex('ab  + c');
    assert.deepEqual([a?.start, a?.end, op?.start, b?.start], [0, 2, 4, 6]);
  });
  it('decodes a brace block into matchers', () => {
    const [t] = lex('{a="1", "b.c"=~"x"}');
    assert.deepEqual(t?.matchers, [
      { name: 'a', type: '=', value: '1' },
      { name: 'b.c', type: '=~', value: 'x' },
    ]);
  });
});
