import type { Table } from '../../learn/preprocessing/table.js';
import { CliError } from '../errors.js';
import { readModelFile, type ModelFile } from '../model-file.js';
import { estimatorFromSaved, type CliEstimator } from '../models.js';
import { inputTypes } from '../preprocess.js';
import { loadCsv } from '../table.js';

/** A model file with its restored estimator, and (optionally) a CSV read with the model's column types. */
export function loadModelAndData(modelPath: string, dataPath?: string): { m: ModelFile; est: CliEstimator; t: Table | null } {
  const m = readModelFile(modelPath);
  let est: CliEstimator;
  try {
    est = estimatorFromSaved(m.model, m.task, m.estimator);
  } catch (e) {
    throw new CliError(`${modelPath} is a corrupt nabla model file (${(e as Error).message})`);
  }
  if (dataPath === undefined) return { m, est, t: null };
  const types = inputTypes(m.preprocessing);
  const probe = loadCsv(dataPath);
  const known = Object.fromEntries(Object.entries(types).filter(([c]) => probe.columns.includes(c)));
  return { m, est, t: Object.keys(known).length ? loadCsv(dataPath, known) : probe };
}
