// ml.js peers for bench/cluster.mjs: ml-kmeans and ml-pca on a float64 file written by the bench.
//   node bench/peers/cluster_mljs.mjs <X.bin> <n> <p> kmeans|pca   → prints seconds
import { readFileSync } from 'node:fs';
const [file, n, p, which] = [process.argv[2], +process.argv[3], +process.argv[4], process.argv[5]];
const buf = readFileSync(file);
const x = new Float64Array(buf.buffer, buf.byteOffset, n * p);
const rows = Array.from({ length: n }, (_, i) => Array.from(x.subarray(i * p, i * p + p)));
let t = performance.now();
if (which === 'kmeans') {
  const { kmeans } = await import('ml-kmeans');
  t = performance.now();
  kmeans(rows, 10, { initialization: 'kmeans++', seed: 0, maxIterations: 300 });
} else {
  const { PCA } = await import('ml-pca');
  t = performance.now();
  new PCA(rows, { method: 'SVD' }).predict(rows, { nComponents: 10 });
}
console.log(((performance.now() - t) / 1000).toFixed(3));
