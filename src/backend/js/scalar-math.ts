import type { BinaryOp, UnaryOp } from '../types.js';

const SQRT1_2 = Math.SQRT1_2;
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * erf in double precision: the Maclaurin series below |x| = 2.5 and the continued fraction of
 * erfc (evaluated by the modified Lentz method) above, both to about 1e-15 relative.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 2.5) {
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 100; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return TWO_OVER_SQRT_PI * sum;
  }
  if (ax > 6) return Math.sign(x);
  // erfc(a) = exp(-a^2)/sqrt(pi) * 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + 2/(a + ...)))))
  const tiny = 1e-300;
  let f = ax;
  let c = ax;
  let d = 0;
  for (let k = 1; k < 200; k++) {
    const an = k / 2;
    d = ax + an * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = ax + an / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}

function sigmoid(x: number): number {
  // Stable on both tails: never exp of a large positive number.
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export type UnaryFn = (x: number, p0: number, p1: number) => number;

export const UNARY: Record<UnaryOp, UnaryFn> = {
  neg: (x) => -x,
  abs: (x) => Math.abs(x),
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN),
  exp: (x) => Math.exp(x),
  log: (x) => Math.log(x),
  log1p: (x) => Math.log1p(x),
  expm1: (x) => Math.expm1(x),
  sqrt: (x) => Math.sqrt(x),
  rsqrt: (x) => 1 / Math.sqrt(x),
  reciprocal: (x) => 1 / x,
  square: (x) => x * x,
  sin: (x) => Math.sin(x),
  cos: (x) => Math.cos(x),
  tan: (x) => Math.tan(x),
  tanh: (x) => Math.tanh(x),
  sigmoid,
  relu: (x) => (x > 0 ? x : x === 0 || x < 0 ? 0 : x),
  erf,
  gelu: (x) => 0.5 * x * (1 + erf(x * SQRT1_2)),
  geluTanh: (x) => 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x))),
  silu: (x) => x * sigmoid(x),
  floor: (x) => Math.floor(x),
  ceil: (x) => Math.ceil(x),
  round: roundHalfEven,
  trunc: (x) => Math.trunc(x),
  isnan: (x) => (Number.isNaN(x) ? 1 : 0),
  isinf: (x) => (x === Infinity || x === -Infinity ? 1 : 0),
  isfinite: (x) => (Number.isFinite(x) ? 1 : 0),
  logicalNot: (x) => (x === 0 ? 1 : 0),
  // PyTorch: softplus(x) = log(1 + exp(beta x)) / beta, and x itself where beta x > threshold.
  softplus: (x, beta, threshold) => {
    const bx = beta * x;
    if (bx > threshold) return x;
    return (Math.max(bx, 0) + Math.log1p(Math.exp(-Math.abs(bx)))) / beta;
  },
  leakyRelu: (x, slope) => (x > 0 ? x : x * slope),
  elu: (x, alpha) => (x > 0 ? x : alpha * Math.expm1(x)),
  clamp: (x, lo, hi) => (Number.isNaN(x) ? x : x < lo ? lo : x > hi ? hi : x),
  powScalar: (x, p) => Math.pow(x, p),
  rpowScalar: (x, base) => Math.pow(base, x),
  addScalar: (x, s) => x + s,
  mulScalar: (x, s) => x * s,
};

export type BinaryFn = (a: number, b: number) => number;

export const BINARY: Record<BinaryOp, BinaryFn> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => Math.pow(a, b),
  maximum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a > b ? a : b),
  minimum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a < b ? a : b),
  atan2: (a, b) => Math.atan2(a, b),
  // Python's modulo: the result takes the divisor's sign.
  remainder: (a, b) => a - Math.floor(a / b) * b,
  floorDivide: (a, b) => Math.floor(a / b),
  eq: (a, b) => (a === b ? 1 : 0),
  ne: (a, b) => (a !== b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  gt: (a, b) => (a > b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
  logicalAnd: (a, b) => (a !== 0 && b !== 0 ? 1 : 0),
  logicalOr: (a, b) => (a !== 0 || b !== 0 ? 1 : 0),
  logicalXor: (a, b) => ((a !== 0) !== (b !== 0) ? 1 : 0),
};
