import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tensor } from '../../../src/tensor/tensor.js';

/** A fixture value with "nan"/"inf"/"-inf" strings decoded back to numbers. */
export type Json = number | string | boolean | null | Json[] | { [k: string]: Json };

export function decode(v: Json): Json {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  if (Array.isArray(v)) return v.map(decode);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x)]));
  return v;
}

export interface Case { family: string; name: string; params: Record<string, Json>; X: Json; y?: Json; Xt?: Json; expected: Record<string, Json> }

/** The cases of a fixture file under test/fixtures/learn (read from the source tree). */
export function loadCases(file: string): Case[] {
  // dist/test/learn/preprocessing → the repository root; else the working directory (a private build).
  const beside = fileURLToPath(new URL(`../../../../test/fixtures/learn/${file}`, import.meta.url));
  const path = existsSync(beside) ? beside : join(process.cwd(), 'test', 'fixtures', 'learn', file);
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { cases: Case[] };
  return raw.cases.map((c) => decode(c as unknown as Json) as unknown as Case);
}

function flat(v: unknown): unknown[] {
  if (v instanceof Tensor) return flat(v.toArray());
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
  if (Array.isArray(v)) return v.flatMap((x) => flat(x));
  return [v];
}

function shapeOf(v: unknown): number[] {
  if (v instanceof Tensor) return [...v.shape];
  if (ArrayBuffer.isView(v)) return [(v as unknown as ArrayLike<number>).length];
  if (Array.isArray(v)) return v.length === 0 ? [0] : [v.length, ...shapeOf(v[0])];
  return [];
}

/** Asserts actual ≈ expected elementwise (|a − e| ≤ tol · max(1, |e|); NaN equals NaN), shapes equal. */
export function close(actual: unknown, expected: Json, what: string, tol = 1e-9): void {
  assert.deepEqual(shapeOf(actual), shapeOf(expected), `${what}: shape`);
  const a = flat(actual), e = flat(expected);
  for (let i = 0; i < e.length; i++) {
    const x = a[i], y = e[i];
    if (typeof y === 'number' && typeof x === 'number') {
      if (Number.isNaN(y)) { assert.ok(Number.isNaN(x), `${what}[${i}]: expected NaN, got ${x}`); continue; }
      if (!Number.isFinite(y)) { assert.equal(x, y, `${what}[${i}]`); continue; }
      assert.ok(Math.abs(x - y) <= tol * Math.max(1, Math.abs(y)), `${what}[${i}]: got ${x}, expected ${y}`);
    } else if (typeof y === 'boolean' && typeof x === 'number') assert.equal(x, y ? 1 : 0, `${what}[${i}]`);
    else assert.deepEqual(x, y, `${what}[${i}]`);
  }
}
