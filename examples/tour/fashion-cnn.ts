// Step 5 — a small CNN (two 5×5 convolutions with max-pooling, then two linear layers) on a
// Fashion-MNIST subset, trained with train.fit and a ProgressBar; prints the test accuracy.
import * as nb from '../../src/index.js';
import { nn } from '../../src/index.js';
import { trainOnFashion } from './fashion.js';

export function run(options: { short: boolean }): void {
  nb.manualSeed(0);
  const model = new nn.Sequential(
    new nn.Conv2d(1, 8, 5, { padding: 2 }), new nn.ReLU(), new nn.MaxPool2d(2), // [B, 8, 14, 14]
    new nn.Conv2d(8, 16, 5), new nn.ReLU(), new nn.MaxPool2d(2), // [B, 16, 5, 5]
    new nn.Flatten(), // [B, 400]
    new nn.Linear(400, 64), new nn.ReLU(),
    new nn.Linear(64, 10),
  );
  const acc = options.short
    ? trainOnFashion(model, { nTrain: 3072, nTest: 1000, epochs: 2, batch: 32, flatten: false })
    : trainOnFashion(model, { nTrain: 12000, nTest: 5000, epochs: 3, batch: 32, flatten: false });
  if (acc < 0.6) throw new Error(`fashion-cnn: test accuracy ${(acc * 100).toFixed(1)}% is implausibly low`);
}
