// The README's API tour, run as written (kept in sync by hand: if this test changes, change the
// README's code block too), so the README stays true.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as nb from '../src/index.js';
import { nn, optim, data, io, learn, metrics, modelSelection, preprocessing } from '../src/index.js';

test('the README API tour runs and gives what its comments say', () => {
  nb.manualSeed(0);
  const x = nb.randn([64, 784]);
  const w = nb.zeros([784, 10], { requiresGrad: true });
  const y = nb.randint(0, 10, [64]);
  const loss = nn.functional.crossEntropy(x.matmul(w), y);
  loss.backward();
  assert.deepEqual(w.grad?.shape, [784, 10]);
  const { values, indices } = x.max(1);
  assert.deepEqual([values.shape, indices.dtype], [[64], 'int32']);
  const t = nb.tensor([2], { dtype: 'float64', requiresGrad: true });
  const [dy] = nb.autograd.grad(t.pow(3).sum(), [t], { createGraph: true });
  const [d2y] = nb.autograd.grad(dy!.sum(), [t]);
  assert.deepEqual([dy!.item(), d2y!.item()], [12, 12]);

  const model = new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 10));
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const { images, labels } = data.loadFashionMNIST({ train: true, flatten: true });
  const loader = new data.DataLoader(new data.TensorDataset(images, labels), { batchSize: 128, shuffle: true });
  let steps = 0;
  for (const [xb, yb] of loader) {
    opt.zeroGrad();
    nn.functional.crossEntropy(model.forward(xb), yb).backward();
    opt.step();
    if (++steps === 3) break; // the README trains the whole epoch
  }
  const file = join(mkdtempSync(join(tmpdir(), 'nabla-readme-')), 'model.safetensors');
  io.saveSafetensors(file, model.stateDict());
  assert.deepEqual(model.loadStateDict(io.loadSafetensors(file)), { missingKeys: [], unexpectedKeys: [] });

  const { data: X, target } = data.loadBreastCancer();
  const [XTrain, XTest, yTrain, yTest] = modelSelection.trainTestSplit(X, target, { testSize: 0.25, randomState: 0 });
  const tree = new learn.DecisionTreeClassifier({ maxDepth: 4, randomState: 0 }).fit(XTrain, yTrain);
  assert.ok(metrics.rocAucScore(yTest, tree.predictProba(XTest).select(1, 1)) > 0.9);
  const scaled = new preprocessing.StandardScaler().fitTransform(XTrain);
  assert.deepEqual(scaled.shape, [426, 30]);
  const scores = modelSelection.crossValScore(tree, X, target, { cv: 5, scoring: 'f1' });
  assert.equal(scores.length, 5);
  assert.ok(['native', 'js'].includes(nb.getBackend()));
});
