import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../../src/index.js';
import { nn } from '../../../src/index.js';
import type { Tensor } from '../../../src/index.js';
import { gradcheck, gradgradcheck } from '../../../src/autograd/gradcheck.js';
import { attentionForward } from '../../../src/ops/nn/attention-kernel.js';
import { packedSelfAttention } from '../../../src/ops/nn/attention-packed.js';

// The fused attention node (src/ops/nn/attention-fused.ts) against the math path: sdpa with
// returnWeights (always the composite) and MultiheadAttention with needWeights (idem).

type DType = 'float32' | 'float64';
const tol = (d: DType) => (d === 'float32' ? 1e-5 : 1e-10);

function close(name: string, a: Tensor, b: Tensor, t: number): void {
  assert.deepEqual(a.shape, b.shape, name);
  const x = a.dataSync(), y = b.dataSync();
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(y[i])) { assert.ok(Number.isNaN(x[i]), `${name}[${i}]: ${x[i]} vs NaN`); continue; }
    assert.ok(Math.abs(x[i] - y[i]) <= t * (1 + Math.abs(y[i])), `${name}[${i}]: ${x[i]} vs ${y[i]}`);
  }
}

/** Runs f fused and composite on the same leaves; compares outputs and every leaf's gradient. */
function same(dtype: DType, leaves: Tensor[], f: (composite: boolean) => Tensor): void {
  const y1 = f(false);
  assert.ok(hasFused(y1), 'the fused node ran');
  const g = nb.randn(y1.shape, { dtype });
  y1.backward(g);
  const g1 = leaves.map((t) => t.grad as Tensor);
  leaves.forEach((t) => { t.grad = null; });
  const y2 = f(true);
  assert.ok(!hasFused(y2), 'the math path ran');
  y2.backward(g);
  close('output', y1, y2, tol(dtype));
  leaves.forEach((t, i) => close(`grad ${i}`, g1[i], t.grad as Tensor, tol(dtype)));
  leaves.forEach((t) => { t.grad = null; });
}

/** Whether the fused node is among the last few nodes of y's graph. */
function hasFused(y: Tensor): boolean {
  const walk = (t: Tensor | null, depth: number): boolean =>
    !!t?.gradFn && depth < 6 && (t.gradFn.name === 'scaledDotProductAttention' || t.gradFn.inputs.some((i) => walk(i, depth + 1)));
  return walk(y, 0);
}

const sdpa = (q: Tensor, k: Tensor, v: Tensor, composite: boolean, o: Omit<nb.AttentionOptions, 'returnWeights'> = {}): Tensor =>
  composite ? nb.scaledDotProductAttention(q, k, v, { ...o, returnWeights: true }).output : nb.scaledDotProductAttention(q, k, v, o);

for (const dtype of ['float32', 'float64'] as const) {
  const r = (...s: number[]) => nb.randn(s, { dtype, requiresGrad: true });

  test(`fused sdpa (${dtype}): random shapes, scale, causal, float and bool masks equal the math path`, () => {
    nb.manualSeed(11);
    // head sizes that are multiples of 16 (≤ 64) take the register-blocked native products in float32;
    // rows and key counts that are not multiples of their 4/6-row and 64-column tiles
    for (const [B, H, L, S, E, Ev] of [[2, 3, 5, 7, 4, 3], [1, 1, 1, 1, 1, 1], [3, 2, 9, 4, 8, 5], [2, 2, 37, 53, 16, 32], [1, 1, 7, 130, 64, 48], [1, 2, 70, 70, 32, 64]]) {
      const q = r(B, H, L, E), k = r(B, H, S, E), v = r(B, H, S, Ev);
      same(dtype, [q, k, v], (c) => sdpa(q, k, v, c));
      same(dtype, [q, k, v], (c) => sdpa(q, k, v, c, { isCausal: true, scale: 0.3 }));
      const fm = nb.randn([L, S], { dtype });
      same(dtype, [q, k, v], (c) => sdpa(q, k, v, c, { attnMask: fm }));
      const bm = nb.gt(nb.rand([B, 1, L, S]), 0.4);
      same(dtype, [q, k, v], (c) => sdpa(q, k, v, c, { attnMask: bm })); // rows with no key: NaN in both
    }
  });

  test(`fused sdpa (${dtype}): causal in row blocks (long sequences, L != S), a float causal mask is recognised`, () => {
    nb.manualSeed(16);
    const ql = r(1, 1, 70, 4), kl = r(1, 1, 4096, 4), vl = r(1, 1, 4096, 3); // several row blocks without a causal mask too
    same(dtype, [ql, kl, vl], (c) => sdpa(ql, kl, vl, c));
    for (const [L, S] of [[70, 70], [70, 50], [40, 90]]) {
      const q = r(2, 2, L, 8), k = r(2, 2, S, 8), v = r(2, 2, S, 4);
      same(dtype, [q, k, v], (c) => sdpa(q, k, v, c, { isCausal: true }));
      const cm = nb.triu(nb.full([L, S], -Infinity, { dtype }), 1); // generateSquareSubsequentMask's pattern
      same(dtype, [q, k, v], (c) => sdpa(q, k, v, c, { attnMask: cm }));
      const near = nb.clone(cm);
      near.storage[1] = -1e9; // not exactly causal: read as a plain mask
      same(dtype, [q, k, v], (c) => sdpa(q, k, v, c, { attnMask: near }));
    }
  });

  test(`fused sdpa (${dtype}): non-contiguous, broadcast and shared inputs`, () => {
    nb.manualSeed(12);
    const x = r(2, 6, 3, 4); // [B, L, H, E] → heads by transpose (strided)
    same(dtype, [x], (c) => { const t = nb.transpose(x, 1, 2); return sdpa(t, t, t, c); });
    const q = r(2, 3, 5, 4), k = r(6, 4), v = r(1, 6, 2); // k and v broadcast over the batch dims
    same(dtype, [q, k, v], (c) => sdpa(q, k, v, c, { isCausal: true }));
    const kt = r(2, 3, 4, 6); // k given as a transposed view
    same(dtype, [q, kt, v], (c) => sdpa(q, nb.transpose(kt, -2, -1), v, c));
  });

  test(`packed self-attention (${dtype}): qkv read in place equals heads + the math path`, () => {
    nb.manualSeed(15);
    for (const batchFirst of [true, false]) {
      const B = 3, L = 5, H = 2, hd = 3, E = H * hd;
      const qkv = r(...(batchFirst ? [B, L, 3 * E] : [L, B, 3 * E]));
      const am = nb.randn([L, L], { dtype }), kpm = nb.randn([B, L], { dtype });
      same(dtype, [qkv], (c) => {
        if (!c) return packedSelfAttention(qkv, H, { batchFirst, attnMask: am, keyPaddingMask: kpm });
        const heads = (t: Tensor) => (batchFirst ? nb.permute(nb.reshape(t, [B, L, H, hd]), [0, 2, 1, 3]) : nb.permute(nb.reshape(t, [L, B, H, hd]), [1, 2, 0, 3]));
        const [q, k, v] = nb.chunk(qkv, 3, -1).map(heads);
        const o = sdpa(q, k, v, true, { attnMask: nb.add(am, nb.reshape(kpm, [B, 1, 1, L])) });
        return batchFirst ? nb.reshape(nb.permute(o, [0, 2, 1, 3]), [B, L, E]) : nb.reshape(nb.permute(o, [2, 0, 1, 3]), [L, B, E]);
      });
    }
  });
}

test('MultiheadAttention (no weights) runs the fused node and equals the math path (masks, batchFirst)', () => {
  nb.manualSeed(13);
  for (const batchFirst of [true, false]) {
    const m = new nn.MultiheadAttention(8, 2, { batchFirst });
    const B = 3, L = 5;
    const x = nb.randn(batchFirst ? [B, L, 8] : [L, B, 8], { requiresGrad: true });
    const kpm = nb.zeros([B, L], { dtype: 'bool' });
    kpm.storage[L - 1] = 1; kpm.storage[L + 1] = 1;
    const masks: nn.MultiheadAttentionForwardOptions[] = [
      {}, { isCausal: true }, { attnMask: nb.randn([L, L]) }, { attnMask: nb.gt(nb.rand([B * 2, L, L]), 0.7) },
      { keyPaddingMask: kpm }, { attnMask: nb.randn([L, L]), keyPaddingMask: kpm },
    ];
    for (const o of masks) same('float32', [x, ...m.parameters()], (c) => m.forward(x, x, x, { ...o, needWeights: c })[0]);
  }
  // head size 16 (the register-blocked native products), 70 causal steps (two row blocks)
  const m = new nn.MultiheadAttention(32, 2, { batchFirst: true });
  const x = nb.randn([2, 70, 32], { requiresGrad: true });
  const causal = nn.generateSquareSubsequentMask(70);
  same('float32', [x, ...m.parameters()], (c) => m.forward(x, x, x, { attnMask: causal, needWeights: c })[0]);
});

test('fused sdpa: gradcheck and gradgradcheck (createGraph runs the math path) in float64', () => {
  nb.manualSeed(14);
  const q = nb.randn([2, 3, 4], { dtype: 'float64', requiresGrad: true });
  const k = nb.randn([2, 5, 4], { dtype: 'float64', requiresGrad: true });
  const v = nb.randn([2, 5, 3], { dtype: 'float64', requiresGrad: true });
  const m = nb.randn([3, 5], { dtype: 'float64' });
  assert.ok(gradcheck((a, b, c) => nb.scaledDotProductAttention(a, b, c, { attnMask: m }), [q, k, v]));
  assert.ok(gradcheck((a, b, c) => nb.scaledDotProductAttention(a, b, c, { isCausal: true }), [q, k, v]));
  assert.ok(gradgradcheck((a, b, c) => nb.scaledDotProductAttention(a, b, c, { isCausal: true }), [q, k, v]));
  const qkv = nb.randn([2, 4, 12], { dtype: 'float64', requiresGrad: true });
  const am = nb.randn([4, 4], { dtype: 'float64' });
  assert.ok(gradcheck((a) => packedSelfAttention(a, 2, { batchFirst: true, attnMask: am }), [qkv]));
  assert.ok(gradgradcheck((a) => packedSelfAttention(a, 2, { batchFirst: false }), [qkv]));
});

test('fused attention kernel: bad meta is refused before any memory is touched', () => {
  const q = new Float32Array(8), out = new Float32Array(8);
  const meta = new Float64Array(8 + 9 * 3);
  meta.set([1, 2, 2, 4, 4, 1, 0, 0]);
  for (let s = 0; s < 9; s++) { meta[8 + s * 3] = 4; meta[9 + s * 3] = 1; meta[10 + s * 3] = 0; }
  attentionForward(q, q, q, null, null, out, meta); // in bounds: fine
  meta[10] = 5; // q's offset now reaches element 12 of 8
  if (nb.getBackend() === 'native') assert.throws(() => attentionForward(q, q, q, null, null, out, meta), /outside its array/);
});

test('fused attention: the probabilities kept from the forward give the gradients a recomputation gives, also with retainGraph', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const isCausal of [false, true]) {
      nb.manualSeed(21);
      const q = nb.randn([2, 3, 70, 16], { dtype, requiresGrad: true });
      const k = nb.randn([2, 3, 70, 16], { dtype, requiresGrad: true });
      const v = nb.randn([2, 3, 70, 32], { dtype, requiresGrad: true });
      const g = nb.randn([2, 3, 70, 32], { dtype });
      const grads = () => [q.grad!.dataSync().slice(), k.grad!.dataSync().slice(), v.grad!.dataSync().slice()].map((a) => Array.from(a));
      const clear = () => { q.grad = null; k.grad = null; v.grad = null; };
      // with retainGraph the kept probabilities serve two backward runs
      const y = nb.nn.functional.scaledDotProductAttention(q, k, v, { isCausal });
      y.backward(g, { retainGraph: true });
      const first = grads();
      clear();
      y.backward(g);
      assert.deepEqual(grads(), first, `${dtype} causal=${isCausal}: a second backward over the kept probabilities`);
      clear();
      // against the math path (no fused node, no kept probabilities)
      const w = nb.nn.functional.scaledDotProductAttention(q, k, v, { isCausal, returnWeights: true });
      w.output.backward(g);
      const math = grads();
      clear();
      const t = dtype === 'float32' ? 1e-4 : 1e-9;
      first.forEach((a, i) => a.forEach((x, j) => assert.ok(Math.abs(x - math[i][j]) <= t * (1 + Math.abs(math[i][j])), `${dtype} causal=${isCausal} grad ${i}[${j}]: ${x} vs ${math[i][j]}`)));
    }
  }
});
