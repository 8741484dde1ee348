// nabla's KMeans (k=10) and PCA (10 components) on 100,000×30 beside scikit-learn (through
// /usr/bin/python3, same run, one thread) and ml.js (ml-kmeans, ml-pca in bench/node_modules).
// Same data for all (written to a temporary file). Each figure is the median of --reps runs of
// the fit alone, wall and CPU seconds; ratios are nabla / peer (time) and peer / nabla (ml.js).
// KMeans is compared twice, with the iteration counts printed: each library seeding k-means++
// itself (different random draws, so different iteration counts), and all three started from
// the same centres (scikit-learn's k-means++ draw), where the work is the same.
//
//   node bench/cluster.mjs [--quick] [--reps N] [--root <dir with dist/>]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// one thread, as the peers: the native pool is sized from NABLA_THREADS when the addon loads
process.env.NABLA_THREADS = '1';
const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const root = opt('--root', join(here, '..'));
const reps = Number(opt('--reps', quick ? 1 : 3));
const { Tensor } = await import(pathToFileURL(join(root, 'dist/src/tensor/tensor.js')).href);
const learn = await import(pathToFileURL(join(root, 'dist/src/learn/index.js')).href);
const decomposition = await import(pathToFileURL(join(root, 'dist/src/learn/decomposition/index.js')).href);
const { getBackend } = await import(pathToFileURL(join(root, 'dist/src/backend/index.js')).href);
const { nativeInfo } = await import(pathToFileURL(join(root, 'dist/src/backend/native/load.js')).href);

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
const n = 100000, p = 30, k = 10;
const dir = mkdtempSync(join(tmpdir(), 'nabla-cluster-bench-'));
const file = join(dir, 'X.bin'), initFile = join(dir, 'init.bin');
const pyEnv = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
// The issue's task (../shared/bench/tabular.py: make_classification, 100,000 × 30, float32 values
// held as float64) when scikit-learn is there, and scikit-learn's k-means++ draw (random_state 0)
// as the shared initial centres; else deterministic Gaussian blobs and their first k rows.
const gen = spawnSync('/usr/bin/python3', ['-c', `
import numpy as np
from sklearn.datasets import make_classification
from sklearn.cluster import kmeans_plusplus
X, y = make_classification(n_samples=${n} + 20000, n_features=${p}, n_informative=15, n_redundant=5, random_state=0, class_sep=0.8)
X = X[:${n}].astype(np.float32).astype(np.float64)
X.tofile(${JSON.stringify(file)})
kmeans_plusplus(X, ${k}, random_state=0)[0].tofile(${JSON.stringify(initFile)})`], { encoding: 'utf8', env: pyEnv });
let Xd;
if (gen.status === 0) { const b = readFileSync(file); Xd = new Float64Array(b.buffer, b.byteOffset, n * p).slice(); console.log('data: make_classification (tabular.py) 100000x30'); }
else { Xd = make(n, p, 1); writeFileSync(file, Xd); writeFileSync(initFile, Xd.subarray(0, k * p)); console.log('data: Gaussian blobs 100000x30 (no scikit-learn)'); }
const initB = readFileSync(initFile);
const init0 = new Float64Array(initB.buffer, initB.byteOffset, k * p).slice();
const initRows = Array.from({ length: k }, (_, j) => Array.from(init0.subarray(j * p, j * p + p)));
const X = new Tensor(Xd, [n, p], 'float64');
// scikit-learn's absolute tolerance: tol (1e-4) × the mean feature variance
let varMean = 0;
for (let f = 0; f < p; f++) { let m = 0, s = 0; for (let i = 0; i < n; i++) m += Xd[i * p + f]; m /= n; for (let i = 0; i < n; i++) s += (Xd[i * p + f] - m) ** 2; varMean += s / n / p; }
const absTol = 1e-4 * varMean;
const info = nativeInfo();
console.log(`nabla backend ${getBackend()}${info ? ` (simd ${info.simd}, ${info.threads} thread${info.threads === 1 ? '' : 's'})` : ''}; scikit-learn, OpenBLAS: 1 thread; ${reps} rep${reps === 1 ? '' : 's'}, medians; KMeans tol 1e-4 (absolute ${absTol.toExponential(3)}), maxIter 300`);

function nabla(run) {
  const wall = [], cpu = [];
  let iters = null;
  for (let r = 0; r < reps; r++) {
    const t = performance.now(), c0 = process.cpuUsage();
    const m = run();
    const c = process.cpuUsage(c0);
    wall.push((performance.now() - t) / 1000); cpu.push((c.user + c.system) / 1e6);
    iters = m.nIter ?? null;
  }
  return { wall: median(wall), cpu: median(cpu), iters };
}
function sklearn(code) {
  const py = `
import numpy as np, time, json
X = np.fromfile(${JSON.stringify(file)}, dtype=np.float64).reshape(${n}, ${p})
init0 = np.fromfile(${JSON.stringify(initFile)}, dtype=np.float64).reshape(${k}, ${p})
${code}
w, c = [], []
for _ in range(${reps}):
    t, t0 = time.perf_counter(), time.process_time(); r = m(); w.append(time.perf_counter() - t); c.append(time.process_time() - t0)
md = lambda v: sorted(v)[(len(v) - 1) // 2]
print(json.dumps({'wall': md(w), 'cpu': md(c), 'iters': int(getattr(r, 'n_iter_', 0)) or None}))`;
  const r = spawnSync('/usr/bin/python3', ['-c', py], { env: pyEnv, encoding: 'utf8' });
  if (r.status !== 0) { console.log(`  (scikit-learn failed: ${r.stderr.trim().split('\n').pop()})`); return null; }
  return JSON.parse(r.stdout.trim());
}
function mljs(o) {
  const r = spawnSync(process.execPath, [join(here, 'peers/cluster_mljs.mjs'), file, String(n), String(p), JSON.stringify({ reps, k, ...o })], { encoding: 'utf8', cwd: here });
  if (r.status !== 0) { console.log(`  (ml.js failed: ${r.stderr.trim().split('\n').pop()})`); return null; }
  const j = JSON.parse(r.stdout.trim());
  return { wall: median(j.wall), cpu: median(j.cpu), iters: j.iterations };
}
const fmt = (r) => (r ? `${r.wall.toFixed(3)} s wall, ${r.cpu.toFixed(3)} s CPU${r.iters ? `, ${r.iters} iterations (${((r.cpu / r.iters) * 1000).toFixed(2)} ms CPU/iteration)` : ''}` : 'n/a');
const ratio = (a, b) => (a && b ? `${(a.wall / b.wall).toFixed(2)}× wall, ${(a.cpu / b.cpu).toFixed(2)}× CPU` : 'n/a');
// rows: [name, result]; pairs: [nabla row, peer row], printed as nabla/peer (scikit-learn) or peer/nabla (ml.js)
function report(title, rows, pairs) {
  console.log(`\n${title}`);
  const by = new Map(rows);
  for (const [name, r] of rows) console.log(`  ${name.padEnd(36)} ${fmt(r)}`);
  for (const [a, b] of pairs) {
    const ra = by.get(a), rb = by.get(b);
    if (b.startsWith('ml')) console.log(`  ${b} / ${a}: ${ratio(rb, ra)}`);
    else console.log(`  ${a} / ${b}: ${ratio(ra, rb)}`);
  }
}

try {
  const km = (o) => () => new learn.KMeans({ nClusters: k, nInit: 1, randomState: 0, ...o }).fit(X);
  report('KMeans k=10, k-means++ seeded by each library (nInit 1)', [
    ['nabla (lloyd)', nabla(km({}))],
    ['nabla (elkan)', nabla(km({ algorithm: 'elkan' }))],
    ['scikit-learn (lloyd)', sklearn(`from sklearn.cluster import KMeans as M\nm = lambda: M(n_clusters=${k}, n_init=1, random_state=0).fit(X)`)],
    ['scikit-learn (elkan)', sklearn(`from sklearn.cluster import KMeans as M\nm = lambda: M(n_clusters=${k}, n_init=1, random_state=0, algorithm='elkan').fit(X)`)],
    // for reference: scikit-learn keeps the input dtype; the issue's tabular.py hands it float32 (nabla computes in float64)
    ['scikit-learn (lloyd, float32 input)', sklearn(`from sklearn.cluster import KMeans as M\nX32 = X.astype(np.float32)\nm = lambda: M(n_clusters=${k}, n_init=1, random_state=0).fit(X32)`)],
    // ml-kmeans stops when every centre moved ≤ tolerance (squared): scikit-learn's absolute tolerance
    ['ml-kmeans', mljs({ which: 'kmeans', tolerance: absTol, maxIterations: 300 })],
  ], [['nabla (lloyd)', 'scikit-learn (lloyd)'], ['nabla (elkan)', 'scikit-learn (elkan)'], ['nabla (lloyd)', 'ml-kmeans']]);
  const same = sklearn(`from sklearn.cluster import KMeans as M\nm = lambda: M(n_clusters=${k}, n_init=1, init=init0).fit(X)`);
  report('KMeans k=10 from the same initial centres (scikit-learn\'s k-means++ draw)', [
    ['nabla (lloyd)', nabla(km({ init: initRows }))],
    ['nabla (elkan)', nabla(km({ init: initRows, algorithm: 'elkan' }))],
    ['scikit-learn (lloyd)', same],
    ['scikit-learn (elkan)', sklearn(`from sklearn.cluster import KMeans as M\nm = lambda: M(n_clusters=${k}, n_init=1, init=init0, algorithm='elkan').fit(X)`)],
    // the same number of Lloyd iterations as scikit-learn (tolerance 0: only a fixed point stops it earlier)
    ['ml-kmeans', mljs({ which: 'kmeans', tolerance: 0, maxIterations: same?.iters ?? 300, init: initFile })],
  ], [['nabla (lloyd)', 'scikit-learn (lloyd)'], ['nabla (elkan)', 'scikit-learn (elkan)'], ['nabla (lloyd)', 'ml-kmeans']]);
  const pca = (o) => () => new decomposition.PCA({ nComponents: 10, randomState: 0, ...o }).fit(X);
  report('PCA 10 components (fit)', [
    ['nabla (auto: covariance_eigh)', nabla(pca({}))],
    ['nabla (full: thin SVD)', nabla(pca({ svdSolver: 'full' }))],
    ['nabla (randomized)', nabla(pca({ svdSolver: 'randomized' }))],
    ['scikit-learn 1.2 (auto: randomized)', sklearn(`from sklearn.decomposition import PCA as M\nm = lambda: M(n_components=10, random_state=0).fit(X)`)],
    ['scikit-learn (full)', sklearn(`from sklearn.decomposition import PCA as M\nm = lambda: M(n_components=10, svd_solver='full').fit(X)`)],
    ['ml-pca (SVD)', mljs({ which: 'pca', method: 'SVD' })],
    ['ml-pca (covarianceMatrix)', mljs({ which: 'pca', method: 'covarianceMatrix' })],
  ], [['nabla (auto: covariance_eigh)', 'scikit-learn 1.2 (auto: randomized)'], ['nabla (full: thin SVD)', 'scikit-learn (full)'],
    ['nabla (auto: covariance_eigh)', 'ml-pca (SVD)'], ['nabla (auto: covariance_eigh)', 'ml-pca (covarianceMatrix)']]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
