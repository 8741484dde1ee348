import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import { LSTM, GRU } from '../../src/nn/rnn.js';
import { nativeRecurrentKernel, nativeRecurrentLayer, setNativeRecurrence } from '../../src/nn/rnn-native.js';
import { loadNative } from '../../src/backend/native/load.js';

// The native whole-sequence LSTM and GRU kernels (src/backend/native/cpp/rnn.cc through
// src/nn/rnn-native.ts) against op-by-op layers written here with tensor ops (one autograd node
// per op), and against the js fused recurrence. On the js backend the modules run the js fused
// recurrence, so the same comparisons check that path.

type Named = Record<string, nb.Tensor>;

/** The LSTM / GRU module's math, one tensor op at a time: x [T, B, I] time-major. */
function opByOp(m: LSTM | GRU, x: nb.Tensor, h0: nb.Tensor | null, c0: nb.Tensor | null): [nb.Tensor, nb.Tensor, nb.Tensor | null] {
  const p = Object.fromEntries(m.namedParameters()) as Named;
  const lstm = m instanceof LSTM;
  const dirs = m.bidirectional ? 2 : 1, H = m.hiddenSize, T = x.shape[0], B = x.shape[1];
  const hN: nb.Tensor[] = [], cN: nb.Tensor[] = [];
  let inp = x;
  for (let layer = 0; layer < m.numLayers; layer++) {
    const outs: nb.Tensor[] = [];
    for (let dir = 0; dir < dirs; dir++) {
      const sfx = `_l${layer}${dir ? '_reverse' : ''}`, idx = layer * dirs + dir;
      let h = h0 ? nb.select(h0, 0, idx) : nb.zeros([B, H]);
      let c = c0 ? nb.select(c0, 0, idx) : nb.zeros([B, H]);
      const hs: nb.Tensor[] = new Array<nb.Tensor>(T);
      for (let k = 0; k < T; k++) {
        const t = dir ? T - 1 - k : k;
        let gi = nb.matmul(nb.select(inp, 0, t), nb.mT(p[`weight_ih${sfx}`]));
        let gh = nb.matmul(h, nb.mT(p[`weight_hh${sfx}`]));
        if (m.bias) { gi = nb.add(gi, p[`bias_ih${sfx}`]); gh = nb.add(gh, p[`bias_hh${sfx}`]); }
        const part = (z: nb.Tensor, q: number) => nb.narrow(z, 1, q * H, H);
        if (lstm) {
          const g = nb.add(gi, gh);
          const i = nb.sigmoid(part(g, 0)), f = nb.sigmoid(part(g, 1)), gg = nb.tanh(part(g, 2)), o = nb.sigmoid(part(g, 3));
          c = nb.add(nb.mul(f, c), nb.mul(i, gg));
          h = nb.mul(o, nb.tanh(c));
        } else {
          const r = nb.sigmoid(nb.add(part(gi, 0), part(gh, 0))), z = nb.sigmoid(nb.add(part(gi, 1), part(gh, 1)));
          const n = nb.tanh(nb.add(part(gi, 2), nb.mul(r, part(gh, 2))));
          h = nb.add(nb.mul(nb.sub(1, z), n), nb.mul(z, h));
        }
        hs[t] = h;
      }
      outs.push(nb.stack(hs, 0));
      hN.push(h);
      cN.push(c);
    }
    inp = dirs === 2 ? nb.cat(outs, 2) : outs[0];
  }
  return [inp, nb.stack(hN, 0), lstm ? nb.stack(cN, 0) : null];
}

interface Case { T: number; B: number; I: number; H: number; layers?: number; bi?: boolean; hx?: boolean; bf?: boolean; bias?: boolean }
type Mode = 'LSTM' | 'GRU';

/** Outputs and every gradient of a weighted sum of (output, h_n[, c_n]). */
function run(mode: Mode, c: Case, how: 'module' | 'ops'): Map<string, Float32Array> {
  nb.manualSeed(11);
  const opts = { numLayers: c.layers ?? 1, bidirectional: c.bi, batchFirst: c.bf, bias: c.bias };
  const m = mode === 'LSTM' ? new LSTM(c.I, c.H, opts) : new GRU(c.I, c.H, opts);
  const D = (c.bi ? 2 : 1) * (c.layers ?? 1);
  const x = nb.randn(c.bf ? [c.B, c.T, c.I] : [c.T, c.B, c.I], { requiresGrad: true });
  const h0 = c.hx ? nb.randn([D, c.B, c.H], { requiresGrad: true }) : null;
  const c0 = c.hx && mode === 'LSTM' ? nb.randn([D, c.B, c.H], { requiresGrad: true }) : null;
  let o: nb.Tensor, h: nb.Tensor, cc: nb.Tensor | null = null;
  if (how === 'module') {
    if (m instanceof LSTM) [o, [h, cc]] = m.forward(x, h0 && c0 ? [h0, c0] : null);
    else [o, h] = m.forward(x, h0);
  } else {
    [o, h, cc] = opByOp(m, c.bf ? nb.transpose(x, 0, 1) : x, h0, c0);
    if (c.bf) o = nb.transpose(o, 0, 1);
  }
  let loss = nb.add(nb.sum(nb.mul(o, nb.randn(o.shape))), nb.sum(nb.mul(h, nb.randn(h.shape))));
  if (cc) loss = nb.add(loss, nb.sum(nb.mul(cc, nb.randn(cc.shape))));
  loss.backward();
  const data = (t: nb.Tensor | null): Float32Array => (t as nb.Tensor).dataSync() as Float32Array;
  const r = new Map<string, Float32Array>([['output', data(o)], ['h_n', data(h)], ['dx', data(x.grad)]]);
  if (cc) r.set('c_n', data(cc));
  if (h0) r.set('dh0', data(h0.grad));
  if (c0) r.set('dc0', data(c0.grad));
  for (const [k, p] of m.namedParameters()) r.set(k, data(p.grad));
  return r;
}

function assertClose(a: Map<string, Float32Array>, b: Map<string, Float32Array>, what: string, rtol = 1e-5, atol = 1e-5): void {
  assert.deepEqual([...a.keys()], [...b.keys()], what);
  for (const [k, x] of a) {
    const y = b.get(k)!;
    assert.equal(x.length, y.length, `${what} ${k} length`);
    for (let i = 0; i < x.length; i++) {
      if (!(Math.abs(x[i] - y[i]) <= atol + rtol * Math.abs(y[i]))) assert.fail(`${what}: ${k}[${i}] ${x[i]} vs ${y[i]}`);
    }
  }
}

const CASES: Case[] = [
  { T: 5, B: 3, I: 4, H: 7 },
  { T: 1, B: 1, I: 3, H: 17, hx: true },
  { T: 1, B: 4, I: 2, H: 16 },
  { T: 6, B: 1, I: 5, H: 20, layers: 2, bi: true, hx: true },
  { T: 9, B: 33, I: 8, H: 16, bf: true },
  { T: 4, B: 13, I: 3, H: 35, bi: true, hx: true, bias: false },
  { T: 7, B: 14, I: 6, H: 33, layers: 2, bf: true, hx: true },
];

for (const mode of ['LSTM', 'GRU'] as Mode[]) {
  test(`${mode}: the module (native kernel on the native backend) equals the op-by-op ${mode}, outputs and all gradients`, () => {
    for (const c of CASES) assertClose(run(mode, c, 'module'), run(mode, c, 'ops'), JSON.stringify(c));
  });

  test(`${mode}: native kernel equals the js fused recurrence (same module, same inputs)`, () => {
    for (const c of CASES) {
      const a = run(mode, c, 'module');
      setNativeRecurrence(false);
      try {
        assertClose(a, run(mode, c, 'module'), JSON.stringify(c));
      } finally {
        setNativeRecurrence(true);
      }
    }
  });

  test(`${mode} native kernel: used on the native backend; float64 gradcheck through it`, () => {
    const k = nativeRecurrentKernel(mode);
    if (nb.getBackend() === 'native') assert.ok(k, `the native backend should provide the ${mode} kernel`);
    if (!k) return;
    nb.manualSeed(3);
    const T = 3, B = 2, I = 2, H = 3, G = (mode === 'LSTM' ? 4 : 3) * H;
    const f64 = { dtype: 'float64' as const, requiresGrad: true };
    for (const reverse of [false, true]) {
      const ins = [nb.randn([T, B, I], f64), nb.randn([G, I], f64), nb.randn([G, H], f64), nb.randn([G], f64),
        nb.randn([G], f64), nb.randn([B, H], f64), nb.randn([B, H], f64)];
      const ok = nb.autograd.gradcheck((...a: nb.Tensor[]) => {
        const r = nativeRecurrentLayer(k, { x: a[0], wIh: a[1], wHh: a[2], bIh: a[3], bHh: a[4], h0: a[5], c0: mode === 'LSTM' ? a[6] : null, reverse });
        const s = nb.add(nb.sum(nb.mul(r.output, r.output)), nb.sum(nb.mul(r.hN, 0.7)));
        return r.cN ? nb.add(s, nb.sum(nb.mul(r.cN, r.cN))) : s;
      }, mode === 'LSTM' ? ins : ins.slice(0, 6));
      assert.ok(ok, `reverse=${reverse}`);
    }
  });
}

test('LSTM: a retained graph run twice, with another forward in between, gives the same gradients', () => {
  nb.manualSeed(9);
  const m = new LSTM(3, 5, { bidirectional: true });
  const x = nb.randn([4, 2, 3], { requiresGrad: true }), x2 = nb.randn([4, 2, 3]);
  const [o] = m.forward(x);
  const loss = nb.sum(nb.mul(o, o));
  loss.backward(undefined, { retainGraph: true });
  const g1 = (x.grad as nb.Tensor).dataSync().slice();
  // Another forward and backward reuse the pooled activations of the first.
  nb.sum(m.forward(x2)[0]).backward();
  x.grad = null;
  loss.backward();
  const gradOf = (t: nb.Tensor): nb.Tensor => t.grad as nb.Tensor;
  const g2 = gradOf(x).dataSync();
  assert.deepEqual([...g2], [...g1]);
});

test('LSTM native kernel: createGraph through it throws a clear ValueError', () => {
  nb.manualSeed(4);
  const m = new LSTM(2, 3);
  const x = nb.randn([3, 2, 2], { requiresGrad: true });
  const [o] = m.forward(x);
  assert.throws(() => nb.autograd.grad(nb.sum(nb.mul(o, o)), [x], { createGraph: true }), (e: Error) => e instanceof nb.ValueError && /differentiable once only/.test(e.message));
});

test('native lstm/gru Forward/Backward: wrong lengths or types are RangeErrors', () => {
  const r = loadNative();
  if (!('addon' in r) || !r.addon.lstmForward || !r.addon.lstmBackward) return;
  const { lstmForward, lstmBackward } = r.addon;
  const T = 2, B = 3, I = 4, H = 5, G = 4 * H;
  const f = (n: number) => new Float32Array(n);
  const dims = new Float64Array([T, B, I, H, 0]);
  const good = () => [f(T * B * I), f(G * I), f(G * H), f(G), f(G), f(B * H), f(B * H), f(T * B * G), f(T * B * H), f((T + 1) * B * H)] as const;
  assert.doesNotThrow(() => lstmForward(dims, ...good()));
  const bad: [string, (a: (Float32Array | Float64Array | null)[]) => void][] = [
    ['x', (a) => { a[0] = f(T * B * I - 1); }],
    ['wHh', (a) => { a[2] = f(G * H + 1); }],
    ['out', (a) => { a[9] = f(T * B * H); }],
    ['h0', (a) => { a[5] = new Float64Array(B * H); }],
  ];
  for (const [name, spoil] of bad) {
    const a: (Float32Array | Float64Array | null)[] = [...good()];
    spoil(a);
    assert.throws(() => (lstmForward as (...z: unknown[]) => void)(dims, ...a), (e: Error) => e instanceof RangeError && e.message.includes(name), name);
  }
  assert.throws(() => lstmForward(new Float64Array([T, 0, I, H, 0]), ...good()), RangeError);
  assert.throws(() => lstmForward(new Float64Array([T, B, I, 1e15, 0]), ...good()), RangeError);
  const { gruForward, gruBackward } = r.addon;
  if (gruForward && gruBackward) {
    const G3 = 3 * H;
    const gg = () => [f(T * B * I), f(G3 * I), f(G3 * H), f(G3), null, null, f(T * B * G3), f(T * B * H), f(T * B * H)] as const;
    assert.doesNotThrow(() => gruForward(dims, ...gg()));
    const [x, wi, wh, bi, , , gates, ghn, out] = gg();
    assert.throws(() => gruForward(dims, x, wi, wh, bi, null, null, gates, ghn, f(T * B * H + 1)), (e: Error) => e instanceof RangeError && e.message.includes('out'));
    assert.throws(() => gruForward(dims, x, f(G * I), wh, bi, null, null, gates, ghn, out), (e: Error) => e instanceof RangeError && e.message.includes('wIh'));
    assert.throws(() => gruBackward(dims, x, wi, wh, null, gates, ghn, out, f(T * B * H), f(1), f(G3 * I), f(G3 * H), null, null, null),
      (e: Error) => e instanceof RangeError && e.message.includes('dx'));
  }
  const g = good();
  assert.throws(() => lstmBackward(dims, g[0], g[1], g[2], null, null, g[7], g[8], g[9], f(T * B * H), null, f(G * I), f(G * H), null, null, null),
    (e: Error) => e instanceof RangeError && e.message.includes('gOut'));
});
