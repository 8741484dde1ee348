// A 784-512-256-10 MLP on the bundled Fashion-MNIST subset (30k training images, the full 10k
// test set), Adam lr 1e-3, batch 128, a hand-written training loop.
//
//   node dist/examples/mlp-fashion-mnist.js [targetAccuracy=0.88] [maxEpochs=30]
import * as nb from '../src/index.js';
import { nn, optim, data } from '../src/index.js';
import { backendLine, trainUntil } from './common.js';

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
console.log(`MLP 784-512-256-10, ${train.images.shape[0]} training images, batch ${batch}, ${backendLine()}`);

trainUntil(model, opt, train, test, { batch, target, maxEpochs });
