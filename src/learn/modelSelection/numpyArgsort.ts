/**
 * numpy's default `np.argsort` (kind 'quicksort': an introsort — median-of-3 quicksort down to
 * 16 elements, insertion sort below, heapsort past the depth limit), reproduced step for step so
 * that ties come out in numpy's order. scikit-learn's GroupKFold orders groups of equal size this
 * way; a stable sort agrees only up to 16 elements.
 */
export function numpyArgsort(v: ArrayLike<number>): Int32Array {
  const n = v.length;
  const a = Int32Array.from({ length: n }, (_, i) => i);
  if (n < 2) return a;
  const swap = (i: number, j: number) => { const t = a[i]; a[i] = a[j]; a[j] = t; };
  const stack: number[] = [], depths: number[] = [];
  let pl = 0, pr = n - 1;
  let cdepth = 2 * Math.floor(Math.log2(n));
  for (;;) {
    if (cdepth < 0) {
      heapsort(v, a, pl, pr - pl + 1);
    } else {
      while (pr - pl > 15) {
        const pm = pl + ((pr - pl) >> 1);
        if (v[a[pm]] < v[a[pl]]) swap(pm, pl);
        if (v[a[pr]] < v[a[pm]]) swap(pr, pm);
        if (v[a[pm]] < v[a[pl]]) swap(pm, pl);
        const vp = v[a[pm]];
        let pi = pl, pj = pr - 1;
        swap(pm, pj);
        for (;;) {
          do ++pi; while (v[a[pi]] < vp);
          do --pj; while (vp < v[a[pj]]);
          if (pi >= pj) break;
          swap(pi, pj);
        }
        swap(pi, pr - 1);
        // Push the larger partition, continue with the smaller.
        if (pi - pl < pr - pi) {
          stack.push(pi + 1, pr);
          pr = pi - 1;
        } else {
          stack.push(pl, pi - 1);
          pl = pi + 1;
        }
        depths.push(--cdepth);
      }
      for (let pi = pl + 1; pi <= pr; ++pi) {
        const vi = a[pi], vp = v[vi];
        let pj = pi;
        while (pj > pl && vp < v[a[pj - 1]]) { a[pj] = a[pj - 1]; pj--; }
        a[pj] = vi;
      }
    }
    if (stack.length === 0) break;
    pr = stack.pop() as number;
    pl = stack.pop() as number;
    cdepth = depths.pop() as number;
  }
  return a;
}

/** numpy's aheapsort on a[off .. off + n) (1-based heap indexing as in numpy). */
function heapsort(v: ArrayLike<number>, arr: Int32Array, off: number, n: number): void {
  const at = (k: number) => arr[off + k - 1];
  const set = (k: number, x: number) => { arr[off + k - 1] = x; };
  for (let l = n >> 1; l > 0; --l) {
    const tmp = at(l);
    let i = l, j = l << 1;
    while (j <= n) {
      if (j < n && v[at(j)] < v[at(j + 1)]) j++;
      if (v[tmp] < v[at(j)]) { set(i, at(j)); i = j; j += j; } else break;
    }
    set(i, tmp);
  }
  for (; n > 1;) {
    const tmp = at(n);
    set(n, at(1));
    n--;
    let i = 1, j = 2;
    while (j <= n) {
      if (j < n && v[at(j)] < v[at(j + 1)]) j++;
      if (v[tmp] < v[at(j)]) { set(i, at(j)); i = j; j += j; } else break;
    }
    set(i, tmp);
  }
}
