// Exclusive feature bundling (enableBundle) on a wide sparse one-hot set: 20,000 rows × 300
// one-hot columns (10 categorical variables of 30 levels), regression, 100 trees, depth 6,
// eta 0.3, 256 bins, one thread. Prints the fit's median wall and CPU seconds with and without
// bundling (the trees are the same), the speed-up, and the training R² of both.
//
//   node bench/boosting_efb.mjs [--root <dir with dist/>] [--repeat R] [--rows N] [--trees T]
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const root = opt('--root', join(here, '..'));
const repeat = Math.max(1, Number(opt('--repeat', '3')));
const n = Number(opt('--rows', '20000')), nTrees = Number(opt('--trees', '100'));
process.env.NABLA_THREADS = process.env.NABLA_THREADS ?? '1';
const learn = await import(pathToFileURL(join(root, 'dist/src/learn/index.js')).href);
const { Tensor } = await import(pathToFileURL(join(root, 'dist/src/tensor/tensor.js')).href);
const { getBackend } = await import(pathToFileURL(join(root, 'dist/src/backend/index.js')).href);

const groups = 10, levels = 30, p = groups * levels;
let s = 42;
const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
const effect = Float64Array.from({ length: p }, () => rnd() * 2 - 1);
const x = new Float64Array(n * p), y = new Float64Array(n);
for (let i = 0; i < n; i++) {
  for (let g = 0; g < groups; g++) { const c = g * levels + Math.floor(rnd() * levels); x[i * p + c] = 1; y[i] += effect[c]; }
  y[i] += (rnd() - 0.5) * 0.5;
}
const X = new Tensor(x, [n, p], 'float64'), Y = new Tensor(y, [n], 'float64');
const median = (a) => { const b = [...a].sort((u, v) => u - v); return b[b.length >> 1]; };

const results = {};
for (const enableBundle of [false, true]) {
  const wall = [], cpu = [];
  let r2 = 0;
  for (let r = 0; r < repeat; r++) {
    const t0 = performance.now(), c0 = process.cpuUsage();
    const m = new learn.GradientBoostingRegressor({ nEstimators: nTrees, maxDepth: 6, learningRate: 0.3, enableBundle }).fit(X, Y);
    const c = process.cpuUsage(c0);
    wall.push((performance.now() - t0) / 1000);
    cpu.push((c.user + c.system) / 1e6);
    r2 = m.score(X, Y);
  }
  results[enableBundle] = { wall: median(wall), cpu: median(cpu), r2 };
  console.log(`enableBundle ${enableBundle}: fit ${median(wall).toFixed(3)} s wall, ${median(cpu).toFixed(3)} s CPU (median of ${repeat}), train R² ${r2.toFixed(6)}`);
}
console.log(`backend ${getBackend()}, ${n}×${p} one-hot, ${nTrees} trees depth 6: bundling speed-up ${(results.false.wall / results.true.wall).toFixed(2)}× wall, ${(results.false.cpu / results.true.cpu).toFixed(2)}× CPU`);
