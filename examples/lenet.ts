// LeNet-5 (the CNN of the PyTorch benchmark script) on the bundled Fashion-MNIST subset, Adam
// lr 1e-3, batch 64, a hand-written training loop.
//
//   node dist/examples/lenet.js [targetAccuracy=0.89] [maxEpochs=30]
import * as nb from '../src/index.js';
import { nn, optim, data } from '../src/index.js';
import { accuracy, backendLine, since } from './common.js';

const target = Number(process.argv[2] ?? 0.89);
const maxEpochs = Number(process.argv[3] ?? 30);
nb.manualSeed(0);

const train = data.loadFashionMNIST({ train: true }); // images [30000, 1, 28, 28]
const test = data.loadFashionMNIST({ train: false }); // [10000, 1, 28, 28]
const model = new nn.Sequential(
  new nn.Conv2d(1, 6, 5, { padding: 2 }), new nn.ReLU(), new nn.MaxPool2d(2), // [B, 6, 14, 14]
  new nn.Conv2d(6, 16, 5), new nn.ReLU(), new nn.MaxPool2d(2), // [B, 16, 5, 5]
  new nn.Flatten(), // [B, 400]
  new nn.Linear(400, 120), new nn.ReLU(),
  new nn.Linear(120, 84), new nn.ReLU(),
  new nn.Linear(84, 10),
);
const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
const batch = 64;
const n = train.images.shape[0];
console.log(`LeNet-5, ${n} training images, batch ${batch}, ${backendLine()}`);

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
    const x = nb.indexSelect(train.images, 0, idx); // [64, 1, 28, 28]
    const y = nb.indexSelect(train.labels, 0, idx);
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
