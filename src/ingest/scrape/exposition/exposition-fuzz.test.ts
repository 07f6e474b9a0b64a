import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Label } from '../../../model/labels.js';
import { sortLabels } from '../../../model/labels.js';
import { seededRandom as prng } from '../../../../test/helpers/prometheus-answers.js';
import type { ExpositionFormat } from './index.js';
import { ExpositionParseError, ExpositionParser } from './index.js';


const NAME_FIRST = 'abcxyzABCXYZ_';
const NAME_REST = `${NAME_FIRST}0189`;
const VALUE_CHARS = ['a', 'Z', '0', ' ', '\\', '"', '\n', '}', '{', ',', '=', '#', 'é', '😀', '\t'];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

function randomName(rand: () => number): string {
  let s = pick(rand, [...NAME_FIRST]);
  for (let n = Math.floor(rand() * 8); n > 0; n--) s += pick(rand, [...NAME_REST]);
  return s;
}

function escapeValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function randomLabels(rand: () => number, count: number): Label[] {
  const names = new Set<string>();
  while (names.size < count) {
    const name = randomName(rand);
    if (name !== '__name__') names.add(name);
  }
  return [...names].map((name) => {
    let value = '';
    for (let n = Math.floor(rand() * 6); n > 0; n--) value += pick(rand, VALUE_CHARS);
    return { name, value };
  });
}

function render(metric: string, labels: readonly Label[], format: ExpositionFormat, rand: () => number): string {
  const sep = format === 'openmetrics' ? ',' : pick(rand, [',', ', ', ' ,\t']);
  return `${metric}{${labels.map((l) => `${l.name}="${escapeValue(l.value)}"`).join(sep)}}`;
}

describe('property: rendered label sets parse back to the same labels', () => {
  for (const format of ['prometheus-text', 'openmetrics'] as const) {
    it(format, () => {
      const rand = prng(format === 'openmetrics' ? 7 : 11);
      for (let round = 0; round < 500; round++) {
        const labels = randomLabels(rand, Math.floor(rand() * 25));
        const series = render('metric_x', labels, format, rand);
        const page = format === 'openmetrics' ? `${series} 42 12.5\n# EOF\n` : `${series} 42 12500\n`;
        const p = new ExpositionParser(page, format);
        assert.equal(p.next(), 'series');
        assert.equal(p.seriesText(), series);
        assert.equal(p.timestampMs(), 12500);
        const expected = sortLabels([{ name: '__name__', value: 'metric_x' }, ...labels.filter((l) => l.value !== '')]);
        assert.deepEqual(p.labels(), expected, page);
      }
    });
  }
  it('a repeated name anywhere in a set of up to 30 labels is reported', () => {
    const rand = prng(3);
    for (let round = 0; round < 300; round++) {
      const labels = randomLabels(rand, 1 + Math.floor(rand() * 30));
      const twin = { name: pick(rand, labels).name, value: 'twin' };
      labels.splice(Math.floor(rand() * (labels.length + 1)), 0, twin);
      const p = new ExpositionParser(`${render('m', labels, 'prometheus-text', rand)} 1\n`, 'prometheus-text');
      assert.throws(() => p.next(), new RegExp(`duplicate label name "${twin.name}"`));
    }
  });
});

describe('property: floats printed by JavaScript parse back to the same float', () => {
  it('random bit patterns, integers and short decimals', () => {
    const rand = prng(5);
    const bits = new Uint32Array(2);
    const asFloat = new Float64Array(bits.buffer);
    const samples: number[] = [];
    for (let i = 0; i < 3000; i++) {
      bits[0] = Math.floor(rand() * 2 ** 32);
      bits[1] = Math.floor(rand() * 2 ** 32);
      const v = asFloat[0] as number;
      if (!Number.isNaN(v)) samples.push(v);
      samples.push(Math.floor(rand() * 2 ** 53) * (rand() < 0.5 ? -1 : 1));
      samples.push(Math.round(rand() * 1e9) / 10 ** Math.floor(rand() * 12));
    }
    const page = samples.map((v, i) => `v${i} ${String(v)}\nw${i} ${v.toExponential()}\n`).join('');
    const p = new ExpositionParser(page, 'prometheus-text');
    for (const v of samples) {
      for (let twice = 0; twice < 2; twice++) {
        assert.equal(p.next(), 'series');
        assert.ok(Object.is(p.value(), v) || (v === 0 && p.value() === 0), `${p.seriesText()}: ${p.value()} !== ${v}`);
      }
    }
  });
});

describe('fuzz: mutated pages either parse or fail with an ExpositionParseError', () => {
  const bases: [ExpositionFormat, string][] = [
    ['prometheus-text', readFileSync(new URL('./testdata/node-exporter-1.5.prom', import.meta.url), 'utf8').slice(0, 3000)],
    ['openmetrics', readFileSync(new URL('./testdata/openmetrics-1.0.om.txt', import.meta.url), 'utf8')],
  ];
  const noise = ['{', '}', '"', ',', '=', ' ', '\t', '\n', '\\', '#', '.', 'e', '+', '-', '0', '9', 'a', '_', ':', 'N'];
  for (const [format, base] of bases) {
    it(format, () => {
      const rand = prng(format.length);
      let failures = 0;
      for (let round = 0; round < 1500; round++) {
        let page = base;
        for (let m = 1 + Math.floor(rand() * 3); m > 0; m--) {
          const at = Math.floor(rand() * page.length);
          const op = rand();
          if (op < 0.4) page = page.slice(0, at) + page.slice(at + 1);
          else if (op < 0.8) page = page.slice(0, at) + pick(rand, noise) + page.slice(at);
          else page = page.slice(0, at) + page.slice(at, at + Math.floor(rand() * 40)) + page.slice(at);
        }
        const lines = page.split('\n').length;
        const p = new ExpositionParser(page, format);
        try {
          for (let kind = p.next(); kind !== null; kind = p.next()) {
            if (kind === 'series') {
              assert.equal(typeof p.value(), 'number');
              assert.ok(p.labels().length >= 1);
              p.exemplar();
            }
          }
        } catch (e) {
          if (!(e instanceof ExpositionParseError)) throw e;
          assert.ok(e.line >= 1 && e.line <= lines + 1, e.message);
          assert.match(e.message, /^line \d+: /);
          failures++;
        }
      }
      assert.ok(failures > 100, `mutations should break many pages (${failures})`);
    });
  }
});
