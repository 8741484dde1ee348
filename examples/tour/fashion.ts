// Shared by the Fashion-MNIST steps: a seeded subset of the bundled images, training with the
// train module's fit() and ProgressBar, and the test accuracy.
import * as nb from '../../src/index.js';
import { nn, optim, data, train } from '../../src/index.js';
import { accuracy, since } from '../common.js';

export interface FashionRun {
  /** Training images in the subset, test images scored, epochs, batch size. */
  nTrain: number; nTest: number; epochs: number; batch: number;
  /** Images as [N, 784] (MLP) or [N, 1, 28, 28] (CNN). */
  flatten: boolean;
}

export function trainOnFashion(model: nn.Module & { forward(x: nb.Tensor): nb.Tensor }, cfg: FashionRun): number {
  const trainSet = data.loadFashionMNIST({ train: true, flatten: cfg.flatten });
  const testSet = data.loadFashionMNIST({ train: false, flatten: cfg.flatten });
  const x = nb.narrow(trainSet.images, 0, 0, cfg.nTrain);
  const y = nb.narrow(trainSet.labels, 0, 0, cfg.nTrain);
  const steps = cfg.epochs * Math.ceil(cfg.nTrain / cfg.batch);
  console.log(`${cfg.nTrain} training images, ${cfg.epochs} epochs × batch ${cfg.batch} = ${steps} steps, Adam lr 1e-3`);
  const t0 = performance.now();
  train.fit(model, [x, y], {
    epochs: cfg.epochs, batchSize: cfg.batch, seed: 0, metrics: ['accuracy'],
    optimizer: (p) => new optim.Adam(p, { lr: 1e-3 }),
    callbacks: [new train.ProgressBar({ stream: 'stdout' })],
  });
  const acc = accuracy(model, nb.narrow(testSet.images, 0, 0, cfg.nTest), nb.narrow(testSet.labels, 0, 0, cfg.nTest));
  console.log(`test accuracy ${(acc * 100).toFixed(2)}% on ${cfg.nTest} test images (chance 10%), ${since(t0)} s`);
  return acc;
}
