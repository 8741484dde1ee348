import type { DType, TypedArray } from '../../tensor/dtype.js';
import { activeAddon } from '../../backend/index.js';
import type { ConvDims } from './conv-gemm.js';

// The direct convolution kernels of the native backend (cpp/conv_direct.cc): for float32
// convolutions with few channels, groups 1 and stride 1 (LeNet's), the forward and the weight
// gradient read the image in place instead of going through im2col columns + GEMM. The addon
// decides which shapes they suit (convDirectSuits); everything else, and every other backend,
// takes the im2col + GEMM path of conv-gemm.ts. The input gradient always takes that path.

function native() {
  const a = activeAddon();
  return a && a.convDirectSuits && a.convDirectAvailable?.() ? a : null;
}

/** The dims argument of the addon's functions, refilled per call (the calls do not nest). */
const dims = new Float64Array(11);

/** [N, C, H, W, O, kH, kW, pH, pW, dH, dW] of d. */
function dimsOf(d: ConvDims): Float64Array {
  const w = d.win;
  dims[0] = d.N; dims[1] = d.C; dims[2] = d.H; dims[3] = d.W; dims[4] = d.O;
  dims[5] = w.kH; dims[6] = w.kW; dims[7] = w.padH; dims[8] = w.padW; dims[9] = w.dilationH; dims[10] = w.dilationW;
  return dims;
}

/** Whether the direct kernels run this convolution (forward and weight gradient). */
export function directConvSuits(d: ConvDims, dt: DType): boolean {
  const w = d.win;
  if (dt !== 'float32' || d.groups !== 1 || w.strideH !== 1 || w.strideW !== 1) return false;
  // The kernels pad both sides alike; 'same' with an even kernel pads one more at the end.
  if (w.outH !== d.H + 2 * w.padH - w.dilationH * (w.kH - 1) || w.outW !== d.W + 2 * w.padW - w.dilationW * (w.kW - 1)) return false;
  const nat = native();
  return nat !== null && nat.convDirectSuits!(dimsOf(d));
}

/** out [N, O, oH, oW] = x ⋆ w (+ bias), for a convolution directConvSuits accepted. */
export function directConvForward(d: ConvDims, xd: TypedArray, wd: TypedArray, bd: TypedArray | null, out: TypedArray): void {
  native()!.convDirectForward!(xd as Float32Array, wd as Float32Array, bd as Float32Array | null, out as Float32Array, dimsOf(d));
}

/** dw [O, C, kH, kW] = Σ_n gy[n] ⋆ x[n], for a convolution directConvSuits accepted. */
export function directConvWeightGrad(d: ConvDims, xd: TypedArray, gd: TypedArray, out: TypedArray): void {
  native()!.convDirectWeightGrad!(xd as Float32Array, gd as Float32Array, out as Float32Array, dimsOf(d));
}
