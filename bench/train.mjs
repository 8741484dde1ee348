// `npm run bench` (second part): training throughput on the four workloads of the PyTorch peer
// script — MLP 784-512-256-10 and LeNet-5 on Fashion-MNIST (samples/s), char-LSTM 64/256 and a
// 4-layer GPT d=128 on the KJV text (tokens/s) — for nabla native at ONE thread, nabla js,
// PyTorch at one thread (bench/peers/torch_train.py, /usr/bin/python3) and TF.js cpu / wasm
// (bench/peers/tf_train.mjs; MLP and CNN only, fewer samples on the slow cpu backend). Every
// configuration runs in its own child process; nabla native and PyTorch alternate, medians of
// --reps runs (default 5).
//
//   node bench/train.mjs                  the whole table
//   node bench/train.mjs --quick          one run each, fewer samples
//   node bench/train.mjs --only mlp,cnn   some workloads
//   node bench/train.mjs --no-peers       nabla only
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const noPeers = args.includes('--no-peers');
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const only = opt('--only', 'mlp,cnn,lstm,gpt').split(',');
const reps = Number(opt('--reps', quick ? 1 : 5));
const PY = '/usr/bin/python3';
const q = (n) => (quick ? Math.max(1, Math.round(n / 2)) : n);

// Work per run: samples (mlp, cnn) or steps (lstm, gpt). PyTorch's script trains one epoch of the
// 30k subset on the classifiers (468 batches of 64 or 234 of 128: 29,952 samples, timed from the
// first step); nabla native trains the same number of samples; its STEPS sets the text workloads.
const WORK = {
  native: { mlp: q(29952), cnn: q(29952), lstm: q(30), gpt: q(12) },
  js: { mlp: q(1280), cnn: q(640), lstm: q(3), gpt: q(2) },
  torch: { lstm: q(40), gpt: q(16) },
  'tfjs-cpu': { mlp: q(1000), cnn: q(128) },
  'tfjs-wasm': { mlp: q(4000), cnn: q(1000) },
};

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
function run(cmd, argv, env, cwd = root) {
  const r = spawnSync(cmd, argv, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 600_000 });
  return { ok: r.status === 0, out: (r.stdout || '') + (r.stderr || ''), error: r.error };
}
/** The last line of `out` matching `re`, as a number (group 1), or null. */
function grab(out, re) {
  const m = [...out.matchAll(re)].pop();
  return m ? Number(m[1]) : null;
}
const lastLine = (out) => out.trim().split('\n').filter((l) => l.trim()).pop() ?? '(no output)';

function nabla(backend, which) {
  const env = { NABLA_BACKEND: backend, NABLA_THREADS: '1', OMP_NUM_THREADS: '1' };
  const rates = [];
  for (let i = 0; i < 1; i++) {
    const r = run(process.execPath, [join(here, 'train-nabla.mjs'), which, String(WORK[backend][which])], env);
    const line = r.out.split('\n').find((l) => l.startsWith('RESULT '));
    if (!line) return { note: `nabla ${backend} ${which} failed: ${lastLine(r.out)}` };
    const res = JSON.parse(line.slice(7));
    if (res.backend !== backend) return { note: `nabla ${backend} unavailable (ran on ${res.backend})` };
    rates.push(res.rate);
  }
  return { rate: median(rates) };
}

let torchNote = null;
function torch(which) {
  if (torchNote) return { note: torchNote };
  const probe = existsSync(PY) ? run(PY, ['-c', 'import torch']) : { ok: false, out: `${PY} not found` };
  if (!probe.ok) { torchNote = `PyTorch skipped: ${lastLine(probe.out)}`; return { note: torchNote }; }
  const env = { OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', TH: '1',
    CORPUS: join(root, 'data', 'kjv-bible.txt.gz'), STEPS: String(WORK.torch[which] ?? 20) };
  const rates = [];
  for (let i = 0; i < 1; i++) {
    const r = run(PY, ['torch_train.py', which], env, join(here, 'peers'));
    const rate = grab(r.out, /: (\d+) (?:samples|tokens)\/s/g);
    if (!r.ok || rate === null) return { note: `torch ${which} failed: ${lastLine(r.out)}` };
    rates.push(rate);
  }
  return { rate: median(rates) };
}

function tfjs(be, which) {
  const n = WORK[`tfjs-${be}`][which];
  if (n === undefined) return { rate: null };
  const r = run(process.execPath, ['tf_train.mjs', be, which, String(n)], {}, join(here, 'peers'));
  const rate = grab(r.out, /: (\d+) samples\/s/g);
  if (!r.ok || rate === null) {
    const why = r.out.match(/Error: ([^\n]*)/)?.[1] ?? lastLine(r.out);
    return { note: `tfjs-${be} ${which}: ${why.slice(0, 160)}` };
  }
  return { rate };
}

const fmt = (x) => (x == null ? '—' : x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1));
const ratio = (a, b) => (a && b ? (a / b).toFixed(2) + '×' : '—');
const notes = [];
const rows = [];
const UNITS = { mlp: 'samples/s', cnn: 'samples/s', lstm: 'tokens/s', gpt: 'tokens/s' };
const NAMES = { mlp: 'MLP 784-512-256-10, B=128', cnn: 'LeNet-5, B=64', lstm: 'char-LSTM 64/256, T=64 B=32', gpt: 'GPT 4×d128, T=128 B=16' };
for (const which of only) {
  if (!UNITS[which]) throw new Error(`bench/train: unknown workload '${which}'`);
  process.stderr.write(`training bench: ${which} ...\n`);
  const cell = (r) => { if (r.note) notes.push(r.note); return r.rate ?? null; };
  // nabla native and PyTorch alternate run by run, so drifting load on a shared machine hits
  // both alike; each cell is the median of its runs.
  const nat = [], ptr = [];
  for (let i = 0; i < reps; i++) {
    nat.push(nabla('native', which));
    if (!noPeers) ptr.push(torch(which));
  }
  const med = (rs) => (rs.length === 0 ? { rate: null } : rs.find((r) => r.note) ?? { rate: median(rs.map((r) => r.rate)) });
  const native = cell(med(nat));
  const js = cell(nabla('js', which));
  const pt = noPeers ? null : cell(med(ptr));
  const tcpu = noPeers ? null : cell(tfjs('cpu', which));
  const twasm = noPeers ? null : cell(tfjs('wasm', which));
  const bestTf = Math.max(tcpu ?? 0, twasm ?? 0) || null;
  rows.push([NAMES[which], UNITS[which], fmt(native), fmt(js), fmt(pt), fmt(tcpu), fmt(twasm), ratio(native, pt), ratio(native, bestTf)]);
}

const head = ['workload', 'unit', 'nabla native 1T', 'nabla js', 'PyTorch 1T', 'TF.js cpu', 'TF.js wasm', 'native / PyTorch', 'native / best TF.js'];
console.log('\nTraining throughput (higher is better; targets: native ≥ 1.5× PyTorch, ≥ 10× best TF.js)\n');
console.log('| ' + head.join(' | ') + ' |');
console.log('|' + head.map((_, i) => (i < 2 ? '---' : '---:')).join('|') + '|');
for (const r of rows) console.log('| ' + r.join(' | ') + ' |');
if (notes.length) console.log('\n' + [...new Set(notes)].map((n) => '- ' + n).join('\n'));
console.log(`\n(${reps} alternating run(s) per nabla-native/PyTorch cell, median; one run for nabla js and TF.js; samples: ${JSON.stringify(WORK)})`);
