// nabla's SVMs beside scikit-learn's (libsvm / liblinear, one thread, run in the same bench run
// through /usr/bin/python3 when it has scikit-learn), on the same standardized data: the first
// rows of /work/shared/bench/tabular.py's task (/tmp/tab) when present, else a synthetic task.
// Median wall seconds (and CPU seconds of the process); ratio = nabla / scikit-learn; accuracy on held-out rows printed for both.
//
//   node bench/svm.mjs [--quick] [--root <dir with dist/>] [--only <case name substring>]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
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

const P = 30;
function load(nTrain, nTest) {
  let X, y, source;
  if (existsSync('/tmp/tab/xtr.f32') && existsSync('/tmp/tab/xte.f32')) {
    const xtr = new Float32Array(readFileSync('/tmp/tab/xtr.f32').buffer.slice(0));
    const ytr = new Int32Array(readFileSync('/tmp/tab/ytr.i32').buffer.slice(0));
    const n = Math.min(nTrain + nTest, ytr.length);
    X = Float64Array.from(xtr.subarray(0, n * P)); y = Float64Array.from(ytr.subarray(0, n)); source = 'tabular.py task (/tmp/tab)';
  } else {
    let s = 1;
    const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
    const n = nTrain + nTest;
    X = new Float64Array(n * P); y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let z = 0;
      for (let j = 0; j < P; j++) { const v = rnd() * 2 - 1; X[i * P + j] = v; if (j < 5) z += v * (j + 1) * (j % 2 ? -1 : 1); }
      y[i] = z + Math.sin(3 * X[i * P + 5]) + (rnd() - 0.5) > 0 ? 1 : 0;
    }
    source = 'synthetic';
  }
  // Standardize with the training rows' mean and population std.
  for (let j = 0; j < P; j++) {
    let m = 0, v = 0;
    for (let i = 0; i < nTrain; i++) m += X[i * P + j];
    m /= nTrain;
    for (let i = 0; i < nTrain; i++) v += (X[i * P + j] - m) ** 2;
    const sd = Math.sqrt(v / nTrain) || 1;
    for (let i = 0; i < y.length; i++) X[i * P + j] = (X[i * P + j] - m) / sd;
  }
  return { X, y, source };
}

function median(xs) { const s = [...xs].sort((a, b) => a - b); return s[(s.length - 1) >> 1]; }

const nTrain = 5000, nTest = 5000;
const { X, y, source } = load(nTrain, nTest);
const Xtr = new Tensor(X.slice(0, nTrain * P), [nTrain, P], 'float64'), ytr = new Tensor(y.slice(0, nTrain), [nTrain], 'float64');
const Xte = new Tensor(X.slice(nTrain * P), [nTest, P], 'float64'), yte = y.slice(nTrain);
const cases = [
  { name: `SVC rbf fit ${nTrain}x${P}`, make: () => new learn.SVC(), py: 'SVC()', reps: quick ? 1 : 3 },
  { name: `SVC rbf fit ${nTrain}x${P} shrinking off`, make: () => new learn.SVC({ shrinking: false }), py: 'SVC(shrinking=False)', reps: 1 },
  { name: `SVC rbf probability fit ${nTrain}x${P}`, make: () => new learn.SVC({ probability: true, randomState: 0 }), py: 'SVC(probability=True, random_state=0)', reps: 1 },
  { name: `LinearSVC fit ${nTrain}x${P}`, make: () => new learn.LinearSVC({ randomState: 0 }), py: 'LinearSVC(random_state=0)', reps: quick ? 1 : 3 },
];

const onlyArg = args.indexOf('--only');
const only = onlyArg >= 0 ? args[onlyArg + 1] : null;
const dir = mkdtempSync(join(tmpdir(), 'nabla-svm-bench-'));
try {
  console.log(`data: ${source}, ${nTrain} train / ${nTest} test rows, standardized`);
  console.log('case | nabla s | scikit-learn s | ratio | nabla acc | scikit-learn acc | nabla predict s | scikit-learn predict s');
  writeFileSync(join(dir, 'X.bin'), X);
  writeFileSync(join(dir, 'y.bin'), y);
  for (const c of cases) {
    if (only !== null && !c.name.includes(only)) continue;
    const times = [], cpus = [];
    let model;
    for (let r = 0; r < c.reps; r++) {
      const t = performance.now(), c0 = process.cpuUsage();
      model = c.make().fit(Xtr, ytr);
      times.push((performance.now() - t) / 1000);
      const cu = process.cpuUsage(c0);
      cpus.push((cu.user + cu.system) / 1e6);
    }
    const tp = performance.now();
    const pred = model.predict(Xte).dataSync();
    const predS = (performance.now() - tp) / 1000;
    let hits = 0;
    for (let i = 0; i < nTest; i++) if (pred[i] === yte[i]) hits++;
    const py = `
import numpy as np, time
from sklearn.svm import SVC, LinearSVC
X = np.fromfile(${JSON.stringify(join(dir, 'X.bin'))}).reshape(-1, ${P}); y = np.fromfile(${JSON.stringify(join(dir, 'y.bin'))})
Xtr, ytr, Xte, yte = X[:${nTrain}], y[:${nTrain}], X[${nTrain}:], y[${nTrain}:]
ts = []; cs = []
for _ in range(${c.reps}):
    t = time.perf_counter(); c0 = time.process_time(); m = ${c.py}.fit(Xtr, ytr); ts.append(time.perf_counter() - t); cs.append(time.process_time() - c0)
t = time.perf_counter(); p = m.predict(Xte); tp = time.perf_counter() - t
print(sorted(ts)[(len(ts) - 1) // 2], (p == yte).mean(), tp, sorted(cs)[(len(cs) - 1) // 2])`;
    const r = spawnSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' } });
    const [sk, skAcc, skPred, skCpu] = r.status === 0 ? r.stdout.trim().split(/\s+/).map(Number) : [NaN, NaN, NaN, NaN];
    const ours = median(times), oursCpu = median(cpus);
    console.log(`${c.name} | ${ours.toFixed(3)} (CPU ${oursCpu.toFixed(3)}) | ${Number.isNaN(sk) ? 'n/a' : `${sk.toFixed(3)} (CPU ${skCpu.toFixed(3)})`} | ${Number.isNaN(sk) ? '' : `${(ours / sk).toFixed(2)} (CPU ${(oursCpu / skCpu).toFixed(2)})`} | ${(hits / nTest).toFixed(4)} | ${Number.isNaN(skAcc) ? '' : skAcc.toFixed(4)} | ${predS.toFixed(3)} | ${Number.isNaN(skPred) ? '' : skPred.toFixed(3)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
