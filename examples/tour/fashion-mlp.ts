// Step 4 — an MLP (784 → 256 → 128 → 10) on a Fashion-MNIST subset, trained with train.fit and a
// ProgressBar; prints the test accuracy.
import * as nb from '../../src/index.js';
import { nn } from '../../src/index.js';
import { trainOnFashion } from './fashion.js';

export function run(options: { short: boolean }): void {
  nb.manualSeed(0);
  const model = new nn.Sequential(
    new nn.Linear(784, 256), new nn.ReLU(),
    new nn.Linear(256, 128), new nn.ReLU(),
    new nn.Linear(128, 10),
  );
  const acc = options.short
    ? trainOnFashion(model, { nTrain: 4096, nTest: 2000, epochs: 3, batch: 64, flatten: true })
    : trainOnFashion(model, { nTrain: 20000, nTest: 10000, epochs: 5, batch: 64, flatten: true });
  if (acc < 0.6) throw new Error(`fashion-mlp: test accuracy ${(acc * 100).toFixed(1)}% is implausibly low`);
}
