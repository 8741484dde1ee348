// Small helpers shared by the examples: wall-clock timing, test accuracy, a progress line.
import * as nb from '../src/index.js';
import type { Tensor, nn, optim } from '../src/index.js';

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

/** A labelled image set as the bundled loaders return it. */
export interface ImageSet { images: Tensor; labels: Tensor }

/**
 * The hand-written training loop of the image examples (no Trainer): each epoch a seeded shuffle,
 * minibatches of `batch` rows (the last partial one dropped), cross-entropy, backward, one
 * optimizer step; then test accuracy. Stops once it reaches `target` or after `maxEpochs`.
 * Returns the last test accuracy.
 */
export function trainUntil(
  model: nn.Module & { forward(x: Tensor): Tensor }, opt: optim.Optimizer, train: ImageSet, test: ImageSet,
  { batch, target, maxEpochs }: { batch: number; target: number; maxEpochs: number },
): number {
  const n = train.images.shape[0];
  const t0 = performance.now();
  let acc = 0;
  let epoch = 0;
  while (epoch < maxEpochs) {
    epoch++;
    const perm = nb.randperm(n, { dtype: 'int32' });
    let lossSum = 0;
    let steps = 0;
    for (let i = 0; i + batch <= n; i += batch) {
      const idx = nb.narrow(perm, 0, i, batch);
      const x = nb.indexSelect(train.images, 0, idx); // [batch, ...image dims]
      const y = nb.indexSelect(train.labels, 0, idx); // [batch]
      opt.zeroGrad();
      const loss = nb.nn.functional.crossEntropy(model.forward(x), y);
      loss.backward();
      opt.step();
      lossSum += loss.item();
      steps++;
    }
    acc = accuracy(model, test.images, test.labels);
    console.log(`epoch ${epoch}: train loss ${(lossSum / steps).toFixed(4)}, test accuracy ${(acc * 100).toFixed(2)}%, ${since(t0)} s`);
    if (acc >= target) break;
  }
  console.log(`final: test accuracy ${(acc * 100).toFixed(2)}% after ${epoch} epochs in ${since(t0)} s`);
  return acc;
}
