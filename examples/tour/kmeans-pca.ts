// Step 10 — unsupervised learning on the 8×8 digits: PCA (how much variance the first components
// explain) and k-means with 10 clusters compared with the true labels (purity, adjusted Rand).
import { data, learn, metrics } from '../../src/index.js';

export function run(options: { short: boolean }): void {
  const { data: X, target: y } = data.loadDigits();
  const pca = new learn.PCA({ nComponents: 10 }).fit(X);
  const ratio = Array.from((pca.explainedVarianceRatio as import('../../src/index.js').Tensor).dataSync());
  let cum = 0;
  console.log(`PCA on ${X.shape[0]} digits × ${X.shape[1]} pixels — explained variance ratio:`);
  ratio.forEach((r, i) => { cum += r; console.log(`  PC${String(i + 1).padEnd(3)} ${(100 * r).toFixed(2).padStart(6)}%   cumulative ${(100 * cum).toFixed(2).padStart(6)}%`); });

  const km = new learn.KMeans({ nClusters: 10, nInit: options.short ? 1 : 10, randomState: 0 }).fit(X);
  const pred = Array.from((km.labels as import('../../src/index.js').Tensor).dataSync());
  const truth = Array.from(y.dataSync());
  // Purity: each cluster votes for its most common digit; the fraction of samples in agreement.
  let agree = 0;
  for (let c = 0; c < 10; c++) {
    const counts = new Array(10).fill(0);
    pred.forEach((p, i) => { if (p === c) counts[truth[i]]++; });
    agree += Math.max(...counts);
  }
  console.log(`k-means (k = 10, inertia ${km.inertia?.toFixed(0)}): purity ${(agree / truth.length).toFixed(4)}, ` +
    `adjusted Rand index ${metrics.adjustedRandScore(truth, pred).toFixed(4)} (0 = chance, 1 = the labels)`);
}
