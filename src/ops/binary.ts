import { Tensor } from '../tensor/tensor.js';
import { allocUninit, isFloat, type DType } from '../tensor/dtype.js';
import { broadcastShapes, numel } from '../tensor/shape.js';
import { backend } from '../backend/index.js';
import type { BinaryOp } from '../backend/types.js';
import { record } from '../autograd/record.js';
import { rawCast } from './cast.js';
import { broadcastView, resultType, scalarDType, scalarTensor } from './util.js';
import { sumToShape } from './reduce.js';
import { neg, log } from './unary.js';

/** A tensor or a scalar, where PyTorch accepts either. */
export type Operand = Tensor | number | boolean;

/** Turns scalar operands into 0-d tensors of the dtype PyTorch would give them. */
export function operands(a: Operand, b: Operand): [Tensor, Tensor] {
  if (a instanceof Tensor && b instanceof Tensor) return [a, b];
  if (a instanceof Tensor) return [a, scalarTensor(b as number | boolean, scalarDType(b as number | boolean, a.dtype))];
  if (b instanceof Tensor) return [scalarTensor(a, scalarDType(a, b.dtype)), b];
  const dt: DType = typeof a === 'boolean' && typeof b === 'boolean' ? 'bool' : 'float32';
  return [scalarTensor(a, dt), scalarTensor(b, dt)];
}

const COMPARISON = new Set<BinaryOp>(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr', 'logicalXor']);

/** Runs a binary kernel with broadcasting and type promotion; no graph. */
export function binaryRaw(op: BinaryOp, a: Tensor, b: Tensor, computeDType?: DType): Tensor {
  const shape = broadcastShapes(op, a.shape, b.shape);
  let dt = computeDType ?? resultType(a, b);
  // Arithmetic on bools computes in int32 (PyTorch refuses bool - bool; we promote).
  if (dt === 'bool' && !COMPARISON.has(op)) dt = 'int32';
  const outDType: DType = COMPARISON.has(op) ? 'bool' : dt;
  const ac = rawCast(a, dt);
  const bc = rawCast(b, dt);
  const out = new Tensor(allocUninit(outDType, numel(shape)), shape, outDType); // written in full by the kernel
  backend().binary(op, broadcastView(ac, shape), broadcastView(bc, shape), out.storage);
  return out;
}

function floatDType(a: Tensor, b: Tensor): DType {
  const dt = resultType(a, b);
  return isFloat(dt) ? dt : 'float32';
}

/** Options of add/sub: `alpha` scales the second operand (a + alpha * b). */
export interface AlphaOptions { alpha?: number }

export function add(a: Operand, b: Operand, opts: AlphaOptions = {}): Tensor {
  if (opts.alpha !== undefined && opts.alpha !== 1) return add(a, mul(b, opts.alpha));
  const [x, y] = operands(a, b);
  const out = binaryRaw('add', x, y);
  return record('add', [x, y], out, (g) => [sumToShape(g, x.shape), sumToShape(g, y.shape)]);
}

export function sub(a: Operand, b: Operand, opts: AlphaOptions = {}): Tensor {
  if (opts.alpha !== undefined && opts.alpha !== 1) return sub(a, mul(b, opts.alpha));
  const [x, y] = operands(a, b);
  const out = binaryRaw('sub', x, y);
  return record('sub', [x, y], out, (g) => [sumToShape(g, x.shape), y.requiresGrad ? sumToShape(neg(g), y.shape) : null]);
}

export function mul(a: Operand, b: Operand): Tensor {
  const [x, y] = operands(a, b);
  const out = binaryRaw('mul', x, y);
  return record('mul', [x, y], out, (g) => [
    x.requiresGrad ? sumToShape(mul(g, y), x.shape) : null,
    y.requiresGrad ? sumToShape(mul(g, x), y.shape) : null,
  ]);
}

/** True division (integers divide to float32, as in PyTorch). */
export function div(a: Operand, b: Operand): Tensor {
  const [x, y] = operands(a, b);
  const out = binaryRaw('div', x, y, floatDType(x, y));
  return record('div', [x, y], out, (g) => [
    x.requiresGrad ? sumToShape(div(g, y), x.shape) : null,
    y.requiresGrad ? sumToShape(neg(div(mul(g, x), mul(y, y))), y.shape) : null,
  ]);
}

export function pow(a: Operand, b: Operand): Tensor {
  const [x, y] = operands(a, b);
  const out = binaryRaw('pow', x, y);
  return record('pow', [x, y], out, (g) => [
    x.requiresGrad ? sumToShape(mul(g, mul(y, pow(x, sub(y, 1)))), x.shape) : null,
    // d/dy x^y = x^y log x; PyTorch takes it as 0 where x == 0.
    y.requiresGrad ? sumToShape(where(eq(x, 0), 0, mul(g, mul(pow(x, y), log(x)))), y.shape) : null,
  ]);
}

function minMax(op: 'maximum' | 'minimum', a: Operand, b: Operand): Tensor {
  const [x, y] = operands(a, b);
  const out = binaryRaw(op, x, y);
  return record(op, [x, y], out, (g) => {
    // Ties split the gradient evenly, as in PyTorch.
    const xWins = op === 'maximum' ? gt(x, y) : lt(x, y);
    const half = mul(eq(x, y), 0.5);
    return [
      x.requiresGrad ? sumToShape(mul(g, add(xWins, half)), x.shape) : null,
      y.requiresGrad ? sumToShape(mul(g, add(logicalNot(add(xWins, eq(x, y))), half)), y.shape) : null,
    ];
  });
}
export function maximum(a: Operand, b: Operand): Tensor { return minMax('maximum', a, b); }
export function minimum(a: Operand, b: Operand): Tensor { return minMax('minimum', a, b); }

export function atan2(a: Operand, b: Operand): Tensor {
  const [x, y] = operands(a, b);
  const out = binaryRaw('atan2', x, y, floatDType(x, y));
  return record('atan2', [x, y], out, (g) => {
    const r2 = add(mul(x, x), mul(y, y));
    return [
      x.requiresGrad ? sumToShape(div(mul(g, y), r2), x.shape) : null,
      y.requiresGrad ? sumToShape(neg(div(mul(g, x), r2)), y.shape) : null,
    ];
  });
}

/** Python's modulo: the result has the divisor's sign. */
export function remainder(a: Operand, b: Operand): Tensor {
  const [x, y] = operands(a, b);
  const out = binaryRaw('remainder', x, y);
  return record('remainder', [x, y], out, (g) => [
    sumToShape(g, x.shape),
    y.requiresGrad ? sumToShape(neg(mul(g, floorDivide(x, y))), y.shape) : null,
  ]);
}
export function floorDivide(a: Operand, b: Operand): Tensor {
  const [x, y] = operands(a, b);
  return binaryRaw('floorDivide', x, y);
}

function compare(op: BinaryOp) {
  return (a: Operand, b: Operand): Tensor => {
    const [x, y] = operands(a, b);
    return binaryRaw(op, x, y);
  };
}
export const eq = compare('eq');
export const ne = compare('ne');
export const lt = compare('lt');
export const le = compare('le');
export const gt = compare('gt');
export const ge = compare('ge');
export const logicalAnd = compare('logicalAnd');
export const logicalOr = compare('logicalOr');
export const logicalXor = compare('logicalXor');

export function logicalNot(x: Tensor): Tensor {
  return eq(x, 0);
}

/** Elementwise cond ? a : b, with broadcasting; differentiable in a and b. */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  const [x, y] = operands(a, b);
  const shape = broadcastShapes('where', broadcastShapes('where', cond.shape, x.shape), y.shape);
  const dt = resultType(x, y);
  const out = new Tensor(allocUninit(dt, numel(shape)), shape, dt); // written in full by the kernel
  const c = cond.dtype === 'bool' ? cond : rawCast(cond, 'bool');
  backend().where(broadcastView(c, shape), broadcastView(rawCast(x, dt), shape), broadcastView(rawCast(y, dt), shape), out.storage);
  return record('where', [x, y], out, (g) => [
    x.requiresGrad ? sumToShape(where(c, g, 0), x.shape) : null,
    y.requiresGrad ? sumToShape(where(c, 0, g), y.shape) : null,
  ]);
}

/** Whether all elements are close: |a - b| <= atol + rtol |b| (NaN equal only with equalNan). */
export function allclose(a: Tensor, b: Tensor, rtol = 1e-5, atol = 1e-8, equalNan = false): boolean {
  const shape = broadcastShapes('allclose', a.shape, b.shape);
  const av = new Float64Array(numel(shape));
  const bv = new Float64Array(numel(shape));
  backend().copy(broadcastView(a, shape), av);
  backend().copy(broadcastView(b, shape), bv);
  for (let i = 0; i < av.length; i++) {
    const x = av[i], y = bv[i];
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (equalNan && Number.isNaN(x) && Number.isNaN(y)) continue;
      return false;
    }
    if (x === y) continue;
    if (!(Math.abs(x - y) <= atol + rtol * Math.abs(y))) return false;
  }
  return true;
}
