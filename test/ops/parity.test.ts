/**
 * Parity with PyTorch: replays every case of test/fixtures/ops.json (written by
 * tools/gen_fixtures.py) against nabla and compares outputs and gradients.
 *
 * A case calls `nb[fn](...args)` (plus the kwargs object when it is non-empty), checks each
 * output's shape, dtype and values (within the case's tolerance; NaN and infinities in the same
 * places; integer and bool outputs exactly), then, when the case has gradients, runs backward on
 * sum(out * gradOut) and compares `.grad` of every float tensor argument. One test per case.
 * The fixture format is described in the fixture's own "format" field.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as nb from '../../src/index.js';

// ---------------------------------------------------------------- fixture types

type DTypeName = 'float32' | 'float64' | 'int32' | 'bool';
type Scalar = number | string | boolean | null;
interface TensorJson { t: { dtype: DTypeName; shape: number[]; data: (number | string | boolean)[] } }
type Json = Scalar | TensorJson | Json[] | { [key: string]: Json };
type OutJson = TensorJson | TensorJson[] | { values: TensorJson; indices: TensorJson };
interface Tol { rtol: number; atol: number }
interface Case {
  name: string;
  fn: string;
  args: Json[];
  kwargs: { [key: string]: Json };
  out: OutJson;
  grads: (TensorJson | null)[] | null;
  gradOut: TensorJson | (TensorJson | null)[] | null;
  tol: Tol;
  note?: string;
  tolNote?: string;
  extra?: { mutated?: { arg: number; value: TensorJson }[] };
}

// ---------------------------------------------------------------- the library, as the test uses it

/** What the test needs of a nabla Tensor. */
interface T {
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly grad: T | null;
  dataSync(): ArrayLike<number>;
  reshape(shape: readonly number[]): T;
  requiresGrad_(flag?: boolean): T;
  backward(): void;
}
type Fn = (...args: unknown[]) => unknown;
const lib = nb as unknown as Record<string, unknown>;

function libFn(name: string): Fn {
  const f = lib[name];
  if (typeof f !== 'function') assert.fail(`nb.${name} is not exported`);
  return f as Fn;
}

function isTensor(v: unknown): v is T {
  return typeof v === 'object' && v !== null && 'shape' in v && 'dtype' in v
    && typeof (v as { dataSync?: unknown }).dataSync === 'function';
}

// ---------------------------------------------------------------- decoding

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('parity.test: no package.json above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

function isTensorJson(v: unknown): v is TensorJson {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 't' in v;
}

/** "nan", "inf", "-inf" stand for those numbers (JSON has no literal for them). */
function num(v: number | string | boolean): number | boolean {
  if (typeof v !== 'string') return v;
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  throw new Error(`parity.test: unexpected string ${JSON.stringify(v)} in tensor data`);
}

function buildTensor(j: TensorJson, requiresGrad = false): T {
  const { dtype, shape, data } = j.t;
  const flat = data.map(num);
  const t = (libFn('tensor')(flat, { dtype }) as T).reshape(shape);
  return requiresGrad ? t.requiresGrad_() : t;
}

/**
 * Decodes args (or kwargs values): tensors become nabla tensors, special-number strings become
 * numbers. `leaves` collects the tensors in args depth-first (the order of a case's `grads`);
 * `gradMask[i]` makes the i-th one require grad.
 */
function decode(v: Json, leaves: T[] | null, gradMask: boolean[] | null): unknown {
  if (isTensorJson(v)) {
    const i = leaves ? leaves.length : -1;
    const t = buildTensor(v, gradMask !== null && i >= 0 && gradMask[i] === true);
    leaves?.push(t);
    return t;
  }
  if (Array.isArray(v)) return v.map((x) => decode(x, leaves, gradMask));
  if (typeof v === 'string') return v === 'nan' || v === 'inf' || v === '-inf' ? num(v) : v;
  if (typeof v === 'object' && v !== null) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = decode(x, null, null);
    return o;
  }
  return v;
}

// ---------------------------------------------------------------- comparison

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(9);
}

function compareTensor(label: string, actual: unknown, expected: TensorJson, tol: Tol): void {
  if (!isTensor(actual)) assert.fail(`${label}: expected a Tensor, got ${kindOf(actual)}`);
  const { dtype, shape, data } = expected.t;
  assert.deepEqual([...actual.shape], shape, `${label}: shape [${actual.shape.join(', ')}], expected [${shape.join(', ')}]`);
  assert.equal(actual.dtype, dtype, `${label}: dtype ${actual.dtype}, expected ${dtype}`);
  const got = actual.dataSync();
  assert.equal(got.length, data.length, `${label}: dataSync() has ${got.length} values, expected ${data.length}`);
  const exact = dtype === 'int32' || dtype === 'bool';
  const bad: string[] = [];
  let nBad = 0;
  for (let i = 0; i < data.length; i++) {
    const e = Number(num(data[i]));
    const a = Number(got[i]);
    let ok: boolean;
    if (exact) ok = a === e;
    else if (Number.isNaN(e) || Number.isNaN(a)) ok = Number.isNaN(e) && Number.isNaN(a);
    else if (!Number.isFinite(e) || !Number.isFinite(a)) ok = a === e;
    else ok = Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e);
    if (!ok) {
      nBad++;
      if (bad.length < 6) bad.push(`[${i}] ${fmt(a)} vs ${fmt(e)}`);
    }
  }
  if (nBad > 0) {
    const how = exact ? 'exactly' : `within rtol ${tol.rtol}, atol ${tol.atol}`;
    assert.fail(`${label}: ${nBad} of ${data.length} values differ ${how} (actual vs expected): ${bad.join(', ')}`);
  }
}

function kindOf(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'object') return `an object with keys {${Object.keys(v).join(', ')}}`;
  return typeof v;
}

/** The outputs of a call, in the fixture's order ([values, indices] for a {values, indices} output). */
function outputs(c: Case, result: unknown): unknown[] {
  if (Array.isArray(c.out)) {
    if (!Array.isArray(result)) assert.fail(`${c.fn}: expected an array of ${c.out.length} tensors, got ${kindOf(result)}`);
    assert.equal(result.length, c.out.length, `${c.fn}: returned ${result.length} tensors, expected ${c.out.length}`);
    return result;
  }
  if (isTensorJson(c.out)) return [result];
  if (typeof result !== 'object' || result === null || !('values' in result) || !('indices' in result)) {
    assert.fail(`${c.fn}: expected { values, indices }, got ${kindOf(result)}`);
  }
  const r = result as { values: unknown; indices: unknown };
  return [r.values, r.indices];
}

function expectedOutputs(c: Case): TensorJson[] {
  if (Array.isArray(c.out)) return c.out;
  if (isTensorJson(c.out)) return [c.out];
  return [c.out.values, c.out.indices];
}

function gradOutputs(c: Case): (TensorJson | null)[] {
  const g = c.gradOut;
  if (g === null) return [];
  if (Array.isArray(g)) return g;
  return isTensorJson(c.out) ? [g] : [g, null]; // {values, indices}: the gradient of values
}

function call(c: Case, args: unknown[], kwargs: unknown): unknown {
  const f = libFn(c.fn);
  return Object.keys(c.kwargs).length > 0 ? f(...args, kwargs) : f(...args);
}

// ---------------------------------------------------------------- the tests

const fixturePath = join(repoRoot(), 'test', 'fixtures', 'ops.json');
const fixture = JSON.parse(readFileSync(fixturePath, 'utf8')) as { torch: string; cases: Case[] };

test('parity fixtures load', () => {
  assert.ok(fixture.cases.length > 0, `no cases in ${fixturePath}`);
});

for (const c of fixture.cases) {
  test(`parity ${c.name} (${c.fn})`, () => {
    // forward
    const args = c.args.map((a) => decode(a, [], null));
    const kwargs = decode(c.kwargs, null, null);
    const result = call(c, args, kwargs);
    const outs = outputs(c, result);
    expectedOutputs(c).forEach((e, i) => {
      compareTensor(outs.length > 1 ? `${c.fn} output ${i}` : `${c.fn} output`, outs[i], e, c.tol);
    });
    for (const m of c.extra?.mutated ?? []) {
      compareTensor(`${c.fn} argument ${m.arg} after the call (updated in place)`, args[m.arg], m.value, c.tol);
    }

    // backward: d(sum(out * gradOut)) / d(arg) for every float tensor argument
    if (c.grads === null) return;
    const grads = c.grads;
    const leaves: T[] = [];
    const gArgs = c.args.map((a) => decode(a, leaves, grads.map((g) => g !== null)));
    const gOuts = outputs(c, call(c, gArgs, decode(c.kwargs, null, null)));
    const sum = libFn('sum'), mul = libFn('mul'), add = libFn('add');
    const gradOut = gradOutputs(c);
    let loss: T | null = null;
    for (let i = 0; i < gradOut.length; i++) {
      const g = gradOut[i];
      if (g === null) continue;
      const term = sum(mul(gOuts[i], buildTensor(g))) as T;
      loss = loss === null ? term : (add(loss, term) as T);
    }
    if (loss === null) assert.fail('parity.test: case has grads but no gradOut');
    loss.backward();
    assert.equal(leaves.length, grads.length, `${c.fn}: ${leaves.length} tensor arguments, fixture has ${grads.length} grads`);
    grads.forEach((g, i) => {
      if (g === null) return;
      const got = leaves[i].grad;
      if (got === null) assert.fail(`${c.fn}: tensor argument ${i} got no gradient (.grad is null)`);
      compareTensor(`${c.fn} gradient of tensor argument ${i}`, got, g, c.tol);
    });
  });
}
