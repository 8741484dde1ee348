import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as nb from '../../src/index.js';
import { readCsv, parseCsv, parseCsvRows, writeCsv, formatCsv } from '../../src/io/index.js';

test('parseCsvRows: quotes, escaped quotes, delimiters and newlines inside quotes, CRLF, blank lines', () => {
  const text = 'a,"b,c","say ""hi"""\r\n\r\n"multi\nline",,""\nlast,x,y';
  assert.deepEqual(parseCsvRows(text), [['a', 'b,c', 'say "hi"'], ['multi\nline', '', ''], ['last', 'x', 'y']]);
  assert.deepEqual(parseCsvRows('x;y\n1;2\n', ';'), [['x', 'y'], ['1', '2']]);
  assert.throws(() => parseCsvRows('a,"open\n'), /unterminated quoted field/);
  assert.throws(() => parseCsvRows('ab"c"'), /a quote inside an unquoted field/);
  assert.throws(() => parseCsvRows('a', '"'), nb.ValueError);
});

test('readCsv: header, dtypes, NaN for empty, errors naming row and column', () => {
  const { columns, data } = readCsv('"len, cm",width\n1.5,2\n-3,\n');
  assert.deepEqual(columns, ['len, cm', 'width']);
  assert.equal(data.dtype, 'float32');
  assert.deepEqual(data.toArray(), [[1.5, 2], [-3, NaN]]);
  const ints = parseCsv('1\t2\n3\t4', { header: false, delimiter: '\t', dtype: 'int32' });
  assert.deepEqual(ints.columns, ['0', '1']);
  assert.equal(ints.data.dtype, 'int32');
  assert.deepEqual(ints.data.toArray(), [[1, 2], [3, 4]]);
  assert.throws(() => readCsv('a,b\n1,x\n'), /row 2, column 'b': "x" is not a number/);
  assert.throws(() => readCsv('a,b\n1,2,3\n'), /row 2 has 3 fields, expected 2/);
  assert.throws(() => parseCsv('1.5', { header: false, dtype: 'int32' }), /"1.5" is not an int32/);
  assert.deepEqual(parseCsv('\ufeffa\n1').columns, ['a']);
  assert.deepEqual([...parseCsv('a,b\n').data.shape], [0, 2]);
});

test('writeCsv writes atomically and reads back exactly', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nabla-csv-'));
  const p = join(dir, 'out.csv');
  nb.manualSeed(0);
  const x = nb.randn([20, 3]);
  writeCsv(p, x, { columns: ['a', 'b,c', 'q"d'] });
  assert.equal(readFileSync(p, 'utf8').split('\n')[0], 'a,"b,c","q""d"');
  const back = readCsv(p);
  assert.deepEqual(back.columns, ['a', 'b,c', 'q"d']);
  assert.deepEqual(back.data.toArray(), x.toArray());
  assert.equal(formatCsv(nb.tensor([[0.1, 1e-7]])), '0.1,1e-7\n');
  const d = nb.tensor([[0.1, 1 / 3]], { dtype: 'float64' });
  assert.deepEqual(parseCsv(formatCsv(d), { header: false, dtype: 'float64' }).data.toArray(), d.toArray());
  assert.equal(formatCsv([[1, 2], [3, 4]], { delimiter: ';' }), '1;2\n3;4\n');
  assert.throws(() => formatCsv(nb.zeros([2])), /expected a 2-D tensor/);
  assert.throws(() => formatCsv([[1]], { columns: ['a', 'b'] }), /2 column names for 1 columns/);
});
