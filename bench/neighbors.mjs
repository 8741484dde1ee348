// nabla's KNeighborsClassifier (k=5) beside scikit-learn (through /usr/bin/python3, same run,
// one thread): 20,000 training rows × 30 features (make_classification, as ../shared/bench/
// tabular.py) and 2,000 queries; brute force (matmul distance blocks) and the KD-tree, the latter
// also on a 5-feature projection where trees pay off. Median wall (and process CPU) seconds of fit + predict; ratio nabla / scikit-learn.
//
//   node bench/neighbors.mjs [--quick] [--root <dir with dist/>] [--only <case name substring>]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const rootArg = args.indexOf('--root');
const root = rootArg >= 0 ? args[rootArg + 1] : join(here, '..');
const { Tensor } = await import(pathToFileURL(join(root, 'dist/src/tensor/tensor.js')).href);
const { KNeighborsClassifier } = await import(pathToFileURL(join(root, 'dist/src/learn/neighbors/index.js')).href);

const onlyArg = args.indexOf('--only');
const only = onlyArg >= 0 ? args[onlyArg + 1] : null;
const nTr = 20000, nTe = 2000, p = 30, reps = quick ? 1 : 3;
const dir = mkdtempSync(join(tmpdir(), 'nabla-knn-bench-'));
const file = join(dir, 'X.bin');
const gen = spawnSync('/usr/bin/python3', ['-c', `
import numpy as np
from sklearn.datasets import make_classification
X, y = make_classification(n_samples=${nTr + nTe}, n_features=${p}, n_informative=15, n_redundant=5, random_state=0, class_sep=0.8)
np.concatenate([X.ravel(), y.astype(float)]).astype(np.float64).tofile(${JSON.stringify(file)})`], { encoding: 'utf8' });
if (gen.status !== 0) { console.log('scikit-learn unavailable: nothing to compare'); process.exit(0); }
const buf = readFileSync(file);
const all = new Float64Array(buf.buffer, buf.byteOffset, (nTr + nTe) * (p + 1)).slice();
const X = all.subarray(0, (nTr + nTe) * p), y = all.subarray((nTr + nTe) * p);
const cols = (d) => { const out = new Float64Array((nTr + nTe) * d); for (let i = 0; i < nTr + nTe; i++) for (let j = 0; j < d; j++) out[i * d + j] = X[i * p + j]; return out; };
const median = (xs) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];
const cases = [
  { name: 'brute, 30 features', algorithm: 'brute', d: p },
  { name: 'kd_tree, 30 features', algorithm: 'kd_tree', d: p },
  { name: 'kd_tree, 5 features', algorithm: 'kd_tree', d: 5 },
];
try {
  console.log('case | nabla s | scikit-learn s | nabla/sklearn | accuracy nabla / sklearn');
  for (const c of cases) {
    if (only !== null && !c.name.includes(only)) continue;
    const data = cols(c.d);
    const Xtr = new Tensor(data.slice(0, nTr * c.d), [nTr, c.d], 'float64'), Xte = new Tensor(data.slice(nTr * c.d), [nTe, c.d], 'float64');
    const ytr = new Tensor(y.slice(0, nTr), [nTr], 'float64');
    const times = [], cpus = [];
    let acc = 0;
    for (let r = 0; r < reps; r++) {
      const t = performance.now(), c0 = process.cpuUsage();
      const pred = new KNeighborsClassifier({ nNeighbors: 5, algorithm: c.algorithm }).fit(Xtr, ytr).predict(Xte).dataSync();
      times.push((performance.now() - t) / 1000);
      const cu = process.cpuUsage(c0); cpus.push((cu.user + cu.system) / 1e6);
      acc = 0; for (let i = 0; i < nTe; i++) acc += pred[i] === y[nTr + i] ? 1 / nTe : 0;
    }
    const py = spawnSync('/usr/bin/python3', ['-c', `
import numpy as np, time
from threadpoolctl import threadpool_limits
from sklearn.neighbors import KNeighborsClassifier
a = np.fromfile(${JSON.stringify(file)})
X = a[:${(nTr + nTe) * p}].reshape(-1, ${p})[:, :${c.d}].copy(); y = a[${(nTr + nTe) * p}:]
ts = []; cs = []
with threadpool_limits(1):
    for _ in range(${reps}):
        t = time.perf_counter(); c0 = time.process_time(); pred = KNeighborsClassifier(n_neighbors=5, algorithm='${c.algorithm}', n_jobs=1).fit(X[:${nTr}], y[:${nTr}]).predict(X[${nTr}:]); ts.append(time.perf_counter() - t); cs.append(time.process_time() - c0)
print(sorted(ts)[(len(ts) - 1) // 2], (pred == y[${nTr}:]).mean(), sorted(cs)[(len(cs) - 1) // 2])`], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' } });
    const [skT, skAcc, skCpu] = py.status === 0 ? py.stdout.trim().split(/\s+/).map(Number) : [NaN, NaN, NaN];
    const nb = median(times), nbCpu = median(cpus);
    console.log(`${c.name} | ${nb.toFixed(3)} (CPU ${nbCpu.toFixed(3)}) | ${skT.toFixed(3)} (CPU ${skCpu.toFixed(3)}) | ${(nb / skT).toFixed(2)} (CPU ${(nbCpu / skCpu).toFixed(2)}) | ${acc.toFixed(4)} / ${skAcc.toFixed(4)}`);
  }
} finally { rmSync(dir, { recursive: true, force: true }); }
