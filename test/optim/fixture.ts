// Loads test/fixtures/nn/optim.json (tools/parity_nn/optim.py) and rebuilds its problem.
import { readFileSync } from 'node:fs';
import * as nb from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

export interface OptimCase {
  name: string;
  optimizer: string;
  options: Record<string, unknown>;
  groups: (Record<string, unknown> & { params: number[] })[] | null;
  trajectory: number[][][];
}
export interface SchedCase { name: string; lrs: number[][]; momentum: number[][] | null; metrics: number[] | null }
export interface ClipFixture {
  shapes: number[][];
  grads: number[][];
  cases: { normType: number | 'Infinity'; maxNorm: number; total: number; clipped: number[][] }[];
}
export interface Fixture {
  steps: number;
  problem: { shapes: number[][]; init: number[][]; s: number[][]; c: number[][]; q: number[][] };
  optimizers: OptimCase[];
  schedulers: SchedCase[];
  clip: ClipFixture;
}

export const fixture = JSON.parse(readFileSync(new URL('../../../test/fixtures/nn/optim.json', import.meta.url), 'utf8')) as Fixture;

const f32 = (values: number[], shape: number[]): Tensor => nb.tensor(Float32Array.from(values)).reshape(shape);

/** Fresh parameters at the fixture's start, and the gradient function g = s (p - c) + q p³. */
export function makeProblem(dtype: 'float32' | 'float64' = 'float32'): { params: Tensor[]; setGrads: () => void } {
  const P = fixture.problem;
  const T = (v: number[], i: number) => nb.castTo(f32(v, P.shapes[i]), dtype);
  const params = P.init.map((v, i) => T(v, i).requiresGrad_());
  const s = P.s.map(T), c = P.c.map(T), q = P.q.map(T);
  const setGrads = () => nb.noGrad(() => {
    params.forEach((p, i) => {
      const d = p.detach();
      p.grad = nb.add(nb.mul(s[i], nb.sub(d, c[i])), nb.mul(q[i], nb.mul(nb.mul(d, d), d)));
    });
  });
  return { params, setGrads };
}

/** Asserts |a - b| <= atol + rtol |b| elementwise; the message names the case and position. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, rtol = 1e-5, atol = 1e-6): void {
  if (actual.length !== expected.length) throw new Error(`${what}: length ${actual.length} != ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], e = expected[i];
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) throw new Error(`${what}[${i}]: got ${a}, expected ${e} (diff ${Math.abs(a - e)})`);
  }
}
