import type { KernelColumns } from './kernel.js';
import { QCache } from './qcache.js';
import { nativeSvmLoops } from './native.js';

const TAU = 1e-12;
const LOWER = 0, UPPER = 1, FREE = 2;

/**
 * The Q matrix of a dual problem, Q_ij = y_i y_j K(index_i, index_j) with libsvm's sign
 * conventions: for C-SVC the variables are the samples (sign = label), for ε-SVR 2l variables
 * over l samples (sign +1 then −1). As libsvm's SVC_Q: columns live in a cache in the solver's
 * current (shrinking-permuted) order and only the entries of the requested length (the active
 * set) are computed, from the rows directly. Function kernels gather from the kernel columns.
 */
export class QMatrix {
  readonly qd: Float64Array;
  private readonly cache: QCache | null;
  constructor(private readonly k: KernelColumns, readonly index: Int32Array, readonly sign: Int8Array) {
    const l = index.length;
    this.qd = new Float64Array(l);
    for (let i = 0; i < l; i++) this.qd[i] = k.diag[index[i]];
    if (k.direct) this.cache = new QCache(l, k.cacheFloats);
    else this.cache = null;
  }
  /** Column i of Q; its first `len` entries are valid (in the current order). */
  getQ(i: number, len: number): Float32Array {
    const sg = this.sign, idx = this.index;
    if (this.cache) {
      const col = this.cache.get(i, len), start = this.cache.start;
      if (start < len) this.k.qEntries(idx[i], idx, sg, sg[i], start, len, col);
      return col;
    }
    // Function kernels: two gather buffers, as libsvm's SVR_Q (Q_i and Q_j are used together).
    const col = this.k.column(idx[i]);
    this.flip = 1 - this.flip;
    if (this.bufs[this.flip].length < len) this.bufs[this.flip] = new Float32Array(this.index.length);
    const out = this.bufs[this.flip];
    const si = sg[i];
    for (let j = 0; j < len; j++) out[j] = si * sg[j] * col[idx[j]];
    return out;
  }
  private bufs = [new Float32Array(0), new Float32Array(0)];
  private flip = 0;
  /** Swaps inside begin/endSwaps are applied to the cached columns in one pass at the end. */
  beginSwaps(): void { this.cache?.beginBatch(); }
  endSwaps(): void { this.cache?.endBatch(); }
  swap(i: number, j: number): void {
    if (this.cache) this.cache.swapIndex(i, j);
    let t = this.index[i]; this.index[i] = this.index[j]; this.index[j] = t;
    const s = this.sign[i]; this.sign[i] = this.sign[j]; this.sign[j] = s;
    t = this.qd[i]; this.qd[i] = this.qd[j]; this.qd[j] = t;
  }
}

/** Solver result: the dual variables (original order), rho, objective, iterations. */
export interface SolveResult { alpha: Float64Array; rho: number; obj: number; iter: number; converged: boolean }

/**
 * libsvm's SMO solver (Fan, Chen & Lin 2005): min ½αᵀQα + pᵀα, yᵀα = 0, 0 ≤ α_i ≤ C_i, with
 * second-order working-set selection (WSS3), shrinking with gradient reconstruction, stopping
 * when the maximal violating pair's gap is below eps. A faithful port of Solver::Solve.
 */
export function solveSMO(Q: QMatrix, pIn: Float64Array, yIn: Int8Array, alphaIn: Float64Array, CIn: Float64Array,
  eps: number, shrinking: boolean, maxIter: number): SolveResult {
  const l = pIn.length;
  const p = Float64Array.from(pIn), y = Int8Array.from(yIn), alpha = Float64Array.from(alphaIn), C = Float64Array.from(CIn);
  const status = new Uint8Array(l);
  const activeSet = new Int32Array(l);
  const G = new Float64Array(l), Gbar = new Float64Array(l);
  const QD = Q.qd;
  const upd = (i: number): void => { status[i] = alpha[i] >= C[i] ? UPPER : alpha[i] <= 0 ? LOWER : FREE; };
  for (let i = 0; i < l; i++) { upd(i); activeSet[i] = i; G[i] = p[i]; }
  let activeSize = l;
  let unshrink = false;
  for (let i = 0; i < l; i++) {
    if (status[i] !== LOWER) {
      const Qi = Q.getQ(i, l), ai = alpha[i];
      for (let j = 0; j < l; j++) G[j] += ai * Qi[j];
      if (status[i] === UPPER) for (let j = 0; j < l; j++) Gbar[j] += C[i] * Qi[j];
    }
  }
  const swap = (i: number, j: number): void => {
    Q.swap(i, j);
    let t: number;
    t = y[i]; y[i] = y[j]; y[j] = t;
    t = G[i]; G[i] = G[j]; G[j] = t;
    t = status[i]; status[i] = status[j]; status[j] = t;
    t = alpha[i]; alpha[i] = alpha[j]; alpha[j] = t;
    t = p[i]; p[i] = p[j]; p[j] = t;
    t = activeSet[i]; activeSet[i] = activeSet[j]; activeSet[j] = t;
    t = Gbar[i]; Gbar[i] = Gbar[j]; Gbar[j] = t;
    t = C[i]; C[i] = C[j]; C[j] = t;
  };
  const reconstruct = (): void => {
    if (activeSize === l) return;
    let nrFree = 0;
    for (let j = activeSize; j < l; j++) G[j] = Gbar[j] + p[j];
    for (let j = 0; j < activeSize; j++) if (status[j] === FREE) nrFree++;
    if (nrFree * l > 2 * activeSize * (l - activeSize)) {
      for (let i = activeSize; i < l; i++) {
        const Qi = Q.getQ(i, activeSize);
        for (let j = 0; j < activeSize; j++) if (status[j] === FREE) G[i] += alpha[j] * Qi[j];
      }
    } else {
      for (let i = 0; i < activeSize; i++) {
        if (status[i] !== FREE) continue;
        const Qi = Q.getQ(i, l), ai = alpha[i];
        for (let j = activeSize; j < l; j++) G[j] += ai * Qi[j];
      }
    }
  };
  const beShrunk = (i: number, g1: number, g2: number): boolean => {
    if (status[i] === UPPER) return y[i] === 1 ? -G[i] > g1 : -G[i] > g2;
    if (status[i] === LOWER) return y[i] === 1 ? G[i] > g2 : G[i] > g1;
    return false;
  };
  const doShrinking = (): void => {
    let g1 = -Infinity, g2 = -Infinity;
    for (let i = 0; i < activeSize; i++) {
      if (y[i] === 1) {
        if (status[i] !== UPPER && -G[i] >= g1) g1 = -G[i];
        if (status[i] !== LOWER && G[i] >= g2) g2 = G[i];
      } else {
        if (status[i] !== UPPER && -G[i] >= g2) g2 = -G[i];
        if (status[i] !== LOWER && G[i] >= g1) g1 = G[i];
      }
    }
    if (!unshrink && g1 + g2 <= eps * 10) { unshrink = true; reconstruct(); activeSize = l; }
    Q.beginSwaps();
    for (let i = 0; i < activeSize; i++) {
      if (beShrunk(i, g1, g2)) {
        activeSize--;
        while (activeSize > i) {
          if (!beShrunk(activeSize, g1, g2)) { swap(i, activeSize); break; }
          activeSize--;
        }
      }
    }
    Q.endSwaps();
  };
  let outI = -1, outJ = -1;
  // The two O(active) loops on the native addon when available (same operations and roundings).
  const loops = nativeSvmLoops();
  const selArgs = new Float64Array(5), selOut = new Float64Array(3), updArgs = new Float64Array(3);
  // Gbar += c·Q_i over all l (c = ±C_i); on the addon as G's update with a zero second term
  // (the same value: adding Q·0 changes nothing, and −C·Q is the exact negation of C·Q).
  const updateGbar = (Qi: Float32Array, c: number): void => {
    if (loops) { updArgs[0] = l; updArgs[1] = c; updArgs[2] = 0; loops.svmUpdateG(Gbar, Qi, Qi, updArgs); }
    else for (let k = 0; k < l; k++) Gbar[k] += c * Qi[k];
  };
  const select = (): boolean => {
    const n = activeSize;
    let gmax = -Infinity, gmax2 = -Infinity, gmaxIdx = -1, gminIdx = -1, objMin = Infinity;
    if (loops) {
      selArgs[0] = n;
      loops.svmSelectI(G, y, status, selArgs, selOut);
      gmax = selOut[0]; gmaxIdx = selOut[1];
    } else {
      for (let t = 0; t < n; t++) {
        if (y[t] === 1) { if (status[t] !== UPPER && -G[t] >= gmax) { gmax = -G[t]; gmaxIdx = t; } }
        else if (status[t] !== LOWER && G[t] >= gmax) { gmax = G[t]; gmaxIdx = t; }
      }
    }
    const i = gmaxIdx;
    if (i !== -1 && loops) {
      const sa = selArgs, so = selOut;
      sa[0] = n; sa[1] = gmax; sa[2] = QD[i]; sa[3] = 2 * y[i]; sa[4] = TAU;
      loops.svmSelectJ(G, y, status, QD, Q.getQ(i, n), sa, so);
      gmax2 = so[0]; gminIdx = so[1]; objMin = so[2];
    } else if (i !== -1) {
      const Qi = Q.getQ(i, n), qdi = QD[i], yi2 = 2 * y[i];
      for (let j = 0; j < n; j++) {
        const gj = G[j];
        if (y[j] === 1) {
          if (status[j] !== LOWER) {
            const gd = gmax + gj;
            if (gj >= gmax2) gmax2 = gj;
            if (gd > 0) {
              const qc = qdi + QD[j] - yi2 * Qi[j];
              const od = -(gd * gd) / (qc > 0 ? qc : TAU);
              if (od <= objMin) { gminIdx = j; objMin = od; }
            }
          }
        } else if (status[j] !== UPPER) {
          const gd = gmax - gj;
          if (-gj >= gmax2) gmax2 = -gj;
          if (gd > 0) {
            const qc = qdi + QD[j] + yi2 * Qi[j];
            const od = -(gd * gd) / (qc > 0 ? qc : TAU);
            if (od <= objMin) { gminIdx = j; objMin = od; }
          }
        }
      }
    } else {
      // No i: libsvm still scans for Gmax2 (the stopping test) with the same comparisons.
      for (let j = 0; j < n; j++) {
        if (y[j] === 1) { if (status[j] !== LOWER && G[j] >= gmax2) gmax2 = G[j]; }
        else if (status[j] !== UPPER && -G[j] >= gmax2) gmax2 = -G[j];
      }
    }
    if (gmax + gmax2 < eps || gminIdx === -1) return true;
    outI = gmaxIdx; outJ = gminIdx;
    return false;
  };

  let iter = 0, converged = true;
  let counter = Math.min(l, 1000) + 1;
  for (;;) {
    if (--counter === 0) { counter = Math.min(l, 1000); if (shrinking) doShrinking(); }
    if (select()) {
      reconstruct();
      activeSize = l;
      if (select()) break;
      counter = 1;
    }
    ++iter;
    const i = outI, j = outJ;
    const Qi = Q.getQ(i, activeSize), Qj = Q.getQ(j, activeSize);
    const Ci = C[i], Cj = C[j];
    const oldAi = alpha[i], oldAj = alpha[j];
    if (y[i] !== y[j]) {
      let qc = QD[i] + QD[j] + 2 * Qi[j];
      if (qc <= 0) qc = TAU;
      const delta = (-G[i] - G[j]) / qc;
      const diff = alpha[i] - alpha[j];
      alpha[i] += delta; alpha[j] += delta;
      if (diff > 0) { if (alpha[j] < 0) { alpha[j] = 0; alpha[i] = diff; } }
      else if (alpha[i] < 0) { alpha[i] = 0; alpha[j] = -diff; }
      if (diff > Ci - Cj) { if (alpha[i] > Ci) { alpha[i] = Ci; alpha[j] = Ci - diff; } }
      else if (alpha[j] > Cj) { alpha[j] = Cj; alpha[i] = Cj + diff; }
    } else {
      let qc = QD[i] + QD[j] - 2 * Qi[j];
      if (qc <= 0) qc = TAU;
      const delta = (G[i] - G[j]) / qc;
      const sum = alpha[i] + alpha[j];
      alpha[i] -= delta; alpha[j] += delta;
      if (sum > Ci) { if (alpha[i] > Ci) { alpha[i] = Ci; alpha[j] = sum - Ci; } }
      else if (alpha[j] < 0) { alpha[j] = 0; alpha[i] = sum; }
      if (sum > Cj) { if (alpha[j] > Cj) { alpha[j] = Cj; alpha[i] = sum - Cj; } }
      else if (alpha[i] < 0) { alpha[i] = 0; alpha[j] = sum; }
    }
    const dai = alpha[i] - oldAi, daj = alpha[j] - oldAj;
    if (loops) { updArgs[0] = activeSize; updArgs[1] = dai; updArgs[2] = daj; loops.svmUpdateG(G, Qi, Qj, updArgs); }
    else for (let k = 0, n = activeSize; k < n; k++) G[k] += Qi[k] * dai + Qj[k] * daj;
    const ui = status[i] === UPPER, uj = status[j] === UPPER;
    upd(i); upd(j);
    if (ui !== (status[i] === UPPER)) updateGbar(Q.getQ(i, l), ui ? -Ci : Ci);
    if (uj !== (status[j] === UPPER)) updateGbar(Q.getQ(j, l), uj ? -Cj : Cj);
    if (maxIter >= 0 && iter >= maxIter) {
      if (activeSize < l) { reconstruct(); activeSize = l; }
      converged = false;
      break;
    }
  }
  // rho (libsvm's calculate_rho)
  let nrFree = 0, ub = Infinity, lb = -Infinity, sumFree = 0;
  for (let i = 0; i < activeSize; i++) {
    const yG = y[i] * G[i];
    if (status[i] === UPPER) { if (y[i] === -1) ub = Math.min(ub, yG); else lb = Math.max(lb, yG); }
    else if (status[i] === LOWER) { if (y[i] === 1) ub = Math.min(ub, yG); else lb = Math.max(lb, yG); }
    else { nrFree++; sumFree += yG; }
  }
  const rho = nrFree > 0 ? sumFree / nrFree : (ub + lb) / 2;
  let obj = 0;
  for (let i = 0; i < l; i++) obj += alpha[i] * (G[i] + p[i]);
  const out = new Float64Array(l);
  for (let i = 0; i < l; i++) out[activeSet[i]] = alpha[i];
  // Restore the Q matrix order for callers that reuse it.
  return { alpha: out, rho, obj: obj / 2, iter, converged };
}
