// nabla's LogisticRegression and Lasso beside scikit-learn's on the 100,000×30 task
// (bench/peers/tabular.py writes it to /tmp/tab; bench/peers/linear.py times scikit-learn, one thread).
//
//   node bench/linear.mjs [--root <dir with dist/>] [--no-peer] [--only lasso [--reps 3]]
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const root = opt('--root', join(here, '..'));
const learn = await import(pathToFileURL(join(root, 'dist/src/learn/index.js')).href);
const { Tensor } = await import(pathToFileURL(join(root, 'dist/src/tensor/tensor.js')).href);
const metrics = await import(pathToFileURL(join(root, 'dist/src/metrics/index.js')).href);

const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' };
if (!existsSync('/tmp/tab/xtr.f32')) spawnSync('/usr/bin/python3', [join(here, 'peers/tabular.py')], { stdio: 'inherit', env });
const peer = {};
// --only lasso: just the Lasso fits, beside scikit-learn's Lasso timed in the same run
// (median wall and process CPU seconds of --reps runs each, default 3).
const only = opt('--only', null), reps = Number(opt('--reps', 3));
if (only === 'lasso') {
  const py = `
import numpy as np, time
from threadpoolctl import threadpool_limits
from sklearn.linear_model import Lasso
p = 30
xtr = np.fromfile('/tmp/tab/xtr.f32', dtype=np.float32).reshape(-1, p).astype(np.float64)
ytr = np.fromfile('/tmp/tab/ytr.i32', dtype=np.int32).astype(np.float64)
ts = []; cs = []
with threadpool_limits(1):
    for _ in range(${reps}):
        t = time.perf_counter(); c = time.process_time(); m = Lasso(alpha=0.001).fit(xtr, ytr); ts.append(time.perf_counter() - t); cs.append(time.process_time() - c)
print(sorted(ts)[(len(ts) - 1) // 2], sorted(cs)[(len(cs) - 1) // 2], m.n_iter_, ' '.join(repr(v) for v in m.coef_))`;
  if (!existsSync('/tmp/tab/xtr.f32')) spawnSync('/usr/bin/python3', [join(here, 'peers/tabular.py')], { stdio: 'inherit', env });
  const f32 = (f) => { const b = readFileSync(f); return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4); };
  const xtr = f32('/tmp/tab/xtr.f32');
  const b = readFileSync('/tmp/tab/ytr.i32');
  const Xtr = new Tensor(Float64Array.from(xtr), [xtr.length / 30, 30], 'float64');
  const ytr = new Tensor(Float64Array.from(new Int32Array(b.buffer, b.byteOffset, b.byteLength / 4)), [xtr.length / 30], 'float64');
  const med = (xs) => [...xs].sort((x, y) => x - y)[(xs.length - 1) >> 1];
  const ts = [], cs = [];
  let m;
  for (let r = 0; r < reps; r++) {
    const t = performance.now(), c0 = process.cpuUsage();
    m = new learn.Lasso({ alpha: 0.001 }).fit(Xtr, ytr);
    ts.push((performance.now() - t) / 1000);
    const cu = process.cpuUsage(c0); cs.push((cu.user + cu.system) / 1e6);
  }
  const r = spawnSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8', env });
  const [skT, skC, skIt, ...skCoef] = r.status === 0 ? r.stdout.trim().split(/\s+/).map(Number) : [NaN, NaN, NaN];
  const coef = m.coef.dataSync();
  let maxDiff = 0;
  for (let j = 0; j < coef.length; j++) maxDiff = Math.max(maxDiff, Math.abs(coef[j] - (skCoef[j] ?? NaN)));
  console.log(`Lasso alpha 0.001 (default options), 100k×30, median of ${reps}: nabla ${med(ts).toFixed(3)} s (CPU ${med(cs).toFixed(3)}), nIter ${m.nIter[0]} | scikit-learn ${skT.toFixed(3)} s (CPU ${skC.toFixed(3)}), n_iter ${skIt} | ratio ${(med(ts) / skT).toFixed(2)} (CPU ${(med(cs) / skC).toFixed(2)}) | max |coef diff| ${maxDiff.toExponential(2)}`);
  process.exit(0);
}
if (!args.includes('--no-peer')) {
  const r = spawnSync('/usr/bin/python3', [join(here, 'peers/linear.py')], { encoding: 'utf8', env });
  process.stdout.write(r.stdout + r.stderr.split('\n').filter((l) => !/Warning|warn/.test(l)).join('\n'));
  for (const [key, re] of [['lbfgs', /lbfgs: fit ([\d.]+)s/], ['saga', /saga: fit ([\d.]+)s/], ['lasso', /Lasso alpha 0.001: fit ([\d.]+)s/]]) {
    const m = re.exec(r.stdout);
    if (m) peer[key] = Number(m[1]);
  }
}
const f32 = (f) => { const b = readFileSync(f); return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4); };
const i32 = (f) => { const b = readFileSync(f); return new Int32Array(b.buffer, b.byteOffset, b.byteLength / 4); };
const p = 30;
const xtr = f32('/tmp/tab/xtr.f32'), xte = f32('/tmp/tab/xte.f32');
const Xtr = new Tensor(Float64Array.from(xtr), [xtr.length / p, p], 'float64');
const ytr = new Tensor(Float64Array.from(i32('/tmp/tab/ytr.i32')), [xtr.length / p], 'float64');
const Xte = new Tensor(Float64Array.from(xte), [xte.length / p, p], 'float64');
const yte = Float64Array.from(i32('/tmp/tab/yte.i32'));

function best(fn, reps = 3) {
  let t = Infinity, out;
  for (let r = 0; r < reps; r++) { const t0 = performance.now(); out = fn(); t = Math.min(t, (performance.now() - t0) / 1000); }
  return [t, out];
}
const auc = (m) => { const pr = m.predictProba(Xte).dataSync(); return metrics.rocAucScore(yte, Float64Array.from({ length: yte.length }, (_, i) => pr[2 * i + 1])); };
const ratio = (t, key) => (peer[key] ? `  ratio nabla / scikit-learn ${(t / peer[key]).toFixed(2)}` : '');

let [t, m] = best(() => new learn.LogisticRegression({ maxIter: 1000 }).fit(Xtr, ytr));
console.log(`nabla LogisticRegression lbfgs: fit ${t.toFixed(3)}s, nIter ${m.nIter[0]}, test AUC ${auc(m).toFixed(4)}${ratio(t, 'lbfgs')}`);
[t, m] = best(() => new learn.LogisticRegression({ solver: 'saga', maxIter: 1000, randomState: 0 }).fit(Xtr, ytr), 1);
console.log(`nabla LogisticRegression saga: fit ${t.toFixed(3)}s, nIter ${m.nIter[0]}, test AUC ${auc(m).toFixed(4)}${ratio(t, 'saga')}`);
[t, m] = best(() => new learn.Lasso({ alpha: 0.001 }).fit(Xtr, ytr));
console.log(`nabla Lasso alpha 0.001: fit ${t.toFixed(3)}s, nIter ${m.nIter[0]}, test R2 ${m.score(Xte, yte).toFixed(4)}${ratio(t, 'lasso')}`);
[t, m] = best(() => new learn.Lasso({ alpha: 0.001, precompute: true }).fit(Xtr, ytr));
console.log(`nabla Lasso alpha 0.001 precompute: fit ${t.toFixed(3)}s, nIter ${m.nIter[0]}, test R2 ${m.score(Xte, yte).toFixed(4)}${ratio(t, 'lasso')}`);
