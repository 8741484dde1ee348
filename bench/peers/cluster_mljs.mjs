// ml.js peers for bench/cluster.mjs: ml-kmeans and ml-pca on a float64 file written by the bench.
//   node bench/peers/cluster_mljs.mjs <X.bin> <n> <p> <options JSON>
// options: { which: 'kmeans' | 'pca', reps, k, tolerance, maxIterations, init (a float64 file of
// k·p initial centres, else ml-kmeans's own k-means++), method ('SVD' | 'covarianceMatrix'), predict (also time
// the projection of the data) }.
// Prints JSON: { wall: [s...], cpu: [s...], iterations }.
import { readFileSync } from 'node:fs';
const [file, n, p, opts] = [process.argv[2], +process.argv[3], +process.argv[4], JSON.parse(process.argv[5])];
const buf = readFileSync(file);
const x = new Float64Array(buf.buffer, buf.byteOffset, n * p);
const rows = Array.from({ length: n }, (_, i) => Array.from(x.subarray(i * p, i * p + p)));
const wall = [], cpu = [];
let iterations = null;
const { kmeans } = await import('ml-kmeans');
const { PCA } = await import('ml-pca');
let init = 'kmeans++';
if (opts.init) {
  const b = readFileSync(opts.init), c = new Float64Array(b.buffer, b.byteOffset, opts.k * p);
  init = Array.from({ length: opts.k }, (_, j) => Array.from(c.subarray(j * p, j * p + p)));
}
for (let r = 0; r < (opts.reps ?? 1); r++) {
  const t = performance.now(), c0 = process.cpuUsage();
  if (opts.which === 'kmeans') {
    const res = kmeans(rows, opts.k, { initialization: Array.isArray(init) ? init.map((row) => row.slice()) : init, seed: 0, tolerance: opts.tolerance, maxIterations: opts.maxIterations });
    iterations = res.iterations;
  } else {
    const m = new PCA(rows, { method: opts.method ?? 'SVD' }); // the fit (centring + decomposition)
    if (opts.predict) m.predict(rows, { nComponents: 10 });
  }
  const c = process.cpuUsage(c0);
  wall.push((performance.now() - t) / 1000);
  cpu.push((c.user + c.system) / 1e6);
}
console.log(JSON.stringify({ wall, cpu, iterations }));
