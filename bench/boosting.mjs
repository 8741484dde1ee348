// nabla's gradient boosting beside XGBoost hist and scikit-learn's HistGradientBoosting on the
// shared 100,000×30 tabular task (bench/peers/boosting.py — the boosting part of tabular.py —
// writes it to /tmp/tab and times the peers, one thread, in the same run). 100 trees, depth 6,
// eta 0.3, 256 bins, one thread. Wall and CPU seconds are both printed (on a shared machine CPU
// time is the fairer figure); ratio = nabla / peer (< 1 is faster).
//
//   node bench/boosting.mjs [--root <dir with dist/>] [--no-peers] [--full]   (--full runs all of tabular.py)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const rootArg = args.indexOf('--root');
const root = rootArg >= 0 ? args[rootArg + 1] : join(here, '..');
const learn = await import(pathToFileURL(join(root, 'dist/src/learn/index.js')).href);
const { rocAucScore } = await import(pathToFileURL(join(root, 'dist/src/metrics/index.js')).href);
const { Tensor } = await import(pathToFileURL(join(root, 'dist/src/tensor/tensor.js')).href);

const peers = {};
if (!args.includes('--no-peers') || !existsSync('/tmp/tab/xtr.f32')) {
  const script = args.includes('--full') ? 'peers/tabular.py' : 'peers/boosting.py';
  const r = spawnSync('/usr/bin/python3', [join(here, script)], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
  if (r.status !== 0) console.log(`peers failed: ${r.stderr.slice(-500)}`);
  for (const line of r.stdout.split('\n')) {
    const m = /^(xgboost hist 100x depth6|sklearn HistGB 100 iters): fit ([\d.]+)s,(?: cpu ([\d.]+)s,)? test AUC ([\d.]+)/.exec(line);
    if (m) peers[m[1]] = { time: Number(m[2]), cpu: m[3] === undefined ? null : Number(m[3]), auc: Number(m[4]) };
  }
}

const f32 = (f) => { const b = readFileSync(f); return new Float32Array(b.buffer, b.byteOffset, b.length / 4); };
const i32 = (f) => { const b = readFileSync(f); return new Int32Array(b.buffer, b.byteOffset, b.length / 4); };
const xtr = f32('/tmp/tab/xtr.f32'), ytr = i32('/tmp/tab/ytr.i32'), xte = f32('/tmp/tab/xte.f32'), yte = i32('/tmp/tab/yte.i32');
const p = 30, n = ytr.length, m = yte.length;
const Xtr = new Tensor(Float64Array.from(xtr), [n, p], 'float64');
const Ytr = new Tensor(Float64Array.from(ytr), [n], 'float64');
const Xte = new Tensor(Float64Array.from(xte), [m, p], 'float64');
const Yte = new Tensor(Float64Array.from(yte), [m], 'float64');

const t0 = performance.now();
const c0 = process.cpuUsage();
const clf = new learn.GradientBoostingClassifier({ nEstimators: 100, maxDepth: 6, learningRate: 0.3, maxBins: 256 }).fit(Xtr, Ytr);
const dt = (performance.now() - t0) / 1000;
const cu = process.cpuUsage(c0);
const cpu = (cu.user + cu.system) / 1e6;
const proba = clf.predictProba(Xte);
const auc = rocAucScore(Yte, proba.select(1, 1));
console.log(`nabla GradientBoostingClassifier 100x depth6 hist: fit ${dt.toFixed(2)}s, cpu ${cpu.toFixed(2)}s, test AUC ${auc.toFixed(4)}`);
for (const [name, r] of Object.entries(peers)) {
  const cpuRatio = r.cpu ? `, cpu ${r.cpu.toFixed(2)}s → nabla/peer cpu ${(cpu / r.cpu).toFixed(2)}×` : '';
  console.log(`${name}: fit ${r.time.toFixed(2)}s${cpuRatio}, wall ${(dt / r.time).toFixed(2)}×, test AUC ${r.auc.toFixed(4)} (nabla − peer ${(auc - r.auc).toFixed(4)})`);
}
