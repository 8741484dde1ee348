// Step 6 — a character-level LSTM language model on the King James Bible (the bundled corpus):
// Embedding → LSTM → Linear, trained on random windows, then a generated sample.
import * as nb from '../../src/index.js';
import { nn, optim, data } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { randomStarts, sampleNext, since, windows } from '../common.js';

export function run(options: { short: boolean }): void {
  const { short } = options;
  const T = short ? 32 : 64, B = short ? 16 : 32, E = 32, Hd = short ? 64 : 128;
  const steps = short ? 60 : 400;
  nb.manualSeed(0);
  const corpus = data.charCorpus(data.loadText('kjv').slice(0, 500_000));
  const V = corpus.vocab.length;
  const ids = corpus.data.storage as Int32Array;

  class CharLSTM extends nn.Module {
    embed = new nn.Embedding(V, E);
    lstm = new nn.LSTM(E, Hd, { batchFirst: true });
    head = new nn.Linear(Hd, V);
    /** ids [B, T] → logits [B, T, V], and the final (h, c) for continuing a sequence. */
    forward(x: Tensor, state: readonly [Tensor, Tensor] | null = null): [Tensor, [Tensor, Tensor]] {
      const [out, hc] = this.lstm.forward(this.embed.forward(x), state);
      return [this.head.forward(out), hc];
    }
  }
  const model = new CharLSTM();
  const opt = new optim.Adam(model.parameters(), { lr: 1e-2 });
  console.log(`LSTM: vocabulary ${V}, embedding ${E}, hidden ${Hd}, windows of ${T}, batch ${B}, ${steps} steps`);
  console.log(`(a uniform guess costs ln ${V} = ${Math.log(V).toFixed(2)} nats/char)`);
  const t0 = performance.now();
  let sum = 0;
  for (let step = 1; step <= steps; step++) {
    const [x, y] = windows(ids, randomStarts(B, 0, ids.length, T), T);
    opt.zeroGrad();
    const [logits] = model.forward(x);
    const loss = nn.functional.crossEntropy(logits.reshape([-1, V]), y.reshape([-1]));
    loss.backward();
    opt.step();
    sum += loss.item();
    const every = short ? 20 : 100;
    if (step % every === 0) {
      console.log(`step ${step}: train loss ${(sum / every).toFixed(3)} nats/char, ${since(t0)} s`);
      sum = 0;
    }
  }
  // Generation: prime with a phrase, then feed one sampled character at a time, carrying (h, c).
  model.train(false);
  const prime = 'And God said';
  let text = prime;
  nb.noGrad(() => {
    let [logits, state] = model.forward(corpus.encode(prime).reshape([1, -1]));
    for (let i = 0; i < (short ? 120 : 300); i++) {
      const next = sampleNext(logits.select(0, 0).select(0, -1), 0.8);
      text += corpus.vocab[next];
      [logits, state] = model.forward(new nb.Tensor(Int32Array.of(next), [1, 1], 'int32'), state);
    }
  });
  console.log('sample (temperature 0.8):\n' + text);
}
