let enabled = true;

export function isGradEnabled(): boolean {
  return enabled;
}

/** Sets grad mode for the duration of fn (restored afterwards, even on throw). */
export function withGradMode<T>(mode: boolean, fn: () => T): T {
  const prev = enabled;
  enabled = mode;
  try {
    return fn();
  } finally {
    enabled = prev;
  }
}

/** Runs fn without recording the graph (PyTorch's `torch.no_grad()`). */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/** Runs fn with recording on, even inside noGrad (PyTorch's `torch.enable_grad()`). */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}
