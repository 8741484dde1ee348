// The tree-building worker of parallel.ts: grows the trees of its seeds on the posted data and
// posts each back, waking the (blocked) main thread through the shared flag. Its imports are
// dynamic so that a failure to load them is reported too.
import type * as WorkerThreads from 'node:worker_threads';

const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
const wt = proc?.getBuiltinModule?.('node:worker_threads') as typeof WorkerThreads | undefined;
if (wt && !wt.isMainThread) {
  const { port, flag, data, spec, tasks } = wt.workerData as {
    port: WorkerThreads.MessagePort; flag: Int32Array; spec: import('./grow.js').ForestSpec; tasks: [number, number][];
    data: { colX: Float32Array; order: Int32Array; nTotal: number; nFeatures: number };
  };
  const post = (msg: unknown): void => {
    port.postMessage(msg);
    Atomics.add(flag, 0, 1);
    Atomics.notify(flag, 0);
  };
  try {
    const { growOne } = await import('./grow.js');
    const { reviveData } = await import('./parallel.js');
    const td = reviveData(data);
    for (const [index, seed] of tasks) {
      const { tree, counts } = growOne(td, spec, seed);
      post({ index, tree, counts });
    }
  } catch (e) {
    post({ error: e instanceof Error ? e.message : String(e) });
  }
}
