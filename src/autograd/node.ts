import type { Tensor } from '../tensor/tensor.js';

/** Computes the gradients of an op's inputs from the gradient of its output. */
export type BackwardFn = (gradOutput: Tensor) => readonly (Tensor | null | undefined)[];

/**
 * One recorded op in the autograd graph. `inputs[i]` is the i-th input when it requires grad
 * (null otherwise); `backward` returns one gradient per input, written with tensor ops so that
 * `createGraph` can differentiate it again.
 */
export class GradNode {
  readonly name: string;
  readonly inputs: readonly (Tensor | null)[];
  private backwardFn: BackwardFn | null;
  /** Run once when the node releases its saved tensors (whenReleased). */
  private onRelease: (() => void) | null = null;
  /** The output tensor, when it asked to keep its gradient (`retainGrad()`). */
  retained: Tensor | null = null;

  constructor(name: string, inputs: readonly (Tensor | null)[], backward: BackwardFn) {
    this.name = name;
    this.inputs = inputs;
    this.backwardFn = backward;
  }

  /** Runs the backward rule; throws if the graph was freed by an earlier backward. */
  apply(gradOutput: Tensor): readonly (Tensor | null | undefined)[] {
    if (!this.backwardFn) {
      throw new Error(`${this.name}: trying to backward through the graph a second time; pass { retainGraph: true } to the first backward()`);
    }
    return this.backwardFn(gradOutput);
  }

  /** Drops the saved tensors (what `retainGraph: false` does after use). */
  release(): void {
    this.backwardFn = null;
    const f = this.onRelease;
    this.onRelease = null;
    if (f) f();
  }

  /**
   * Runs f when the node drops its saved tensors (release), for a rule that saved a buffer only
   * its backward reads and can hand it back then.
   */
  whenReleased(f: () => void): void {
    this.onRelease = f;
  }
}
