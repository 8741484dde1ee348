// `npm run tour` driven as a user would: the compiled runner spawned with --list and with
// --short --only on cheap steps; asserts what they print and their exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseTourArgs, STEPS } from '../../src/cli/tour.js';

const TOUR = fileURLToPath(new URL('../../src/cli/tour.js', import.meta.url)); // dist/src/cli/tour.js

function tour(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [TOUR, ...args], { encoding: 'utf8', env: { ...process.env, CI: '' }, timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const NAMES = ['digits-mlp', 'backprop', 'activations', 'fashion-mlp', 'fashion-cnn', 'char-lstm', 'gpt', 'tabular', 'bias-variance', 'kmeans-pca', 'classification-metrics', 'sparsity'];

test('tour --list prints the twelve steps in order and exits 0', () => {
  const r = tour('--list');
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.deepEqual(lines.map((l) => l.trim().split(/\s+/)[1]), NAMES);
  assert.match(lines[0], /^ 1\. digits-mlp\s+an MLP/);
  assert.deepEqual(STEPS.map((s) => s.name), NAMES);
});

test('tour --short --only backprop,activations runs those steps: gradients agree, softmax table printed', () => {
  const r = tour('--short', '--only', 'backprop,activations');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /2 steps, backend \w+, short mode/);
  assert.match(r.stdout, /== 2\. backprop — /);
  assert.match(r.stdout, /code: examples\/tour\/backprop\.ts/);
  assert.match(r.stdout, /autograd and the chain rule by hand agree \(max difference [\d.e+-]+\)/);
  for (const g of ['dL/dW1', 'dL/db1', 'dL/dW2', 'dL/db2']) assert.ok(r.stdout.includes(g), g);
  assert.match(r.stdout, /== 3\. activations — /);
  // T = 1 row of the temperature table: softmax([2, 1, 0.5, 0, -1]).
  assert.match(r.stdout, /\n1\s+0\.5630\s+0\.2071\s+0\.1256\s+0\.0762\s+0\.0280\s+1\.2065\n/);
  assert.match(r.stdout, /sigmoid\s+0\.0474\s+0\.2689\s+0\.3775\s+0\.5000/);
  assert.match(r.stdout, /tour: all 2 steps passed/);
  assert.doesNotMatch(r.stdout, /sparsity/);
});

test('tour --short --only=sparsity: Lasso zeros some coefficients, Ridge none', () => {
  const r = tour('--short', '--only=sparsity');
  assert.equal(r.status, 0, r.stderr);
  const m = /exact zeros: Lasso (\d+) of 10, Ridge (\d+) of 10/.exec(r.stdout);
  assert.ok(m, r.stdout);
  assert.ok(Number(m[1]) > 0);
  assert.equal(Number(m[2]), 0);
});

test('tour with an unknown step or argument prints one line and exits 2', () => {
  const a = tour('--only', 'nope');
  assert.equal(a.status, 2);
  assert.match(a.stderr, /^tour: unknown step nope; the steps are: digits-mlp, backprop/);
  assert.equal(a.stderr.trim().split('\n').length, 1);
  assert.equal(tour('--fast').status, 2);
});

test('parseTourArgs: CI turns on short mode; --only accumulates', () => {
  assert.equal(parseTourArgs([], { CI: 'true' }).short, true);
  assert.equal(parseTourArgs([], {}).short, false);
  assert.equal(parseTourArgs([], { CI: 'false' }).short, false);
  assert.deepEqual(parseTourArgs(['--only', 'gpt', '--only=tabular,sparsity'], {}).only, ['gpt', 'tabular', 'sparsity']);
  assert.throws(() => parseTourArgs(['--only'], {}), /needs a step name/);
});
