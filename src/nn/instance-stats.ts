import type { Tensor } from '../tensor/tensor.js';
import { noGrad } from '../autograd/grad-mode.js';
import { add, mul, sub } from '../ops/binary.js';
import { mean } from '../ops/reduce.js';
import { copy_ } from '../ops/inplace.js';

/**
 * InstanceNorm's running-statistics update in training (as PyTorch, which runs batch norm on
 * [1, N·C, H, W] with the running stats repeated N times, then averages them back over N):
 * running = (1 - m) · running + m · mean over N of each instance's mean (unbiased variance).
 */
export function updateInstanceStats(x: Tensor, runningMean: Tensor, runningVar: Tensor, momentum: number): void {
  noGrad(() => {
    const xd = x.detach(); // [N, C, H, W]
    const n = x.shape[2] * x.shape[3];
    const mu = mean(xd, [2, 3], true); // [N, C, 1, 1]
    const d = sub(xd, mu);
    const v = mul(mean(mul(d, d), [2, 3]), n / Math.max(n - 1, 1)); // [N, C], unbiased
    copy_(runningMean, add(mul(runningMean, 1 - momentum), mul(mean(mu, [0, 2, 3]), momentum)));
    copy_(runningVar, add(mul(runningVar, 1 - momentum), mul(mean(v, 0), momentum)));
  });
}
