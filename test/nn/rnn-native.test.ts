import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import { LSTM } from '../../src/nn/rnn.js';
import { nativeLstmKernel, nativeLstmLayer, setNativeLstm } from '../../src/nn/rnn-native.js';
import { loadNative } from '../../src/backend/native/load.js';

// The native whole-sequence LSTM kernel (src/backend/native/cpp/rnn.cc through
// src/nn/rnn-native.ts) against an op-by-op LSTM written here with tensor ops (one autograd node
// per op), and against the js fused recurrence. On the js backend the module runs the js fused
// recurrence, so the same comparisons check that path.

type Named = Record<string, nb.Tensor>;

/** The LSTM module's math, one tensor op at a time: x [T, B, I] time-major. */
function opByOp(m: LSTM, x: nb.Tensor, h0: nb.Tensor | null, c0: nb.Tensor | null): [nb.Tensor, nb.Tensor, nb.Tensor] {
  const p = Object.fromEntries(m.namedParameters()) as Named;
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
        let g = nb.add(nb.matmul(nb.select(inp, 0, t), nb.mT(p[`weight_ih${sfx}`])), nb.matmul(h, nb.mT(p[`weight_hh${sfx}`])));
        if (m.bias) g = nb.add(nb.add(g, p[`bias_ih${sfx}`]), p[`bias_hh${sfx}`]);
        const i = nb.sigmoid(nb.narrow(g, 1, 0, H)), f = nb.sigmoid(nb.narrow(g, 1, H, H));
        const gg = nb.tanh(nb.narrow(g, 1, 2 * H, H)), o = nb.sigmoid(nb.narrow(g, 1, 3 * H, H));
        c = nb.add(nb.mul(f, c), nb.mul(i, gg));
        h = nb.mul(o, nb.tanh(c));
        hs[t] = h;
      }
      outs.push(nb.stack(hs, 0));
      hN.push(h);
      cN.push(c);
    }
    inp = dirs === 2 ? nb.cat(outs, 2) : outs[0];
  }
  return [inp, nb.stack(hN, 0), nb.stack(cN, 0)];
}

interface Case { T: number; B: number; I: number; H: number; layers?: number; bi?: boolean; hx?: boolean; bf?: boolean; bias?: boolean }

/** Outputs and every gradient of a weighted sum of (output, h_n, c_n). */
function run(c: Case, how: 'module' | 'ops'): Map<string, Float32Array> {
  nb.manualSeed(11);
  const m = new LSTM(c.I, c.H, { numLayers: c.layers ?? 1, bidirectional: c.bi, batchFirst: c.bf, bias: c.bias });
  const D = (c.bi ? 2 : 1) * (c.layers ?? 1);
  const x = nb.randn(c.bf ? [c.B, c.T, c.I] : [c.T, c.B, c.I], { requiresGrad: true });
  const h0 = c.hx ? nb.randn([D, c.B, c.H], { requiresGrad: true }) : null;
  const c0 = c.hx ? nb.randn([D, c.B, c.H], { requiresGrad: true }) : null;
  let o: nb.Tensor, h: nb.Tensor, cc: nb.Tensor;
  if (how === 'module') {
    [o, [h, cc]] = m.forward(x, h0 && c0 ? [h0, c0] : null);
  } else {
    [o, h, cc] = opByOp(m, c.bf ? nb.transpose(x, 0, 1) : x, h0, c0);
    if (c.bf) o = nb.transpose(o, 0, 1);
  }
  const w = [nb.randn(o.shape), nb.randn(h.shape), nb.randn(cc.shape)];
  nb.add(nb.add(nb.sum(nb.mul(o, w[0])), nb.sum(nb.mul(h, w[1]))), nb.sum(nb.mul(cc, w[2]))).backward();
  const r = new Map<string, Float32Array>([['output', o], ['h_n', h], ['c_n', cc], ['dx', x.grad as nb.Tensor]].map(([k, t]) => [k as string, (t as nb.Tensor).dataSync() as Float32Array]));
  if (h0 && c0) { r.set('dh0', h0.grad!.dataSync() as Float32Array); r.set('dc0', c0.grad!.dataSync() as Float32Array); }
  for (const [k, p] of m.namedParameters()) r.set(k, p.grad!.dataSync() as Float32Array);
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

test('LSTM: the module (native kernel on the native backend) equals the op-by-op LSTM, outputs and all gradients', () => {
  for (const c of CASES) assertClose(run(c, 'module'), run(c, 'ops'), JSON.stringify(c));
});

test('LSTM: native kernel equals the js fused recurrence (same module, same inputs)', () => {
  for (const c of CASES) {
    const a = run(c, 'module');
    setNativeLstm(false);
    try {
      assertClose(a, run(c, 'module'), JSON.stringify(c));
    } finally {
      setNativeLstm(true);
    }
  }
});

test('LSTM native kernel: used on the native backend; float64 gradcheck through it', () => {
  const k = nativeLstmKernel();
  if (nb.getBackend() === 'native') assert.ok(k, 'the native backend should provide lstmForward/lstmBackward');
  if (!k) return;
  nb.manualSeed(3);
  const T = 3, B = 2, I = 2, H = 3;
  const f64 = { dtype: 'float64' as const, requiresGrad: true };
  for (const reverse of [false, true]) {
    const ins = [nb.randn([T, B, I], f64), nb.randn([4 * H, I], f64), nb.randn([4 * H, H], f64), nb.randn([4 * H], f64),
      nb.randn([4 * H], f64), nb.randn([B, H], f64), nb.randn([B, H], f64)];
    const ok = nb.autograd.gradcheck((...a: nb.Tensor[]) => {
      const r = nativeLstmLayer(k, { x: a[0], wIh: a[1], wHh: a[2], bIh: a[3], bHh: a[4], h0: a[5], c0: a[6], reverse });
      return nb.add(nb.add(nb.sum(nb.mul(r.output, r.output)), nb.sum(nb.mul(r.hN, 0.7))), nb.sum(nb.mul(r.cN as nb.Tensor, r.cN as nb.Tensor)));
    }, ins);
    assert.ok(ok, `reverse=${reverse}`);
  }
});

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

test('native lstmForward / lstmBackward: wrong lengths or types are RangeErrors', () => {
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
  const g = good();
  assert.throws(() => lstmBackward(dims, g[0], g[1], g[2], null, null, g[7], g[8], g[9], f(T * B * H), null, f(G * I), f(G * H), null, null, null),
    (e: Error) => e instanceof RangeError && e.message.includes('gOut'));
});
