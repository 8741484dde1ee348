// A 784-512-256-10 MLP on the bundled Fashion-MNIST subset (30k training images, the full 10k
// test set), Adam lr 1e-3, batch 128, a hand-written training loop.
//
//   node dist/examples/mlp-fashion-mnist.js [targetAccuracy=0.88] [maxEpochs=30]
import * as nb from '../src/index.js';
import { nn, optim, data } from '../src/index.js';
import { accuracy, backendLine, since } from './common.js';

const target = Number(process.argv[2] ?? 0.88);
const maxEpochs = Number(process.argv[3] ?? 30);
nb.manualSeed(0);

const train = data.loadFashionMNIST({ train: true, flatten: true }); // images [30000, 784], labels [30000]
const test = data.loadFashionMNIST({ train: false, flatten: true }); // [10000, 784]
const model = new nn.Sequential(
  new nn.Linear(784, 512), new nn.ReLU(),
  new nn.Linear(512, 256), new nn.ReLU(),
  new nn.Linear(256, 10),
);
const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
const batch = 128;
const n = train.images.shape[0];
console.log(`MLP 784-512-256-10, ${n} training images, batch ${batch}, ${backendLine()}`);

const t0 = performance.now();
let acc = 0;
let epoch = 0;
while (epoch < maxEpochs) {
  epoch++;
  const perm = nb.randperm(n, { dtype: 'int32' });
  let lossSum = 0;
  let steps = 0;
  for (let i = 0; i + batch <= n; i += batch) {
    const idx = nb.narrow(perm, 0, i, batch);
    const x = nb.indexSelect(train.images, 0, idx); // [128, 784]
    const y = nb.indexSelect(train.labels, 0, idx); // [128]
    opt.zeroGrad();
    const loss = nn.functional.crossEntropy(model.forward(x), y);
    loss.backward();
    opt.step();
    lossSum += loss.item();
    steps++;
  }
  acc = accuracy(model, test.images, test.labels);
  console.log(`epoch ${epoch}: train loss ${(lossSum / steps).toFixed(4)}, test accuracy ${(acc * 100).toFixed(2)}%, ${since(t0)} s`);
  if (acc >= target) break;
}
console.log(`final: test accuracy ${(acc * 100).toFixed(2)}% after ${epoch} epochs in ${since(t0)} s`);
