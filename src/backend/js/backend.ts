import type { TypedArray } from '../../tensor/dtype.js';
import type { Backend, BinaryOp, FloatArray, OptimizerKind, ReduceOp, UnaryOp, View, Window2d } from '../types.js';
import { forEachRun } from './strided.js';
import { BINARY, UNARY } from './scalar-math.js';
import { gemm } from './gemm.js';
import * as win2d from './window.js';
import { optimizerStep } from './optim.js';

/** Stores v, mapping to 0/1 when out is a bool (Uint8Array) array. */
function storeFn(out: TypedArray): (i: number, v: number) => void {
  if (out instanceof Uint8Array) return (i, v) => { out[i] = v !== 0 ? 1 : 0; };
  return (i, v) => { out[i] = v; };
}

/** The pure-TypeScript backend: the reference every other backend is checked against. */
export class JsBackend implements Backend {
  readonly name = 'js' as const;

  copy(src: View, out: TypedArray): void {
    const d = src.data;
    if (out instanceof Uint8Array && !(d instanceof Uint8Array)) {
      forEachRun(src.shape, [src.strides], [src.offset], (pos, [o], n, [s]) => {
        for (let k = 0; k < n; k++) out[pos + k] = d[o + k * s] !== 0 ? 1 : 0;
      });
      return;
    }
    forEachRun(src.shape, [src.strides], [src.offset], (pos, [o], n, [s]) => {
      if (s === 1 && d.constructor === out.constructor) out.set(d.subarray(o, o + n) as never, pos);
      else for (let k = 0; k < n; k++) out[pos + k] = d[o + k * s];
    });
  }

  unary(op: UnaryOp, x: View, out: TypedArray, p0 = 0, p1 = 0): void {
    const f = UNARY[op];
    const d = x.data;
    const isBool = out instanceof Uint8Array;
    forEachRun(x.shape, [x.strides], [x.offset], (pos, [o], n, [s]) => {
      if (isBool) for (let k = 0; k < n; k++) out[pos + k] = f(d[o + k * s], p0, p1) !== 0 ? 1 : 0;
      else for (let k = 0; k < n; k++) out[pos + k] = f(d[o + k * s], p0, p1);
    });
  }

  binary(op: BinaryOp, a: View, b: View, out: TypedArray): void {
    const f = BINARY[op];
    const da = a.data;
    const db = b.data;
    forEachRun(a.shape, [a.strides, b.strides], [a.offset, b.offset], (pos, [oa, ob], n, [sa, sb]) => {
      for (let k = 0; k < n; k++) out[pos + k] = f(da[oa + k * sa], db[ob + k * sb]);
    });
  }

  where(cond: View, a: View, b: View, out: TypedArray): void {
    const dc = cond.data, da = a.data, db = b.data;
    forEachRun(cond.shape, [cond.strides, a.strides, b.strides], [cond.offset, a.offset, b.offset], (pos, [oc, oa, ob], n, [sc, sa, sb]) => {
      for (let k = 0; k < n; k++) out[pos + k] = dc[oc + k * sc] !== 0 ? da[oa + k * sa] : db[ob + k * sb];
    });
  }

  reduce(op: ReduceOp, x: View, dims: readonly number[], out: TypedArray): void {
    const rank = x.shape.length;
    const isRed = new Array<boolean>(rank).fill(false);
    for (const d of dims) isRed[d] = true;
    const keptShape: number[] = [], keptStrides: number[] = [];
    const redShape: number[] = [], redStrides: number[] = [];
    for (let d = 0; d < rank; d++) {
      if (isRed[d]) { redShape.push(x.shape[d]); redStrides.push(x.strides[d]); }
      else { keptShape.push(x.shape[d]); keptStrides.push(x.strides[d]); }
    }
    const data = x.data;
    const store = storeFn(out);
    let count = 1;
    for (const s of redShape) count *= s;
    // Visit each output element (a kept-dims position), then reduce over the reduced dims.
    const visitKept = (fn: (outPos: number, base: number) => void): void => {
      let keptCount = 1;
      for (const s of keptShape) keptCount *= s;
      if (keptCount === 0) return;
      if (keptShape.length === 0) { fn(0, x.offset); return; }
      forEachRun(keptShape, [keptStrides], [x.offset], (pos, [o], n, [s]) => {
        for (let k = 0; k < n; k++) fn(pos + k, o + k * s);
      });
    };
    visitKept((outPos, base) => {
      let acc: number;
      let idx = 0;
      switch (op) {
        case 'sum': acc = 0; break;
        case 'prod': acc = 1; break;
        case 'max': case 'argmax': acc = -Infinity; idx = -1; break;
        case 'min': case 'argmin': acc = Infinity; idx = -1; break;
        case 'any': acc = 0; break;
        case 'all': acc = 1; break;
      }
      if (count > 0) {
        forEachRun(redShape, [redStrides], [base], (pos, [o], n, [s]) => {
          for (let k = 0; k < n; k++) {
            const v = data[o + k * s];
            switch (op) {
              case 'sum': acc += v; break;
              case 'prod': acc *= v; break;
              case 'any': if (v !== 0) acc = 1; break;
              case 'all': if (v === 0) acc = 0; break;
              case 'max': case 'argmax':
                // NaN propagates (and is the argmax), else the first maximum wins.
                if (!Number.isNaN(acc) && (v > acc || Number.isNaN(v) || idx < 0)) { acc = v; idx = pos + k; }
                break;
              case 'min': case 'argmin':
                if (!Number.isNaN(acc) && (v < acc || Number.isNaN(v) || idx < 0)) { acc = v; idx = pos + k; }
                break;
            }
          }
        });
      }
      store(outPos, op === 'argmax' || op === 'argmin' ? idx : acc);
    });
  }

  scan(op: 'sum' | 'prod', x: TypedArray, outer: number, n: number, inner: number, out: TypedArray): void {
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        let acc = op === 'sum' ? 0 : 1;
        for (let k = 0, p = o * n * inner + i; k < n; k++, p += inner) {
          acc = op === 'sum' ? acc + x[p] : acc * x[p];
          out[p] = acc;
        }
      }
    }
  }

  matmul(a: View, b: View, out: TypedArray): void {
    gemm(a, b, out);
  }

  softmax(x: TypedArray, outer: number, n: number, inner: number, out: TypedArray, log: boolean): void {
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * n * inner + i;
        let max = -Infinity;
        for (let k = 0, p = base; k < n; k++, p += inner) if (x[p] > max || Number.isNaN(x[p])) max = x[p];
        if (max === -Infinity) max = 0; // all -inf: avoid -inf - -inf = NaN below
        let sum = 0;
        for (let k = 0, p = base; k < n; k++, p += inner) sum += Math.exp(x[p] - max);
        if (log) {
          const lse = Math.log(sum);
          for (let k = 0, p = base; k < n; k++, p += inner) out[p] = x[p] - max - lse;
        } else {
          for (let k = 0, p = base; k < n; k++, p += inner) out[p] = Math.exp(x[p] - max) / sum;
        }
      }
    }
  }

  logsumexp(x: TypedArray, outer: number, n: number, inner: number, out: TypedArray): void {
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * n * inner + i;
        let max = -Infinity;
        for (let k = 0, p = base; k < n; k++, p += inner) if (x[p] > max || Number.isNaN(x[p])) max = x[p];
        if (max === Infinity || max === -Infinity) { out[o * inner + i] = max; continue; }
        let sum = 0;
        for (let k = 0, p = base; k < n; k++, p += inner) sum += Math.exp(x[p] - max);
        out[o * inner + i] = max + Math.log(sum);
      }
    }
  }

  gather(x: View, dim: number, index: View, out: TypedArray): void {
    const xd = x.data, id = index.data;
    const rank = index.shape.length;
    // Walk index in row-major order; the x offset uses index's position except along dim.
    const xs = x.strides.map((s, d) => (d === dim ? 0 : s));
    forEachRunWithCoords(index.shape, [index.strides, xs], [index.offset, x.offset], rank, (pos, [oi, ox], n, [si, sx]) => {
      for (let k = 0; k < n; k++) out[pos + k] = xd[ox + k * sx + id[oi + k * si] * x.strides[dim]];
    });
  }

  scatter(out: TypedArray, outShape: readonly number[], dim: number, index: View, src: View, reduce: 'none' | 'add'): void {
    const outStrides = contiguous(outShape);
    const id = index.data, sd = src.data;
    const os = outStrides.map((s, d) => (d === dim ? 0 : s));
    forEachRunWithCoords(index.shape, [index.strides, src.strides, os], [index.offset, src.offset, 0], index.shape.length, (_pos, [oi, osrc, oo], n, [si, ss, so]) => {
      for (let k = 0; k < n; k++) {
        const t = oo + k * so + id[oi + k * si] * outStrides[dim];
        if (reduce === 'add') out[t] += sd[osrc + k * ss];
        else out[t] = sd[osrc + k * ss];
      }
    });
  }

  indexSelect(x: View, dim: number, index: Int32Array, out: TypedArray): void {
    const shape = [...x.shape];
    const strides = [...x.strides];
    const xd = x.data;
    // Outer dims, then the selected entries along dim, then the inner dims: row-major output.
    const outer = shape.slice(0, dim), os = strides.slice(0, dim);
    const innerShape = shape.slice(dim + 1), is = strides.slice(dim + 1);
    let o = 0;
    // When the inner block is one contiguous run of the same array type, copy it whole.
    let innerCount = 1;
    for (const d of innerShape) innerCount *= d;
    const innerStrides = contiguous(innerShape);
    const innerContiguous = innerShape.length > 0 && xd.constructor === out.constructor &&
      innerShape.every((size, d) => size === 1 || is[d] === innerStrides[d]);
    const visit = (base: number): void => {
      for (let j = 0; j < index.length; j++) {
        const b = base + index[j] * x.strides[dim];
        if (innerShape.length === 0) { out[o++] = xd[b]; continue; }
        if (innerContiguous) {
          out.set(xd.subarray(b, b + innerCount) as never, o);
          o += innerCount;
          continue;
        }
        forEachRun(innerShape, [is], [b], (_p, [oo], n, [s]) => {
          for (let k = 0; k < n; k++) out[o++] = xd[oo + k * s];
        });
      }
    };
    if (outer.length === 0) visit(x.offset);
    else forEachRun(outer, [os], [x.offset], (_p, [oo], n, [s]) => { for (let k = 0; k < n; k++) visit(oo + k * s); });
  }

  indexAdd(out: TypedArray, outShape: readonly number[], dim: number, index: Int32Array, src: View): void {
    const outStrides = contiguous(outShape);
    const shape = [...src.shape];
    const sd = src.data;
    // Walk src row-major; its coordinate along dim selects index[j] in out.
    forEachRunWithCoords(shape, [src.strides, outStrides.map((s, d) => (d === dim ? 0 : s))], [src.offset, 0], shape.length, (_p, [os, oo], n, [ss, so], coords) => {
      if (dim === shape.length - 1) {
        for (let k = 0; k < n; k++) out[oo + index[k] * outStrides[dim]] += sd[os + k * ss];
      } else {
        const t = oo + index[coords[dim]] * outStrides[dim];
        for (let k = 0; k < n; k++) out[t + k * so] += sd[os + k * ss];
      }
    });
  }

  sort(x: TypedArray, outer: number, n: number, descending: boolean, values: TypedArray, indices: Int32Array): void {
    const idx = new Array<number>(n);
    for (let o = 0; o < outer; o++) {
      const base = o * n;
      for (let k = 0; k < n; k++) idx[k] = k;
      // Stable; NaN sorts as the largest value, as in PyTorch.
      const key = (k: number): number => { const v = x[base + k]; return Number.isNaN(v) ? Infinity : v; };
      const isNan = (k: number): boolean => Number.isNaN(x[base + k]);
      idx.sort((i, j) => {
        const ni = isNan(i), nj = isNan(j);
        if (ni || nj) return ni === nj ? 0 : (ni ? 1 : -1) * (descending ? -1 : 1);
        const d = key(i) - key(j);
        return descending ? -d : d;
      });
      for (let k = 0; k < n; k++) { values[base + k] = x[base + idx[k]]; indices[base + k] = idx[k]; }
    }
  }

  im2col(x: TypedArray, n: number, c: number, h: number, w: number, win: Window2d, out: TypedArray, inner = false): void {
    win2d.im2col(x, n, c, h, w, win, out, inner);
  }
  col2im(cols: TypedArray, n: number, c: number, h: number, w: number, win: Window2d, out: TypedArray, inner = false): void {
    win2d.col2im(cols, n, c, h, w, win, out, inner);
  }
  maxPool2d(x: TypedArray, p: number, h: number, w: number, win: Window2d, out: TypedArray, indices: Int32Array): void {
    win2d.maxPool2d(x, p, h, w, win, out, indices);
  }
  maxPool2dBackward(gradOut: TypedArray, indices: Int32Array, p: number, h: number, w: number, win: Window2d, gradIn: TypedArray): void {
    win2d.maxPool2dBackward(gradOut, indices, p, h, w, win, gradIn);
  }
  avgPool2d(x: TypedArray, p: number, h: number, w: number, win: Window2d, countIncludePad: boolean, out: TypedArray): void {
    win2d.avgPool2d(x, p, h, w, win, countIncludePad, out);
  }
  avgPool2dBackward(gradOut: TypedArray, p: number, h: number, w: number, win: Window2d, countIncludePad: boolean, gradIn: TypedArray): void {
    win2d.avgPool2dBackward(gradOut, p, h, w, win, countIncludePad, gradIn);
  }
  optimizerStep(kind: OptimizerKind, param: FloatArray, grad: FloatArray, state: readonly FloatArray[], hp: readonly number[]): void {
    optimizerStep(kind, param, grad, state, hp);
  }
}

function contiguous(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) { s[d] = acc; acc *= shape[d]; }
  return s;
}

/** Like forEachRun, without coalescing, also passing the run's starting coordinates. */
function forEachRunWithCoords(
  shape: readonly number[], strides: readonly (readonly number[])[], offsets: readonly number[], rank: number,
  fn: (pos: number, offs: readonly number[], n: number, steps: readonly number[], coords: readonly number[]) => void,
): void {
  let total = 1;
  for (const d of shape) total *= d;
  if (total === 0) return;
  if (rank === 0) { fn(0, offsets, 1, offsets.map(() => 0), []); return; }
  const n = shape[rank - 1];
  const steps = strides.map((s) => s[rank - 1]);
  const idx = new Array<number>(rank).fill(0);
  const offs = [...offsets];
  for (let pos = 0; pos < total; pos += n) {
    fn(pos, offs, n, steps, idx);
    for (let d = rank - 2; d >= 0; d--) {
      idx[d]++;
      for (let j = 0; j < offs.length; j++) offs[j] += strides[j][d];
      if (idx[d] < shape[d]) break;
      for (let j = 0; j < offs.length; j++) offs[j] -= strides[j][d] * shape[d];
      idx[d] = 0;
    }
  }
}
