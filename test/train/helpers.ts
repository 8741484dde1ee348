import * as nb from '../../src/index.js';
import { nn } from '../../src/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';

/** n points in 2-D, class 1 when x0 + x1 > 0 (linearly separable with a margin). */
export function separable(n: number): [Tensor, Tensor] {
  const xs: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; xs.length < n; i++) {
    const p = nb.randn([2]).toArray() as number[];
    if (Math.abs(p[0] + p[1]) < 0.3) continue; // keep a margin
    xs.push(p);
    ys.push(p[0] + p[1] > 0 ? 1 : 0);
  }
  return [nb.tensor(xs), nb.tensor(ys, { dtype: 'int32' })];
}

export function mlp(): nn.Sequential {
  return new nn.Sequential(new nn.Linear(2, 8), new nn.ReLU(), new nn.Linear(8, 2));
}

export function paramsOf(m: nn.Module): number[][] {
  return m.parameters().map((p) => Array.from(p.dataSync()));
}
