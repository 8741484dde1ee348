// Copied from /work/shared/bench/tf_train.mjs for `bench/train.mjs` (reads nabla's bundled data when Debian's is absent).
// Anchor: TF.js training throughput on the same workloads (layers API), one thread.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
const [be, which, limit] = [process.argv[2], process.argv[3], +(process.argv[4] || 60000)];
await tf.setBackend(be); await tf.ready();
// Debian's dataset-fashion-mnist when installed, else nabla's bundled copy (30k training subset).
const DEB = '/usr/share/datasets/fashion-mnist/';
const D = process.env.FMNIST_DIR || (existsSync(DEB) ? DEB : new URL('../../data/fashion-mnist/', import.meta.url).pathname);
const imgs = (f) => { const b = gunzipSync(readFileSync(D + f)); return Float32Array.from(b.subarray(16), v => v / 255); };
const labs = (f) => Int32Array.from(gunzipSync(readFileSync(D + f)).subarray(8));
let xtr = imgs('train-images-idx3-ubyte.gz'), ytr = labs('train-labels-idx1-ubyte.gz');
const n = Math.min(limit, ytr.length); xtr = xtr.subarray(0, n * 784); ytr = ytr.subarray(0, n);
const model = tf.sequential();
if (which === 'mlp') {
  model.add(tf.layers.dense({ inputShape: [784], units: 512, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 256, activation: 'relu' })); model.add(tf.layers.dense({ units: 10 }));
} else {
  model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 6, kernelSize: 5, padding: 'same', activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'relu' })); model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.flatten()); model.add(tf.layers.dense({ units: 120, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 84, activation: 'relu' })); model.add(tf.layers.dense({ units: 10 }));
}
model.compile({ optimizer: tf.train.adam(1e-3), loss: (y, p) => tf.losses.softmaxCrossEntropy(y, p) });
const X = tf.tensor(xtr, which === 'mlp' ? [n, 784] : [n, 28, 28, 1]); const Y = tf.oneHot(tf.tensor1d(ytr, 'int32'), 10);
const bs = which === 'mlp' ? 128 : 64;
const t = performance.now();
await model.fit(X, Y, { batchSize: bs, epochs: 1, shuffle: true, verbose: 0 });
const s = (performance.now() - t) / 1000;
console.log(`tfjs-${be} ${which}: ${(n / s).toFixed(0)} samples/s over ${n} samples (${s.toFixed(1)}s)`);
