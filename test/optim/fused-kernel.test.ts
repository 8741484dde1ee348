import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import { backend, jsBackend } from '../../src/backend/index.js';
import type { FloatArray, OptimizerKind } from '../../src/backend/types.js';
import { OPTIMIZER_ARITY } from '../../src/backend/js/optim.js';
import { nativeOptimizerStep } from '../../src/backend/native/optim.js';
import { loadNative, nativeInfo, type NativeAddon } from '../../src/backend/native/load.js';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The fused optimizerStep kernel of the active backend against the js reference, on arrays large
// enough to be split across the native thread pool, for every kind and flag combination.

const CASES: [OptimizerKind, number[]][] = [
  ['sgd', [0.1, 0, 0, 0, 0, 0, 0]], ['sgd', [0.1, 0.9, 0.1, 0.01, 0, 1, 0]], ['sgd', [0.1, 0.9, 0, 0.01, 1, 0, 1]], ['sgd', [0.1, 0.9, 0, 0, 1, 0, 0]],
  ['adagrad', [0.05, 1e-10, 0, 0]], ['adagrad', [0.05, 1e-10, 0.01, 1]],
  ['rmsprop', [0.01, 0.99, 1e-8, 0, 0, 0, 0]], ['rmsprop', [0.01, 0.9, 1e-8, 0.01, 0.9, 1, 1]], ['rmsprop', [0.01, 0.9, 1e-8, 0, 0.5, 0, 0]], ['rmsprop', [0.01, 0.9, 1e-8, 0, 0, 1, 0]],
  ['adam', [0.9, 0.999, 1e-8, 0, 1, 0.01, 0.3, 0, 0]], ['adam', [0.8, 0.99, 1e-8, 0.05, 1, 0.02, 0.5, 1, 1]], ['adam', [0.9, 0.999, 1e-8, 0, 0.999, 0.01, 0.3, 1, 0]],
  ['adamax', [0.9, 0.999, 1e-8, 0, 0.02, 0]], ['adamax', [0.9, 0.999, 1e-8, 0.05, 0.02, 1]],
  ['adadelta', [1.0, 0.9, 1e-6, 0, 0]], ['adadelta', [0.5, 0.95, 1e-6, 0.01, 1]],
  ['nadam', [0.9, 0.999, 1e-8, 0, 0.002, -0.001, -0.002]], ['nadam', [0.9, 0.999, 1e-8, 0.05, 0.002, -0.001, -0.002]],
];

function fill(a: FloatArray, seed: number, positive: boolean): void {
  let s = seed;
  for (let i = 0; i < a.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const u = s / 2147483648;
    a[i] = positive ? u * 0.5 : u * 2 - 1;
  }
}

for (const dtype of ['float32', 'float64'] as const) {
  test(`fused optimizerStep (${nb.getBackend()} backend, ${dtype}) equals the js kernel bit for bit`, () => {
    const Ctor = dtype === 'float32' ? Float32Array : Float64Array;
    const n = 100_003;
    for (const [kind, hp] of CASES) {
      const mk = (seed: number, pos: boolean) => { const a = new Ctor(n); fill(a, seed, pos); return a; };
      const states = Array.from({ length: OPTIMIZER_ARITY[kind].state }, (_, j) => mk(10 + j, true));
      if (kind === 'rmsprop') { // centered: keep squareAvg above gradAvg² so the variance stays positive
        states[0].forEach((v, i) => { states[0][i] = v + 0.3; });
        states[1].forEach((v, i) => { states[1][i] = v * 0.5; });
      }
      const p1 = mk(1, false), g = mk(2, false);
      const p2 = p1.slice(), s2 = states.map((s) => s.slice());
      for (let t = 0; t < 3; t++) {
        backend().optimizerStep(kind, p1, g, states, hp);
        jsBackend().optimizerStep(kind, p2, g, s2, hp);
      }
      assert.deepEqual(p1, p2, `${kind} ${JSON.stringify(hp)} param`);
      states.forEach((s, j) => assert.deepEqual(s, s2[j], `${kind} state ${j}`));
      assert.ok(p1.every((v) => Number.isFinite(v)), `${kind} finite`);
    }
  });
}

test('fused optimizerStep: NaN gradients propagate (amsgrad max and adamax keep NaN)', () => {
  for (const kind of ['adam', 'adamax'] as const) {
    const hp = kind === 'adam' ? [0.9, 0.999, 1e-8, 0, 1, 0.01, 0.3, 1, 0] : [0.9, 0.999, 1e-8, 0, 0.02, 0];
    const p = new Float32Array([1, 2]), g = new Float32Array([NaN, 1]);
    const st = Array.from({ length: OPTIMIZER_ARITY[kind].state }, () => new Float32Array(2));
    backend().optimizerStep(kind, p, g, st, hp);
    assert.ok(Number.isNaN(p[0]) && Number.isFinite(p[1]), `${kind}: ${Array.from(p)}`);
  }
});

test('fused optimizerStep: bad arguments are rejected before touching memory', () => {
  const hp = [0.9, 0.999, 1e-8, 0, 1, 0.01, 0.3, 0, 0];
  const p = new Float32Array(4), g4 = new Float32Array(4);
  const st = () => [new Float32Array(4), new Float32Array(4), new Float32Array(0)];
  // the TypeScript-side checks, with a stub addon that must never be reached
  const stub = { optimizerStep: () => assert.fail('reached the addon') } as unknown as NativeAddon;
  assert.throws(() => nativeOptimizerStep(stub, jsBackend(), 'adam', p, new Float32Array(3), st(), hp), (e: Error) => e instanceof nb.ValueError && /grad/.test(e.message));
  assert.throws(() => nativeOptimizerStep(stub, jsBackend(), 'adam', p, new Float64Array(4), st(), hp), /grad/);
  assert.throws(() => nativeOptimizerStep(stub, jsBackend(), 'adam', p, g4, st(), [0.9]), /expected 9 hyperparameters/);
  assert.throws(() => nativeOptimizerStep(stub, jsBackend(), 'lion' as OptimizerKind, p, g4, st(), hp), /unknown kind 'lion'/);
  // the addon's own checks (state buffers), when it is loaded
  const loaded = loadNative();
  if ('addon' in loaded) {
    assert.throws(() => nativeOptimizerStep(loaded.addon, jsBackend(), 'adam', p, g4, [new Float32Array(4), new Float32Array(2)], hp), /state buffer 1/);
    assert.throws(() => nativeOptimizerStep(loaded.addon, jsBackend(), 'adam', p, g4, [new Float32Array(4), new Float64Array(4)], hp), /state buffer 1/);
    assert.throws(() => nativeOptimizerStep(loaded.addon, jsBackend(), 'adam', p, g4, [new Float32Array(4), new Float32Array(4)], [...hp.slice(0, 7), 1, 0]), /state buffer 2/);
  }
});

// The native kernel is compiled once per instruction set (AVX-512, AVX2, baseline) and picked at
// load time; NABLA_SIMD forces a lower level, so each copy is checked bit for bit in a child.
if (nb.getBackend() === 'native' && !process.env.NABLA_OPTIM_ISA_CHILD) {
  test('fused optimizerStep: every NABLA_SIMD level equals the js kernel bit for bit', () => {
    for (const simd of ['avx512', 'avx2', 'scalar'] as const) {
      const env: NodeJS.ProcessEnv = { ...process.env, NABLA_SIMD: simd === 'scalar' ? 'none' : simd, NABLA_OPTIM_ISA_CHILD: '1' };
      delete env.NODE_TEST_CONTEXT; // else the child reports in the runner's binary protocol
      const r = spawnSync(process.execPath, ['--test', '--test-name-pattern=equals the js kernel bit for bit|forced SIMD level', fileURLToPath(import.meta.url)], { env, encoding: 'utf8' });
      assert.equal(r.status, 0, `NABLA_SIMD=${simd}: ${r.stdout.slice(-3000)}${r.stderr.slice(-1000)}`);
      assert.match(r.stdout, /# pass 3\b/, `NABLA_SIMD=${simd}: both dtypes and the level check ran`);
    }
  });
}

if (process.env.NABLA_OPTIM_ISA_CHILD) {
  test('fused optimizerStep child: the forced SIMD level is the one in use', () => {
    const want = process.env.NABLA_SIMD === 'none' ? 'scalar' : process.env.NABLA_SIMD;
    // a CPU without the level falls back to a lower one; this machine's level caps the check
    const got = nativeInfo()?.simd;
    assert.ok(got === want || (want === 'avx512' && got === 'avx2'), `simd ${got}, wanted ${want}`);
  });
}
