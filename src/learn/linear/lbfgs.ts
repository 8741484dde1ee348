/** Limited-memory BFGS with a strong-Wolfe line search (Nocedal & Wright, algorithms 7.4, 3.5, 3.6). */

/** Objective: returns f(x) and writes ∇f(x) into g. */
export type Objective = (x: Float64Array, g: Float64Array) => number;

/** Options of {@link lbfgs} (scipy's L-BFGS-B defaults without bounds). */
export interface LbfgsOptions {
  /** Stop when max |∇f| ≤ gtol (scipy's pgtol; scikit-learn passes its `tol`). */
  gtol?: number;
  /** Stop when (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ ftol (default 2.22e-9, scipy's factr 1e7 × eps). */
  ftol?: number;
  /** Most iterations (default 15000). */
  maxIter?: number;
  /** Correction pairs kept (default 10, scipy's maxcor). */
  m?: number;
}

/** Result of {@link lbfgs}. */
export interface LbfgsResult { x: Float64Array; f: number; nIter: number; converged: boolean }

function dotv(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Minimises a smooth function from x0 (not modified). */
export function lbfgs(fun: Objective, x0: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const gtol = options.gtol ?? 1e-5, ftol = options.ftol ?? 2.220446049250313e-9, maxIter = options.maxIter ?? 15000, m = options.m ?? 10;
  const d = x0.length;
  let x: Float64Array = Float64Array.from(x0);
  let g: Float64Array = new Float64Array(d);
  let f = fun(x, g);
  const S: Float64Array[] = [], Y: Float64Array[] = [], rho: number[] = [];
  const dir = new Float64Array(d), alphaBuf = new Float64Array(m);
  const maxAbs = (v: Float64Array): number => { let s = 0; for (const e of v) s = Math.max(s, Math.abs(e)); return s; };
  if (maxAbs(g) <= gtol) return { x, f, nIter: 0, converged: true };
  let it = 0;
  for (it = 1; it <= maxIter; it++) {
    // two-loop recursion: dir = −H·g
    for (let i = 0; i < d; i++) dir[i] = -g[i];
    for (let k = S.length - 1; k >= 0; k--) {
      const a = rho[k] * dotv(S[k], dir);
      alphaBuf[k] = a;
      const y = Y[k];
      for (let i = 0; i < d; i++) dir[i] -= a * y[i];
    }
    if (S.length > 0) {
      const last = S.length - 1;
      const gamma = dotv(S[last], Y[last]) / dotv(Y[last], Y[last]);
      for (let i = 0; i < d; i++) dir[i] *= gamma;
    }
    for (let k = 0; k < S.length; k++) {
      const b = rho[k] * dotv(Y[k], dir);
      const s = S[k], a = alphaBuf[k];
      for (let i = 0; i < d; i++) dir[i] += (a - b) * s[i];
    }
    let dg = dotv(dir, g);
    if (!(dg < 0)) { // not a descent direction: restart from steepest descent
      S.length = 0; Y.length = 0; rho.length = 0;
      for (let i = 0; i < d; i++) dir[i] = -g[i];
      dg = dotv(dir, g);
    }
    const step0 = S.length === 0 ? Math.min(1, 1 / Math.sqrt(dotv(dir, dir))) : 1;
    const ls = wolfe(fun, x, f, g, dir, dg, step0);
    if (ls === null) return { x, f, nIter: it - 1, converged: false };
    const s = new Float64Array(d), y = new Float64Array(d);
    for (let i = 0; i < d; i++) { s[i] = ls.x[i] - x[i]; y[i] = ls.g[i] - g[i]; }
    const fPrev = f;
    x = ls.x; g = ls.g; f = ls.f;
    const sy = dotv(s, y);
    if (sy > 2.220446049250313e-16 * dotv(y, y)) {
      if (S.length === m) { S.shift(); Y.shift(); rho.shift(); }
      S.push(s); Y.push(y); rho.push(1 / sy);
    }
    if (maxAbs(g) <= gtol) return { x, f, nIter: it, converged: true };
    if ((fPrev - f) / Math.max(Math.abs(fPrev), Math.abs(f), 1) <= ftol) return { x, f, nIter: it, converged: true };
  }
  return { x, f, nIter: maxIter, converged: false };
}

interface Point { x: Float64Array; f: number; g: Float64Array; dg: number }

/** Strong-Wolfe line search (c1 = 1e-4, c2 = 0.9) with cubic-interpolation zoom; null when no step is found. */
function wolfe(fun: Objective, x0: Float64Array, f0: number, g0: Float64Array, dir: Float64Array, dg0: number, step0: number): { x: Float64Array; f: number; g: Float64Array } | null {
  const c1 = 1e-4, c2 = 0.9, d = x0.length;
  const evalAt = (a: number): Point => {
    const x = new Float64Array(d), g = new Float64Array(d);
    for (let i = 0; i < d; i++) x[i] = x0[i] + a * dir[i];
    const f = fun(x, g);
    return { x, f, g, dg: dotv(g, dir) };
  };
  let aPrev = 0, fPrev = f0, dgPrev = dg0;
  let a = step0;
  for (let i = 0; i < 40; i++) {
    const p = evalAt(a);
    if (!Number.isFinite(p.f) || p.f > f0 + c1 * a * dg0 || (i > 0 && p.f >= fPrev)) return zoom(evalAt, f0, dg0, aPrev, fPrev, dgPrev, a, p.f, p.dg);
    if (Math.abs(p.dg) <= -c2 * dg0) return p;
    if (p.dg >= 0) return zoom(evalAt, f0, dg0, a, p.f, p.dg, aPrev, fPrev, dgPrev);
    aPrev = a; fPrev = p.f; dgPrev = p.dg;
    a *= 2;
  }
  return null;
}

function cubicMin(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const d1 = da + db - 3 * (fa - fb) / (a - b);
  const disc = d1 * d1 - da * db;
  if (disc < 0 || !Number.isFinite(disc)) return (a + b) / 2;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  const t = b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
  const lo = Math.min(a, b), hi = Math.max(a, b), w = hi - lo;
  if (!Number.isFinite(t) || t < lo + 0.1 * w || t > hi - 0.1 * w) return (a + b) / 2;
  return t;
}

function zoom(evalAt: (a: number) => Point, f0: number, dg0: number, aLo: number, fLo: number, dLo: number, aHi: number, fHi: number, dHi: number): { x: Float64Array; f: number; g: Float64Array } | null {
  const c1 = 1e-4, c2 = 0.9;
  let best: Point | null = null;
  for (let i = 0; i < 60; i++) {
    const a = Number.isFinite(fHi) ? cubicMin(aLo, fLo, dLo, aHi, fHi, dHi) : (aLo + aHi) / 2;
    const p = evalAt(a);
    if (!Number.isFinite(p.f) || p.f > f0 + c1 * a * dg0 || p.f >= fLo) {
      aHi = a; fHi = p.f; dHi = p.dg;
    } else {
      if (Math.abs(p.dg) <= -c2 * dg0) return p;
      if (p.dg * (aHi - aLo) >= 0) { aHi = aLo; fHi = fLo; dHi = dLo; }
      aLo = a; fLo = p.f; dLo = p.dg; best = p;
    }
    if (Math.abs(aHi - aLo) < 1e-16 * Math.max(1, Math.abs(aLo))) break;
  }
  return best; // sufficient decrease only (or null: no decrease found)
}
