// nabla's RandomForestClassifier beside scikit-learn's on the task: the first 20,000 rows
// of the 30-feature set that bench/peers/tabular.py writes to /tmp/tab (run in the same bench run
// through /usr/bin/python3, which also prints scikit-learn's RF time and AUC). One thread.
//
// The machine is shared, so with --reps N (default 3) nabla and scikit-learn's RF alone (same
// task, same options, one thread) alternate N times and the medians are compared.
// ml-random-forest is not rerun: on this task it took over 600 s for 10 trees and crashes at
// 2k rows (/work/shared/bench/README.md), so nabla is > 100× faster than it.
//
//   node bench/forest.mjs [--trees 100] [--reps 3] [--root <dir with dist/>] [--no-peer] [--jobs 1]
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const root = opt('--root', join(here, '..'));
const trees = Number(opt('--trees', 100));
const jobs = Number(opt('--jobs', 1));
const reps = Number(opt('--reps', 3));
const learn = await import(pathToFileURL(join(root, 'dist/src/learn/index.js')).href);
const { Tensor } = await import(pathToFileURL(join(root, 'dist/src/tensor/tensor.js')).href);
const metrics = await import(pathToFileURL(join(root, 'dist/src/metrics/index.js')).href);

let peer = null;
if (!args.includes('--no-peer') || !existsSync('/tmp/tab/xtr.f32')) {
  const r = spawnSync('/usr/bin/python3', [join(here, 'peers/tabular.py')], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' } });
  process.stdout.write(r.stdout);
  const m = /sklearn RF 100 trees: fit ([\d.]+)s, test AUC ([\d.]+)/.exec(r.stdout);
  if (m) peer = { time: Number(m[1]), auc: Number(m[2]) };
}
const f32 = (f) => { const b = readFileSync(f); return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4); };
const i32 = (f) => { const b = readFileSync(f); return new Int32Array(b.buffer, b.byteOffset, b.byteLength / 4); };
const p = 30, n = 20000;
const Xtr = new Tensor(Float64Array.from(f32('/tmp/tab/xtr.f32').subarray(0, n * p)), [n, p], 'float64');
const ytr = new Tensor(Float64Array.from(i32('/tmp/tab/ytr.i32').subarray(0, n)), [n], 'float64');
const xte = f32('/tmp/tab/xte.f32'), yte = Float64Array.from(i32('/tmp/tab/yte.i32'));
const Xte = new Tensor(Float64Array.from(xte), [xte.length / p, p], 'float64');

const RF_ONLY = `
import time, numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score
X = np.fromfile('/tmp/tab/xtr.f32', dtype=np.float32).reshape(-1, 30)[:20000]; y = np.fromfile('/tmp/tab/ytr.i32', dtype=np.int32)[:20000]
Xte = np.fromfile('/tmp/tab/xte.f32', dtype=np.float32).reshape(-1, 30); yte = np.fromfile('/tmp/tab/yte.i32', dtype=np.int32)
t = time.perf_counter(); m = RandomForestClassifier(n_estimators=${trees}, n_jobs=1, random_state=0).fit(X, y); dt = time.perf_counter() - t
print(f"{dt:.3f} {roc_auc_score(yte, m.predict_proba(Xte)[:, 1]):.4f}")`;
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const times = [], skTimes = [];
let auc = 0, skAuc = peer?.auc ?? null;
for (let r = 0; r < reps; r++) {
  const t0 = performance.now();
  const rf = new learn.RandomForestClassifier({ nEstimators: trees, randomState: 0, nJobs: jobs }).fit(Xtr, ytr);
  times.push((performance.now() - t0) / 1000);
  const proba = rf.predictProba(Xte).dataSync();
  const pos = new Float64Array(yte.length);
  for (let i = 0; i < pos.length; i++) pos[i] = proba[2 * i + 1];
  auc = metrics.rocAucScore(yte, pos);
  if (peer && reps > 1) {
    const o = spawnSync('/usr/bin/python3', ['-c', RF_ONLY], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' } });
    const [t, a] = o.stdout.trim().split(' ').map(Number);
    if (Number.isFinite(t)) { skTimes.push(t); skAuc = a; }
  }
}
if (peer && skTimes.length === 0) skTimes.push(peer.time);
const dt = median(times);
console.log(`nabla RF ${trees} trees (nJobs ${jobs}): fit ${dt.toFixed(2)}s (median of ${reps}), test AUC ${auc.toFixed(4)}`);
console.log(`  nabla runs: ${times.map((t) => t.toFixed(2)).join(', ')} s`);
if (peer) {
  const sk = median(skTimes);
  console.log(`  scikit-learn RF runs: ${skTimes.map((t) => t.toFixed(2)).join(', ')} s`);
  console.log(`ratio nabla / scikit-learn (medians): ${(dt / sk).toFixed(2)} (scikit-learn ${sk.toFixed(2)}s, AUC ${skAuc.toFixed(4)}; ΔAUC ${(auc - skAuc).toFixed(4)})`);
}
