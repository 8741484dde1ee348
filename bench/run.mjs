// `npm run bench`: nabla (native and js backends) beside its peers, one table, medians of
// repeated runs, as ratios. Peers (onnxruntime-node, TF.js cpu and wasm) live in bench/'s own
// package.json and are installed here on first use. Thread counts are fixed per process (the
// native pool is sized at load, from NABLA_THREADS), so each configuration runs in a child.
//
//   node bench/run.mjs                 the whole table
//   node bench/run.mjs --quick         fewer repetitions
//   node bench/run.mjs --only gemm     one group: gemm | js | conv | elementwise
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const ALL = availableParallelism();

// ---------------------------------------------------------------------------------------------
// Measuring

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
/** Median milliseconds of fn over reps runs after warm-up runs; at most ~budget ms in all. */
async function time(fn, { reps = 15, warm = 2, budget = 4000 } = {}) {
  if (quick) { reps = Math.min(reps, 5); budget = Math.min(budget, 1500); }
  for (let i = 0; i < warm; i++) await fn();
  const ts = [];
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await fn();
    ts.push(performance.now() - t);
    if (ts.length >= 3 && performance.now() - t0 > budget) break;
  }
  return median(ts);
}
function emit(key, ms, extra = {}) {
  console.log('RESULT ' + JSON.stringify({ key, ms, ...extra }));
}

async function quiet(fn) {
  const { log, warn, info } = console;
  console.log = console.warn = console.info = () => {};
  try { return await fn(); } finally { Object.assign(console, { log, warn, info }); }
}

async function loadNabla() {
  const url = pathToFileURL(join(root, 'dist', 'src', 'index.js')).href;
  return import(url);
}
async function loadOrt() {
  try { return (await import('onnxruntime-node')).default; } catch { return null; }
}
async function loadTf(backend) {
  try {
    return await quiet(async () => {
      const tf = await import('@tensorflow/tfjs');
      if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
      if (!(await tf.setBackend(backend))) return null;
      await tf.ready();
      return tf;
    });
  } catch { return null; }
}

const GEMMS = [
  { key: '128', label: 'GEMM 128³', B: 1, M: 128, K: 128, N: 128 },
  { key: '256', label: 'GEMM 256³', B: 1, M: 256, K: 256, N: 256 },
  { key: '1024', label: 'GEMM 1024³', B: 1, M: 1024, K: 1024, N: 1024 },
  { key: 'tall', label: 'GEMM [4096×4096] @ [4096×64]', B: 1, M: 4096, K: 4096, N: 64 },
  { key: 'batched', label: 'batched GEMM 32 × ([128×64] @ [64×128])', B: 32, M: 128, K: 64, N: 128 },
];
const flops = (g) => 2 * g.B * g.M * g.K * g.N;
const shapeA = (g) => (g.B > 1 ? [g.B, g.M, g.K] : [g.M, g.K]);
const shapeB = (g) => (g.B > 1 ? [g.B, g.K, g.N] : [g.K, g.N]);

// ---------------------------------------------------------------------------------------------
// Workers (run in child processes)

const workers = {
  // nabla native (NABLA_THREADS from the parent) and onnxruntime-node with the same thread count.
  async gemm(threads) {
    const nb = await loadNabla();
    nb.setBackend('native');
    nb.manualSeed(0);
    for (const g of GEMMS) {
      const a = nb.randn(shapeA(g)), b = nb.randn(shapeB(g));
      emit(`gemm.${g.key}.native.${threads}`, await time(() => nb.matmul(a, b), { reps: 30 }), { flops: flops(g) });
    }
    const ort = await loadOrt();
    if (!ort) return;
    const opts = { intraOpNumThreads: threads, interOpNumThreads: 1 };
    const sess2 = await ort.InferenceSession.create(join(here, 'matmul.onnx'), opts);
    const { matmulModel } = await import('./onnx-matmul.mjs');
    const sess3 = await ort.InferenceSession.create(matmulModel(3), opts);
    for (const g of GEMMS) {
      const sess = g.B > 1 ? sess3 : sess2;
      const a = new ort.Tensor('float32', Float32Array.from({ length: g.B * g.M * g.K }, Math.random), shapeA(g));
      const b = new ort.Tensor('float32', Float32Array.from({ length: g.B * g.K * g.N }, Math.random), shapeB(g));
      try {
        emit(`gemm.${g.key}.ort.${threads}`, await time(() => sess.run({ a, b }), { reps: 30 }), { flops: flops(g) });
      } catch { /* this model does not take that shape */ }
    }
  },
  // nabla js beside TF.js cpu and wasm (single-threaded backends).
  async js() {
    const nb = await loadNabla();
    nb.setBackend('js');
    nb.manualSeed(0);
    const slow = { reps: 5, warm: 1, budget: 8000 };
    for (const g of GEMMS) {
      const a = nb.randn(shapeA(g)), b = nb.randn(shapeB(g));
      emit(`gemm.${g.key}.js`, await time(() => nb.matmul(a, b), slow), { flops: flops(g) });
    }
    for (const be of ['cpu', 'wasm']) {
      const tf = await loadTf(be);
      if (!tf) continue;
      for (const g of GEMMS) {
        const a = tf.randomUniform(shapeA(g)), b = tf.randomUniform(shapeB(g));
        const run = () => { const c = tf.matMul(a, b); c.dataSync(); c.dispose(); };
        emit(`gemm.${g.key}.tf${be}`, await time(run, be === 'cpu' ? { reps: 3, warm: 1, budget: 8000 } : slow), { flops: flops(g) });
      }
    }
  },
  // conv2d 3×3, 64→64, 56×56, batch 8, padding 1: forward, and backward (input and weight grads).
  async conv(threads) {
    const nb = await loadNabla();
    const [N, C, H, W, O] = [8, 64, 56, 56, 64];
    const f = 2 * N * O * C * 9 * H * W;
    const slow = { reps: 3, warm: 1, budget: 10000 };
    for (const be of threads === 0 ? ['js'] : ['native']) {
      nb.setBackend(be);
      nb.manualSeed(0);
      const x = nb.randn([N, C, H, W], { requiresGrad: true });
      const w = nb.randn([O, C, 3, 3], { requiresGrad: true });
      const g = nb.randn([N, O, H, W]);
      const opt = be === 'js' ? slow : { reps: 10 };
      const tag = be === 'js' ? 'js' : `native.${threads}`;
      emit(`conv.fwd.${tag}`, await time(() => nb.noGrad(() => nb.conv2d(x, w, null, { stride: 1, padding: 1 })), opt), { flops: f });
      emit(`conv.bwd.${tag}`, await time(() => {
        x.grad = null; w.grad = null;
        nb.conv2d(x, w, null, { stride: 1, padding: 1 }).backward(g);
      }, opt), { flops: 3 * f });
    }
    if (threads !== 0) return;
    for (const be of ['cpu', 'wasm']) {
      const tf = await loadTf(be);
      if (!tf) continue;
      const x = tf.randomNormal([N, H, W, C]), w = tf.randomNormal([3, 3, C, O]), dy = tf.randomNormal([N, H, W, O]);
      emit(`conv.fwd.tf${be}`, await time(() => { const y = tf.conv2d(x, w, 1, 'same'); y.dataSync(); y.dispose(); }, slow), { flops: f });
      try {
        // TF.js cpu's Conv2DBackpropFilter takes minutes at batch 8: it runs at batch 1 and the
        // time is scaled by 8 (the work is linear in the batch), and the table says so.
        const nb1 = be === 'cpu' ? 1 : N;
        const xs = nb1 === N ? x : tf.slice(x, [0, 0, 0, 0], [nb1, H, W, C]);
        const dys = nb1 === N ? dy : tf.slice(dy, [0, 0, 0, 0], [nb1, H, W, O]);
        const grads = tf.grads((a, b) => tf.conv2d(a, b, 1, 'same'));
        const ms = await time(() => {
          const r = grads([xs, w], dys);
          r.forEach((t) => t.dataSync());
          r.forEach((t) => t.dispose());
        }, { reps: 1, warm: 0 });
        emit(`conv.bwd.tf${be}`, (ms * N) / nb1, { flops: 3 * f, note: nb1 === N ? '' : `batch ${nb1} × ${N / nb1}` });
      } catch { /* e.g. wasm has no Conv2DBackpropFilter */ }
    }
  },
  // add / mul / exp on 4M floats and softmax over [4096, 1000], against copying the same bytes.
  async elementwise(threads) {
    const nb = await loadNabla();
    nb.setBackend('native');
    nb.manualSeed(0);
    const n = 4 * 1024 * 1024;
    const a = nb.randn([n]), b = nb.randn([n]);
    const s = nb.randn([4096, 1000]);
    const opt = { reps: 40, warm: 3 };
    emit(`ew.add.native.${threads}`, await time(() => nb.add(a, b), opt), { bytes: 4 * n });
    emit(`ew.mul.native.${threads}`, await time(() => nb.mul(a, b), opt), { bytes: 4 * n });
    emit(`ew.exp.native.${threads}`, await time(() => nb.exp(a), opt), { bytes: 4 * n });
    emit(`ew.softmax.native.${threads}`, await time(() => nb.softmax(s, 1), opt), { bytes: 4 * 4096 * 1000 });
    // The kernels alone, writing into preallocated outputs (what a plain copy into an existing
    // array is compared with; the rows above also pay for allocating and zeroing the output).
    const { NativeBackend } = await import(pathToFileURL(join(root, 'dist', 'src', 'backend', 'native', 'backend.js')).href);
    const { loadNative } = await import(pathToFileURL(join(root, 'dist', 'src', 'backend', 'native', 'load.js')).href);
    const be = new NativeBackend(loadNative().addon);
    const va = { data: a.storage, shape: [n], strides: [1], offset: 0 }, vb = { data: b.storage, shape: [n], strides: [1], offset: 0 };
    const out = new Float32Array(n), sout = new Float32Array(4096 * 1000);
    emit(`ew.add.kernel.${threads}`, await time(() => be.binary('add', va, vb, out), opt), { bytes: 4 * n });
    emit(`ew.mul.kernel.${threads}`, await time(() => be.binary('mul', va, vb, out), opt), { bytes: 4 * n });
    emit(`ew.exp.kernel.${threads}`, await time(() => be.unary('exp', va, out), opt), { bytes: 4 * n });
    emit(`ew.softmax.kernel.${threads}`, await time(() => be.softmax(s.storage, 4096, 1000, 1, sout, false), opt), { bytes: 4 * 4096 * 1000 });
    if (threads !== 1) return;
    // The copies, single-threaded by nature: into a preallocated array, and into a new one.
    for (const [k, len] of [['4m', n], ['softmax', 4096 * 1000]]) {
      const src = new Float32Array(len).fill(1.5), dst = new Float32Array(len);
      emit(`ew.memcpy.${k}`, await time(() => dst.set(src), opt), { bytes: 4 * len });
      emit(`ew.slice.${k}`, await time(() => src.slice(), opt), { bytes: 4 * len });
    }
  },
};

// ---------------------------------------------------------------------------------------------
// Parent: installs peers, runs the children, prints the table.

function ensurePeers() {
  const need = ['onnxruntime-node', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'];
  if (need.every((p) => existsSync(join(here, 'node_modules', ...p.split('/'), 'package.json')))) return;
  console.log('bench: installing the peers in bench/ (onnxruntime-node, TF.js) ...');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: here, stdio: 'inherit', env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
  });
  if (r.status !== 0) console.log('bench: peer install failed; their columns will read n/a');
}

function runChild(worker, threads, env = {}) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--worker', worker, String(threads), ...(quick ? ['--quick'] : [])], {
    cwd: here, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, ...env },
  });
  const out = [];
  for (const line of (r.stdout ?? '').split('\n')) if (line.startsWith('RESULT ')) out.push(JSON.parse(line.slice(7)));
  if (r.status !== 0) console.log(`bench: worker ${worker} (${threads} threads) failed: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`);
  return out;
}

function fmtMs(ms) { return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`; }
function fmtRes(r) {
  if (!r) return 'n/a';
  if (r.flops) return `${fmtMs(r.ms)} (${(r.flops / r.ms / 1e6).toFixed(r.flops / r.ms / 1e6 < 10 ? 2 : 1)} GFLOPS)`;
  if (r.bytes) return `${fmtMs(r.ms)} (${(r.bytes / r.ms / 1e6).toFixed(1)} GB/s)`;
  return fmtMs(r.ms);
}

async function main() {
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
  if (!existsSync(join(root, 'dist', 'src', 'index.js'))) {
    console.log('bench: dist/ is missing; run `npm run build` first (npm run bench does).');
    process.exit(1);
  }
  ensurePeers();
  const R = new Map();
  const add = (list) => list.forEach((r) => R.set(r.key, r));
  const t0 = performance.now();
  const want = (g) => !only || only === g;
  if (want('gemm')) { add(runChild('gemm', 1, { NABLA_THREADS: '1' })); add(runChild('gemm', ALL, { NABLA_THREADS: String(ALL) })); }
  if (want('elementwise')) { add(runChild('elementwise', 1, { NABLA_THREADS: '1' })); add(runChild('elementwise', ALL, { NABLA_THREADS: String(ALL) })); }
  if (want('conv')) { add(runChild('conv', ALL, { NABLA_THREADS: String(ALL) })); add(runChild('conv', 0)); }
  if (want('js')) add(runChild('js', 1));

  const rows = [];
  // ratio: the peer's time over nabla's (speed relative to the peer: > 1 is faster), or for the
  // memory-bound ops nabla's time over the copy's (< 1.5 is the target).
  const speed = (n, p) => (n && p ? `${(p.ms / n.ms).toFixed(2)}×` : 'n/a');
  const slower = (n, p) => (n && p ? `${(n.ms / p.ms).toFixed(2)}×` : 'n/a');
  for (const g of GEMMS) {
    for (const th of [1, ALL]) {
      const n = R.get(`gemm.${g.key}.native.${th}`), p = R.get(`gemm.${g.key}.ort.${th}`);
      if (n || p) rows.push([`${g.label}, ${th} thread${th > 1 ? 's' : ''}`, 'nabla native', fmtRes(n), `onnxruntime-node (${th} intra-op)`, fmtRes(p), speed(n, p), g.key === '1024' ? '≥ 0.9' : '']);
    }
  }
  for (const g of GEMMS) {
    const n = R.get(`gemm.${g.key}.js`);
    for (const be of ['cpu', 'wasm']) {
      const p = R.get(`gemm.${g.key}.tf${be}`);
      if (n || p) rows.push([`${g.label}`, 'nabla js', fmtRes(n), `TF.js ${be}`, fmtRes(p), speed(n, p), g.key === '1024' && be === 'cpu' ? '≥ 3' : '']);
    }
  }
  for (const dir of ['fwd', 'bwd']) {
    const lab = `conv2d 3×3 64→64 56×56 batch 8, ${dir === 'fwd' ? 'forward' : 'forward + backward (input and weight grads)'}`;
    const nat = R.get(`conv.${dir}.native.${ALL}`), jsr = R.get(`conv.${dir}.js`);
    for (const be of ['cpu', 'wasm']) {
      const p = R.get(`conv.${dir}.tf${be}`);
      const peer = `TF.js ${be}${p?.note ? ` (${p.note})` : !p && dir === 'bwd' && be === 'wasm' ? ' (no Conv2DBackpropFilter kernel)' : ''}`;
      if (nat || p) rows.push([lab, `nabla native (${ALL} threads)`, fmtRes(nat), peer, fmtRes(p), speed(nat, p), '']);
      if (jsr || p) rows.push([lab, 'nabla js', fmtRes(jsr), peer, fmtRes(p), speed(jsr, p), '']);
    }
  }
  for (const op of ['add', 'mul', 'exp', 'softmax']) {
    const k = op === 'softmax' ? 'softmax' : '4m';
    const lab = op === 'softmax' ? 'softmax [4096, 1000] (dim 1)' : `${op} on 4M float32`;
    const cp = R.get(`ew.memcpy.${k}`), sl = R.get(`ew.slice.${k}`);
    for (const th of [1, ALL]) {
      const n = R.get(`ew.${op}.native.${th}`), kr = R.get(`ew.${op}.kernel.${th}`);
      const t = `${th} thread${th > 1 ? 's' : ''}`;
      if (kr) rows.push([`${lab}, ${t}`, 'nabla native kernel (preallocated output)', fmtRes(kr), 'copy into an existing array (dst.set(src))', fmtRes(cp), `${slower(kr, cp)} time`, '≤ 1.5']);
      if (n) rows.push([`${lab}, ${t}`, `nabla native nb.${op} (allocates its output)`, fmtRes(n), 'copy into a new array (src.slice())', fmtRes(sl), `${slower(n, sl)} time`, '']);
    }
  }
  const head = ['workload', 'nabla', 'time', 'peer', 'time', 'ratio', 'target'];
  console.log(`\nnabla benchmark — ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${ALL} hardware threads; medians; ratio = peer time / nabla time unless marked "time" (nabla time / peer time)\n`);
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map(() => '---').join('|')}|`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log(`\n(${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}

if (args[0] === '--worker') {
  await workers[args[1]](Number(args[2]));
  process.exit(0);
} else {
  await main();
}
