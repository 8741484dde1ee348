// nabla's gradient boosting beside XGBoost hist and scikit-learn's HistGradientBoosting on the
// shared 100,000×30 tabular task (bench/peers/boosting.py — the boosting part of tabular.py —
// writes it to /tmp/tab and times the peers, one thread, in the same run), and beside the ml.js
// peer ml-xgboost (bench/peers/boosting_mljs.mjs; its WebAssembly heap overflows at 100,000 rows,
// so both run on the first --mljs-rows rows). 100 trees, depth 6, eta 0.3, 256 bins. Wall and CPU
// seconds are both printed (on a shared machine CPU time is the fairer figure); ratio =
// nabla / peer (< 1 is faster). nabla runs NABLA_THREADS=--threads (default 1, as the peers).
//
//   node bench/boosting.mjs [--root <dir with dist/>] [--threads N] [--repeat R] [--no-peers]
//                           [--no-mljs] [--mljs-rows N] [--full]   (--full runs all of tabular.py)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const root = opt('--root', join(here, '..'));
const threads = opt('--threads', process.env.NABLA_THREADS ?? '1');
const repeat = Math.max(1, Number(opt('--repeat', '1')));
const mljsRows = Number(opt('--mljs-rows', '20000'));
// The pool reads NABLA_THREADS when the addon loads, which is after this line.
process.env.NABLA_THREADS = threads;
const learn = await import(pathToFileURL(join(root, 'dist/src/learn/index.js')).href);
const { rocAucScore } = await import(pathToFileURL(join(root, 'dist/src/metrics/index.js')).href);
const { Tensor } = await import(pathToFileURL(join(root, 'dist/src/tensor/tensor.js')).href);
const { getBackend } = await import(pathToFileURL(join(root, 'dist/src/backend/index.js')).href);

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
const p = 30, m = yte.length;
const Xte = new Tensor(Float64Array.from(xte), [m, p], 'float64');
const Yte = new Tensor(Float64Array.from(yte), [m], 'float64');
const median = (a) => { const s = [...a].sort((u, v) => u - v); return s[(s.length - 1) >> 1]; };

/** Fits on the first n training rows `repeat` times: median wall and CPU seconds, and the test AUC. */
function fitNabla(n) {
  const Xtr = new Tensor(Float64Array.from(xtr.subarray(0, n * p)), [n, p], 'float64');
  const Ytr = new Tensor(Float64Array.from(ytr.subarray(0, n)), [n], 'float64');
  const walls = [], cpus = [];
  let clf;
  for (let r = 0; r < repeat; r++) {
    const t0 = performance.now(), c0 = process.cpuUsage();
    clf = new learn.GradientBoostingClassifier({ nEstimators: 100, maxDepth: 6, learningRate: 0.3, maxBins: 256 }).fit(Xtr, Ytr);
    walls.push((performance.now() - t0) / 1000);
    const cu = process.cpuUsage(c0);
    cpus.push((cu.user + cu.system) / 1e6);
  }
  const auc = rocAucScore(Yte, clf.predictProba(Xte).select(1, 1));
  return { time: median(walls), cpu: median(cpus), auc };
}

function report(name, nb, peer) {
  const cpu = peer.cpu ? `, cpu ${peer.cpu.toFixed(2)}s → nabla/peer cpu ${(nb.cpu / peer.cpu).toFixed(2)}× (peer/nabla ${(peer.cpu / nb.cpu).toFixed(1)}×)` : '';
  console.log(`${name}: fit ${peer.time.toFixed(2)}s${cpu}, wall ${(nb.time / peer.time).toFixed(2)}×, test AUC ${peer.auc.toFixed(4)} (nabla − peer ${(nb.auc - peer.auc).toFixed(4)})`);
}

const how = `${getBackend()} backend, NABLA_THREADS=${threads}${repeat > 1 ? `, median of ${repeat}` : ''}`;
const full = fitNabla(ytr.length);
console.log(`nabla GradientBoostingClassifier 100x depth6 hist: fit ${full.time.toFixed(2)}s, cpu ${full.cpu.toFixed(2)}s, test AUC ${full.auc.toFixed(4)} (${how})`);
for (const [name, r] of Object.entries(peers)) report(name, full, r);

if (!args.includes('--no-mljs')) {
  const script = join(here, 'peers/boosting_mljs.mjs');
  const r = spawnSync(process.execPath, [script, String(mljsRows)], { encoding: 'utf8', cwd: here });
  const line = /^ml-xgboost 100x depth6 on \d+: fit ([\d.]+)s, cpu ([\d.]+)s, test AUC ([\d.]+)/m.exec(r.stdout ?? '');
  if (!line) {
    const why = /(RuntimeError[^\n]*|Cannot find package[^\n]*|ERR_MODULE_NOT_FOUND)/.exec(`${r.stderr}`)?.[1] ?? `exit ${r.status}`;
    console.log(`ml-xgboost on ${mljsRows} rows did not run (${why}; install bench/ peers with npm install in bench/)`);
  } else {
    const small = fitNabla(mljsRows);
    console.log(`nabla on the first ${mljsRows} rows: fit ${small.time.toFixed(2)}s, cpu ${small.cpu.toFixed(2)}s, test AUC ${small.auc.toFixed(4)}`);
    report(`ml-xgboost 100x depth6 on ${mljsRows}`, small, { time: Number(line[1]), cpu: Number(line[2]), auc: Number(line[3]) });
  }
}
