import type { BinaryOp, ReduceOp, UnaryOp } from '../types.js';

// The native op codes: each op's index in these lists (the C++ enums in cpp/common.h follow the
// same order, and the addon reports its names so a stale build is detected at load).

export const UNARY_OPS = [
  'neg', 'abs', 'sign', 'exp', 'log', 'log1p', 'expm1', 'sqrt', 'rsqrt', 'reciprocal', 'square',
  'sin', 'cos', 'tan', 'tanh', 'sigmoid', 'relu', 'erf', 'gelu', 'geluTanh', 'silu',
  'floor', 'ceil', 'round', 'trunc', 'isnan', 'isinf', 'isfinite', 'logicalNot',
  'softplus', 'leakyRelu', 'elu', 'clamp', 'powScalar', 'rpowScalar', 'addScalar', 'mulScalar',
] as const satisfies readonly UnaryOp[];

export const BINARY_OPS = [
  'add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'atan2', 'remainder', 'floorDivide',
  'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr', 'logicalXor',
] as const satisfies readonly BinaryOp[];

export const REDUCE_OPS = ['sum', 'prod', 'max', 'min', 'argmax', 'argmin', 'any', 'all'] as const satisfies readonly ReduceOp[];

function codes<T extends string>(names: readonly T[]): Record<T, number> {
  const r = {} as Record<T, number>;
  names.forEach((n, i) => { r[n] = i; });
  return r;
}

// Every op of each union must be listed: these fail to compile if one is missing.
type Exhaustive<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : never;
const unaryComplete: Exhaustive<UnaryOp, (typeof UNARY_OPS)[number]> = true;
const binaryComplete: Exhaustive<BinaryOp, (typeof BINARY_OPS)[number]> = true;
const reduceComplete: Exhaustive<ReduceOp, (typeof REDUCE_OPS)[number]> = true;
void [unaryComplete, binaryComplete, reduceComplete];

export const UNARY_CODE: Record<UnaryOp, number> = codes<UnaryOp>(UNARY_OPS);
export const BINARY_CODE: Record<BinaryOp, number> = codes<BinaryOp>(BINARY_OPS);
export const REDUCE_CODE: Record<ReduceOp, number> = codes<ReduceOp>(REDUCE_OPS);

/** Unary ops whose result is a 0/1 predicate (the native kernels write them to a Uint8Array). */
export const UNARY_PREDICATES: ReadonlySet<UnaryOp> = new Set<UnaryOp>(['isnan', 'isinf', 'isfinite', 'logicalNot']);
/** Binary ops whose result is a 0/1 predicate. */
export const BINARY_PREDICATES: ReadonlySet<BinaryOp> = new Set<BinaryOp>(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr', 'logicalXor']);
