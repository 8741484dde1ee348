import type { TypedArray } from '../../tensor/dtype.js';
import type { Window2d } from '../types.js';

// im2col/col2im and 2-D pooling over [planes, H, W] inputs, the reference versions.

/**
 * Where the columns of image b, channel ch, kernel row r (= ki*kW + kj) start: [N, C*kH*kW, L],
 * or [C*kH*kW, N, L] with `inner`.
 */
function colRow(inner: boolean, n: number, c: number, kk: number, L: number, b: number, ch: number, r: number): number {
  return inner ? ((ch * kk + r) * n + b) * L : ((b * c + ch) * kk + r) * L;
}

export function im2col(x: TypedArray, n: number, c: number, h: number, w: number, win: Window2d, out: TypedArray, inner = false): void {
  const { kH, kW, strideH, strideW, padH, padW, dilationH, dilationW, outH, outW } = win;
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const plane = (b * c + ch) * h * w;
      for (let ki = 0; ki < kH; ki++) {
        for (let kj = 0; kj < kW; kj++) {
          let o = colRow(inner, n, c, kH * kW, outH * outW, b, ch, ki * kW + kj);
          for (let oy = 0; oy < outH; oy++) {
            const iy = oy * strideH - padH + ki * dilationH;
            if (iy < 0 || iy >= h) { out.fill(0, o, o + outW); o += outW; continue; }
            const row = plane + iy * w;
            for (let ox = 0; ox < outW; ox++, o++) {
              const ix = ox * strideW - padW + kj * dilationW;
              out[o] = ix >= 0 && ix < w ? x[row + ix] : 0;
            }
          }
        }
      }
    }
  }
}

export function col2im(cols: TypedArray, n: number, c: number, h: number, w: number, win: Window2d, out: TypedArray, inner = false): void {
  const { kH, kW, strideH, strideW, padH, padW, dilationH, dilationW, outH, outW } = win;
  out.fill(0);
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const plane = (b * c + ch) * h * w;
      for (let ki = 0; ki < kH; ki++) {
        for (let kj = 0; kj < kW; kj++) {
          let o = colRow(inner, n, c, kH * kW, outH * outW, b, ch, ki * kW + kj);
          for (let oy = 0; oy < outH; oy++) {
            const iy = oy * strideH - padH + ki * dilationH;
            if (iy < 0 || iy >= h) { o += outW; continue; }
            const row = plane + iy * w;
            for (let ox = 0; ox < outW; ox++, o++) {
              const ix = ox * strideW - padW + kj * dilationW;
              if (ix >= 0 && ix < w) out[row + ix] += cols[o];
            }
          }
        }
      }
    }
  }
}

export function maxPool2d(x: TypedArray, p: number, h: number, w: number, win: Window2d, out: TypedArray, indices: Int32Array): void {
  const { kH, kW, strideH, strideW, padH, padW, dilationH, dilationW, outH, outW } = win;
  let o = 0;
  for (let pl = 0; pl < p; pl++) {
    const base = pl * h * w;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++, o++) {
        let best = -Infinity;
        let bestIdx = -1;
        for (let ki = 0; ki < kH; ki++) {
          const iy = oy * strideH - padH + ki * dilationH;
          if (iy < 0 || iy >= h) continue;
          for (let kj = 0; kj < kW; kj++) {
            const ix = ox * strideW - padW + kj * dilationW;
            if (ix < 0 || ix >= w) continue;
            const v = x[base + iy * w + ix];
            // NaN wins, as in PyTorch; otherwise the first maximum.
            if (v > best || Number.isNaN(v) || bestIdx < 0) {
              best = v;
              bestIdx = iy * w + ix;
              if (Number.isNaN(v)) { ki = kH; break; }
            }
          }
        }
        out[o] = best;
        indices[o] = bestIdx;
      }
    }
  }
}

export function maxPool2dBackward(gradOut: TypedArray, indices: Int32Array, p: number, h: number, w: number, win: Window2d, gradIn: TypedArray): void {
  const L = win.outH * win.outW;
  gradIn.fill(0);
  for (let pl = 0; pl < p; pl++) {
    const gi = pl * h * w;
    const go = pl * L;
    for (let i = 0; i < L; i++) {
      const idx = indices[go + i];
      if (idx >= 0) gradIn[gi + idx] += gradOut[go + i];
    }
  }
}

/** The divisor of one average-pooling window, as PyTorch counts it. */
function poolDivisor(win: Window2d, h: number, w: number, oy: number, ox: number, countIncludePad: boolean): number {
  const y0 = oy * win.strideH - win.padH;
  const x0 = ox * win.strideW - win.padW;
  const y1 = Math.min(y0 + win.kH, h + win.padH);
  const x1 = Math.min(x0 + win.kW, w + win.padW);
  if (countIncludePad) return (y1 - y0) * (x1 - x0);
  return (Math.min(y1, h) - Math.max(y0, 0)) * (Math.min(x1, w) - Math.max(x0, 0));
}

export function avgPool2d(x: TypedArray, p: number, h: number, w: number, win: Window2d, countIncludePad: boolean, out: TypedArray): void {
  const { kH, kW, strideH, strideW, padH, padW, outH, outW } = win;
  let o = 0;
  for (let pl = 0; pl < p; pl++) {
    const base = pl * h * w;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++, o++) {
        const y0 = oy * strideH - padH;
        const x0 = ox * strideW - padW;
        let s = 0;
        for (let iy = Math.max(y0, 0); iy < Math.min(y0 + kH, h); iy++) {
          for (let ix = Math.max(x0, 0); ix < Math.min(x0 + kW, w); ix++) s += x[base + iy * w + ix];
        }
        out[o] = s / poolDivisor(win, h, w, oy, ox, countIncludePad);
      }
    }
  }
}

export function avgPool2dBackward(gradOut: TypedArray, p: number, h: number, w: number, win: Window2d, countIncludePad: boolean, gradIn: TypedArray): void {
  const { kH, kW, strideH, strideW, padH, padW, outH, outW } = win;
  gradIn.fill(0);
  let o = 0;
  for (let pl = 0; pl < p; pl++) {
    const base = pl * h * w;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++, o++) {
        const y0 = oy * strideH - padH;
        const x0 = ox * strideW - padW;
        const g = gradOut[o] / poolDivisor(win, h, w, oy, ox, countIncludePad);
        for (let iy = Math.max(y0, 0); iy < Math.min(y0 + kH, h); iy++) {
          for (let ix = Math.max(x0, 0); ix < Math.min(x0 + kW, w); ix++) gradIn[base + iy * w + ix] += g;
        }
      }
    }
  }
}
