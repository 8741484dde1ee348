// One training workload of `bench/train.mjs` on nabla, in this process (the orchestrator sets
// NABLA_BACKEND and NABLA_THREADS per child). The four workloads of the PyTorch peer script
// (bench/peers/torch_train.py) with the same shapes, batch sizes, optimiser and data:
//
//   node bench/train-nabla.mjs mlp|cnn <samples>      Fashion-MNIST subset, samples/s
//   node bench/train-nabla.mjs lstm|gpt <steps>       KJV text (first 1M chars), tokens/s
//
// Prints `RESULT {"which", "rate", "unit", "seconds", "loss"}` on its last line.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nb = await import(pathToFileURL(join(root, 'dist', 'src', 'index.js')).href);
const { nn, optim, data } = nb;
const F = nn.functional;
const [which, countArg] = process.argv.slice(2);
const count = Number(countArg);
nb.manualSeed(0);

// CPU seconds of this process beside the wall clock: on a shared machine the CPU-time rate
// (cpuRate) is the steadier figure; `rate` is the wall-clock one the table reports.
let cpu0 = process.cpuUsage();
const cpuSeconds = () => { const u = process.cpuUsage(cpu0); return (u.user + u.system) / 1e6; };
function report(rate, unit, seconds, loss) {
  const cpuRate = (rate * seconds) / cpuSeconds();
  console.log('RESULT ' + JSON.stringify({ which, backend: nb.getBackend(), rate, cpuRate, unit, seconds, loss }));
}

/** One epoch-like pass over `count` samples (whole batches), after 3 warm-up steps. */
function classifier(model, flatten, bs) {
  const { images, labels } = data.loadFashionMNIST({ train: true, flatten });
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const n = images.shape[0];
  const step = (idx) => {
    opt.zeroGrad();
    const loss = F.crossEntropy(model.forward(nb.indexSelect(images, 0, idx)), nb.indexSelect(labels, 0, idx));
    loss.backward();
    opt.step();
    return loss;
  };
  for (let i = 0; i < 3; i++) step(nb.randperm(n, { dtype: 'int32' }).narrow(0, 0, bs));
  let seen = 0, loss = null;
  cpu0 = process.cpuUsage();
  const t = performance.now();
  while (seen + bs <= count) {
    const perm = nb.randperm(n, { dtype: 'int32' });
    for (let i = 0; i + bs <= n && seen + bs <= count; i += bs, seen += bs) loss = step(perm.narrow(0, i, bs));
  }
  const dt = (performance.now() - t) / 1000;
  report(seen / dt, 'samples/s', dt, loss.item());
}

function mlp() {
  classifier(new nn.Sequential(new nn.Linear(784, 512), new nn.ReLU(), new nn.Linear(512, 256), new nn.ReLU(), new nn.Linear(256, 10)), true, 128);
}
function cnn() {
  classifier(new nn.Sequential(
    new nn.Conv2d(1, 6, 5, { padding: 2 }), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(6, 16, 5), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(),
    new nn.Linear(400, 120), new nn.ReLU(), new nn.Linear(120, 84), new nn.ReLU(), new nn.Linear(84, 10)), false, 64);
}

/** The text workloads: `steps` timed steps after 2 warm-up steps; B windows of T+1 ids. */
function textModel(kind) {
  // The raw file, verse references included, as the peer script reads it (same vocabulary).
  const corpus = data.charCorpus(data.loadText('kjv', { keepReferences: true }).slice(0, 1_000_000));
  const V = corpus.vocab.length;
  const ids = corpus.data.storage;
  const T = kind === 'lstm' ? 64 : 128, B = kind === 'lstm' ? 32 : 16;
  let forward, params;
  if (kind === 'lstm') {
    const e = new nn.Embedding(V, 64), r = new nn.LSTM(64, 256, { batchFirst: true }), o = new nn.Linear(256, V);
    forward = (x) => o.forward(r.forward(e.forward(x))[0]);
    params = [...e.parameters(), ...r.parameters(), ...o.parameters()];
  } else {
    const d = 128, h = 4, L = 4;
    const mods = [];
    const blocks = Array.from({ length: L }, () => {
      const b = { l1: new nn.LayerNorm(d), a: new nn.MultiheadAttention(d, h, { batchFirst: true }), l2: new nn.LayerNorm(d),
        f: new nn.Sequential(new nn.Linear(d, 4 * d), new nn.GELU(), new nn.Linear(4 * d, d)) };
      mods.push(b.l1, b.a, b.l2, b.f);
      return b;
    });
    const e = new nn.Embedding(V, d), p = new nn.Embedding(T, d), ln = new nn.LayerNorm(d), o = new nn.Linear(d, V);
    mods.push(e, p, ln, o);
    const mask = nn.generateSquareSubsequentMask(T);
    const pos = nb.arange(0, T, 1, { dtype: 'int32' });
    forward = (x) => {
      let hh = nb.add(e.forward(x), p.forward(pos));
      for (const b of blocks) {
        const z = b.l1.forward(hh);
        hh = nb.add(hh, b.a.forward(z, z, z, { attnMask: mask, needWeights: false })[0]);
        hh = nb.add(hh, b.f.forward(b.l2.forward(hh)));
      }
      return o.forward(ln.forward(hh));
    };
    params = mods.flatMap((m) => m.parameters());
  }
  const opt = new optim.Adam(params, { lr: 3e-3 });
  const x = new Int32Array(B * T), y = new Int32Array(B * T);
  const step = () => {
    for (let b = 0; b < B; b++) {
      const s = nb.randint(0, ids.length - T - 1, [1], { dtype: 'int32' }).item();
      x.set(ids.subarray(s, s + T), b * T);
      y.set(ids.subarray(s + 1, s + T + 1), b * T);
    }
    opt.zeroGrad();
    const loss = F.crossEntropy(forward(new nb.Tensor(x.slice(), [B, T], 'int32')).reshape([-1, V]), new nb.Tensor(y.slice(), [B * T], 'int32'));
    loss.backward();
    opt.step();
    return loss;
  };
  for (let i = 0; i < 2; i++) step();
  let loss = null;
  cpu0 = process.cpuUsage();
  const t = performance.now();
  for (let i = 0; i < count; i++) loss = step();
  const dt = (performance.now() - t) / 1000;
  report((count * B * T) / dt, 'tokens/s', dt, loss.item());
}

if (which === 'mlp') mlp();
else if (which === 'cnn') cnn();
else if (which === 'lstm' || which === 'gpt') textModel(which);
else throw new Error(`train-nabla: unknown workload '${which}' (mlp | cnn | lstm | gpt)`);
