// Tiny real estimators for the model-selection tests (the estimator library is a later issue):
// scikit-learn's NearestCentroid (with shrinkage), Ridge (normal equations) and StandardScaler.
import { Tensor } from '../../../src/tensor/tensor.js';
import { BaseClassifier, BaseRegressor, BaseTransformer, checkFitted, encodeLabels, toFloat64Array, toMatrix, toVector, type ArrayInput } from '../../../src/learn/base.js';

function rows(X: ArrayInput): { d: Float64Array; n: number; p: number } {
  const t = toMatrix(X);
  return { d: t.dataSync() as Float64Array, n: t.shape[0], p: t.shape[1] };
}

export class NearestCentroid extends BaseClassifier<{ shrinkThreshold: number | null }> {
  centroids: Float64Array | null = null;
  classes: Float64Array | null = null;
  constructor(params: Partial<{ shrinkThreshold: number | null }> = {}) {
    super({ shrinkThreshold: null, ...params });
  }
  fit(X: ArrayInput, y: ArrayInput): this {
    const { d, n, p } = rows(X);
    const { classes, indices } = encodeLabels(toFloat64Array(toVector(y)));
    const k = classes.length;
    const c = new Float64Array(k * p), nk = new Float64Array(k);
    for (let i = 0; i < n; i++) { nk[indices[i]]++; for (let j = 0; j < p; j++) c[indices[i] * p + j] += d[i * p + j]; }
    for (let a = 0; a < k; a++) for (let j = 0; j < p; j++) c[a * p + j] /= nk[a];
    const t = this.params.shrinkThreshold;
    if (t) {
      const mean = new Float64Array(p);
      for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mean[j] += d[i * p + j] / n;
      const s = new Float64Array(p);
      for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) s[j] += (d[i * p + j] - c[indices[i] * p + j]) ** 2;
      for (let j = 0; j < p; j++) s[j] = Math.sqrt(s[j] / (n - k));
      const sorted = Array.from(s).sort((a, b) => a - b);
      const med = p % 2 ? sorted[(p - 1) / 2] : (sorted[p / 2 - 1] + sorted[p / 2]) / 2;
      for (let j = 0; j < p; j++) s[j] += med;
      for (let a = 0; a < k; a++) {
        const m = Math.sqrt(1 / nk[a] - 1 / n);
        for (let j = 0; j < p; j++) {
          const ms = m * s[j];
          const dev = (c[a * p + j] - mean[j]) / ms;
          const shrunk = Math.sign(dev) * Math.max(Math.abs(dev) - t, 0);
          c[a * p + j] = mean[j] + ms * shrunk;
        }
      }
    }
    this.centroids = c;
    this.classes = classes;
    return this;
  }
  predict(X: ArrayInput): Tensor {
    const c = checkFitted(this, this.centroids), classes = this.classes as Float64Array;
    const { d, n, p } = rows(X);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0, bestD = Infinity;
      for (let a = 0; a < classes.length; a++) {
        let s = 0;
        for (let j = 0; j < p; j++) s += (d[i * p + j] - c[a * p + j]) ** 2;
        if (s < bestD) { bestD = s; best = a; }
      }
      out[i] = classes[best];
    }
    return new Tensor(out, [n], 'float64');
  }
}

/** Solves A x = b (A symmetric positive definite, small) by Gaussian elimination with pivoting. */
function solve(A: Float64Array, b: Float64Array, p: number): Float64Array {
  const a = A.slice(), x = b.slice();
  for (let col = 0; col < p; col++) {
    let piv = col;
    for (let r = col + 1; r < p; r++) if (Math.abs(a[r * p + col]) > Math.abs(a[piv * p + col])) piv = r;
    for (let j = 0; j < p; j++) [a[col * p + j], a[piv * p + j]] = [a[piv * p + j], a[col * p + j]];
    [x[col], x[piv]] = [x[piv], x[col]];
    for (let r = col + 1; r < p; r++) {
      const f = a[r * p + col] / a[col * p + col];
      for (let j = col; j < p; j++) a[r * p + j] -= f * a[col * p + j];
      x[r] -= f * x[col];
    }
  }
  for (let r = p - 1; r >= 0; r--) {
    for (let j = r + 1; j < p; j++) x[r] -= a[r * p + j] * x[j];
    x[r] /= a[r * p + r];
  }
  return x;
}

export class Ridge extends BaseRegressor<{ alpha: number; fitIntercept: boolean }> {
  coef: Float64Array | null = null;
  intercept = 0;
  constructor(params: Partial<{ alpha: number; fitIntercept: boolean }> = {}) {
    super({ alpha: 1, fitIntercept: true, ...params });
  }
  fit(X: ArrayInput, y: ArrayInput): this {
    const { d, n, p } = rows(X);
    const t = toFloat64Array(toVector(y));
    const xm = new Float64Array(p);
    let ym = 0;
    if (this.params.fitIntercept) {
      for (let i = 0; i < n; i++) { ym += t[i] / n; for (let j = 0; j < p; j++) xm[j] += d[i * p + j] / n; }
    }
    const A = new Float64Array(p * p), b = new Float64Array(p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) {
      const xij = d[i * p + j] - xm[j];
      b[j] += xij * (t[i] - ym);
      for (let l = 0; l < p; l++) A[j * p + l] += xij * (d[i * p + l] - xm[l]);
    }
    for (let j = 0; j < p; j++) A[j * p + j] += this.params.alpha;
    this.coef = solve(A, b, p);
    this.intercept = this.params.fitIntercept ? ym - xm.reduce((s, v, j) => s + v * (this.coef as Float64Array)[j], 0) : 0;
    return this;
  }
  predict(X: ArrayInput): Tensor {
    const w = checkFitted(this, this.coef);
    const { d, n, p } = rows(X);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) { let s = this.intercept; for (let j = 0; j < p; j++) s += d[i * p + j] * w[j]; out[i] = s; }
    return new Tensor(out, [n], 'float64');
  }
}

export class Scaler extends BaseTransformer<Record<string, never>> {
  mean: Float64Array | null = null;
  scale: Float64Array | null = null;
  constructor() { super({}); }
  fit(X: ArrayInput): this {
    const { d, n, p } = rows(X);
    const m = new Float64Array(p), s = new Float64Array(p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) m[j] += d[i * p + j] / n;
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) s[j] += (d[i * p + j] - m[j]) ** 2 / n;
    this.mean = m;
    this.scale = s.map((v) => (v === 0 ? 1 : Math.sqrt(v)));
    return this;
  }
  transform(X: ArrayInput): Tensor {
    const m = checkFitted(this, this.mean, 'transform'), s = this.scale as Float64Array;
    const { d, n, p } = rows(X);
    return new Tensor(d.map((v, i) => (v - m[i % p]) / s[i % p]), [n, p], 'float64');
  }
}

/** scikit-learn's GaussianNB (varSmoothing 1e-9): a probabilistic classifier for the scorer tests. */
export class GaussianNB extends BaseClassifier<Record<string, never>> {
  classes: Float64Array | null = null;
  theta: Float64Array | null = null;
  var: Float64Array | null = null;
  prior: Float64Array | null = null;
  constructor() { super({}); }
  fit(X: ArrayInput, y: ArrayInput): this {
    const { d, n, p } = rows(X);
    const { classes, indices } = encodeLabels(toFloat64Array(toVector(y)));
    const k = classes.length;
    let eps = 0;
    for (let j = 0; j < p; j++) {
      let m = 0, v = 0;
      for (let i = 0; i < n; i++) m += d[i * p + j] / n;
      for (let i = 0; i < n; i++) v += (d[i * p + j] - m) ** 2 / n;
      eps = Math.max(eps, v);
    }
    eps *= 1e-9;
    const cnt = new Float64Array(k), th = new Float64Array(k * p), vr = new Float64Array(k * p);
    for (let i = 0; i < n; i++) { cnt[indices[i]]++; for (let j = 0; j < p; j++) th[indices[i] * p + j] += d[i * p + j]; }
    for (let a = 0; a < k; a++) for (let j = 0; j < p; j++) th[a * p + j] /= cnt[a];
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) vr[indices[i] * p + j] += (d[i * p + j] - th[indices[i] * p + j]) ** 2;
    for (let a = 0; a < k; a++) for (let j = 0; j < p; j++) vr[a * p + j] = vr[a * p + j] / cnt[a] + eps;
    Object.assign(this, { classes, theta: th, var: vr, prior: cnt.map((c) => c / n) });
    return this;
  }
  predictProba(X: ArrayInput): Tensor {
    const th = checkFitted(this, this.theta, 'predictProba'), vr = this.var as Float64Array, pr = this.prior as Float64Array;
    const k = pr.length;
    const { d, n, p } = rows(X);
    const out = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      const jll = new Float64Array(k);
      for (let a = 0; a < k; a++) {
        let s = Math.log(pr[a]);
        for (let j = 0; j < p; j++) s -= 0.5 * Math.log(2 * Math.PI * vr[a * p + j]) + 0.5 * (d[i * p + j] - th[a * p + j]) ** 2 / vr[a * p + j];
        jll[a] = s;
      }
      const mx = Math.max(...jll);
      const lse = mx + Math.log(jll.reduce((acc, v) => acc + Math.exp(v - mx), 0));
      for (let a = 0; a < k; a++) out[i * k + a] = Math.exp(jll[a] - lse);
    }
    return new Tensor(out, [n, k], 'float64');
  }
  predict(X: ArrayInput): Tensor {
    const classes = checkFitted(this, this.classes);
    const p = this.predictProba(X), k = classes.length, d = p.dataSync() as Float64Array;
    return new Tensor(Float64Array.from({ length: p.shape[0] }, (_, i) => {
      let b = 0;
      for (let a = 1; a < k; a++) if (d[i * k + a] > d[i * k + b]) b = a;
      return classes[b];
    }), [p.shape[0]], 'float64');
  }
}
