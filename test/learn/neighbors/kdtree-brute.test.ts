import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NearestNeighbors } from '../../../src/learn/neighbors/index.js';
import { tensor } from '../../../src/tensor/creation.js';

// Integer grid points: many exact distance ties, so the (distance, index) order is exercised.
function grid(n: number, d: number, seed: number): number[][] {
  let s = seed;
  const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => Math.floor(rnd() * 4)));
}

test('KD-tree and brute force return the same neighbours and distances (ties, several leaf sizes and k)', () => {
  for (const [d, n, leafSize, k] of [[3, 700, 30, 5], [30, 400, 5, 7], [2, 300, 1, 12], [5, 90, 40, 3]] as const) {
    const X = grid(n, d, d * 31 + n), Q = grid(60, d, 97 + d);
    const run = (algorithm: 'brute' | 'kd_tree'): { dist: number[]; idx: number[] } => {
      const r = new NearestNeighbors({ nNeighbors: k, algorithm, leafSize }).fit(tensor(X, { dtype: 'float64' })).kneighbors(tensor(Q, { dtype: 'float64' })) as { distances: { dataSync(): ArrayLike<number> }; indices: { dataSync(): ArrayLike<number> } };
      return { dist: Array.from(r.distances.dataSync()), idx: Array.from(r.indices.dataSync()) };
    };
    const a = run('brute'), b = run('kd_tree');
    assert.deepEqual(b.idx, a.idx, `d=${d} leafSize=${leafSize} k=${k}`);
    b.dist.forEach((v, i) => assert.ok(Math.abs(v - a.dist[i]) < 1e-12, `d=${d}: ${v} vs ${a.dist[i]}`));
  }
});
