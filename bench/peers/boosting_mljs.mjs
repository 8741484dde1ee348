// The ml.js peer of bench/boosting.mjs: ml-xgboost (XGBoost compiled to WebAssembly) on the first
// n rows of the tabular task in /tmp/tab (written by peers/boosting.py), 100 trees, depth 6, eta 0.3.
//   node bench/peers/boosting_mljs.mjs <n>   → "ml-xgboost 100x depth6 on <n>: fit Ts, cpu Cs, test AUC A"
import { readFileSync } from 'node:fs';
const f32 = (p) => { const b = readFileSync(p); return new Float32Array(b.buffer, b.byteOffset, b.length / 4); };
const i32 = (p) => { const b = readFileSync(p); return new Int32Array(b.buffer, b.byteOffset, b.length / 4); };
const xtr = f32('/tmp/tab/xtr.f32'), ytr = i32('/tmp/tab/ytr.i32'), xte = f32('/tmp/tab/xte.f32'), yte = i32('/tmp/tab/yte.i32');
const d = 30, n = +(process.argv[2] ?? 20000), m = yte.length;
const rows = (x, k) => Array.from({ length: k }, (_, i) => Array.from(x.subarray(i * d, i * d + d)));
const Xtr = rows(xtr, n), Ytr = Array.from(ytr.subarray(0, n)), Xte = rows(xte, m);
function auc(y, s) {
  const idx = [...s.keys()].sort((a, b) => s[a] - s[b]);
  let r = 0, np = 0;
  idx.forEach((i, k) => { if (y[i]) { r += k + 1; np++; } });
  return (r - (np * (np + 1)) / 2) / (np * (y.length - np));
}
const XGBoost = await (await import('ml-xgboost')).default;
const t = performance.now(), c = process.cpuUsage();
const model = new XGBoost({ booster: 'gbtree', objective: 'binary:logistic', max_depth: 6, eta: 0.3, iterations: 100 });
model.train(Xtr, Ytr);
const dt = (performance.now() - t) / 1000, cu = process.cpuUsage(c);
const p = model.predict(Xte);
console.log(`ml-xgboost 100x depth6 on ${n}: fit ${dt.toFixed(2)}s, cpu ${((cu.user + cu.system) / 1e6).toFixed(2)}s, test AUC ${auc(Array.from(yte), Array.from(p)).toFixed(4)}`);
