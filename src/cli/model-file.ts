import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../io/atomic.js';
import { parseJSON, stringifyJSON } from '../learn/persist.js';
import type { PreprocessJSON } from './preprocess.js';
import type { Task } from './models.js';
import { CliError } from './errors.js';

export const FORMAT = 'nabla-model';
export const VERSION = 1;

/** A model file (.nbl): JSON holding everything predict needs — preprocessing, estimator, names, classes — plus what info shows. */
export interface ModelFile {
  format: typeof FORMAT;
  version: number;
  /** The --model name (the estimator's class is in estimator.type). */
  model: string;
  /** The estimator's options as given (--set and defaults). */
  options: Record<string, unknown>;
  task: Task;
  target: string;
  /** Input columns, in order. */
  columns: string[];
  /** Encoded feature names (after one-hot). */
  features: string[];
  /** Class labels (classification); the estimator sees their indices. */
  classes: string[] | null;
  preprocessing: PreprocessJSON;
  estimator: unknown;
  /** Training metrics (cross-validated) saved by train. */
  metrics: Record<string, { mean: number; std: number }>;
  trainedAt: string;
  nRows: number;
}

/** Writes a model file atomically. */
export function writeModelFile(path: string, m: ModelFile): void {
  try {
    writeFileAtomic(path, stringifyJSON(m));
  } catch (e) {
    throw new CliError(`cannot write ${path}: ${(e as Error).message}`);
  }
}

/** Reads and checks a model file: missing, non-JSON, truncated or foreign files are one clear CliError. */
export function readModelFile(path: string): ModelFile {
  if (!existsSync(path)) throw new CliError(`no such file: ${path}`);
  let text: string;
  try { text = readFileSync(path, 'utf8'); } catch (e) { throw new CliError(`cannot read ${path}: ${(e as Error).message}`); }
  let v: unknown;
  try {
    v = parseJSON(text);
  } catch {
    throw new CliError(text.trimStart().startsWith(`{"format":"${FORMAT}"`)
      ? `${path} is a truncated or corrupt nabla model file (invalid JSON); train it again`
      : `${path} is not a nabla model file (not JSON)`);
  }
  const m = v as Partial<ModelFile> | null;
  if (!m || typeof m !== 'object' || m.format !== FORMAT) throw new CliError(`${path} is not a nabla model file (no "format": "${FORMAT}" header)`);
  if (typeof m.version !== 'number' || m.version > VERSION) throw new CliError(`${path} is a nabla model file of version ${String(m.version)}; this nabla reads version ${VERSION}`);
  for (const k of ['model', 'task', 'target', 'columns', 'features', 'preprocessing', 'estimator'] as const) {
    if (m[k] === undefined || m[k] === null) throw new CliError(`${path} is a corrupt nabla model file (no '${k}')`);
  }
  return m as ModelFile;
}
