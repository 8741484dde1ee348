import { Tensor } from '../tensor/tensor.js';
import * as B from './binary.js';
import * as U from './unary.js';
import * as R from './reduce.js';
import * as M from './movement.js';
import * as MM from './matmul.js';
import type { Operand } from './binary.js';
import type { Dims, ValuesIndices } from './reduce.js';
import type { ShapeArgs } from './movement.js';
import { backward, type BackwardOptions } from '../autograd/engine.js';
import { bindMethods } from './bind.js';

// Tensor methods for the core ops: each is the function of the same name with `this` first.

declare module '../tensor/tensor.js' {
  interface Tensor {
    add(other: Operand, opts?: B.AlphaOptions): Tensor; sub(other: Operand, opts?: B.AlphaOptions): Tensor; mul(other: Operand): Tensor; div(other: Operand): Tensor;
    pow(other: Operand): Tensor; maximum(other: Operand): Tensor; minimum(other: Operand): Tensor;
    remainder(other: Operand): Tensor; floorDivide(other: Operand): Tensor; atan2(other: Operand): Tensor;
    eq(other: Operand): Tensor; ne(other: Operand): Tensor; lt(other: Operand): Tensor; le(other: Operand): Tensor;
    gt(other: Operand): Tensor; ge(other: Operand): Tensor;
    logicalAnd(other: Operand): Tensor; logicalOr(other: Operand): Tensor; logicalXor(other: Operand): Tensor; logicalNot(): Tensor;
    neg(): Tensor; abs(): Tensor; sign(): Tensor; exp(): Tensor; log(): Tensor; log1p(): Tensor; expm1(): Tensor;
    sqrt(): Tensor; rsqrt(): Tensor; reciprocal(): Tensor; square(): Tensor; sin(): Tensor; cos(): Tensor; tan(): Tensor;
    tanh(): Tensor; sigmoid(): Tensor; relu(): Tensor; erf(): Tensor; silu(): Tensor;
    floor(): Tensor; ceil(): Tensor; round(): Tensor; trunc(): Tensor;
    isnan(): Tensor; isinf(): Tensor; isfinite(): Tensor;
    gelu(opts?: { approximate?: 'none' | 'tanh' }): Tensor;
    softplus(beta?: number, threshold?: number): Tensor;
    leakyRelu(negativeSlope?: number): Tensor; elu(alpha?: number): Tensor;
    clamp(min?: number | null, max?: number | null): Tensor;
    sum(dim?: Dims, keepdim?: boolean): Tensor; mean(dim?: Dims, keepdim?: boolean): Tensor;
    prod(dim?: Dims, keepdim?: boolean): Tensor;
    max(): Tensor; max(dim: number, keepdim?: boolean): ValuesIndices;
    min(): Tensor; min(dim: number, keepdim?: boolean): ValuesIndices;
    argmax(dim?: number, keepdim?: boolean): Tensor; argmin(dim?: number, keepdim?: boolean): Tensor;
    any(dim?: Dims, keepdim?: boolean): Tensor; all(dim?: Dims, keepdim?: boolean): Tensor;
    reshape(...shape: ShapeArgs): Tensor; view(...shape: ShapeArgs): Tensor;
    flatten(startDim?: number, endDim?: number): Tensor; unflatten(dim: number, sizes: readonly number[]): Tensor;
    permute(...dims: ShapeArgs): Tensor; transpose(dim0: number, dim1: number): Tensor; t(): Tensor;
    readonly mT: Tensor; readonly T: Tensor;
    squeeze(dim?: number | readonly number[]): Tensor; unsqueeze(dim: number): Tensor;
    expand(...shape: ShapeArgs): Tensor; expandAs(other: Tensor): Tensor;
    slice(dim: number, start?: number, end?: number, step?: number): Tensor;
    narrow(dim: number, start: number, length: number): Tensor; select(dim: number, index: number): Tensor;
    matmul(other: Tensor): Tensor; mm(other: Tensor): Tensor; bmm(other: Tensor): Tensor;
    dot(other: Tensor): Tensor; outer(other: Tensor): Tensor;
    /** Runs backpropagation from this tensor (one element, or pass `gradient`). */
    backward(gradient?: Tensor, options?: Omit<BackwardOptions, 'gradient'>): void;
  }
}

type Fn = (x: Tensor, ...args: never[]) => unknown;

bindMethods({
  add: B.add, sub: B.sub, mul: B.mul, div: B.div, pow: B.pow, maximum: B.maximum, minimum: B.minimum,
  remainder: B.remainder, floorDivide: B.floorDivide, atan2: B.atan2,
  eq: B.eq, ne: B.ne, lt: B.lt, le: B.le, gt: B.gt, ge: B.ge,
  logicalAnd: B.logicalAnd, logicalOr: B.logicalOr, logicalXor: B.logicalXor, logicalNot: B.logicalNot,
  neg: U.neg, abs: U.abs, sign: U.sign, exp: U.exp, log: U.log, log1p: U.log1p, expm1: U.expm1,
  sqrt: U.sqrt, rsqrt: U.rsqrt, reciprocal: U.reciprocal, square: U.square, sin: U.sin, cos: U.cos, tan: U.tan,
  tanh: U.tanh, sigmoid: U.sigmoid, relu: U.relu, erf: U.erf, silu: U.silu,
  floor: U.floor, ceil: U.ceil, round: U.round, trunc: U.trunc, isnan: U.isnan, isinf: U.isinf, isfinite: U.isfinite,
  gelu: U.gelu, softplus: U.softplus, leakyRelu: U.leakyRelu, elu: U.elu, clamp: U.clamp,
  sum: R.sum, mean: R.mean, prod: R.prod, max: R.max as Fn, min: R.min as Fn, argmax: R.argmax, argmin: R.argmin,
  any: R.any, all: R.all,
  reshape: M.reshape, view: M.view, flatten: M.flatten, unflatten: M.unflatten, permute: M.permute,
  transpose: M.transpose, t: M.t, squeeze: M.squeeze, unsqueeze: M.unsqueeze, expand: M.expand, expandAs: M.expandAs,
  slice: M.slice, narrow: M.narrow, select: M.select,
  matmul: MM.matmul, mm: MM.mm, bmm: MM.bmm, dot: MM.dot, outer: MM.outer,
});

Object.defineProperty(Tensor.prototype, 'mT', { get(this: Tensor) { return M.mT(this); }, configurable: true });
Object.defineProperty(Tensor.prototype, 'T', { get(this: Tensor) { return M.permute(this, this.shape.map((_, i) => this.ndim - 1 - i)); }, configurable: true });
Tensor.prototype.backward = function (this: Tensor, gradient?: Tensor, options: Omit<BackwardOptions, 'gradient'> = {}) {
  backward(this, { ...options, gradient });
};
