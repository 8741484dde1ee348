// PyTorch parity of the basic layers: test/fixtures/nn/layers.json (tools/parity_nn/layers.py).
// Each case loads PyTorch's state dict (PyTorch keys) with loadStateDict, runs the same forward
// steps in the same mode, and compares the output, the gradients of sum(out * seed) w.r.t. the
// inputs and parameters, the state dict afterwards (running statistics), and the key list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as nb from '../../src/index.js';
import * as nn from '../../src/nn/index.js';

interface TJson { shape: number[]; dtype: 'float32' | 'float64' | 'int32'; data: number[] }
interface Case {
  name: string; ctor: [string, ...unknown[]]; train: boolean; keys: string[];
  stateDict: Record<string, TJson>; steps: TJson[][]; output: TJson; seed: TJson;
  inputGrads: (TJson | null)[]; paramGrads: Record<string, TJson>; stateDictAfter: Record<string, TJson>;
  tol?: { rtol: number; atol: number };
}

const path = fileURLToPath(new URL('../../../test/fixtures/nn/layers.json', import.meta.url));
const fixture = JSON.parse(readFileSync(path, 'utf8')) as { cases: Case[] };

function decode(j: TJson, requiresGrad = false): nb.Tensor {
  return nb.reshape(nb.tensor(j.data, { dtype: j.dtype }), j.shape).detach().requiresGrad_(requiresGrad);
}

function check(label: string, actual: nb.Tensor | null | undefined, expected: TJson, tol = { rtol: 1e-5, atol: 1e-6 }): void {
  assert.ok(actual, `${label}: missing`);
  assert.deepEqual(actual.shape, expected.shape, `${label}: shape`);
  const a = actual.dataSync();
  for (let i = 0; i < expected.data.length; i++) {
    const e = expected.data[i];
    assert.ok(Math.abs(a[i] - e) <= tol.atol + tol.rtol * Math.abs(e), `${label}[${i}]: ${a[i]} vs ${e}`);
  }
}

type Ctor = new (...args: never[]) => nn.Module;
function build(ctor: Case['ctor']): nn.Module {
  const [cls, ...args] = ctor;
  if (cls === 'Sequential:mlp') {
    return new nn.Sequential(new nn.Linear(6, 8), new nn.ReLU(), new nn.Linear(8, 8), new nn.Tanh(), new nn.Linear(8, 2));
  }
  if (cls === 'LoRALinear') {
    const [inF, outF, lora, linear] = args as [number, number, nn.LoRAOptions, nn.LinearOptions | undefined];
    return new nn.LoRALinear(new nn.Linear(inF, outF, linear), lora);
  }
  const C = (nn as unknown as Record<string, Ctor>)[cls];
  assert.ok(C, `nn.${cls} exists`);
  return new C(...(args as never[]));
}

for (const c of fixture.cases) {
  test(`layers parity: ${c.name}`, () => {
    const m = build(c.ctor);
    assert.deepEqual(Object.keys(m.stateDict()), c.keys, 'state-dict keys');
    const sd: Record<string, nb.Tensor> = {};
    for (const [k, v] of Object.entries(c.stateDict)) sd[k] = decode(v);
    m.loadStateDict(sd);
    m.train(c.train);
    let out: nb.Tensor | null = null;
    let inputs: nb.Tensor[] = [];
    for (const step of c.steps) {
      inputs = step.map((j) => decode(j, j.dtype !== 'int32'));
      m.zeroGrad();
      out = (m.forward as (...a: nb.Tensor[]) => nb.Tensor)(...inputs);
    }
    const tol = c.tol;
    check('output', out, c.output, tol);
    nb.mul(out as nb.Tensor, decode(c.seed)).sum().backward();
    c.inputGrads.forEach((g, i) => { if (g) check(`input ${i} grad`, inputs[i].grad, g, tol); });
    const params = Object.fromEntries(m.namedParameters());
    assert.deepEqual(Object.keys(c.paramGrads).sort(), Object.keys(params).filter((k) => params[k].grad).sort(), 'parameters with gradients');
    for (const [k, g] of Object.entries(c.paramGrads)) check(`${k} grad`, params[k].grad, g, tol);
    const after = m.stateDict();
    for (const [k, v] of Object.entries(c.stateDictAfter)) check(`${k} after`, after[k], v, tol);
    if (m instanceof nn.LoRALinear) {
      // Merged, the layer is one matmul with W0 + scaling·BA (rounded to float32 once).
      m.merge();
      check('merged output', m.forward(inputs[0].detach()), c.output, { rtol: 1e-5, atol: 1e-5 });
    }
  });
}
