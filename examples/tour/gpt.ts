// Step 7 — a small GPT (pre-norm transformer blocks with causal self-attention and learned
// positions) on the King James Bible, then a generated sample.
import * as nb from '../../src/index.js';
import { nn, optim, data } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { randomStarts, sampleNext, since, windows } from '../common.js';

export function run(options: { short: boolean }): void {
  const { short } = options;
  const T = short ? 32 : 64, B = short ? 8 : 16, D = short ? 32 : 64, H = 4, L = 2;
  const steps = short ? 50 : 300;
  nb.manualSeed(0);
  const corpus = data.charCorpus(data.loadText('kjv').slice(0, 500_000));
  const V = corpus.vocab.length;
  const ids = corpus.data.storage as Int32Array;

  /** Pre-norm block: x + attn(ln1(x)), then + mlp(ln2(x)). */
  class Block extends nn.Module {
    ln1 = new nn.LayerNorm(D);
    attn = new nn.MultiheadAttention(D, H, { batchFirst: true });
    ln2 = new nn.LayerNorm(D);
    mlp = new nn.Sequential(new nn.Linear(D, 4 * D), new nn.GELU(), new nn.Linear(4 * D, D));
    forward(x: Tensor, mask: Tensor): Tensor {
      const h = this.ln1.forward(x);
      x = nb.add(x, this.attn.forward(h, h, h, { attnMask: mask, needWeights: false })[0]);
      return nb.add(x, this.mlp.forward(this.ln2.forward(x)));
    }
  }
  class GPT extends nn.Module {
    tok = new nn.Embedding(V, D);
    pos = new nn.Embedding(T, D);
    blocks = new nn.ModuleList(Array.from({ length: L }, () => new Block()));
    ln = new nn.LayerNorm(D);
    head = new nn.Linear(D, V);
    /** ids [B, n ≤ T] → logits [B, n, V]; the causal mask hides the future. */
    forward(x: Tensor): Tensor {
      const n = x.shape[1];
      const mask = nn.generateSquareSubsequentMask(n);
      let h = nb.add(this.tok.forward(x), this.pos.forward(nb.arange(0, n, 1, { dtype: 'int32' })));
      for (const b of this.blocks.children()) h = (b as Block).forward(h, mask);
      return this.head.forward(this.ln.forward(h));
    }
  }
  const model = new GPT();
  const opt = new optim.Adam(model.parameters(), { lr: 3e-3 });
  const nParams = model.parameters().reduce((s, p) => s + p.numel(), 0);
  console.log(`GPT: ${L} layers, d=${D}, ${H} heads, context ${T}, vocabulary ${V}, ${nParams} parameters, batch ${B}, ${steps} steps`);
  const t0 = performance.now();
  let sum = 0;
  const every = short ? 25 : 50;
  for (let step = 1; step <= steps; step++) {
    const [x, y] = windows(ids, randomStarts(B, 0, ids.length, T), T);
    opt.zeroGrad();
    const loss = nn.functional.crossEntropy(model.forward(x).reshape([-1, V]), y.reshape([-1]));
    loss.backward();
    opt.step();
    sum += loss.item();
    if (step % every === 0) {
      console.log(`step ${step}: train loss ${(sum / every).toFixed(3)} nats/char, ${since(t0)} s`);
      sum = 0;
    }
  }
  model.train(false);
  const out = Array.from(corpus.encode('And God said').storage as Int32Array);
  nb.noGrad(() => {
    for (let i = 0; i < (short ? 100 : 300); i++) {
      const ctx = out.slice(Math.max(0, out.length - T));
      const logits = model.forward(new nb.Tensor(Int32Array.from(ctx), [1, ctx.length], 'int32')); // [1, n, V]
      out.push(sampleNext(logits.select(0, 0).select(0, -1), 0.8));
    }
  });
  console.log('sample (temperature 0.8):\n' + corpus.decode(out));
}
