// A character-level LSTM language model on the first 1M characters of the King James Bible:
// Embedding(V, 64) → LSTM(64, 256, batchFirst) → Linear(256, V), windows of T=64, batch 32,
// Adam 3e-3. The last 10% of the text is held out; training stops when the validation loss falls
// below 1.6 nats/char, then the model writes ~300 characters (temperature sampling).
//
//   node dist/examples/char-lstm.js [targetValLoss=1.6] [maxSteps=6000]
import * as nb from '../src/index.js';
import { nn, optim, data } from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { backendLine, randomStarts, sampleNext, since, windows } from './common.js';

const target = Number(process.argv[2] ?? 1.6);
const maxSteps = Number(process.argv[3] ?? 6000);
const T = 64, B = 32, evalEvery = 100;
nb.manualSeed(0);

const corpus = data.charCorpus(data.loadText('kjv').slice(0, 1_000_000));
const V = corpus.vocab.length;
const ids = corpus.data.storage as Int32Array;
const split = Math.floor(ids.length * 0.9); // [0, split) trains, [split, end) validates

class CharLSTM extends nn.Module {
  embed!: nn.Embedding;
  lstm!: nn.LSTM;
  head!: nn.Linear;
  constructor() {
    super();
    this.embed = new nn.Embedding(V, 64);
    this.lstm = new nn.LSTM(64, 256, { batchFirst: true });
    this.head = new nn.Linear(256, V);
  }
  /** ids [B, T] → logits [B, T, V], and the final (h, c) for continuing a sequence. */
  forward(x: Tensor, state: readonly [Tensor, Tensor] | null = null): [Tensor, [Tensor, Tensor]] {
    const [out, hc] = this.lstm.forward(this.embed.forward(x), state); // [B, T, 256]
    return [this.head.forward(out), hc];
  }
}

const model = new CharLSTM();
const opt = new optim.Adam(model.parameters(), { lr: 3e-3 });
// A fixed validation set: 256 evenly spaced windows of the held-out 10%.
const valStarts = Array.from({ length: 256 }, (_, i) => split + Math.floor((i * (ids.length - split - T - 1)) / 256));
const [valX, valY] = windows(ids, valStarts, T);

function validationLoss(): number {
  model.train(false);
  const loss = nb.noGrad(() => {
    let sum = 0;
    for (let i = 0; i < valStarts.length; i += 64) {
      const [logits] = model.forward(nb.narrow(valX, 0, i, 64));
      sum += nn.functional.crossEntropy(logits.reshape([-1, V]), nb.narrow(valY, 0, i, 64).reshape([-1])).item();
    }
    return sum / (valStarts.length / 64);
  });
  model.train(true);
  return loss;
}

console.log(`char-LSTM: V=${V}, ${split} training / ${ids.length - split} validation characters, T=${T}, B=${B}, ${backendLine()}`);
const t0 = performance.now();
let step = 0, val = Infinity, trainSum = 0;
while (step < maxSteps) {
  const [x, y] = windows(ids, randomStarts(B, 0, split, T), T);
  opt.zeroGrad();
  const [logits] = model.forward(x);
  const loss = nn.functional.crossEntropy(logits.reshape([-1, V]), y.reshape([-1]));
  loss.backward();
  opt.step();
  trainSum += loss.item();
  step++;
  if (step % evalEvery === 0) {
    val = validationLoss();
    const tokS = (step * B * T) / ((performance.now() - t0) / 1000);
    console.log(`step ${step}: train loss ${(trainSum / evalEvery).toFixed(3)}, validation loss ${val.toFixed(3)} nats/char, ${since(t0)} s, ${tokS.toFixed(0)} tokens/s`);
    trainSum = 0;
    if (val < target) break;
  }
}
console.log(`final: validation loss ${val.toFixed(3)} nats/char after ${step} steps (${step * B * T} tokens) in ${since(t0)} s`);

// Generation: prime with a phrase, then feed one sampled character at a time, carrying (h, c).
model.train(false);
const prime = 'And God said';
let text = prime;
nb.noGrad(() => {
  let [logits, state] = model.forward(corpus.encode(prime).reshape([1, -1]));
  for (let i = 0; i < 300; i++) {
    const next = sampleNext(logits.select(0, 0).select(0, -1), 0.8);
    text += corpus.vocab[next];
    [logits, state] = model.forward(new nb.Tensor(Int32Array.of(next), [1, 1], 'int32'), state);
  }
});
console.log('sample (temperature 0.8):\n' + text);
