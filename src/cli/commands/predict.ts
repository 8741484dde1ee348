import { CliError } from '../errors.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { csvField } from '../table.js';
import { predictRows } from './train.js';
import { loadModelAndData } from './load.js';

export interface PredictArgs { model: string; data: string; proba: boolean; out?: string }

/** Writes predictions as CSV: `prediction` (class label or value), plus `proba_<class>` columns with --proba. */
export function predict(a: PredictArgs): void {
  const { m, est, t } = loadModelAndData(a.model, a.data);
  const table = t!;
  const r = predictRows(m.preprocessing, est, table, a.data);
  const classes = m.classes;
  if (a.proba && (m.task !== 'classification' || !r.proba)) throw new CliError(`--proba needs a classifier with probabilities; ${a.model} is a ${m.task} model (${m.model})`);
  const head = ['prediction', ...(a.proba && classes ? classes.map((c) => `proba_${c}`) : [])];
  const lines = [head.map(csvField).join(',')];
  for (let i = 0; i < table.nRows; i++) {
    const label = classes ? classes[r.pred[i]] ?? String(r.pred[i]) : String(r.pred[i]);
    const row = [csvField(label)];
    if (a.proba && r.proba) for (let j = 0; j < r.width; j++) row.push(String(r.proba[i * r.width + j]));
    lines.push(row.join(','));
  }
  const text = lines.join('\n') + '\n';
  if (a.out) {
    try { writeFileAtomic(a.out, text); } catch (e) { throw new CliError(`cannot write ${a.out}: ${(e as Error).message}`); }
    process.stderr.write(`nabla: wrote ${table.nRows} predictions to ${a.out}\n`);
  } else process.stdout.write(text);
}
