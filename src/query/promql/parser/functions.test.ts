import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getFunction, listFunctions } from './index.js';

describe('function signatures', () => {
  it('covers Prometheus 3 plus holt_winters', () => assert.equal(listFunctions().length, 91));
  const cases: Array<[string, string]> = [
    ['rate', 'matrix -> vector, variadic 0'],
    ['label_join', 'vector,string,string,string -> vector, variadic -1'],
    ['round', 'vector,scalar -> vector, variadic 1'],
    ['histogram_quantile', 'scalar,vector -> vector, variadic 0'],
    ['histogram_quantiles', 'vector,string,scalar,scalar -> vector, variadic 9, experimental'],
    ['double_exponential_smoothing', 'matrix,scalar,scalar -> vector, variadic 0, experimental'],
    ['holt_winters', 'matrix,scalar,scalar -> vector, variadic 0'],
    ['sort_by_label_desc', 'vector,string -> vector, variadic -1, experimental'],
    ['info', 'vector,vector -> vector, variadic 1, experimental'],
    ['time', ' -> scalar, variadic 0'],
    ['mad_over_time', 'matrix -> vector, variadic 0, experimental'],
    ['first_over_time', 'matrix -> vector, variadic 0'],
    ['ts_of_first_over_time', 'matrix -> vector, variadic 0, experimental'],
    ['step', ' -> scalar, variadic 0, experimental'],
  ];
  for (const [name, expected] of cases) {
    it(name, () => {
      const f = getFunction(name);
      assert.ok(f !== undefined);
      assert.equal(`${f.argTypes.join(',')} -> ${f.returnType}, variadic ${f.variadic}${f.experimental ? ', experimental' : ''}`, expected);
    });
  }
  it('is case-sensitive and has no aggregations', () => {
    assert.equal(getFunction('Rate'), undefined);
    assert.equal(getFunction('sum'), undefined);
    assert.equal(getFunction('limitk'), undefined);
  });
});
