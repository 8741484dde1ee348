// LeNet-5 (the CNN of the PyTorch benchmark script) on the bundled Fashion-MNIST subset, Adam
// lr 1e-3, batch 64, a hand-written training loop.
//
//   node dist/examples/lenet.js [targetAccuracy=0.89] [maxEpochs=30]
import * as nb from '../src/index.js';
import { nn, optim, data } from '../src/index.js';
import { backendLine, trainUntil } from './common.js';

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
console.log(`LeNet-5, ${train.images.shape[0]} training images, batch ${batch}, ${backendLine()}`);

trainUntil(model, opt, train, test, { batch, target, maxEpochs });
