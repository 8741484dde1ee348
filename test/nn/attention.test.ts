import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import { MultiheadAttention, generateSquareSubsequentMask } from '../../src/nn/attention.js';
import { assertClose, checkCase, fixture, type SeqCase } from './sequence-fixture.js';

const RTOL = 1e-5, ATOL = 1e-6;
type Rec = Record<string, nb.Tensor>;

function mhaCall(m: MultiheadAttention, c: SeqCase) {
  return (i: Rec): (nb.Tensor | null)[] => {
    const [o, w] = m.forward(i.q, i.k, i.v, {
      keyPaddingMask: i.key_padding_mask ?? null,
      attnMask: i.attn_mask ?? null,
      needWeights: (c.call?.need_weights as boolean | undefined) ?? true,
      averageAttnWeights: (c.call?.average_attn_weights as boolean | undefined) ?? true,
    });
    return [o, w];
  };
}

test('MultiheadAttention parity: batchFirst with bool key-padding and attention masks, averaged weights', () => {
  const c = fixture.cases.mha_bf_bool_masks;
  const m = new MultiheadAttention(8, 2, { batchFirst: true });
  checkCase('mha_bf_bool_masks', m, mhaCall(m, c), RTOL, ATOL);
});

test('MultiheadAttention parity: float 3-D attention mask, per-head weights', () => {
  const c = fixture.cases.mha_float_mask_per_head;
  const m = new MultiheadAttention(8, 2);
  checkCase('mha_float_mask_per_head', m, mhaCall(m, c), RTOL, ATOL);
});

test('MultiheadAttention parity: kdim/vdim (separate q/k/v weights), addBiasKv, no bias unbatched without weights, addZeroAttn', () => {
  const m1 = new MultiheadAttention(8, 2, { kdim: 6, vdim: 4 });
  checkCase('mha_kdim_vdim', m1, mhaCall(m1, fixture.cases.mha_kdim_vdim), RTOL, ATOL);
  const m2 = new MultiheadAttention(8, 2, { addBiasKv: true, batchFirst: true });
  checkCase('mha_bias_kv', m2, mhaCall(m2, fixture.cases.mha_bias_kv), RTOL, ATOL);
  const m3 = new MultiheadAttention(8, 2, { bias: false });
  checkCase('mha_no_weights', m3, mhaCall(m3, fixture.cases.mha_no_weights), RTOL, ATOL);
  const m4 = new MultiheadAttention(8, 2, { addZeroAttn: true, addBiasKv: true });
  checkCase('mha_zero_attn_bias_kv', m4, mhaCall(m4, fixture.cases.mha_zero_attn_bias_kv), RTOL, ATOL);
});

test('MultiheadAttention: state-dict keys, init (zero biases, xavier in_proj), self-attention path equals the separate path', () => {
  assert.deepEqual(Object.keys(new MultiheadAttention(8, 2).stateDict()), ['in_proj_weight', 'in_proj_bias', 'out_proj.weight', 'out_proj.bias']);
  assert.deepEqual(Object.keys(new MultiheadAttention(8, 2, { kdim: 3, addBiasKv: true }).stateDict()),
    ['q_proj_weight', 'k_proj_weight', 'v_proj_weight', 'in_proj_bias', 'bias_k', 'bias_v', 'out_proj.weight', 'out_proj.bias']);
  nb.manualSeed(0);
  const m = new MultiheadAttention(16, 4);
  assert.equal(nb.sum(nb.abs(m.inProjBias as nb.Tensor)).item(), 0);
  assert.equal(nb.sum(nb.abs(m.outProj.bias as nb.Tensor)).item(), 0);
  const bound = Math.sqrt(6 / (16 + 48));
  for (const v of (m.inProjWeight as nb.Tensor).dataSync()) assert.ok(Math.abs(v) <= bound);
  const x = nb.randn([5, 2, 16]);
  const [a] = m.forward(x, x, x);
  const [b] = m.forward(x, nb.clone(x), nb.clone(x));
  const ad = a.dataSync(), bd = b.dataSync();
  for (let i = 0; i < ad.length; i++) assert.ok(Math.abs(ad[i] - bd[i]) < 1e-5);
});

test('MultiheadAttention: isCausal equals the explicit causal mask; weights are zero above the diagonal', () => {
  nb.manualSeed(1);
  const m = new MultiheadAttention(8, 2, { batchFirst: true });
  const x = nb.randn([2, 4, 8]);
  const [o1, w1] = m.forward(x, x, x, { isCausal: true });
  const [o2] = m.forward(x, x, x, { attnMask: generateSquareSubsequentMask(4) });
  assert.deepEqual(o1.dataSync(), o2.dataSync());
  const w = (w1 as nb.Tensor).dataSync();
  for (let b = 0; b < 2; b++) for (let i = 0; i < 4; i++) for (let j = i + 1; j < 4; j++) assert.equal(w[b * 16 + i * 4 + j], 0);
  // A bool mask with true = masked out is the same as the -inf float mask.
  const boolMask = nb.isinf(generateSquareSubsequentMask(4));
  const [o3] = m.forward(x, x, x, { attnMask: boolMask });
  assert.deepEqual(o3.dataSync(), o2.dataSync());
});

test('MultiheadAttention: dropout on the weights only in training; gradients reach every parameter', () => {
  nb.manualSeed(2);
  const m = new MultiheadAttention(8, 2, { dropout: 0.5, addBiasKv: true });
  const x = nb.randn([3, 2, 8]);
  m.eval();
  const [e1] = m.forward(x, x, x);
  const [e2] = m.forward(x, x, x);
  assert.deepEqual(e1.dataSync(), e2.dataSync());
  m.train();
  const [t1] = m.forward(x, x, x);
  assert.notDeepEqual(t1.dataSync(), e1.dataSync());
  nb.sum(nb.mul(t1, t1)).backward();
  for (const [k, p] of m.namedParameters()) assert.ok(p.grad && nb.sum(nb.abs(p.grad)).item() > 0, `grad of ${k}`);
});

test('MultiheadAttention: bad shapes and dtypes give typed errors naming the expected shapes', () => {
  const m = new MultiheadAttention(8, 2);
  const x = nb.randn([3, 2, 8]);
  assert.throws(() => new MultiheadAttention(8, 3), (e: Error) => e instanceof nb.ValueError && /divisible/.test(e.message));
  assert.throws(() => m.forward(nb.randn([3, 2, 6]), x, x), (e: Error) => e instanceof nb.ShapeError && /embedDim = 8/.test(e.message));
  assert.throws(() => m.forward(x, x, x, { attnMask: nb.zeros([3, 4]) }), (e: Error) => e instanceof nb.ShapeError && /\[3, 3\]/.test(e.message));
  assert.throws(() => m.forward(x, x, x, { keyPaddingMask: nb.zeros([3, 3], { dtype: 'bool' }) }), (e: Error) => e instanceof nb.ShapeError && /\[B, S\] = \[2, 3\]/.test(e.message));
  assert.throws(() => m.forward(x, x, x, { attnMask: nb.zeros([3, 3], { dtype: 'int32' }) }), nb.DTypeError);
  assert.throws(() => m.forward(x, nb.randn([4, 2]), x), nb.ShapeError);
});

test('generateSquareSubsequentMask matches PyTorch', () => {
  assertClose(generateSquareSubsequentMask(4), fixture.cases.causal_mask_4.outputs[0] as never, 0, 0, 'mask');
  assert.throws(() => generateSquareSubsequentMask(-1), nb.ValueError);
});
