import { CliError } from '../errors.js';
import { requireColumn } from '../table.js';
import { encodeTarget } from '../dataset.js';
import { classificationScores, regressionScores, confusionMatrix, residualSummary } from '../metrics.js';
import { emit, scoreLines, matrixLines } from '../report.js';
import { predictRows } from './train.js';
import { loadModelAndData } from './load.js';

export interface EvaluateArgs { model: string; data: string; json: boolean }

/** Scores a saved model on labelled data (the target column must be present). */
export function evaluate(a: EvaluateArgs): void {
  const { m, est, t } = loadModelAndData(a.model, a.data);
  const table = t!;
  requireColumn(table, m.target, a.data);
  if (table.missing[m.target].some((v) => v)) throw new CliError(`${a.data}: the target column '${m.target}' has missing values; evaluate needs every row labelled`);
  const { y } = encodeTarget(table, m.target, m.task, a.data, m.classes);
  const r = predictRows(m.preprocessing, est, table, a.data);
  const k = m.classes?.length ?? 0;
  const scores = m.task === 'classification' ? classificationScores(y, r.pred, r.width === k ? r.proba : null, k) : regressionScores(y, r.pred);
  const unseen = m.task === 'classification' ? Array.from(y).filter((v) => v < 0).length : 0;
  const cm = m.task === 'classification' ? confusionMatrix(y, r.pred, k) : null;
  const residuals = m.task === 'regression' ? residualSummary(y, r.pred) : null;
  emit(a.json, { command: 'evaluate', model: a.model, data: a.data, task: m.task, rows: table.nRows, metrics: scores, unseenLabels: unseen, confusionMatrix: cm, residuals }, () => [
    `nabla evaluate: ${a.model} (${m.model}, ${m.task}) on ${a.data} — ${table.nRows} rows`,
    ...(unseen ? [`  note: ${unseen} row(s) have a label the model never saw (counted as errors)`] : []),
    ...scoreLines(scores),
    ...(cm && m.classes ? matrixLines(cm, m.classes) : []),
    ...(residuals ? ['residuals (y − ŷ):', ...scoreLines(residuals)] : []),
  ]);
}
