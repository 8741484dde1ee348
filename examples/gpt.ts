// A 4-layer GPT (the benchmark script's: d=128, 4 heads, context 128, pre-norm blocks with
// MultiheadAttention and a causal mask, learned positions) on the first 1M characters of the
// King James Bible, batch 16, Adam 3e-3; then a generated sample.
//
//   node dist/examples/gpt.js [steps=400]
import * as nb from '../src/index.js';
import { nn, optim, data } from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { backendLine, randomStarts, sampleNext, since, windows } from './common.js';

const steps = Number(process.argv[2] ?? 400);
const T = 128, B = 16, D = 128, H = 4, L = 4;
nb.manualSeed(0);

const corpus = data.charCorpus(data.loadText('kjv').slice(0, 1_000_000));
const V = corpus.vocab.length;
const ids = corpus.data.storage as Int32Array;
const split = Math.floor(ids.length * 0.9);

/** Additive causal mask [n, n]: -inf above the diagonal. */
const causalMask = (n: number): Tensor => nn.generateSquareSubsequentMask(n);

/** Pre-norm block: x + attn(ln1(x)), then + mlp(ln2(x)) — residuals need no special layer. */
class Block extends nn.Module {
  ln1!: nn.LayerNorm;
  attn!: nn.MultiheadAttention;
  ln2!: nn.LayerNorm;
  mlp!: nn.Sequential;
  constructor() {
    super();
    this.ln1 = new nn.LayerNorm(D);
    this.attn = new nn.MultiheadAttention(D, H, { batchFirst: true });
    this.ln2 = new nn.LayerNorm(D);
    this.mlp = new nn.Sequential(new nn.Linear(D, 4 * D), new nn.GELU(), new nn.Linear(4 * D, D));
  }
  forward(x: Tensor, mask: Tensor): Tensor {
    const h = this.ln1.forward(x);
    x = nb.add(x, this.attn.forward(h, h, h, { attnMask: mask, needWeights: false })[0]);
    return nb.add(x, this.mlp.forward(this.ln2.forward(x)));
  }
}

class GPT extends nn.Module {
  tok!: nn.Embedding;
  pos!: nn.Embedding;
  blocks!: nn.ModuleList;
  ln!: nn.LayerNorm;
  head!: nn.Linear;
  constructor() {
    super();
    this.tok = new nn.Embedding(V, D);
    this.pos = new nn.Embedding(T, D);
    this.blocks = new nn.ModuleList(Array.from({ length: L }, () => new Block()));
    this.ln = new nn.LayerNorm(D);
    this.head = new nn.Linear(D, V);
  }
  /** ids [B, n ≤ T] → logits [B, n, V]. */
  forward(x: Tensor): Tensor {
    const n = x.shape[1];
    const mask = causalMask(n);
    let h = nb.add(this.tok.forward(x), this.pos.forward(nb.arange(0, n, 1, { dtype: 'int32' }))); // [B, n, D]
    for (const b of this.blocks.children()) h = (b as Block).forward(h, mask);
    return this.head.forward(this.ln.forward(h));
  }
}

const model = new GPT();
const opt = new optim.Adam(model.parameters(), { lr: 3e-3 });
const nParams = model.parameters().reduce((s, p) => s + p.numel(), 0);
const valStarts = Array.from({ length: 64 }, (_, i) => split + Math.floor((i * (ids.length - split - T - 1)) / 64));
const [valX, valY] = windows(ids, valStarts, T);
const validationLoss = (): number => {
  model.train(false);
  const v = nb.noGrad(() => nn.functional.crossEntropy(model.forward(valX).reshape([-1, V]), valY.reshape([-1])).item());
  model.train(true);
  return v;
};

console.log(`GPT: ${L} layers, d=${D}, ${H} heads, context ${T}, V=${V}, ${nParams} parameters, batch ${B}, ${backendLine()}`);
const t0 = performance.now();
let trainSum = 0, last = NaN;
for (let step = 1; step <= steps; step++) {
  const [x, y] = windows(ids, randomStarts(B, 0, split, T), T);
  opt.zeroGrad();
  const loss = nn.functional.crossEntropy(model.forward(x).reshape([-1, V]), y.reshape([-1]));
  loss.backward();
  opt.step();
  last = loss.item();
  trainSum += last;
  if (step % 25 === 0) {
    const tokS = (step * B * T) / ((performance.now() - t0) / 1000);
    console.log(`step ${step}: train loss ${(trainSum / 25).toFixed(3)}, ${since(t0)} s, ${tokS.toFixed(0)} tokens/s`);
    trainSum = 0;
  }
}
const val = validationLoss();
console.log(`final: train loss ${last.toFixed(3)}, validation loss ${val.toFixed(3)} nats/char after ${steps} steps in ${since(t0)} s`);

model.train(false);
let out = corpus.encode('And God said').storage as Int32Array;
nb.noGrad(() => {
  for (let i = 0; i < 300; i++) {
    const ctx = out.subarray(Math.max(0, out.length - T));
    const logits = model.forward(new nb.Tensor(Int32Array.from(ctx), [1, ctx.length], 'int32')); // [1, n, V]
    const next = sampleNext(logits.select(0, 0).select(0, -1), 0.8);
    const grown = new Int32Array(out.length + 1);
    grown.set(out);
    grown[out.length] = next;
    out = grown;
  }
});
console.log('sample (temperature 0.8):\n' + corpus.decode(Array.from(out)));
