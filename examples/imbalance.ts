// Class imbalance on a synthetic 2-D problem (4 % positives, overlapping classes): the same
// small MLP trained five ways — plain cross-entropy, 'balanced' class weights, focal loss,
// random over-sampling and SMOTE — scored on a held-out set with the same imbalance.
//
//   node dist/examples/imbalance.js [steps=300]
import * as nb from '../src/index.js';
import { nn, optim } from '../src/index.js';
import * as pp from '../src/learn/preprocessing/index.js';
import { backendLine, since } from './common.js';

const steps = Number(process.argv[2] ?? 300);
nb.manualSeed(0);

/** n samples, a fraction `pos` of them positive: negatives N(0, I), positives N((1.6, 1.2), 0.6² I). */
function make(n: number, pos: number): { X: number[][]; y: number[] } {
  const z = nb.randn([n, 2], { dtype: 'float64' }).toArray() as number[][];
  const u = nb.rand([n], { dtype: 'float64' }).toArray() as number[];
  const y = u.map((v) => (v < pos ? 1 : 0));
  const X = z.map(([a, b], i) => (y[i] ? [1.6 + 0.6 * a, 1.2 + 0.6 * b] : [a, b]));
  return { X, y };
}

const train = make(2000, 0.04);
const test = make(4000, 0.04);
const scaler = new pp.StandardScaler().fit(train.X);
const Xtest = nb.castTo(scaler.transform(test.X), 'float32');
const classWeight = nb.castTo(pp.computeClassWeight('balanced', [0, 1], train.y), 'float32');
console.log(`train ${train.y.length} samples (${train.y.filter((v) => v === 1).length} positive), test ${test.y.length}; ` +
  `balanced class weights [${Array.from(classWeight.dataSync(), (v) => v.toFixed(3)).join(', ')}]; ${backendLine()}`);

type Loss = (logits: nb.Tensor, y: nb.Tensor) => nb.Tensor;

/** Trains a 2-16-2 MLP full-batch with Adam and returns recall, precision and balanced accuracy on the test set. */
function run(X: number[][] | nb.Tensor, y: number[] | nb.Tensor, loss: Loss) {
  nb.manualSeed(1);
  const model = new nn.Sequential(new nn.Linear(2, 16), new nn.ReLU(), new nn.Linear(16, 2));
  const opt = new optim.Adam(model.parameters(), { lr: 1e-2 });
  const xs = nb.castTo(scaler.transform(X), 'float32');
  const ys = nb.castTo(y instanceof nb.Tensor ? y : nb.tensor(y), 'int32');
  for (let s = 0; s < steps; s++) {
    opt.zeroGrad();
    loss(model.forward(xs), ys).backward();
    opt.step();
  }
  const pred = nb.noGrad(() => nb.argmax(model.forward(Xtest), 1)).toArray() as number[];
  let tp = 0, fp = 0, fn = 0, tn = 0;
  pred.forEach((p, i) => { const t = test.y[i]; if (p && t) tp++; else if (p) fp++; else if (t) fn++; else tn++; });
  const recall = tp / (tp + fn), specificity = tn / (tn + fp);
  return { recall, precision: tp + fp ? tp / (tp + fp) : 0, balanced: (recall + specificity) / 2 };
}

const ce: Loss = (l, y) => nn.functional.crossEntropy(l, y);
const t0 = performance.now();
const over = new pp.RandomOverSampler({ randomState: 0 }).fitResample(train.X, train.y);
const smote = new pp.SMOTE({ randomState: 0 }).fitResample(train.X, train.y);
const rows: [string, ReturnType<typeof run>][] = [
  ['cross-entropy', run(train.X, train.y, ce)],
  ["cross-entropy, 'balanced' weights", run(train.X, train.y, (l, y) => nn.functional.crossEntropy(l, y, { weight: classWeight }))],
  ['focal loss (γ 2, α balanced)', run(train.X, train.y, (l, y) => nn.functional.focalLoss(l, y, { gamma: 2, alpha: classWeight }))],
  [`random over-sampling (${over.y.shape[0]} rows)`, run(over.X, over.y, ce)],
  [`SMOTE, k 5 (${smote.y.shape[0]} rows)`, run(smote.X, smote.y, ce)],
];
console.log('\nmethod                                 recall  precision  balanced acc.');
for (const [name, r] of rows) console.log(`${name.padEnd(38)} ${r.recall.toFixed(3)}   ${r.precision.toFixed(3)}      ${r.balanced.toFixed(3)}`);
console.log(`\n${steps} full-batch Adam steps per model, ${since(t0)} s`);
