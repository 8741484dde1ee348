// Loads test/fixtures/nn/sequence.json (tools/parity_nn/sequence.py) and checks a module against
// one of its cases: identical weights from PyTorch's state dict, outputs, and the gradients of
// sum_i (out_i * seed_i) for every parameter and input.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as nb from '../../src/index.js';
import type { Module } from '../../src/nn/module.js';

/** Non-finite values are stored as the strings 'inf', '-inf' and 'nan' (JSON has no literal for them). */
export interface TensorJson { shape: number[]; dtype: string; data: (number | string)[] }

const value = (v: number | string): number => (typeof v === 'number' ? v : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : NaN);
export interface SeqCase {
  config: Record<string, unknown>;
  call?: Record<string, unknown>;
  state: Record<string, TensorJson>;
  inputs: Record<string, TensorJson | null>;
  outputs: (TensorJson | null)[];
  seeds: (TensorJson | null)[];
  paramGrads: Record<string, TensorJson>;
  inputGrads: Record<string, TensorJson>;
}

function fixturePath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const p = join(dir, 'test', 'fixtures', 'nn', 'sequence.json');
    if (existsSync(p)) return p;
    const up = dirname(dir);
    if (up === dir) return join(process.cwd(), 'test', 'fixtures', 'nn', 'sequence.json');
    dir = up;
  }
}

export const fixture = JSON.parse(readFileSync(fixturePath(), 'utf8')) as { torch: string; cases: Record<string, SeqCase> };

export function toTensor(j: TensorJson, requiresGrad = false): nb.Tensor {
  const dtype = j.dtype === 'bool' ? 'bool' : j.dtype === 'float64' ? 'float64' : j.dtype.startsWith('int') ? 'int32' : 'float32';
  const data = j.data.map(value);
  const t = nb.tensor(dtype === 'bool' ? data.map((v) => v !== 0) as unknown as number[] : data, { dtype }).reshape(j.shape);
  if (requiresGrad) t.requiresGrad = true;
  return t;
}

export function assertClose(actual: nb.Tensor, expected: TensorJson, rtol: number, atol: number, what: string): void {
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  const a = actual.dataSync();
  let worst = 0, worstI = -1;
  for (let i = 0; i < expected.data.length; i++) {
    const e = value(expected.data[i]), v = a[i];
    if (e === v || (Number.isNaN(e) && Number.isNaN(v))) continue;
    const err = Math.abs(v - e) - (atol + rtol * Math.abs(e));
    if (!(err <= 0) && (worstI < 0 || err > worst || Number.isNaN(err))) { worst = err; worstI = i; }
  }
  if (worstI >= 0) assert.fail(`${what}: element ${worstI} is ${a[worstI]}, PyTorch has ${expected.data[worstI]} (rtol ${rtol}, atol ${atol})`);
}

/** Loads the case's weights into `module`, runs `call`, backpropagates the seeded loss, compares. */
export function checkCase(name: string, module: Module, call: (inputs: Record<string, nb.Tensor>) => (nb.Tensor | null)[], rtol: number, atol: number): void {
  const c = fixture.cases[name];
  assert.ok(c, `fixture case ${name} exists`);
  const sd: Record<string, nb.Tensor> = {};
  for (const [k, v] of Object.entries(c.state)) sd[k] = toTensor(v);
  assert.deepEqual(Object.keys(module.stateDict()), Object.keys(c.state), `${name}: state-dict keys and order are PyTorch's`);
  module.loadStateDict(sd);
  const inputs: Record<string, nb.Tensor> = {};
  for (const [k, v] of Object.entries(c.inputs)) if (v) inputs[k] = toTensor(v, k in c.inputGrads);
  const outs = call(inputs);
  assert.equal(outs.length, c.outputs.length, `${name}: number of outputs`);
  let loss: nb.Tensor | null = null;
  outs.forEach((o, i) => {
    const e = c.outputs[i];
    if (e === null) { assert.equal(o, null, `${name}: output ${i} is null`); return; }
    assert.ok(o, `${name}: output ${i}`);
    assertClose(o, e, rtol, atol, `${name}: output ${i}`);
    const term = nb.sum(nb.mul(o, toTensor(c.seeds[i] as TensorJson)));
    loss = loss ? nb.add(loss, term) : term;
  });
  (loss as unknown as nb.Tensor).backward();
  for (const [k, p] of module.namedParameters()) {
    assert.ok(p.grad, `${name}: parameter ${k} has a gradient`);
    assertClose(p.grad, c.paramGrads[k], rtol, atol, `${name}: grad of ${k}`);
  }
  for (const [k, g] of Object.entries(c.inputGrads)) {
    assert.ok(inputs[k].grad, `${name}: input ${k} has a gradient`);
    assertClose(inputs[k].grad as nb.Tensor, g, rtol, atol, `${name}: grad of input ${k}`);
  }
}
