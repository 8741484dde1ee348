import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { ARIMA, constrainStationary, unconstrainStationary } from '../../../src/learn/time-series/index.js';
import { NotFittedError, ValueError } from '../../../src/tensor/errors.js';

interface ArimaCase {
  name: string; y: number[]; order: [number, number, number]; trend: 'c' | 'n' | null; paramNames: string[]; params: number[];
  llf: number; aic: number; bic: number; forecast: number[]; lower: number[]; upper: number[];
}
function fixturePath(): string {
  const rel = join('test', 'fixtures', 'learn', 'time_series.json');
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) if (existsSync(join(dir, rel))) return join(dir, rel);
  return join(process.cwd(), rel);
}
const fx = JSON.parse(readFileSync(fixturePath(), 'utf8')) as { arima: ArimaCase[] };

function closeRel(a: ArrayLike<number>, e: ArrayLike<number>, rel: number, what: string): void {
  assert.equal(a.length, e.length, what);
  for (let i = 0; i < e.length; i++) assert.ok(Math.abs(a[i] - e[i]) <= rel * Math.max(1, Math.abs(e[i])), `${what}[${i}]: ${a[i]} vs ${e[i]}`);
}

for (const c of fx.arima) {
  test(`ARIMA${JSON.stringify(c.order)} ${c.name} vs statsmodels`, () => {
    const m = new ARIMA({ order: c.order, trend: c.trend }).fit(c.y);
    const got: number[] = [];
    for (const nm of c.paramNames) {
      if (nm === 'const') got.push(m.const);
      else if (nm === 'sigma2') got.push(m.sigma2);
      else if (nm.startsWith('ar.L')) got.push((m.arParams as Float64Array)[Number(nm.slice(4)) - 1]);
      else got.push((m.maParams as Float64Array)[Number(nm.slice(4)) - 1]);
    }
    // Coefficients to 1e-3 (absolute, relative for σ²), the likelihood and criteria closely.
    closeRel(got, c.params, 1e-3, 'params');
    assert.ok(Math.abs(m.llf - c.llf) <= 1e-4 * Math.abs(c.llf), `llf ${m.llf} vs ${c.llf}`);
    assert.ok(Math.abs(m.aic - c.aic) <= 1e-4 * Math.abs(c.aic) && Math.abs(m.bic - c.bic) <= 1e-4 * Math.abs(c.bic));
    const f = m.forecast(10, 0.05);
    closeRel(f.mean.dataSync(), c.forecast, 1e-3, 'forecast');
    closeRel(f.lower.dataSync(), c.lower, 1e-3, 'lower');
    closeRel(f.upper.dataSync(), c.upper, 1e-3, 'upper');
    const back = ARIMA.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    assert.deepEqual(back.forecast(5).mean.toArray(), m.forecast(5).mean.toArray());
    assert.ok(Math.abs(back.llf - m.llf) <= 1e-9 * Math.abs(m.llf));
  });
}

test('ARIMA: the PACF parametrisation round-trips and is stationary', () => {
  const phi = constrainStationary([0.3, -1.2, 2]);
  const x = unconstrainStationary(phi);
  assert.deepEqual(Array.from(x, (v) => Math.round(v * 1e9) / 1e9), [0.3, -1.2, 2]);
});

test('ARIMA: errors', () => {
  assert.throws(() => new ARIMA().forecast(3), NotFittedError);
  assert.throws(() => new ARIMA({ order: [1, -1, 0] }).fit([1, 2, 3, 4]), ValueError);
  assert.throws(() => new ARIMA({ order: [3, 0, 3] }).fit([1, 2, 3]), /too few/);
  assert.throws(() => new ARIMA().fit([1, 2, NaN, 4]), ValueError);
  const m = new ARIMA({ order: [1, 0, 0] }).fit([1, 3, 2, 4, 3, 5, 4, 6, 5, 7]);
  assert.throws(() => m.forecast(0), ValueError);
  assert.throws(() => m.forecast(2, 1.5), ValueError);
});
