// `npm run bench`: every benchmark script in one run, each printing nabla beside its peers with
// ratios. `node bench/all.mjs --only engine,train` runs some; arguments after `--` go to each.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const SUITES = {
  engine: 'run.mjs', // GEMM, conv2d, elementwise/softmax vs onnxruntime-node, TF.js, memcpy
  train: 'train.mjs', // MLP, LeNet, char-LSTM, GPT training vs PyTorch and TF.js
  linalg: 'linalg.mjs', // svd, qr, eigh, lstsq vs NumPy
  tree: 'tree.mjs', // decision trees vs scikit-learn
  forest: 'forest.mjs', // random forest vs scikit-learn (ml-random-forest cited)
  boosting: 'boosting.mjs', // histogram GBM vs XGBoost hist, scikit-learn HistGB and ml-xgboost
  linear: 'linear.mjs', // logistic regression, lasso vs scikit-learn
  svm: 'svm.mjs', // SVC/LinearSVC vs scikit-learn
  cluster: 'cluster.mjs', // KMeans, PCA vs scikit-learn and ml.js
  neighbors: 'neighbors.mjs', // KNN vs scikit-learn
};
const args = process.argv.slice(2);
const dash = args.indexOf('--');
const passThrough = dash >= 0 ? args.slice(dash + 1) : [];
const own = dash >= 0 ? args.slice(0, dash) : args;
const i = own.indexOf('--only');
const only = i >= 0 ? own[i + 1].split(',') : Object.keys(SUITES);
let failed = 0;
for (const name of only) {
  const script = SUITES[name];
  if (!script) { console.error(`bench: unknown suite '${name}' (known: ${Object.keys(SUITES).join(', ')})`); process.exit(2); }
  console.log(`\n##### ${name} (bench/${script}) #####\n`);
  const r = spawnSync(process.execPath, [join(here, script), ...passThrough], { stdio: 'inherit' });
  if (r.status !== 0) { failed++; console.error(`bench: ${name} exited with ${r.status}`); }
}
process.exit(failed ? 1 : 0);
