import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tensor, type NestedArray } from '../../src/tensor/tensor.js';
import { tensor, zeros } from '../../src/tensor/creation.js';

/** A dense row-major matrix for checks. */
export interface M { r: number; c: number; d: Float64Array }

export function mat(x: Tensor | NestedArray): M {
  const t = x instanceof Tensor ? x : tensor(x, { dtype: 'float64' });
  assert.equal(t.ndim, 2, `expected a matrix, got shape [${t.shape.join(', ')}]`);
  return { r: t.shape[0], c: t.shape[1], d: Float64Array.from(t.dataSync() as ArrayLike<number>) };
}

export function flat(x: Tensor | NestedArray): Float64Array {
  if (x instanceof Tensor) return Float64Array.from(x.dataSync() as ArrayLike<number>);
  const out: number[] = [];
  const walk = (v: NestedArray): void => { if (Array.isArray(v)) v.forEach(walk); else out.push(Number(v)); };
  walk(x);
  return Float64Array.from(out);
}

export function mul(a: M, b: M): M {
  assert.equal(a.c, b.r);
  const d = new Float64Array(a.r * b.c);
  for (let i = 0; i < a.r; i++) for (let k = 0; k < a.c; k++) { const v = a.d[i * a.c + k]; for (let j = 0; j < b.c; j++) d[i * b.c + j] += v * b.d[k * b.c + j]; }
  return { r: a.r, c: b.c, d };
}

export function tr(a: M): M {
  const d = new Float64Array(a.r * a.c);
  for (let i = 0; i < a.r; i++) for (let j = 0; j < a.c; j++) d[j * a.r + i] = a.d[i * a.c + j];
  return { r: a.c, c: a.r, d };
}

export function maxAbs(x: Float64Array): number { let m = 0; for (const v of x) m = Math.max(m, Math.abs(v)); return m; }

export function maxDiff(a: Float64Array, b: Float64Array): number {
  assert.equal(a.length, b.length, `length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** max|a − b| ≤ tol · max(max|b|, floor). */
export function assertClose(a: Float64Array, b: Float64Array, tol: number, what: string, floor = 0): void {
  const scale = Math.max(maxAbs(b), floor);
  const err = maxDiff(a, b);
  assert.ok(err <= tol * scale || err === 0, `${what}: max error ${err.toExponential(3)} > ${tol} × ${scale.toExponential(3)}`);
}

/** ‖QᵀQ − I‖max for the columns of q. */
export function orthError(q: M): number {
  const g = mul(tr(q), q);
  for (let i = 0; i < g.r; i++) g.d[i * g.c + i] -= 1;
  return maxAbs(g.d);
}

/** The matrix of a fixture value, keeping 0×0 as [0, 0]. */
export function input(v: NestedArray, name: string): Tensor {
  if (name === '0x0') return zeros([0, 0], { dtype: 'float64' });
  return tensor(v, { dtype: 'float64' });
}

export interface Case { op: string; name: string; args: Record<string, NestedArray>; options: Record<string, unknown>; expected: Record<string, NestedArray | null> }

export function loadCases(): Case[] {
  const beside = fileURLToPath(new URL('../../../test/fixtures/learn/linalg.json', import.meta.url));
  const path = existsSync(beside) ? beside : join(process.cwd(), 'test', 'fixtures', 'learn', 'linalg.json');
  return (JSON.parse(readFileSync(path, 'utf8')) as { cases: Case[] }).cases;
}
