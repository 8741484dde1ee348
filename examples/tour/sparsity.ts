// Step 12 — L1 versus L2 regularisation on the diabetes data (442 patients, 10 features): Lasso's
// L1 penalty sets coefficients exactly to zero (feature selection); Ridge's L2 penalty only
// shrinks them.
import { data, learn } from '../../src/index.js';

export function run(_options: { short: boolean }): void {
  const { data: X, target: y, featureNames } = data.loadDiabetes();
  const alpha = 0.5;
  const lasso = new learn.Lasso({ alpha }).fit(X, y);
  const ridge = new learn.Ridge({ alpha }).fit(X, y);
  const l1 = Array.from(lasso.coef.dataSync());
  const l2 = Array.from(ridge.coef.dataSync());
  console.log(`diabetes: ${X.shape[0]} samples, ${X.shape[1]} features, alpha = ${alpha}`);
  console.log(`${'feature'.padEnd(9)}${'Lasso (L1)'.padStart(12)}${'Ridge (L2)'.padStart(12)}`);
  featureNames.forEach((f, i) => console.log(`${f.padEnd(9)}${l1[i].toFixed(2).padStart(12)}${l2[i].toFixed(2).padStart(12)}`));
  const zeros = (c: number[]): number => c.filter((v) => v === 0).length;
  console.log(`exact zeros: Lasso ${zeros(l1)} of ${l1.length}, Ridge ${zeros(l2)} of ${l2.length}`);
  console.log(`R² on the training data: Lasso ${lasso.score(X, y).toFixed(4)}, Ridge ${ridge.score(X, y).toFixed(4)}`);
}
