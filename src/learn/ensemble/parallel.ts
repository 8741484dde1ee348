import type * as WorkerThreads from 'node:worker_threads';
import { TreeData } from '../tree/data.js';
import { Tree } from '../tree/tree.js';
import { growOne, type ForestSpec, type GrownTree } from './grow.js';

// Parallel tree building on node:worker_threads, fetched lazily (process.getBuiltinModule) so
// importing nabla never needs Node. fit() stays synchronous: the main thread grows its share of
// the trees, then blocks on Atomics.wait and reads the workers' trees with receiveMessageOnPort.

type WT = typeof WorkerThreads;

function workerThreads(): WT | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof proc?.getBuiltinModule !== 'function') return null;
  try {
    return proc.getBuiltinModule('node:worker_threads') as WT;
  } catch {
    return null;
  }
}

/** Cores available (1 outside Node). */
function cores(): number {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const os = proc?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number; cpus: () => unknown[] } | undefined;
  if (!os) return 1;
  return os.availableParallelism ? os.availableParallelism() : os.cpus().length;
}

/** The number of threads for scikit-learn's nJobs: null → 1, -1 → all cores, -2 → all but one. */
export function resolveJobs(nJobs: number | null, tasks: number): number {
  let k = nJobs === null ? 1 : nJobs < 0 ? Math.max(1, cores() + 1 + nJobs) : Math.max(1, Math.floor(nJobs));
  k = Math.min(k, tasks);
  return k;
}

/** A tree posted by a worker (structured clone drops the class) back as a Tree. */
export function reviveTree(t: Tree): Tree {
  return Object.assign(new Tree(t.nFeatures, t.nOutputs, t.valueStride, 0), t);
}

/** The TreeData fields as posted to a worker, rebuilt without re-sorting. */
export function reviveData(d: { colX: Float32Array; order: Int32Array; nTotal: number; nFeatures: number }): TreeData {
  return Object.assign(Object.create(TreeData.prototype) as TreeData, d);
}

/**
 * Grows one tree per seed, on `nJobs` threads when worker_threads are there (tree i on thread
 * i mod nJobs, thread 0 being the caller); sequentially otherwise. The trees depend only on their
 * seeds, so the result is the same for every nJobs.
 */
export function growTrees(data: TreeData, spec: ForestSpec, seeds: number[], nJobs: number | null): GrownTree[] {
  const k = resolveJobs(nJobs, seeds.length);
  const wt = k > 1 ? workerThreads() : null;
  const out: GrownTree[] = new Array(seeds.length);
  if (wt === null || k <= 1) {
    for (let i = 0; i < seeds.length; i++) out[i] = growOne(data, spec, seeds[i]);
    return out;
  }
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const ports: WorkerThreads.MessagePort[] = [];
  const workers: WorkerThreads.Worker[] = [];
  const plain = { colX: data.colX, order: data.order, nTotal: data.nTotal, nFeatures: data.nFeatures };
  try {
    for (let j = 1; j < k; j++) {
      const { port1, port2 } = new wt.MessageChannel();
      const mine = seeds.map((s, i) => [i, s]).filter(([i]) => i % k === j);
      const worker = new wt.Worker(new URL('./worker.js', import.meta.url), {
        workerData: { port: port2, flag, data: plain, spec, tasks: mine }, transferList: [port2],
      });
      worker.unref();
      workers.push(worker);
      ports.push(port1);
    }
    const t0 = Date.now();
    for (let i = 0; i < seeds.length; i += k) out[i] = growOne(data, spec, seeds[i]);
    // A worker that stops reporting (it died, or never started) is not waited for forever: after
    // a long silence the main thread grows the missing trees itself (same seeds, same trees).
    const stallMs = Math.max(30000, 20 * (Date.now() - t0) / Math.ceil(seeds.length / k));
    let pending = seeds.length - Math.ceil(seeds.length / k);
    let last = Date.now();
    while (pending > 0) {
      const seen = Atomics.load(flag, 0);
      let got = false;
      for (const port of ports) {
        for (let m = wt.receiveMessageOnPort(port); m !== undefined; m = wt.receiveMessageOnPort(port)) {
          const msg = m.message as { index: number; tree: Tree; counts: Int32Array | null } | { error: string };
          if ('error' in msg) throw new Error(`${spec.who}: a tree-building worker failed: ${msg.error}`);
          if (out[msg.index] !== undefined) continue;
          out[msg.index] = { tree: reviveTree(msg.tree), counts: msg.counts };
          pending--;
          got = true;
        }
      }
      if (got) { last = Date.now(); continue; }
      if (pending > 0 && Date.now() - last > stallMs) {
        for (let i = 0; i < seeds.length; i++) if (out[i] === undefined) out[i] = growOne(data, spec, seeds[i]);
        break;
      }
      // Sleep until a worker posts again (bounded, so the stall check runs).
      if (pending > 0) Atomics.wait(flag, 0, seen, 1000);
    }
  } finally {
    for (const w of workers) void w.terminate();
    for (const p of ports) p.close();
  }
  return out;
}
