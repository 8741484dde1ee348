/**
 * gradcheck (central differences, float64) on every differentiable op of the core files
 * (src/ops/unary.ts, binary.ts, reduce.ts, movement.ts, matmul.ts), and gradgradcheck on matmul
 * and tanh. Inputs stay away from the points where an op is not differentiable.
 */
import { test } from 'node:test';
import * as nb from '../../src/index.js';
import { gradcheck, gradgradcheck } from '../../src/autograd/gradcheck.js';

type T = nb.Tensor;
const t64 = (a: nb.NestedArray) => nb.tensor(a, { dtype: 'float64', requiresGrad: true });
/** Values with |v| in [0.3, 1.5] and mixed signs: clear of 0 (abs, relu, sign...). */
const away = (...shape: number[]): T => {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1) * (0.3 + ((i * 0.37) % 1.2)));
  return nb.tensor(v, { dtype: 'float64' }).reshape(shape).contiguous().requiresGrad_();
};
const positive = (...shape: number[]): T => nb.abs(away(...shape)).detach().requiresGrad_();
const inUnit = (...shape: number[]): T => nb.mul(away(...shape), 0.6).detach().requiresGrad_(); // |v| < 0.9

const unary: [string, (x: T) => T, () => T][] = [
  ['neg', nb.neg, () => away(2, 3)],
  ['abs', nb.abs, () => away(2, 3)],
  ['exp', nb.exp, () => away(2, 3)],
  ['log', nb.log, () => positive(2, 3)],
  ['log1p', nb.log1p, () => inUnit(2, 3)],
  ['expm1', nb.expm1, () => away(2, 3)],
  ['sqrt', nb.sqrt, () => positive(2, 3)],
  ['rsqrt', nb.rsqrt, () => positive(2, 3)],
  ['reciprocal', nb.reciprocal, () => away(2, 3)],
  ['square', nb.square, () => away(2, 3)],
  ['sin', nb.sin, () => away(2, 3)],
  ['cos', nb.cos, () => away(2, 3)],
  ['tan', nb.tan, () => inUnit(2, 3)],
  ['tanh', nb.tanh, () => away(2, 3)],
  ['sigmoid', nb.sigmoid, () => away(2, 3)],
  ['relu', nb.relu, () => away(2, 3)],
  ['erf', nb.erf, () => away(2, 3)],
  ['gelu', (x) => nb.gelu(x), () => away(2, 3)],
  ['gelu tanh', (x) => nb.gelu(x, { approximate: 'tanh' }), () => away(2, 3)],
  ['silu', nb.silu, () => away(2, 3)],
  ['softplus', (x) => nb.softplus(x, 2, 20), () => away(2, 3)],
  ['softplus above threshold', (x) => nb.softplus(nb.mul(x, 30), 1, 20), () => positive(2, 3)],
  ['leakyRelu', (x) => nb.leakyRelu(x, 0.2), () => away(2, 3)],
  ['elu', (x) => nb.elu(x, 1.3), () => away(2, 3)],
  ['clamp', (x) => nb.clamp(x, -0.8, 0.9), () => away(2, 3)],
  ['clamp min only', (x) => nb.clamp(x, 0.5), () => away(2, 3)],
  ['powScalar', (x) => nb.powScalar(x, 3), () => away(2, 3)],
  ['powScalar fractional', (x) => nb.powScalar(x, 1.5), () => positive(2, 3)],
  ['rpowScalar', (x) => nb.rpowScalar(2.5, x), () => away(2, 3)],
  ['sign (zero gradient)', nb.sign, () => away(2, 3)],
  ['floor (zero gradient)', nb.floor, () => positive(2, 3)],
  ['ceil (zero gradient)', nb.ceil, () => positive(2, 3)],
  ['round (zero gradient)', nb.round, () => positive(2, 3)],
  ['trunc (zero gradient)', nb.trunc, () => positive(2, 3)],
];
for (const [name, fn, make] of unary) {
  test(`gradcheck unary ${name}`, () => { gradcheck(fn, [make()]); });
}

const binary: [string, (a: T, b: T) => T, () => T[]][] = [
  ['add', (a, b) => nb.add(a, b), () => [away(2, 3), away(3)]],
  ['add alpha', (a, b) => nb.add(a, b, { alpha: -2 }), () => [away(2, 3), away(2, 1)]],
  ['sub', (a, b) => nb.sub(a, b), () => [away(2, 1), away(1, 3)]],
  ['mul', (a, b) => nb.mul(a, b), () => [away(2, 3), away(2, 3)]],
  ['mul broadcast', (a, b) => nb.mul(a, b), () => [away(4, 1, 3), away(2, 1)]],
  ['div', (a, b) => nb.div(a, b), () => [away(2, 3), away(3)]],
  ['pow', (a, b) => nb.pow(a, b), () => [positive(2, 3), away(2, 3)]],
  ['maximum', (a, b) => nb.maximum(a, b), () => [away(2, 3), nb.mul(away(2, 3), -0.7).detach().requiresGrad_()]],
  ['minimum', (a, b) => nb.minimum(a, b), () => [away(2, 3), nb.mul(away(3), 0.5).detach().requiresGrad_()]],
  ['atan2', (a, b) => nb.atan2(a, b), () => [away(2, 3), positive(2, 3)]],
  ['remainder', (a, b) => nb.remainder(a, b), () => [t64([[2.3, -1.7], [5.2, 0.4]]), t64([[0.7, 0.9], [-1.5, 2.2]])]],
  ['where', (a, b) => nb.where(nb.gt(a, 0), a, b), () => [away(2, 3), away(2, 3)]],
];
for (const [name, fn, make] of binary) {
  test(`gradcheck binary ${name}`, () => { gradcheck(fn, make()); });
}

const reduce: [string, (x: T) => T, () => T][] = [
  ['sum all', (x) => nb.sum(x), () => away(2, 3)],
  ['sum dims keepdim', (x) => nb.sum(x, [0, 2], true), () => away(2, 3, 2)],
  ['mean all', (x) => nb.mean(x), () => away(2, 3)],
  ['mean dim', (x) => nb.mean(x, -1), () => away(2, 3)],
  ['max all', (x) => nb.max(x), () => away(2, 3)],
  ['max dim', (x) => nb.max(x, 1).values, () => away(3, 4)],
  ['min dim keepdim', (x) => nb.min(x, 0, true).values, () => away(3, 4)],
  ['min all', (x) => nb.min(x), () => away(2, 3)],
  ['prod all', (x) => nb.prod(x), () => away(2, 3)],
  ['prod dim', (x) => nb.prod(x, 1, true), () => away(3, 4)],
  ['prod with a zero', (x) => nb.prod(x, 1), () => t64([[0.5, 0, 1.5], [2, -1, 0.3]])],
];
for (const [name, fn, make] of reduce) {
  test(`gradcheck reduce ${name}`, () => { gradcheck(fn, [make()]); });
}

const movement: [string, (x: T) => T, () => T][] = [
  ['reshape', (x) => nb.reshape(x, [3, 2]), () => away(2, 3)],
  ['reshape of a transpose (copies)', (x) => nb.reshape(nb.t(x), [6]), () => away(2, 3)],
  ['view', (x) => nb.view(x, [6]), () => away(2, 3)],
  ['flatten', (x) => nb.flatten(x, 1), () => away(2, 3, 2)],
  ['unflatten', (x) => nb.unflatten(x, 1, [2, 3]), () => away(2, 6)],
  ['permute', (x) => nb.permute(x, [2, 0, 1]), () => away(2, 3, 2)],
  ['transpose', (x) => nb.transpose(x, 0, -1), () => away(2, 3, 2)],
  ['t', (x) => nb.t(x), () => away(2, 3)],
  ['mT', (x) => nb.mT(x), () => away(2, 3, 2)],
  ['squeeze', (x) => nb.squeeze(x), () => away(2, 1, 3)],
  ['unsqueeze', (x) => nb.unsqueeze(x, 1), () => away(2, 3)],
  ['expand', (x) => nb.expand(x, [4, 2, 3]), () => away(2, 1)],
  ['expandAs', (x) => nb.expandAs(x, nb.zeros([2, 3])), () => away(1, 3)],
  ['slice with step', (x) => nb.slice(x, 1, 1, 6, 2), () => away(2, 6)],
  ['slice negative', (x) => nb.slice(x, 0, -2), () => away(4, 2)],
  ['narrow', (x) => nb.narrow(x, 1, 1, 2), () => away(2, 4)],
  ['select', (x) => nb.select(x, 1, -1), () => away(2, 4)],
  ['sliceBackward', (x) => nb.sliceBackward(x, [2, 7], 1, 1, 2), () => away(2, 3)],
  ['contiguous of a view', (x) => nb.contiguous(nb.t(x)), () => away(2, 3)],
  ['clone', (x) => nb.clone(x), () => away(2, 3)],

];
for (const [name, fn, make] of movement) {
  test(`gradcheck movement ${name}`, () => { gradcheck(fn, [make()]); });
}

const matmuls: [string, (a: T, b: T) => T, () => T[]][] = [
  ['matmul 2-D', (a, b) => nb.matmul(a, b), () => [away(2, 3), away(3, 4)]],
  ['matmul 1-D @ 2-D', (a, b) => nb.matmul(a, b), () => [away(3), away(3, 2)]],
  ['matmul 2-D @ 1-D', (a, b) => nb.matmul(a, b), () => [away(2, 3), away(3)]],
  ['matmul batched broadcast', (a, b) => nb.matmul(a, b), () => [away(2, 1, 2, 3), away(3, 3, 2)]],
  ['matmul of transposed views', (a, b) => nb.matmul(nb.t(a), nb.t(b)), () => [away(3, 2), away(4, 3)]],
  ['mm', (a, b) => nb.mm(a, b), () => [away(2, 3), away(3, 2)]],
  ['bmm', (a, b) => nb.bmm(a, b), () => [away(2, 2, 3), away(2, 3, 2)]],
  ['dot', (a, b) => nb.dot(a, b), () => [away(4), away(4)]],
  ['outer', (a, b) => nb.outer(a, b), () => [away(3), away(2)]],
];
for (const [name, fn, make] of matmuls) {
  test(`gradcheck ${name}`, () => { gradcheck(fn, make()); });
}

test('gradcheck castTo float64 → float32 → float64 (step 1e-3: float32 quantizes the differences)', () => {
  gradcheck((x) => nb.castTo(nb.castTo(x, 'float32'), 'float64'), [t64([0.5, -0.25, 1])], { eps: 1e-3 });
});

test('gradgradcheck matmul (2-D, batched) and tanh', () => {
  gradgradcheck((a, b) => nb.matmul(a, b), [away(2, 3), away(3, 2)]);
  gradgradcheck((a, b) => nb.matmul(a, b), [away(2, 2, 3), away(3, 2)]);
  gradgradcheck((x) => nb.tanh(x), [away(2, 3)]);
});

test('gradgradcheck through other core rules (sum, mean, max, prod, div, pow, sigmoid, slice)', () => {
  gradgradcheck((x) => nb.mean(nb.mul(x, x), 1), [away(2, 3)]);
  gradgradcheck((x) => nb.max(nb.mul(x, x), 1).values, [away(2, 3)]);
  gradgradcheck((a, b) => nb.div(a, b), [away(2, 3), away(2, 3)]);
  gradgradcheck((a, b) => nb.pow(a, b), [positive(2, 2), away(2, 2)]);
  gradgradcheck((x) => nb.sigmoid(x), [away(2, 3)]);
  gradgradcheck((x) => nb.slice(nb.mul(x, x), 1, 0, 3, 2), [away(2, 3)]);
  gradgradcheck((x) => nb.prod(x, 1), [away(2, 3)]);
});
