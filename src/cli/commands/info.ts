import { emit, cvLines } from '../report.js';
import { loadModelAndData } from './load.js';

export interface InfoArgs { model: string; json: boolean }

/** What a model file holds: model type and options, task, features, classes, training metrics. */
export function info(a: InfoArgs): void {
  const { m, est } = loadModelAndData(a.model);
  const type = (est as object).constructor.name;
  emit(a.json, {
    command: 'info', file: a.model, format: m.format, version: m.version, model: m.model, estimator: type, options: m.options, task: m.task,
    target: m.target, columns: m.columns, features: m.features, classes: m.classes, metrics: m.metrics, trainedAt: m.trainedAt, rows: m.nRows,
  }, () => [
    `${a.model}: nabla model (format version ${m.version}), trained ${m.trainedAt} on ${m.nRows} rows`,
    `model:    ${m.model} (${type})`,
    `options:  ${Object.keys(m.options).length ? Object.entries(m.options).map(([k, v]) => `${k}=${String(v)}`).join(' ') : '(defaults)'}`,
    `task:     ${m.task}; target '${m.target}'`,
    ...(m.classes ? [`classes:  ${m.classes.join(', ')}`] : []),
    `columns:  ${m.columns.join(', ')}`,
    `features: ${m.features.length}${m.features.length !== m.columns.length ? ` (after one-hot): ${m.features.slice(0, 20).join(', ')}${m.features.length > 20 ? ', …' : ''}` : ''}`,
    'training metrics (cross-validated, mean ± std):',
    ...cvLines(m.metrics),
  ]);
}
