import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import { backend, jsBackend } from '../../src/backend/index.js';
import type { View } from '../../src/backend/types.js';
import type { TypedArray } from '../../src/tensor/dtype.js';

// The active backend's `where` kernel against the js one, bit for bit, on the layouts the native
// addon runs through its vectorised path (contiguous condition; each operand contiguous or one
// broadcast value) and on strided ones it does not; lengths around the vector widths.

type Ctor = Float32Array | Float64Array | Int32Array;
const KINDS = [
  ['float32', (n: number) => new Float32Array(n), (a: TypedArray) => new Uint32Array(a.buffer, a.byteOffset, a.length)],
  ['float64', (n: number) => new Float64Array(n), (a: TypedArray) => new BigUint64Array(a.buffer, a.byteOffset, a.length)],
  ['int32', (n: number) => new Int32Array(n), (a: TypedArray) => a],
] as const;

function lcg(seed: number): () => number {
  let s = seed;
  return () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
}

const view = (data: TypedArray, n: number, stride: number, offset: number): View => ({ data, shape: [n], strides: [stride], offset });

for (const [dtype, make, bits] of KINDS) {
  test(`where (${nb.getBackend()} backend, ${dtype}): equals the js kernel bit for bit, contiguous, broadcast and strided`, () => {
    const rnd = lcg(7);
    for (const n of [1, 2, 3, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 1000, 100_003]) {
      const c = Uint8Array.from({ length: n + 3 }, () => (rnd() < 0.5 ? 1 : 0));
      const fill = (len: number): Ctor => {
        const a = make(len) as Ctor;
        for (let i = 0; i < len; i++) a[i] = dtype === 'int32' ? Math.floor(rnd() * 2e9 - 1e9) : rnd() * 4 - 2;
        if (dtype === 'float32' && len > 2) { // NaN payloads (a signalling one too) and -0 keep their bits
          const u = new Uint32Array(a.buffer);
          u[0] = 0x7f800001; u[1] = 0xffc01234; u[2] = 0x80000000;
        }
        if (dtype === 'float64' && len > 1) { a[0] = NaN; a[1] = -0; }
        return a;
      };
      const a = fill(2 * n + 3), b = fill(2 * n + 3);
      // [condition stride, a stride, b stride] with offsets 1 / 2 / 3 (the vector path needs c
      // contiguous and each operand contiguous or broadcast)
      for (const [sc, sa, sb] of [[1, 1, 1], [1, 0, 1], [1, 1, 0], [1, 0, 0], [1, 2, 1], [0, 1, 1], [1, 1, 2]]) {
        const out1 = make(n + 1), out2 = make(n + 1);
        out1[n] = 5; out2[n] = 5;
        const args = (o: TypedArray): [View, View, View, TypedArray] => [view(c, n, sc, 1), view(a, n, sa, 2), view(b, n, sb, 3), o];
        backend().where(...args(out1));
        jsBackend().where(...args(out2));
        assert.deepEqual(bits(out1), bits(out2), `n ${n} strides ${sc},${sa},${sb}`);
        assert.equal(out1[n], 5, 'nothing written past the output');
      }
    }
  });
}

test('where through the op: same-shape and scalar operands, NaN selected or not', () => {
  const x = nb.tensor([1, NaN, -2, 0, 3, NaN, 5, -0.5, 2, 2, 2, 2, 2, 2, 2, 2, -1]);
  const g = nb.arange(0, 17, 1, { dtype: 'float32' });
  assert.deepEqual(Array.from(nb.where(nb.gt(x, 0), g, 0).dataSync()), [0, 0, 0, 0, 4, 0, 6, 0, 8, 9, 10, 11, 12, 13, 14, 15, 0]);
  const y = nb.where(nb.isnan(x), x, g).dataSync();
  assert.ok(Number.isNaN(y[1]) && Number.isNaN(y[5]) && y[0] === 0 && y[16] === 16);
});
