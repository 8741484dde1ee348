/**
 * The losses of nn.functional and their modules: PyTorch parity (test/fixtures/nn/losses.json,
 * written by tools/parity_nn/losses.py: values and input gradients, and the module form of the
 * same case), typed errors, stability on extreme logits, and gradcheck of every functional.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as nb from '../../src/index.js';
import * as nn from '../../src/nn/index.js';
import { gradcheck, gradgradcheck } from '../../src/autograd/gradcheck.js';

const F = nn.functional;

// ---------------------------------------------------------------- fixture replay

interface TensorJson { t: { dtype: 'float32' | 'float64' | 'int32' | 'bool'; shape: number[]; data: (number | boolean)[] } }
type Json = number | string | boolean | null | TensorJson | { [k: string]: Json };
interface Tol { rtol: number; atol: number }
interface Case {
  name: string;
  fn: string;
  args: Json[];
  kwargs: Record<string, Json>;
  module: { name: string; options: Record<string, Json> } | null;
  out: TensorJson;
  gradOut: TensorJson | null;
  grads: Record<string, TensorJson>;
  tol: Tol;
}

function fixturePath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const p = join(dir, 'test', 'fixtures', 'nn', 'losses.json');
    if (existsSync(p)) return p;
    const up = dirname(dir);
    if (up === dir) return join(process.cwd(), 'test', 'fixtures', 'nn', 'losses.json');
    dir = up;
  }
}

const isTensorJson = (j: unknown): j is TensorJson => typeof j === 'object' && j !== null && 't' in j;
const toTensor = (j: TensorJson, requiresGrad = false): nb.Tensor =>
  nb.tensor(j.t.data.map(Number), { dtype: j.t.dtype }).reshape(j.t.shape).detach().requiresGrad_(requiresGrad);
function decode(j: Json): unknown {
  if (isTensorJson(j)) return toTensor(j);
  if (j !== null && typeof j === 'object') return Object.fromEntries(Object.entries(j).map(([k, v]) => [k, decode(v)]));
  return j;
}

function assertClose(what: string, got: nb.Tensor, want: TensorJson, tol: Tol): void {
  assert.deepEqual([...got.shape], want.t.shape, `${what}: shape`);
  const g = got.dataSync();
  want.t.data.forEach((wv, i) => {
    const w = Number(wv);
    const ok = Math.abs(g[i] - w) <= tol.atol + tol.rtol * Math.abs(w);
    if (!ok) assert.fail(`${what}: element ${i}: got ${g[i]}, PyTorch ${w}`);
  });
}

type LossFn = (...args: unknown[]) => nb.Tensor;
const fixture = JSON.parse(readFileSync(fixturePath(), 'utf8')) as { torch: string; cases: Case[] };

test('losses fixture loads and covers every functional', () => {
  const fns = new Set(fixture.cases.map((c) => c.fn));
  for (const f of ['mseLoss', 'l1Loss', 'huberLoss', 'smoothL1Loss', 'binaryCrossEntropy', 'binaryCrossEntropyWithLogits', 'crossEntropy', 'nllLoss',
    'hingeEmbeddingLoss', 'multiMarginLoss', 'klDiv', 'sigmoidFocalLoss', 'focalLoss', 'cosineEmbeddingLoss', 'marginRankingLoss',
    'tripletMarginLoss', 'distillationLoss', 'ntXentLoss', 'infoNCE', 'multilabelMarginLoss']) assert.ok(fns.has(f), f);
});

for (const c of fixture.cases) {
  test(`parity: ${c.name}`, () => {
    const gradIdx = new Set(Object.keys(c.grads).map(Number));
    const args = c.args.map((a, i) => (isTensorJson(a) ? toTensor(a, gradIdx.has(i)) : a));
    const fn = (F as unknown as Record<string, LossFn>)[c.fn];
    assert.equal(typeof fn, 'function', `nn.functional.${c.fn}`);
    const out = fn(...args, decode(c.kwargs));
    assertClose(`${c.name}: value`, out, c.out, c.tol);
    if (gradIdx.size > 0) {
      (c.gradOut ? nb.sum(nb.mul(out, toTensor(c.gradOut))) : out).backward();
      for (const [i, want] of Object.entries(c.grads)) {
        const g = (args[Number(i)] as nb.Tensor).grad;
        assert.ok(g, `${c.name}: arg ${i} has no gradient`);
        assertClose(`${c.name}: gradient of arg ${i}`, g, want, c.tol);
      }
    }
    if (c.module) {
      const Ctor = (nn as unknown as Record<string, new (o: unknown) => { forward: LossFn }>)[c.module.name];
      const m = new Ctor(decode(c.module.options));
      assertClose(`${c.name}: nn.${c.module.name}`, m.forward(...args.map((a) => (a instanceof nb.Tensor ? a.detach() : a))), c.out, c.tol);
    }
  });
}

// ---------------------------------------------------------------- modules

test('loss modules: class weights are buffers with PyTorch keys; forward runs hooks', () => {
  assert.deepEqual(Object.keys(new nn.CrossEntropyLoss().stateDict()), []);
  assert.deepEqual(Object.keys(new nn.CrossEntropyLoss({ weight: nb.ones([3]) }).stateDict()), ['weight']);
  assert.deepEqual(Object.keys(new nn.BCEWithLogitsLoss({ weight: nb.ones([2]), posWeight: nb.ones([2]) }).stateDict()), ['weight', 'pos_weight']);
  assert.deepEqual(Object.keys(new nn.BCEWithLogitsLoss({ posWeight: nb.ones([2]) }).stateDict()), ['pos_weight']);
  assert.deepEqual(new nn.CrossEntropyLoss().parameters(), []);
  const m = new nn.CrossEntropyLoss({ weight: nb.ones([3]) });
  m.loadStateDict({ weight: nb.tensor([0, 1, 0]) });
  const x = nb.randn([4, 3]), y = nb.tensor([0, 1, 2, 1], { dtype: 'int32' });
  assert.ok(Math.abs(m.forward(x, y).item() - F.crossEntropy(x, y, { weight: nb.tensor([0, 1, 0]) }).item()) < 1e-6);
  let seen = 0;
  m.registerForwardHook(() => { seen++; });
  m.forward(x, y);
  assert.equal(seen, 1);
});

// ---------------------------------------------------------------- typed errors

test('losses: shape mismatches are ShapeErrors naming both shapes', () => {
  const a = nb.zeros([3, 4]), b = nb.zeros([4, 3]);
  for (const f of [F.mseLoss, F.l1Loss, F.huberLoss, F.smoothL1Loss, F.binaryCrossEntropyWithLogits, F.klDiv]) {
    assert.throws(() => f(a, b), (e: Error) => e instanceof nb.ShapeError && e.message.includes('[3, 4]') && e.message.includes('[4, 3]'), f.name);
  }
  const idx = nb.tensor([0, 1, 2], { dtype: 'int32' });
  assert.throws(() => F.crossEntropy(nb.zeros([4, 5]), idx), (e: Error) => e instanceof nb.ShapeError && /\[4, 5\]/.test(e.message) && /\[3\]/.test(e.message) && /\[4\]/.test(e.message));
  assert.throws(() => F.nllLoss(nb.zeros([2, 5, 3]), nb.zeros([2, 4], { dtype: 'int32' })), (e: Error) => e instanceof nb.ShapeError && e.message.includes('[2, 3]'));
  assert.throws(() => F.crossEntropy(nb.zeros([4, 5]), nb.zeros([4, 6])), (e: Error) => e instanceof nb.ShapeError && e.message.includes('[4, 6]'));
  assert.throws(() => F.crossEntropy(nb.zeros([4, 5]), nb.zeros([4], { dtype: 'int32' }), { weight: nb.ones([4]) }), nb.ShapeError);
  assert.throws(() => F.tripletMarginLoss(nb.zeros([2, 3]), nb.zeros([2, 3]), nb.zeros([2, 4])), (e: Error) => e instanceof nb.ShapeError && e.message.includes('[2, 4]'));
  assert.throws(() => F.ntXentLoss(nb.zeros([4, 3]), nb.zeros([5, 3])), (e: Error) => e instanceof nb.ShapeError && e.message.includes('[5, 3]'));
  assert.throws(() => F.multiMarginLoss(nb.zeros([4, 3]), nb.zeros([3], { dtype: 'int32' })), nb.ShapeError);
});

test('losses: class index out of range is an IndexError; ignoreIndex is allowed', () => {
  const x = nb.zeros([3, 4]);
  for (const f of [F.crossEntropy, F.nllLoss, F.focalLoss, F.multiMarginLoss]) {
    assert.throws(() => f(x, nb.tensor([0, 4, 1], { dtype: 'int32' })), (e: Error) => e instanceof nb.IndexError && e.message.includes('4'), f.name);
    assert.throws(() => f(x, nb.tensor([0, -1, 1], { dtype: 'int32' })), nb.IndexError, f.name);
  }
  assert.doesNotThrow(() => F.crossEntropy(x, nb.tensor([0, -100, 1], { dtype: 'int32' })));
  assert.throws(() => F.multilabelMarginLoss(x, nb.tensor([[0, 4, -1, 0], [0, -1, 9, 9], [-1, 0, 0, 0]], { dtype: 'int32' })), nb.IndexError);
  assert.doesNotThrow(() => F.multilabelMarginLoss(x, nb.tensor([[0, 3, -1, 9], [0, -1, 9, 9], [-1, 0, 0, 0]], { dtype: 'int32' })));
  assert.throws(() => F.distillationLoss(x, x, nb.tensor([0, 9, 1], { dtype: 'int32' })), nb.IndexError);
});

test('losses: wrong target dtype is a DTypeError; bad options are ValueErrors', () => {
  const x = nb.zeros([3, 4]);
  assert.throws(() => F.crossEntropy(x, nb.zeros([3])), (e: Error) => e instanceof nb.DTypeError && /int32/.test(e.message));
  assert.throws(() => F.nllLoss(x, nb.zeros([3])), nb.DTypeError);
  assert.throws(() => F.focalLoss(x, nb.zeros([3])), nb.DTypeError);
  assert.throws(() => F.crossEntropy(x, nb.zeros([3], { dtype: 'bool' })), nb.DTypeError);
  assert.throws(() => F.mseLoss(nb.zeros([2], { dtype: 'int32' }), nb.zeros([2], { dtype: 'int32' })), nb.DTypeError);
  assert.throws(() => F.mseLoss(x, x, { reduction: 'avg' as 'mean' }), nb.ValueError);
  assert.throws(() => F.binaryCrossEntropy(nb.tensor([0.5, 1.5]), nb.tensor([0, 1])), nb.ValueError);
  assert.throws(() => F.crossEntropy(x, nb.zeros([3], { dtype: 'int32' }), { labelSmoothing: 1.5 }), nb.ValueError);
  assert.throws(() => F.multiMarginLoss(x, nb.zeros([3], { dtype: 'int32' }), { p: 3 as 1 }), nb.ValueError);
  assert.throws(() => F.ntXentLoss(x, x, { temperature: 0 }), nb.ValueError);
});

// ---------------------------------------------------------------- stability

function assertFinite(what: string, t: nb.Tensor | null): void {
  assert.ok(t, `${what}: missing`);
  for (const v of t.dataSync()) assert.ok(Number.isFinite(v), `${what}: ${v}`);
}

test('losses: extreme logits (±1e4) and probabilities 0/1 give finite values and gradients', () => {
  const logits = () => nb.tensor([[1e4, -1e4, 0], [-1e4, 1e4, 1e4], [0, 0, -1e4]], { requiresGrad: true });
  const idx = nb.tensor([1, 0, 2], { dtype: 'int32' });
  const probs = nb.tensor([[0, 1, 0], [1, 0, 0], [0, 0, 1]]);
  const bin = nb.tensor([[1, 0, 1], [0, 1, 0], [1, 1, 0]]);
  const cases: [string, (x: nb.Tensor) => nb.Tensor][] = [
    ['crossEntropy', (x) => F.crossEntropy(x, idx, { labelSmoothing: 0.1, weight: nb.tensor([1, 2, 3]) })],
    ['crossEntropy probabilities', (x) => F.crossEntropy(x, probs, { labelSmoothing: 0.1 })],
    ['nllLoss of logSoftmax', (x) => F.nllLoss(nb.logSoftmax(x, 1), idx)],
    ['binaryCrossEntropyWithLogits', (x) => F.binaryCrossEntropyWithLogits(x, bin, { posWeight: nb.tensor([2, 3, 4]) })],
    ['binaryCrossEntropy of sigmoid (probabilities 0 and 1)', (x) => F.binaryCrossEntropy(nb.sigmoid(x), bin)],
    ['sigmoidFocalLoss', (x) => F.sigmoidFocalLoss(x, bin, { reduction: 'mean' })],
    ['focalLoss', (x) => F.focalLoss(x, idx, { alpha: 0.25 })],
    ['klDiv', (x) => F.klDiv(nb.logSoftmax(x, 1), probs, { reduction: 'batchmean' })],
    ['klDiv logTarget', (x) => F.klDiv(nb.logSoftmax(x, 1), nb.logSoftmax(nb.mul(x, -1), 1), { reduction: 'batchmean', logTarget: true })],
    ['distillationLoss', (x) => F.distillationLoss(x, nb.mul(x.detach(), -1), idx, { temperature: 4, alpha: 0.7 })],
    ['multiMarginLoss', (x) => F.multiMarginLoss(x, idx, { p: 2 })],
    ['ntXentLoss', (x) => F.ntXentLoss(x, nb.mul(x.detach(), -1), { temperature: 0.05 })],
    ['infoNCE', (x) => F.infoNCE(x, x.detach(), { temperature: 0.01 })],
  ];
  for (const [name, f] of cases) {
    const x = logits();
    const loss = f(x);
    assertFinite(`${name} value`, loss);
    loss.backward();
    assertFinite(`${name} gradient`, x.grad);
  }
  // BCE on probabilities exactly 0 and 1: log clamped at -100, PyTorch's finite gradient
  const p = nb.tensor([0, 1, 0, 1], { requiresGrad: true });
  const l = F.binaryCrossEntropy(p, nb.tensor([1, 0, 0, 1]), { reduction: 'none' });
  assert.deepEqual([...l.dataSync()].map((v) => v + 0), [100, 100, 0, 0]); // + 0: -0 → 0
  l.sum().backward();
  assertFinite('binaryCrossEntropy gradient at 0/1', p.grad);
  // every target ignored: PyTorch's 0/0 = NaN for 'mean', 0 for 'sum'
  const all = nb.tensor([-100, -100], { dtype: 'int32' });
  assert.ok(Number.isNaN(F.crossEntropy(nb.zeros([2, 3]), all).item()));
  assert.equal(F.crossEntropy(nb.zeros([2, 3]), all, { reduction: 'sum' }).item(), 0);
});

test('binaryCrossEntropyWithLogits: gradient at logit 0 is σ(0) - y (not the max-form subgradient)', () => {
  const x = nb.zeros([2], { requiresGrad: true });
  F.binaryCrossEntropyWithLogits(x, nb.tensor([1, 0]), { reduction: 'sum' }).backward();
  assert.deepEqual([...(x.grad as nb.Tensor).dataSync()], [-0.5, 0.5]);
});

// ---------------------------------------------------------------- gradcheck (float64)

const f64 = (shape: number[], scale = 1) => nb.mul(nb.randn(shape, { dtype: 'float64' }), scale).detach().requiresGrad_(true);
const probs64 = (shape: number[]) => nb.softmax(nb.randn(shape, { dtype: 'float64' }), -1).requiresGrad_(true);

test('losses: gradcheck of every functional in float64 (and gradgradcheck where cheap)', () => {
  nb.manualSeed(3);
  const idx = nb.tensor([0, 2, 1, 2], { dtype: 'int32' });
  const idxIgn = nb.tensor([0, -100, 1, 2], { dtype: 'int32' });
  const w = nb.tensor([0.5, 2, 1.5], { dtype: 'float64' });
  const pm = nb.tensor([[1, -1, 1], [-1, 1, -1], [1, 1, -1], [-1, -1, 1]], { dtype: 'float64' });
  const bin = nb.tensor([[1, 0, 0.3], [0, 1, 0], [1, 1, 0], [0.5, 0, 1]], { dtype: 'float64' });
  const y4 = nb.tensor([1, -1, 1, -1], { dtype: 'float64' });
  const checks: [string, (...t: nb.Tensor[]) => nb.Tensor, nb.Tensor[]][] = [
    ['mseLoss', (a, b) => F.mseLoss(a, b), [f64([4, 3]), f64([4, 3])]],
    ['l1Loss', (a, b) => F.l1Loss(a, b, { reduction: 'sum' }), [f64([4, 3]), f64([4, 3])]],
    ['huberLoss', (a, b) => F.huberLoss(a, b, { delta: 0.7 }), [f64([4, 3]), f64([4, 3])]],
    ['smoothL1Loss', (a, b) => F.smoothL1Loss(a, b, { beta: 0.5, reduction: 'none' }), [f64([4, 3]), f64([4, 3])]],
    ['binaryCrossEntropy', (a, b) => F.binaryCrossEntropy(nb.sigmoid(a), b), [f64([4, 3]), bin.clone().requiresGrad_(true)]],
    ['binaryCrossEntropyWithLogits', (a, y, pw) => F.binaryCrossEntropyWithLogits(a, y, { weight: w, posWeight: pw }), [f64([4, 3], 3), bin.clone().requiresGrad_(true), nb.tensor([1, 3, 0.5], { dtype: 'float64', requiresGrad: true })]],
    ['binaryCrossEntropyWithLogits (no posWeight)', (a, y) => F.binaryCrossEntropyWithLogits(a, y, { reduction: 'none' }), [f64([4, 3], 3), bin.clone().requiresGrad_(true)]],
    ['crossEntropy', (a) => F.crossEntropy(a, idxIgn, { weight: w, labelSmoothing: 0.2 }), [f64([4, 3], 2)]],
    ['crossEntropy probabilities', (a, b) => F.crossEntropy(a, b, { weight: w, labelSmoothing: 0.1 }), [f64([4, 3]), probs64([4, 3])]],
    ['nllLoss', (a) => F.nllLoss(nb.logSoftmax(a, 1), idxIgn, { weight: w }), [f64([4, 3])]],
    ['hingeEmbeddingLoss', (a) => F.hingeEmbeddingLoss(a, pm, { margin: 0.4 }), [f64([4, 3], 3)]],
    ['multiMarginLoss', (a) => F.multiMarginLoss(a, idx, { p: 2, weight: w, margin: 0.8 }), [f64([4, 3])]],
    ['multilabelMarginLoss', (a) => F.multilabelMarginLoss(a, nb.tensor([[2, 0, -1], [1, -1, 0], [0, 1, 2], [-1, 0, 0]], { dtype: 'int32' })), [f64([4, 3])]],
    ['klDiv', (a, b) => F.klDiv(nb.logSoftmax(a, 1), b, { reduction: 'batchmean' }), [f64([4, 3]), probs64([4, 3])]],
    ['klDiv logTarget', (a, b) => F.klDiv(nb.logSoftmax(a, 1), b, { logTarget: true }), [f64([4, 3]), f64([4, 3])]],
    ['sigmoidFocalLoss', (a) => F.sigmoidFocalLoss(a, bin, { gamma: 1.5 }), [f64([4, 3])]],
    ['focalLoss', (a) => F.focalLoss(a, idxIgn, { alpha: w }), [f64([4, 3])]],
    ['cosineEmbeddingLoss', (a, b) => F.cosineEmbeddingLoss(a, b, y4, { margin: -0.3 }), [f64([4, 3]), f64([4, 3])]],
    ['marginRankingLoss', (a, b) => F.marginRankingLoss(a, b, y4, { margin: 0.1 }), [f64([4]), f64([4])]],
    ['tripletMarginLoss', (a, p, n) => F.tripletMarginLoss(a, p, n, { swap: true, margin: 3 }), [f64([4, 3]), f64([4, 3]), f64([4, 3])]],
    ['distillationLoss', (s) => F.distillationLoss(s, nb.tensor([[1, 2, 0], [0, -1, 3], [2, 2, 2], [-3, 0, 1]], { dtype: 'float64' }), idx, { temperature: 3, alpha: 0.6 }), [f64([4, 3])]],
    ['ntXentLoss', (a, b) => F.ntXentLoss(a, b, { temperature: 0.3 }), [f64([4, 3]), f64([4, 3])]],
    ['infoNCE', (a, b) => F.infoNCE(a, b, { temperature: 0.3 }), [f64([4, 3]), f64([4, 3])]],
  ];
  for (const [name, f, inputs] of checks) assert.ok(gradcheck(f, inputs), name);
  for (const [name, f, inputs] of checks.filter(([n]) => ['crossEntropy', 'binaryCrossEntropy', 'binaryCrossEntropyWithLogits', 'binaryCrossEntropyWithLogits (no posWeight)', 'klDiv', 'ntXentLoss', 'distillationLoss', 'focalLoss'].includes(n))) {
    assert.ok(gradgradcheck(f, inputs), `${name} (second order)`);
  }
});
