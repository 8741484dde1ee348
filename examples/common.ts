// Small helpers shared by the examples: wall-clock timing, test accuracy, a progress line.
import * as nb from '../src/index.js';
import type { Tensor } from '../src/index.js';

/** Seconds since `t0` (from performance.now()), one decimal. */
export function since(t0: number): string {
  return ((performance.now() - t0) / 1000).toFixed(1);
}

/** Fraction of rows of `images` that `model` classifies as `labels`, in batches, without gradients. */
export function accuracy(model: { forward(x: Tensor): Tensor; train(mode?: boolean): unknown }, images: Tensor, labels: Tensor, batch = 1000): number {
  model.train(false);
  let correct = 0;
  const n = images.shape[0];
  nb.noGrad(() => {
    for (let i = 0; i < n; i += batch) {
      const len = Math.min(batch, n - i);
      const pred = nb.argmax(model.forward(nb.narrow(images, 0, i, len)), 1);
      correct += nb.eq(pred, nb.narrow(labels, 0, i, len)).sum().item();
    }
  });
  model.train(true);
  return correct / n;
}

/** Which backend runs the example (NABLA_BACKEND=js|native picks it; native by default when built). */
export function backendLine(): string {
  return `backend ${nb.getBackend()}`;
}

/**
 * A batch of B windows of T+1 consecutive ids from `ids`, starting at `starts`: inputs x = ids[s..s+T)
 * and next-character targets y = ids[s+1..s+T] — both int32 [B, T].
 */
export function windows(ids: Int32Array, starts: readonly number[], T: number): [Tensor, Tensor] {
  const B = starts.length;
  const x = new Int32Array(B * T);
  const y = new Int32Array(B * T);
  starts.forEach((s, b) => {
    x.set(ids.subarray(s, s + T), b * T);
    y.set(ids.subarray(s + 1, s + T + 1), b * T);
  });
  return [new nb.Tensor(x, [B, T], 'int32'), new nb.Tensor(y, [B, T], 'int32')];
}

/** B random window starts in [lo, hi - T - 1], drawn from nabla's seeded generator. */
export function randomStarts(B: number, lo: number, hi: number, T: number): number[] {
  return Array.from(nb.randint(lo, hi - T - 1, [B], { dtype: 'int32' }).dataSync());
}

/** One id drawn from softmax(logits / temperature) with nabla's multinomial; logits [V]. */
export function sampleNext(logits: Tensor, temperature: number): number {
  const probs = nb.softmax(nb.div(logits, temperature), -1);
  return nb.multinomial(probs, 1).item();
}
