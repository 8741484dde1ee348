// nabla/linalg beside NumPy (one thread, OPENBLAS/OMP/MKL_NUM_THREADS=1, run in the same bench run
// through /usr/bin/python3 when it has numpy). Median seconds; ratio = nabla / NumPy.
//
//   node bench/linalg.mjs [--quick] [--root <dir with dist/>]
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const rootArg = args.indexOf('--root');
const root = rootArg >= 0 ? args[rootArg + 1] : join(here, '..');
const nb = await import(pathToFileURL(join(root, 'dist/src/index.js')).href);
const linalg = await import(pathToFileURL(join(root, 'dist/src/linalg/index.js')).href);

const cases = [
  { name: 'svd 100000x30 (thin)', shape: [100000, 30], run: (A) => linalg.svd(A, { fullMatrices: false }), py: 'np.linalg.svd(A, full_matrices=False)', reps: 7 },
  { name: 'svd 1000x1000', shape: [1000, 1000], run: (A) => linalg.svd(A), py: 'np.linalg.svd(A)', reps: 2 },
  { name: 'qr 1000x1000', shape: [1000, 1000], run: (A) => linalg.qr(A), py: 'np.linalg.qr(A)', reps: 3 },
  { name: 'eigh 500x500', shape: [500, 500], sym: true, run: (A) => linalg.eigh(A), py: 'np.linalg.eigh(A)', reps: 3 },
  { name: 'lstsq 100000x30', shape: [100000, 30], rhs: true, run: (A, b) => linalg.lstsq(A, b), py: 'np.linalg.lstsq(A, b, rcond=None)', reps: 7 },
  { name: 'cholesky 300x300', shape: [300, 300], spd: true, run: (A) => linalg.cholesky(A), py: 'np.linalg.cholesky(A)', reps: 7 },
];

function median(xs) { const s = [...xs].sort((a, b) => a - b); return s[(s.length - 1) >> 1]; }

function input(c) {
  let A = nb.randn(c.shape, { dtype: 'float64' });
  if (c.sym) A = nb.add(A, nb.transpose(A, 0, 1));
  if (c.spd) A = nb.add(nb.matmul(A, nb.transpose(A, 0, 1)), nb.mul(nb.eye(c.shape[0], c.shape[0], { dtype: 'float64' }), c.shape[0]));
  return A;
}

function numpyTimes() {
  const lines = cases.map((c) => {
    const prep = c.sym ? 'A = A + A.T' : c.spd ? 'A = A @ A.T + A.shape[0] * np.eye(A.shape[0])' : 'pass';
    return `A = rng.standard_normal(${JSON.stringify(c.shape)}); b = rng.standard_normal(${c.shape[0]}); ${prep}\nout.append(t(lambda: ${c.py}, ${quick ? 1 : c.reps}))`;
  });
  const script = `import time, json\nimport numpy as np\nrng = np.random.default_rng(0)\nout = []\ndef t(f, reps):\n    f(); ts = []\n    for _ in range(reps):\n        s = time.perf_counter(); f(); ts.append(time.perf_counter() - s)\n    return sorted(ts)[(len(ts) - 1) // 2]\n${lines.join('\n')}\nprint(json.dumps(out))`;
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const r = spawnSync('/usr/bin/python3', ['-c', script], { env, encoding: 'utf8' });
  if (r.status !== 0) return null;
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

nb.manualSeed(0);
const py = numpyTimes();
console.log(`nabla/linalg (${nb.getBackend()} backend) vs NumPy ${py ? '' : '(not available)'}`);
console.log('case'.padEnd(26), 'nabla s'.padStart(9), 'numpy s'.padStart(9), 'ratio'.padStart(7));
cases.forEach((c, i) => {
  const A = input(c);
  const b = nb.randn([c.shape[0]], { dtype: 'float64' });
  c.run(A, b);
  const ts = [];
  for (let r = 0; r < (quick ? 1 : c.reps); r++) { const t = performance.now(); c.run(A, b); ts.push((performance.now() - t) / 1000); }
  const m = median(ts);
  const p = py ? py[i] : NaN;
  console.log(c.name.padEnd(26), m.toFixed(3).padStart(9), (py ? p.toFixed(3) : '-').padStart(9), (py ? (m / p).toFixed(2) : '-').padStart(7));
});
