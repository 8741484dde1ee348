/** Options of {@link nelderMead}. */
export interface NelderMeadOptions {
  /** Lower and upper bounds per coordinate (points are clipped into the box). */
  lower?: Float64Array; upper?: Float64Array;
  /** Iteration cap (default 200·dim). */
  maxIter?: number;
  /** Stop when the simplex's function values and coordinates spread less than these (default 1e-10). */
  fatol?: number; xatol?: number;
  /** Initial step per coordinate as a fraction (default 0.05; 0.00025 for zero coordinates, as scipy). */
  step?: number;
}

/**
 * Minimises f by the Nelder–Mead simplex method (scipy's adaptive-free coefficients 1, 2, 0.5,
 * 0.5), with box bounds enforced by clipping every trial point; restarts once from the best
 * point to escape a collapsed simplex.
 */
export function nelderMead(f: (x: Float64Array) => number, x0: Float64Array, options: NelderMeadOptions = {}): { x: Float64Array; f: number; nIter: number } {
  const n = x0.length;
  const lo = options.lower, hi = options.upper;
  const clip = (x: Float64Array): Float64Array => {
    if (lo && hi) for (let i = 0; i < n; i++) x[i] = Math.min(hi[i], Math.max(lo[i], x[i]));
    return x;
  };
  const evalf = (x: Float64Array): number => { const v = f(x); return Number.isFinite(v) ? v : Infinity; };
  const maxIter = options.maxIter ?? 200 * n, fatol = options.fatol ?? 1e-10, xatol = options.xatol ?? 1e-10;
  let best = clip(Float64Array.from(x0)), total = 0;
  for (let restart = 0; restart < 2; restart++) {
    const pts: Float64Array[] = [best];
    for (let i = 0; i < n; i++) {
      const p = Float64Array.from(best);
      p[i] = p[i] !== 0 ? p[i] * (1 + (options.step ?? 0.05)) : 0.00025;
      if (lo && hi && p[i] > hi[i]) p[i] = best[i] - (p[i] - best[i]);
      pts.push(clip(p));
    }
    let vals = pts.map(evalf);
    let it = 0;
    for (; it < maxIter; it++) {
      const order = vals.map((_, i) => i).sort((a, b) => vals[a] - vals[b]);
      const P = order.map((i) => pts[i]), V = order.map((i) => vals[i]);
      pts.splice(0, pts.length, ...P); vals = V;
      let spread = 0;
      for (let i = 1; i <= n; i++) for (let j = 0; j < n; j++) spread = Math.max(spread, Math.abs(pts[i][j] - pts[0][j]));
      if (spread <= xatol && Math.abs(vals[n] - vals[0]) <= fatol) break;
      const c = new Float64Array(n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) c[j] += pts[i][j] / n;
      const along = (t: number): Float64Array => clip(Float64Array.from(c, (cj, j) => cj + t * (pts[n][j] - cj)));
      const xr = along(-1), fr = evalf(xr);
      if (fr < vals[0]) {
        const xe = along(-2), fe = evalf(xe);
        if (fe < fr) { pts[n] = xe; vals[n] = fe; } else { pts[n] = xr; vals[n] = fr; }
      } else if (fr < vals[n - 1]) { pts[n] = xr; vals[n] = fr; }
      else {
        const outside = fr < vals[n];
        const xc = along(outside ? -0.5 : 0.5), fc = evalf(xc);
        if (fc <= (outside ? fr : vals[n])) { pts[n] = xc; vals[n] = fc; }
        else {
          for (let i = 1; i <= n; i++) { pts[i] = clip(Float64Array.from(pts[i], (v, j) => pts[0][j] + 0.5 * (v - pts[0][j]))); vals[i] = evalf(pts[i]); }
        }
      }
    }
    total += it;
    let bi = 0;
    for (let i = 1; i < vals.length; i++) if (vals[i] < vals[bi]) bi = i;
    best = pts[bi];
  }
  return { x: best, f: evalf(best), nIter: total };
}
