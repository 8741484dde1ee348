import { KernelColumns } from './kernel.js';
import { QMatrix, solveSMO } from './solver.js';
import { sigmoidTrain } from './platt.js';
import { MT19937 } from './mt19937.js';

/** Solver settings shared by the SVMs. */
export interface SolverSettings { tol: number; shrinking: boolean; maxIter: number }

/** A binary C-SVC on the samples `idx` (labels ±1): α·y per sample and rho (f = Σ α_i y_i K − rho). */
export function trainBinary(k: KernelColumns, idx: Int32Array, y: Int8Array, Cp: number, Cn: number, w: Float64Array | null, s: SolverSettings): { coef: Float64Array; rho: number; converged: boolean } {
  const l = idx.length;
  const p = new Float64Array(l).fill(-1);
  const C = new Float64Array(l);
  for (let i = 0; i < l; i++) C[i] = (y[i] > 0 ? Cp : Cn) * (w ? w[idx[i]] : 1);
  const Q = new QMatrix(k, Int32Array.from(idx), Int8Array.from(y));
  const r = solveSMO(Q, p, y, new Float64Array(l), C, s.tol, s.shrinking, s.maxIter);
  const coef = new Float64Array(l);
  for (let i = 0; i < l; i++) coef[i] = r.alpha[i] * y[i];
  return { coef, rho: r.rho, converged: r.converged };
}

/**
 * libsvm's 5-fold cross-validated decision values for Platt scaling, then the sigmoid fit. The
 * folds come from a Fisher–Yates shuffle driven by MT19937(seed): scikit-learn's libsvm reseeds
 * its generator at every svm_train, so every class pair starts from the same seed.
 */
export function binaryProbability(k: KernelColumns, idx: Int32Array, y: Int8Array, Cp: number, Cn: number, w: Float64Array | null, s: SolverSettings, seed: number): { A: number; B: number } {
  const l = idx.length, nrFold = 5;
  const perm = new Int32Array(l);
  for (let i = 0; i < l; i++) perm[i] = i;
  const g = new MT19937(seed);
  for (let i = 0; i < l; i++) { const j = i + g.bounded(l - i); const t = perm[i]; perm[i] = perm[j]; perm[j] = t; }
  const dec = new Float64Array(l);
  for (let f = 0; f < nrFold; f++) {
    const begin = Math.floor((f * l) / nrFold), end = Math.floor(((f + 1) * l) / nrFold);
    const sub: number[] = [], subY: number[] = [];
    let pc = 0, nc = 0;
    for (let j = 0; j < l; j++) {
      if (j >= begin && j < end) continue;
      sub.push(idx[perm[j]]); subY.push(y[perm[j]]);
      if (y[perm[j]] > 0) pc++; else nc++;
    }
    if (pc === 0 || nc === 0) {
      const v = pc === 0 && nc === 0 ? 0 : pc > 0 ? 1 : -1;
      for (let j = begin; j < end; j++) dec[perm[j]] = v;
      continue;
    }
    const m = trainBinary(k, Int32Array.from(sub), Int8Array.from(subY), Cp, Cn, w, s);
    for (let j = begin; j < end; j++) {
      const col = k.column(idx[perm[j]]);
      let v = -m.rho;
      for (let t = 0; t < sub.length; t++) if (m.coef[t] !== 0) v += m.coef[t] * col[sub[t]];
      dec[perm[j]] = v;
    }
  }
  return sigmoidTrain(dec, y);
}

/** A fitted one-vs-one libsvm model (libsvm's layout: SVs grouped by class, sv_coef (k−1) × nSV). */
export interface OvoModel {
  support: Int32Array; nSupport: Int32Array; svCoef: Float64Array; rho: Float64Array;
  probA: Float64Array | null; probB: Float64Array | null; converged: boolean;
}

/** libsvm's svm_train for C-SVC: one binary problem per class pair (i < j), SVs merged per class. */
export function trainOvo(k: KernelColumns, labels: Int32Array, nClasses: number, C: number, classW: Float64Array, w: Float64Array | null,
  s: SolverSettings, probability: boolean, seed: number): OvoModel {
  const n = labels.length;
  const groups: number[][] = Array.from({ length: nClasses }, () => []);
  for (let i = 0; i < n; i++) groups[labels[i]].push(i);
  const nonzero = new Uint8Array(n);
  const nPairs = (nClasses * (nClasses - 1)) / 2;
  const coefs: Float64Array[] = [], rho = new Float64Array(nPairs);
  const probA = probability ? new Float64Array(nPairs) : null, probB = probability ? new Float64Array(nPairs) : null;
  let converged = true, pi = 0;
  for (let a = 0; a < nClasses; a++) {
    for (let b = a + 1; b < nClasses; b++, pi++) {
      const idx = Int32Array.from([...groups[a], ...groups[b]]);
      const y = new Int8Array(idx.length);
      y.fill(1, 0, groups[a].length); y.fill(-1, groups[a].length);
      const Cp = C * classW[a], Cn = C * classW[b];
      if (probability && probA && probB) {
        const ab = binaryProbability(k, idx, y, Cp, Cn, w, s, seed);
        probA[pi] = ab.A; probB[pi] = ab.B;
      }
      const m = trainBinary(k, idx, y, Cp, Cn, w, s);
      converged &&= m.converged;
      coefs.push(m.coef); rho[pi] = m.rho;
      for (let t = 0; t < idx.length; t++) if (m.coef[t] !== 0) nonzero[idx[t]] = 1;
    }
  }
  const nSupport = new Int32Array(nClasses), start = new Int32Array(nClasses);
  const support: number[] = [];
  for (let c = 0; c < nClasses; c++) {
    start[c] = support.length;
    for (const i of groups[c]) if (nonzero[i]) support.push(i);
    nSupport[c] = support.length - start[c];
  }
  const nSV = support.length;
  const svCoef = new Float64Array(Math.max(nClasses - 1, 1) * nSV);
  pi = 0;
  for (let a = 0; a < nClasses; a++) {
    for (let b = a + 1; b < nClasses; b++, pi++) {
      const coef = coefs[pi], ca = groups[a].length;
      let q = start[a];
      for (let t = 0; t < ca; t++) if (nonzero[groups[a][t]]) svCoef[(b - 1) * nSV + q++] = coef[t];
      q = start[b];
      for (let t = 0; t < groups[b].length; t++) if (nonzero[groups[b][t]]) svCoef[a * nSV + q++] = coef[ca + t];
    }
  }
  return { support: Int32Array.from(support), nSupport, svCoef, rho, probA, probB, converged };
}

/** libsvm's pairwise decision values [n, nPairs] from the kernel block K(X, SV) [n, nSV]. */
export function ovoDecision(Kx: Float64Array, n: number, nSupport: Int32Array, svCoef: Float64Array, rho: Float64Array): Float64Array {
  const k = nSupport.length;
  let nSV = 0;
  for (const c of nSupport) nSV += c;
  const start = new Int32Array(k);
  for (let c = 1; c < k; c++) start[c] = start[c - 1] + nSupport[c - 1];
  const nPairs = (k * (k - 1)) / 2;
  const out = new Float64Array(n * nPairs);
  for (let r = 0; r < n; r++) {
    const kv = r * nSV;
    let p = 0;
    for (let a = 0; a < k; a++) {
      for (let b = a + 1; b < k; b++, p++) {
        let sum = 0;
        const c1 = (b - 1) * nSV, c2 = a * nSV;
        for (let t = start[a]; t < start[a] + nSupport[a]; t++) sum += svCoef[c1 + t] * Kx[kv + t];
        for (let t = start[b]; t < start[b] + nSupport[b]; t++) sum += svCoef[c2 + t] * Kx[kv + t];
        out[r * nPairs + p] = sum - rho[p];
      }
    }
  }
  return out;
}
