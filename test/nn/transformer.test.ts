import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import { LayerNorm } from '../../src/nn/normalization.js';
import { TransformerEncoderLayer, TransformerDecoderLayer } from '../../src/nn/transformer-layer.js';
import { TransformerEncoder, TransformerDecoder, Transformer, generateSquareSubsequentMask } from '../../src/nn/transformer.js';
import { checkCase, fixture } from './sequence-fixture.js';

const RTOL = 1e-5, ATOL = 1e-6;
type Rec = Record<string, nb.Tensor>;

function encLayer(name: string) {
  const c = fixture.cases[name].config;
  const m = new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, batchFirst: true, normFirst: c.norm_first as boolean, activation: c.activation as 'relu' | 'gelu' });
  m.eval();
  checkCase(name, m, (i: Rec) => [m.forward(i.src, { srcKeyPaddingMask: i.src_key_padding_mask })], RTOL, ATOL);
}

test('TransformerEncoderLayer parity: post-norm relu and pre-norm gelu with key padding (eval)', () => {
  encLayer('enc_layer_post_relu');
  encLayer('enc_layer_pre_gelu');
});

test('TransformerDecoderLayer parity: causal target mask, target and memory padding masks, post- and pre-norm', () => {
  for (const [name, normFirst] of [['dec_layer_post', false], ['dec_layer_pre', true]] as const) {
    const m = new TransformerDecoderLayer(8, 2, { dimFeedforward: 16, normFirst }).eval();
    checkCase(name, m, (i: Rec) => [m.forward(i.tgt, i.memory, {
      tgtMask: i.tgt_mask, tgtKeyPaddingMask: i.tgt_key_padding_mask, memoryKeyPaddingMask: i.memory_key_padding_mask,
    })], RTOL, ATOL);
  }
});

test('TransformerEncoder parity: 2 layers with a final LayerNorm and a causal mask', () => {
  const m = new TransformerEncoder(new TransformerEncoderLayer(8, 2, { dimFeedforward: 16, batchFirst: true }), 2, { norm: new LayerNorm(8) }).eval();
  checkCase('encoder_2_layers_norm', m, (i: Rec) => [m.forward(i.src, { mask: i.mask })], RTOL, ATOL);
});

test('Transformer parity: 2 encoder + 1 decoder layers, causal target mask', () => {
  const m = new Transformer({ dModel: 8, nhead: 2, numEncoderLayers: 2, numDecoderLayers: 1, dimFeedforward: 16 }).eval();
  checkCase('transformer_full', m, (i: Rec) => [m.forward(i.src, i.tgt, { tgtMask: i.tgt_mask })], RTOL, ATOL);
  assert.deepEqual(Transformer.generateSquareSubsequentMask(3).dataSync(), generateSquareSubsequentMask(3).dataSync());
});

test('stacks deep-copy the layer: identical starting weights, separate parameters, RNG untouched', () => {
  nb.manualSeed(5);
  const layer = new TransformerEncoderLayer(8, 2, { dimFeedforward: 16 });
  const before = nb.getRngState();
  const enc = new TransformerEncoder(layer, 3);
  assert.deepEqual(nb.getRngState(), before, 'cloning draws no random numbers');
  const sd = enc.stateDict();
  for (const k of Object.keys(layer.stateDict())) {
    assert.deepEqual(sd[`layers.0.${k}`].dataSync(), layer.stateDict()[k].dataSync());
    assert.deepEqual(sd[`layers.2.${k}`].dataSync(), sd[`layers.0.${k}`].dataSync());
  }
  assert.notEqual(enc.stateDict()['layers.0.linear1.weight'].storage, enc.stateDict()['layers.1.linear1.weight'].storage);
  assert.equal(enc.parameters().length, 3 * layer.parameters().length);
  const dec = new TransformerDecoder(new TransformerDecoderLayer(8, 2, { dimFeedforward: 16 }), 2);
  assert.deepEqual(Object.keys(dec.stateDict()).slice(0, 5), ['layers.0.self_attn.in_proj_weight', 'layers.0.self_attn.in_proj_bias', 'layers.0.self_attn.out_proj.weight', 'layers.0.self_attn.out_proj.bias', 'layers.0.multihead_attn.in_proj_weight']);
});

test('Transformer: state-dict keys are PyTorch\'s; dropout only in training; gradients reach every parameter', () => {
  nb.manualSeed(6);
  const m = new Transformer({ dModel: 8, nhead: 2, numEncoderLayers: 2, numDecoderLayers: 1, dimFeedforward: 16 });
  assert.deepEqual(Object.keys(m.stateDict()), Object.keys(fixture.cases.transformer_full.state));
  const src = nb.randn([5, 2, 8]), tgt = nb.randn([3, 2, 8]);
  const e1 = m.eval().forward(src, tgt).dataSync();
  assert.deepEqual(m.forward(src, tgt).dataSync(), e1);
  const t1 = m.train().forward(src, tgt, { tgtMask: generateSquareSubsequentMask(3) });
  assert.notDeepEqual(t1.dataSync(), e1);
  nb.sum(nb.mul(t1, nb.randn([3, 2, 8]))).backward();
  for (const [k, p] of m.namedParameters()) assert.ok(p.grad && nb.sum(nb.abs(p.grad)).item() > 0, `grad of ${k}`);
});

test('Transformer: bad shapes give ShapeError naming the shapes', () => {
  const m = new Transformer({ dModel: 8, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 16 });
  assert.throws(() => m.forward(nb.randn([5, 2, 8]), nb.randn([3, 3, 8])), (e: Error) => e instanceof nb.ShapeError && /batch number/.test(e.message) && /\[3, 3, 8\]/.test(e.message));
  assert.throws(() => m.forward(nb.randn([5, 2, 6]), nb.randn([3, 2, 6])), (e: Error) => e instanceof nb.ShapeError && /dModel = 8/.test(e.message));
  assert.throws(() => new TransformerEncoderLayer(8, 2, { activation: 'tanh' as never }), nb.ValueError);
  assert.throws(() => new TransformerEncoder(new TransformerEncoderLayer(8, 2), 0), nb.ValueError);
});
