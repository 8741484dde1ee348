// nabla's LogisticRegression and Lasso beside scikit-learn's on the 100,000×30 task
// (bench/peers/tabular.py writes it to /tmp/tab; bench/peers/linear.py times scikit-learn, one thread).
//
//   node bench/linear.mjs [--root <dir with dist/>] [--no-peer]
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
