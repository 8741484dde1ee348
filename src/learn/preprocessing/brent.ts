/**
 * scipy.optimize.brent (bracket search from (xa, xb), then Brent's parabolic/golden-section
 * minimisation), ported step for step so PowerTransformer's lambdas follow scipy's iterates.
 */
export function brent(f: (x: number) => number, brack: [number, number] = [0, 1], tol = 1.48e-8, maxiter = 500): number {
  const [xa, xb, xc, , fb] = bracket(f, brack[0], brack[1]);
  const mintol = 1.0e-11, cg = 0.381966;
  let x = xb, w = xb, v = xb;
  let fw = fb, fv = fb, fx = fb;
  let a = xa < xc ? xa : xc, b = xa < xc ? xc : xa;
  let deltax = 0, rat = 0;
  for (let iter = 0; iter < maxiter; iter++) {
    const tol1 = tol * Math.abs(x) + mintol, tol2 = 2 * tol1;
    const xmid = 0.5 * (a + b);
    if (Math.abs(x - xmid) < tol2 - 0.5 * (b - a)) break;
    if (Math.abs(deltax) <= tol1) {
      deltax = x >= xmid ? a - x : b - x;
      rat = cg * deltax;
    } else {
      const tmp1 = (x - w) * (fx - fv);
      let tmp2 = (x - v) * (fx - fw);
      let p = (x - v) * tmp2 - (x - w) * tmp1;
      tmp2 = 2 * (tmp2 - tmp1);
      if (tmp2 > 0) p = -p;
      tmp2 = Math.abs(tmp2);
      const dxTemp = deltax;
      deltax = rat;
      if (p > tmp2 * (a - x) && p < tmp2 * (b - x) && Math.abs(p) < Math.abs(0.5 * tmp2 * dxTemp)) {
        rat = (p * 1.0) / tmp2;
        const u = x + rat;
        if (u - a < tol2 || b - u < tol2) rat = xmid - x >= 0 ? tol1 : -tol1;
      } else {
        deltax = x >= xmid ? a - x : b - x;
        rat = cg * deltax;
      }
    }
    const u = Math.abs(rat) < tol1 ? (rat >= 0 ? x + tol1 : x - tol1) : x + rat;
    const fu = f(u);
    if (fu > fx) {
      if (u < x) a = u; else b = u;
      if (fu <= fw || w === x) { v = w; w = u; fv = fw; fw = fu; }
      else if (fu <= fv || v === x || v === w) { v = u; fv = fu; }
    } else {
      if (u >= x) a = x; else b = x;
      v = w; w = x; x = u;
      fv = fw; fw = fx; fx = fu;
    }
  }
  return x;
}

/** scipy.optimize.bracket: a downhill search for xa, xb, xc with f(xb) below both ends. */
function bracket(f: (x: number) => number, xa: number, xb: number, growLimit = 110.0, maxiter = 1000): number[] {
  const gold = 1.618034, verysmall = 1e-21;
  let fa = f(xa), fb = f(xb);
  if (fa < fb) { [xa, xb] = [xb, xa]; [fa, fb] = [fb, fa]; }
  let xc = xb + gold * (xb - xa);
  let fc = f(xc);
  let iter = 0;
  while (fc < fb) {
    const tmp1 = (xb - xa) * (fb - fc);
    const tmp2 = (xb - xc) * (fb - fa);
    const val = tmp2 - tmp1;
    const denom = Math.abs(val) < verysmall ? 2 * verysmall : 2 * val;
    let w = xb - ((xb - xc) * tmp2 - (xb - xa) * tmp1) / denom;
    const wlim = xb + growLimit * (xc - xb);
    if (iter > maxiter) throw new Error('brent: too many iterations in the bracket search');
    iter++;
    let fw: number;
    if ((w - xc) * (xb - w) > 0) {
      fw = f(w);
      if (fw < fc) return [xb, w, xc, fb, fw, fc];
      if (fw > fb) return [xa, xb, w, fa, fb, fw];
      w = xc + gold * (xc - xb);
      fw = f(w);
    } else if ((w - wlim) * (wlim - xc) >= 0) {
      w = wlim;
      fw = f(w);
    } else if ((w - wlim) * (xc - w) > 0) {
      fw = f(w);
      if (fw < fc) {
        xb = xc; xc = w; w = xc + gold * (xc - xb);
        fb = fc; fc = fw; fw = f(w);
      }
    } else {
      w = xc + gold * (xc - xb);
      fw = f(w);
    }
    xa = xb; xb = xc; xc = w;
    fa = fb; fb = fc; fc = fw;
  }
  return [xa, xb, xc, fa, fb, fc];
}

/** numpy's pairwise summation of a float64 array (np.sum's order, so sums match to the bit). */
export function npSum(a: ArrayLike<number>, start = 0, n = a.length - start): number {
  if (n < 8) {
    let res = -0.0;
    for (let i = 0; i < n; i++) res += a[start + i];
    return res;
  }
  if (n <= 128) {
    const r = [a[start], a[start + 1], a[start + 2], a[start + 3], a[start + 4], a[start + 5], a[start + 6], a[start + 7]];
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += a[start + i + j];
    let res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; i++) res += a[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return npSum(a, start, n2) + npSum(a, start + n2, n - n2);
}

/** numpy's var (population): mean by npSum, then the mean of squared deviations. */
export function npVar(a: Float64Array): number {
  const mean = npSum(a) / a.length;
  const d = a.map((v) => (v - mean) * (v - mean));
  return npSum(d) / a.length;
}
