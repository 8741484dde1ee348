// Step 1 — a small MLP (64 → 128 → 10) on the bundled 8×8 digits with only the engine: tensor
// ops, autograd and a hand-written SGD loop with momentum. Throws if the held-out accuracy is
// below 95% (CI's check that the tour works).
//
//   npm run tour -- --only digits-mlp
import * as nb from '../../src/index.js';
import { loadDigits } from '../../src/data/index.js';

export function run(options: { short: boolean }): void {
  const EPOCHS = options.short ? 20 : 30;
  const BATCH = 32, LR = 0.05, MOMENTUM = 0.9, HIDDEN = 128;
  nb.manualSeed(0);

  // Data: 1,797 images of 64 pixels (0..16), scaled to [0, 1]; a seeded 80/20 split.
  const { data, target } = loadDigits();
  const n = data.shape[0];
  const perm = nb.randperm(n);
  const nTrain = Math.floor(n * 0.8);
  const X = data.div(16);
  const xTrain = X.indexSelect(0, perm.slice(0, 0, nTrain)); // [nTrain, 64]
  const yTrain = target.indexSelect(0, perm.slice(0, 0, nTrain)); // [nTrain]
  const xTest = X.indexSelect(0, perm.slice(0, nTrain));
  const yTest = target.indexSelect(0, perm.slice(0, nTrain));
  console.log(`digits: ${nTrain} training and ${n - nTrain} held-out samples, ${X.shape[1]} features, 10 classes, backend ${nb.getBackend()}`);

  // Parameters, initialised as PyTorch's Linear does: U(-1/sqrt(fanIn), 1/sqrt(fanIn)).
  const init = (fanIn: number, shape: number[]): nb.Tensor => {
    const bound = 1 / Math.sqrt(fanIn);
    return nb.uniform(-bound, bound, shape).requiresGrad_();
  };
  const params = {
    w1: init(64, [64, HIDDEN]), b1: init(64, [HIDDEN]),
    w2: init(HIDDEN, [HIDDEN, 10]), b2: init(HIDDEN, [10]),
  };
  const velocity = Object.values(params).map((p) => nb.zerosLike(p));

  const forward = (x: nb.Tensor): nb.Tensor => {
    const h = x.matmul(params.w1).add(params.b1).relu(); // [B, HIDDEN]
    return h.matmul(params.w2).add(params.b2); // [B, 10] logits
  };
  const accuracy = (x: nb.Tensor, y: nb.Tensor): number =>
    nb.noGrad(() => forward(x).argmax(1).eq(y).float().mean().item());

  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    const start = performance.now();
    const order = nb.randperm(nTrain);
    let lossSum = 0, batches = 0;
    for (let i = 0; i < nTrain; i += BATCH) {
      const idx = order.slice(0, i, i + BATCH);
      const xb = xTrain.indexSelect(0, idx);
      const yb = yTrain.indexSelect(0, idx);
      // Cross-entropy from the engine's ops: -mean(log softmax(z)[i, y_i]).
      const logProbs = forward(xb).logSoftmax(1); // [B, 10]
      const loss = logProbs.gather(1, yb.unsqueeze(1)).mean().neg();
      for (const p of Object.values(params)) p.grad = null;
      loss.backward();
      nb.noGrad(() => {
        Object.values(params).forEach((p, k) => {
          velocity[k].mul_(MOMENTUM).add_(p.grad as nb.Tensor); // v = μv + g
          p.sub_(velocity[k].mul(LR)); // p -= lr v
        });
      });
      lossSum += loss.item();
      batches++;
    }
    const ms = performance.now() - start;
    if (epoch % 5 === 0 || epoch === 1) {
      console.log(`epoch ${String(epoch).padStart(2)}/${EPOCHS}  loss ${(lossSum / batches).toFixed(4)}  ` +
        `train acc ${(100 * accuracy(xTrain, yTrain)).toFixed(1)}%  ${((nTrain / ms) * 1000).toFixed(0)} samples/s`);
    }
  }

  const testAcc = accuracy(xTest, yTest);
  console.log(`held-out accuracy: ${(100 * testAcc).toFixed(2)}%`);
  if (testAcc < 0.95) throw new Error(`digits-mlp: held-out accuracy ${(100 * testAcc).toFixed(2)}% is below 95%`);
}
