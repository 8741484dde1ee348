// Step 9 — the bias-variance trade-off: polynomial regressions of degree 1, 3 and 12 fitted to 30
// noisy samples of sin(2πx), refitted on bootstrap resamples; the test error splits into bias²
// (too simple: degree 1) and variance (too flexible: degree 12), plus the irreducible noise.
import * as nb from '../../src/index.js';
import { learn, metrics, preprocessing } from '../../src/index.js';

export function run(options: { short: boolean }): void {
  nb.manualSeed(0);
  const noise = 0.3;
  const sample = (n: number): [nb.Tensor, nb.Tensor] => {
    const x = nb.rand([n, 1], { dtype: 'float64' });
    const y = x.mul(2 * Math.PI).sin().reshape([-1]).add(nb.randn([n], { dtype: 'float64' }).mul(noise));
    return [x, y];
  };
  const [X, y] = sample(50);
  const [XTest, yTest] = sample(200);
  const nRounds = options.short ? 40 : 200;
  console.log(`y = sin(2πx) + N(0, ${noise}²), 50 training and 200 test points, ${nRounds} bootstrap rounds`);
  const num = (v: number): string => (v < 1000 ? v.toFixed(4) : v.toExponential(2)).padStart(12);
  console.log(`${'degree'.padEnd(8)}${'test MSE'.padStart(12)}${'bias²'.padStart(12)}${'variance'.padStart(12)}`);
  for (const degree of [1, 3, 12]) {
    const model = (): learn.Pipeline => new learn.Pipeline([
      ['poly', new preprocessing.PolynomialFeatures({ degree, includeBias: false })],
      ['lr', new learn.LinearRegression()],
    ]);
    const r = metrics.biasVarianceDecomposition(model, X, y, XTest, yTest, { nRounds, loss: 'mse', randomState: 0 });
    console.log(`${String(degree).padEnd(8)}${num(r.expectedLoss)}${num(r.bias)}${num(r.variance)}`);
  }
  console.log(`(the noise variance ${(noise * noise).toFixed(2)} is part of the bias term here: it is measured against noisy test targets)`);
}
