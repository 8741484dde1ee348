// nabla's KMeans (k=10) and PCA (10 components) on 100,000×30 beside scikit-learn (through
// /usr/bin/python3, same run, one thread) and ml.js (ml-kmeans, ml-pca in bench/node_modules).
// Same data for all (written to a temporary file). Median seconds of the fit; ratios nabla / peer.
//
//   node bench/cluster.mjs [--quick] [--root <dir with dist/>]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
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
const decomposition = await import(pathToFileURL(join(root, 'dist/src/learn/decomposition/index.js')).href);

// Gaussian blobs in 30-D with correlated noise (a clustering and a low-rank structure), deterministic.
function make(n, p, seed) {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const centres = Array.from({ length: 10 }, () => Array.from({ length: p }, () => gauss() * 4));
  const mix = Array.from({ length: 5 }, () => Array.from({ length: p }, () => gauss()));
  const X = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    const c = centres[i % 10], z = mix.map(() => gauss());
    for (let j = 0; j < p; j++) { let v = c[j] + gauss(); for (let q = 0; q < 5; q++) v += z[q] * mix[q][j]; X[i * p + j] = v; }
  }
  return X;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];
const n = 100000, p = 30, reps = quick ? 1 : 3;
const dir = mkdtempSync(join(tmpdir(), 'nabla-cluster-bench-'));
const file = join(dir, 'X.bin');
// The task (../shared/bench/tabular.py: make_classification, 100,000 × 30, float32 values)
// when scikit-learn is there; else deterministic Gaussian blobs.
const gen = spawnSync('/usr/bin/python3', ['-c', `
import numpy as np
from sklearn.datasets import make_classification
X, y = make_classification(n_samples=${n} + 20000, n_features=${p}, n_informative=15, n_redundant=5, random_state=0, class_sep=0.8)
X[:${n}].astype(np.float32).astype(np.float64).tofile(${JSON.stringify(file)})`], { encoding: 'utf8' });
let Xd;
if (gen.status === 0) { const b = readFileSync(file); Xd = new Float64Array(b.buffer, b.byteOffset, n * p).slice(); console.log('data: make_classification (tabular.py) 100000x30'); }
else { Xd = make(n, p, 1); writeFileSync(file, Xd); console.log('data: Gaussian blobs 100000x30 (no scikit-learn)'); }
const X = new Tensor(Xd, [n, p], 'float64');
const cases = [
  { name: 'KMeans k=10 (k-means++, nInit 1)', run: () => new learn.KMeans({ nClusters: 10, nInit: 1, randomState: 0 }).fit(X), py: 'from sklearn.cluster import KMeans as M; m = lambda: M(n_clusters=10, n_init=1, random_state=0).fit(X)', ml: 'kmeans' },
  { name: 'PCA 10 components', run: () => new decomposition.PCA({ nComponents: 10, randomState: 0 }).fit(X), py: 'from sklearn.decomposition import PCA as M; m = lambda: M(n_components=10, random_state=0).fit(X)', ml: 'pca' },
];
try {
  console.log('case | nabla s | scikit-learn s | ml.js s | nabla/sklearn | ml.js/nabla');
  for (const c of cases) {
    const times = [];
    for (let r = 0; r < reps; r++) { const t = performance.now(); c.run(); times.push((performance.now() - t) / 1000); }
    const py = `
import numpy as np, time
X = np.fromfile(${JSON.stringify(file)}, dtype=np.float64).reshape(${n}, ${p})
${c.py}
ts = []
for _ in range(${reps}):
    t = time.perf_counter(); m(); ts.append(time.perf_counter() - t)
print(sorted(ts)[(len(ts) - 1) // 2])`;
    const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const sk = spawnSync('/usr/bin/python3', ['-c', py], { env, encoding: 'utf8' });
    const skS = sk.status === 0 ? Number(sk.stdout.trim()) : NaN;
    const ml = spawnSync(process.execPath, [join(here, 'peers/cluster_mljs.mjs'), file, String(n), String(p), c.ml], { encoding: 'utf8', cwd: here });
    const mlS = ml.status === 0 ? Number(ml.stdout.trim()) : NaN;
    const nb = median(times);
    console.log(`${c.name} | ${nb.toFixed(3)} | ${Number.isNaN(skS) ? 'n/a' : skS.toFixed(3)} | ${Number.isNaN(mlS) ? 'n/a' : mlS.toFixed(3)} | ${(nb / skS).toFixed(2)} | ${(mlS / nb).toFixed(1)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
