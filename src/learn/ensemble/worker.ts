// The tree-building worker of parallel.ts: grows the trees of its seeds on the posted data and
// posts each back, waking the (blocked) main thread through the shared flag.
import type * as WorkerThreads from 'node:worker_threads';
import { growOne, type ForestSpec } from './grow.js';
import { reviveData } from './parallel.js';

const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
const wt = proc?.getBuiltinModule?.('node:worker_threads') as typeof WorkerThreads | undefined;
if (wt && !wt.isMainThread) {
  const { port, flag, data, spec, tasks } = wt.workerData as {
    port: WorkerThreads.MessagePort; flag: Int32Array; spec: ForestSpec; tasks: [number, number][];
    data: { colX: Float32Array; order: Int32Array; nTotal: number; nFeatures: number };
  };
  const td = reviveData(data);
  try {
    for (const [index, seed] of tasks) {
      const { tree, counts } = growOne(td, spec, seed);
      port.postMessage({ index, tree, counts });
      Atomics.add(flag, 0, 1);
      Atomics.notify(flag, 0);
    }
  } catch (e) {
    port.postMessage({ error: e instanceof Error ? e.message : String(e) });
    Atomics.add(flag, 0, 1);
    Atomics.notify(flag, 0);
  }
}
