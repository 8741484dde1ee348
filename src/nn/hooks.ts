import type { Tensor } from '../tensor/tensor.js';

/** Called after forward with the inputs and output; may return a replacement output. */
export type ForwardHook<M> = (module: M, inputs: readonly unknown[], output: unknown) => unknown;
/** Called before forward with the inputs; may return replacement inputs (an array). */
export type ForwardPreHook<M> = (module: M, inputs: readonly unknown[]) => readonly unknown[] | void;
/**
 * Called during backward with the gradients w.r.t. the module's tensor inputs and outputs
 * (null where none flows). May return replacement input gradients.
 */
export type FullBackwardHook<M> = (module: M, gradInput: readonly (Tensor | null)[], gradOutput: readonly (Tensor | null)[]) => readonly (Tensor | null)[] | void;

/** Removes a registered hook (PyTorch's `RemovableHandle`). */
export class RemovableHandle {
  private readonly onRemove: () => void;
  constructor(onRemove: () => void) {
    this.onRemove = onRemove;
  }
  remove(): void {
    this.onRemove();
  }
}

/** An ordered set of hooks with removable handles. */
export class HookList<H> {
  private readonly hooks = new Map<number, H>();
  private next = 0;
  add(hook: H): RemovableHandle {
    const id = this.next++;
    this.hooks.set(id, hook);
    return new RemovableHandle(() => this.hooks.delete(id));
  }
  get size(): number {
    return this.hooks.size;
  }
  values(): IterableIterator<H> {
    return this.hooks.values();
  }
}
