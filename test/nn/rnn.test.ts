import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import { RNN, LSTM, GRU } from '../../src/nn/rnn.js';
import { RNNCell, LSTMCell, GRUCell } from '../../src/nn/rnn-cells.js';
import { recurrence, type RecurrentMode } from '../../src/nn/rnn-kernels.js';
import { checkCase, fixture } from './sequence-fixture.js';

// The default float32 parity tolerance. The 20-step case uses rel 1e-4 / abs 1e-5: recurrences
// accumulate float32 rounding over time steps, and GEMMs on other machines sum in other orders
// (it passes at 1e-5 / 1e-6 on the js and native backends here).
const RTOL = 1e-5, ATOL = 1e-6;
const RTOL_LONG = 1e-4, ATOL_LONG = 1e-5;
type Rec = Record<string, nb.Tensor>;

test('LSTM parity: bidirectional, 2 layers, batchFirst, without and with initial states', () => {
  const mk = () => new LSTM(5, 6, { numLayers: 2, bidirectional: true, batchFirst: true });
  const m1 = mk();
  checkCase('lstm_bi2_bf', m1, (i: Rec) => { const [o, [h, c]] = m1.forward(i.x); return [o, h, c]; }, RTOL, ATOL);
  const m2 = mk();
  checkCase('lstm_bi2_bf_hx', m2, (i: Rec) => { const [o, [h, c]] = m2.forward(i.x, [i.h0, i.c0]); return [o, h, c]; }, RTOL, ATOL);
});

test('GRU parity: bidirectional, 2 layers, batchFirst, without and with initial state', () => {
  const cfg = { numLayers: 2, bidirectional: true, batchFirst: true };
  const m1 = new GRU(5, 6, cfg);
  checkCase('gru_bi2_bf', m1, (i: Rec) => m1.forward(i.x), RTOL, ATOL);
  const m2 = new GRU(5, 6, cfg);
  checkCase('gru_bi2_bf_hx', m2, (i: Rec) => m2.forward(i.x, i.h0), RTOL, ATOL);
});

test('RNN parity: relu 2 layers with hx; tanh bidirectional', () => {
  const m1 = new RNN(5, 6, { numLayers: 2, nonlinearity: 'relu' });
  checkCase('rnn_relu2_hx', m1, (i: Rec) => m1.forward(i.x, i.h0), RTOL, ATOL);
  const m2 = new RNN(5, 6, { bidirectional: true });
  checkCase('rnn_tanh_bi', m2, (i: Rec) => m2.forward(i.x), RTOL, ATOL);
});

test('LSTM parity: projSize, a 20-step sequence; GRU unbatched without bias', () => {
  const m1 = new LSTM(5, 6, { projSize: 3, numLayers: 2 });
  checkCase('lstm_proj_hx', m1, (i: Rec) => { const [o, [h, c]] = m1.forward(i.x, [i.h0, i.c0]); return [o, h, c]; }, RTOL, ATOL);
  const m2 = new LSTM(5, 6);
  checkCase('lstm_long', m2, (i: Rec) => { const [o, [h, c]] = m2.forward(i.x, [i.h0, i.c0]); return [o, h, c]; }, RTOL_LONG, ATOL_LONG);
  const m3 = new GRU(5, 6, { bias: false });
  checkCase('gru_unbatched_nobias', m3, (i: Rec) => m3.forward(i.x, i.h0), RTOL, ATOL);
});

test('RNN family: state-dict keys in PyTorch order, shapes, init range', () => {
  const lstm = new LSTM(5, 6, { numLayers: 2, bidirectional: true, batchFirst: true });
  assert.deepEqual(Object.keys(lstm.stateDict()), Object.keys(fixture.cases.lstm_bi2_bf.state));
  assert.deepEqual(lstm.stateDict().weight_ih_l1_reverse.shape, [24, 12]);
  const proj = new LSTM(5, 6, { projSize: 3 });
  assert.deepEqual(Object.keys(proj.stateDict()), ['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0', 'weight_hr_l0']);
  assert.deepEqual(proj.stateDict().weight_hh_l0.shape, [24, 3]);
  assert.deepEqual(Object.keys(new GRU(3, 4, { bias: false }).stateDict()), ['weight_ih_l0', 'weight_hh_l0']);
  const bound = 1 / Math.sqrt(6);
  for (const p of lstm.parameters()) for (const v of p.dataSync()) assert.ok(Math.abs(v) <= bound);
  assert.deepEqual(Object.keys(new LSTMCell(3, 4).stateDict()), ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh']);
  assert.equal(lstm.toString(), 'LSTM(5, 6, numLayers=2, batchFirst=true, bidirectional=true)');
});

test('RNN family: output shapes (batchFirst, unbatched) and determinism with manualSeed', () => {
  nb.manualSeed(3);
  const a = new GRU(4, 3, { numLayers: 2, batchFirst: true });
  nb.manualSeed(3);
  const b = new GRU(4, 3, { numLayers: 2, batchFirst: true });
  assert.deepEqual(a.stateDict().weight_hh_l1.dataSync(), b.stateDict().weight_hh_l1.dataSync());
  const [out, h] = a.forward(nb.randn([2, 7, 4]));
  assert.deepEqual(out.shape, [2, 7, 3]);
  assert.deepEqual(h.shape, [2, 2, 3]);
  const [o1, h1] = a.forward(nb.randn([7, 4]));
  assert.deepEqual([o1.shape, h1.shape], [[7, 3], [2, 3]]);
  // The last output step equals the top layer's final hidden state.
  const [o2, h2] = a.forward(nb.randn([2, 7, 4]));
  assert.deepEqual(nb.select(o2, 1, 6).dataSync(), nb.select(h2, 0, 1).dataSync());
});

test('RNN family: bad input gives ShapeError / ValueError naming the expected shapes', () => {
  const lstm = new LSTM(5, 6, { numLayers: 2 });
  assert.throws(() => lstm.forward(nb.randn([4, 3, 7])), (e: Error) => e instanceof nb.ShapeError && /5 features/.test(e.message));
  assert.throws(() => lstm.forward(nb.randn([4])), (e: Error) => e instanceof nb.ShapeError && /\[T, B, F\]/.test(e.message));
  assert.throws(() => lstm.forward(nb.randn([4, 3, 5]), [nb.randn([1, 3, 6]), nb.randn([2, 3, 6])]),
    (e: Error) => e instanceof nb.ShapeError && /\[2, 3, 6\]/.test(e.message));
  assert.throws(() => new GRU(5, 6, { projSize: 2 } as never), nb.ValueError);
  assert.throws(() => new LSTM(5, 6, { projSize: 6 }), nb.ValueError);
  assert.throws(() => new RNN(5, 6, { nonlinearity: 'sigmoid' as never }), nb.ValueError);
  assert.throws(() => new LSTM(5, 6, { dropout: 1.5 }), nb.ValueError);
});

test('RNN family: dropout between layers only in training mode', () => {
  nb.manualSeed(1);
  const m = new LSTM(4, 8, { numLayers: 2, dropout: 0.5 });
  const x = nb.randn([5, 2, 4]);
  const e1 = m.eval().forward(x)[0].dataSync();
  const e2 = m.forward(x)[0].dataSync();
  assert.deepEqual(e1, e2);
  const t1 = m.train().forward(x)[0].dataSync();
  assert.notDeepEqual(t1, e1);
});

test('fused recurrence: gradcheck in float64 for every mode and direction', () => {
  nb.manualSeed(7);
  const T = 3, B = 2, H = 2, P = 2;
  for (const mode of ['LSTM', 'GRU', 'RNN_TANH', 'RNN_RELU'] as RecurrentMode[]) {
    const G = mode === 'LSTM' ? 4 : mode === 'GRU' ? 3 : 1;
    for (const reverse of [false, true]) {
      const f64 = { dtype: 'float64' as const, requiresGrad: true };
      const xproj = nb.randn([T, B, G * H], f64), wHh = nb.randn([G * H, P], f64), h0 = nb.randn([B, P], f64);
      const bHh = mode === 'GRU' ? nb.randn([G * H], f64) : null;
      const c0 = mode === 'LSTM' ? nb.randn([B, H], f64) : null;
      const ins = [xproj, wHh, h0, ...(bHh ? [bHh] : []), ...(c0 ? [c0] : [])];
      const ok = nb.autograd.gradcheck((..._a: nb.Tensor[]) => {
        const r = recurrence({ mode, xproj, wHh, bHh, wHr: null, h0, c0, reverse });
        // Use output, hN and cN so every backward path is exercised.
        let s = nb.add(nb.sum(nb.mul(r.output, r.output)), nb.sum(nb.mul(r.hN, 0.7)));
        if (r.cN) s = nb.add(s, nb.sum(nb.mul(r.cN, r.cN)));
        return s;
      }, ins);
      assert.ok(ok, `${mode} reverse=${reverse}`);
    }
  }
});

test('cells: one step equals a one-step sequence layer; gradients reach every parameter', () => {
  nb.manualSeed(2);
  const x = nb.randn([3, 4]), h = nb.randn([3, 5]), c = nb.randn([3, 5]);
  const near = (a: nb.Tensor, b: nb.Tensor, what: string) => {
    const u = a.dataSync(), v = b.dataSync();
    for (let i = 0; i < u.length; i++) assert.ok(Math.abs(u[i] - v[i]) < 1e-6, `${what} ${i}: ${u[i]} vs ${v[i]}`);
  };
  const cells = [new RNNCell(4, 5, { nonlinearity: 'relu' }), new GRUCell(4, 5), new LSTMCell(4, 5)];
  const layers = [new RNN(4, 5, { nonlinearity: 'relu' }), new GRU(4, 5), new LSTM(4, 5)];
  for (let k = 0; k < 3; k++) {
    const sd = cells[k].stateDict();
    layers[k].loadStateDict({ weight_ih_l0: sd.weight_ih, weight_hh_l0: sd.weight_hh, bias_ih_l0: sd.bias_ih, bias_hh_l0: sd.bias_hh });
    const x1 = nb.unsqueeze(x, 0), h1 = nb.unsqueeze(h, 0), c1 = nb.unsqueeze(c, 0);
    let hCell: nb.Tensor;
    if (k === 2) {
      const [h2, c2] = (cells[2] as LSTMCell).forward(x, [h, c]);
      const [, [hL, cL]] = (layers[2] as LSTM).forward(x1, [h1, c1]);
      near(h2, nb.select(hL, 0, 0), 'LSTMCell h');
      near(c2, nb.select(cL, 0, 0), 'LSTMCell c');
      hCell = nb.add(h2, c2);
    } else {
      hCell = (cells[k] as RNNCell).forward(x, h);
      const [out] = (layers[k] as GRU).forward(x1, h1);
      near(hCell, nb.select(out, 0, 0), cells[k].constructor.name);
    }
    nb.sum(nb.mul(hCell, hCell)).backward();
    for (const [key, p] of cells[k].namedParameters()) assert.ok(p.grad && nb.sum(nb.abs(p.grad)).item() > 0, `${cells[k].constructor.name}.${key} grad`);
  }
  assert.deepEqual(new GRUCell(4, 5).forward(nb.randn([4])).shape, [5]);
  assert.throws(() => new LSTMCell(4, 5).forward(nb.randn([3, 4]), [nb.randn([3, 5]), nb.randn([2, 5])]), (e: Error) => e instanceof nb.ShapeError && /cx/.test(e.message));
});

test('fused recurrence: createGraph through it throws a clear ValueError', () => {
  const m = new RNN(2, 3);
  const x = nb.randn([2, 1, 2], { requiresGrad: true });
  const [o] = m.forward(x);
  assert.throws(() => nb.autograd.grad(nb.sum(o), x, { createGraph: true }), (e: Error) => e instanceof nb.ValueError && /higher-order/.test(e.message));
});

test('LSTM learns a delay-1 copy task with plain SGD (end-to-end training through the fused recurrence)', () => {
  nb.manualSeed(11);
  const lstm = new LSTM(1, 8, { batchFirst: true });
  const head = nb.randn([8, 1], { requiresGrad: true });
  const x = nb.sign(nb.randn([16, 10, 1])); // ±1 sequences
  const y = nb.cat([nb.zeros([16, 1, 1]), nb.narrow(x, 1, 0, 9)], 1); // y_t = x_{t-1}
  const params = [...lstm.parameters(), head];
  const lossAt = (): nb.Tensor => {
    const [o] = lstm.forward(x);
    const d = nb.sub(nb.matmul(o, head), y);
    return nb.mean(nb.mul(d, d));
  };
  const first = lossAt().item();
  for (let step = 0; step < 60; step++) {
    for (const p of params) p.grad = null;
    lossAt().backward();
    nb.noGrad(() => { for (const p of params) nb.sub_(p, nb.mul(p.grad as nb.Tensor, 0.5)); });
  }
  const last = lossAt().item();
  assert.ok(last < 0.1 * first, `loss ${first} → ${last}`);
});
