// nabla's decision trees beside scikit-learn's (one thread, run in the same bench run through
// /usr/bin/python3 when it has scikit-learn), on the same data (written to a temporary file).
// Median seconds of the fit; ratio = nabla / scikit-learn.
//
//   node bench/tree.mjs [--quick] [--root <dir with dist/>]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const rootArg = args.indexOf('--root');
const root = rootArg >= 0 ? args[rootArg + 1] : join(here, '..');
const { Tensor } = await import(pathToFileURL(join(root, 'dist/src/tensor/tensor.js')).href);
const learn = await import(pathToFileURL(join(root, 'dist/src/learn/index.js')).href);

// A noisy nonlinear binary task (5 informative features of 30), deterministic.
function make(n, p, seed) {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  const X = new Float64Array(n * p), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let j = 0; j < p; j++) { const v = rnd() * 2 - 1 + (rnd() - 0.5); X[i * p + j] = v; if (j < 5) z += v * (j + 1) * (j % 2 ? -1 : 1); }
    z += Math.sin(3 * X[i * p + 5]) + (rnd() - 0.5);
    y[i] = z > 0 ? 1 : 0;
  }
  return { X, y, n, p };
}

const cases = [
  { name: 'classifier 100000x30 maxDepth 6', data: [100000, 30], opts: { maxDepth: 6 }, py: 'DecisionTreeClassifier(max_depth=6, random_state=0)', reps: quick ? 1 : 3 },
  { name: 'classifier 20000x30 full depth', data: [20000, 30], opts: {}, py: 'DecisionTreeClassifier(random_state=0)', reps: quick ? 1 : 5 },
  { name: "classifier 20000x30 full depth maxFeatures 'sqrt'", data: [20000, 30], opts: { maxFeatures: 'sqrt' }, py: "DecisionTreeClassifier(max_features='sqrt', random_state=0)", reps: quick ? 1 : 5 },
  { name: 'regressor 100000x30 maxDepth 6', data: [100000, 30], opts: { maxDepth: 6 }, reg: true, py: 'DecisionTreeRegressor(max_depth=6, random_state=0)', reps: quick ? 1 : 3 },
];

function median(xs) { const s = [...xs].sort((a, b) => a - b); return s[(s.length - 1) >> 1]; }

const dir = mkdtempSync(join(tmpdir(), 'nabla-tree-bench-'));
try {
  console.log('case | nabla s | scikit-learn s | ratio');
  for (const c of cases) {
    const d = make(c.data[0], c.data[1], 1);
    const X = new Tensor(d.X, [d.n, d.p], 'float64'), y = new Tensor(d.y, [d.n], 'float64');
    const Est = c.reg ? learn.DecisionTreeRegressor : learn.DecisionTreeClassifier;
    const times = [];
    for (let r = 0; r < c.reps; r++) {
      const t = performance.now();
      new Est({ ...c.opts, randomState: 0 }).fit(X, y);
      times.push((performance.now() - t) / 1000);
    }
    writeFileSync(join(dir, 'X.bin'), d.X);
    writeFileSync(join(dir, 'y.bin'), d.y);
    const py = `
import numpy as np, time
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor
X = np.fromfile(${JSON.stringify(join(dir, 'X.bin'))}).reshape(${d.n}, ${d.p}); y = np.fromfile(${JSON.stringify(join(dir, 'y.bin'))})
ts = []
for _ in range(${c.reps}):
    t = time.perf_counter(); ${c.py}.fit(X, y); ts.append(time.perf_counter() - t)
print(sorted(ts)[(len(ts) - 1) // 2])`;
    const r = spawnSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' } });
    const sk = r.status === 0 ? Number(r.stdout.trim()) : NaN;
    const ours = median(times);
    console.log(`${c.name} | ${ours.toFixed(3)} | ${Number.isNaN(sk) ? 'n/a' : sk.toFixed(3)} | ${Number.isNaN(sk) ? '' : (ours / sk).toFixed(2)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
