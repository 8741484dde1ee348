import type { Params } from '../../learn/index.js';
import type { Table } from '../../learn/preprocessing/table.js';
import { CliError, usage } from '../errors.js';
import { loadCsv, requireColumn } from '../table.js';
import { fitPreprocess, transform, featureNames, type PreprocessJSON } from '../preprocess.js';
import { inferTask, labelledRows, encodeTarget, subsetTable, matrix, vector, assignFolds } from '../dataset.js';
import { makeEstimator, autoCandidates, estimatorToJSON, importancesOf, MODEL_NAMES, type CliEstimator, type Task } from '../models.js';
import { classificationScores, regressionScores, confusionMatrix, residualSummary, primaryMetric, summarise, type Scores } from '../metrics.js';
import { emit, cvLines, matrixLines, fmt, progress, progressDone, scoreLines } from '../report.js';
import { writeModelFile, FORMAT, VERSION } from '../model-file.js';

export interface TrainArgs {
  data: string;
  target: string;
  model: string;
  task?: Task;
  cv?: number;
  testSize?: number;
  options: Params;
  out: string;
  json: boolean;
}

/** Fits preprocessing + estimator on `trainRows`, returning what's needed to score other rows. */
function fitOn(t: Table, columns: string[], y: Float64Array, rows: number[], model: string, task: Task, options: Params): { pre: PreprocessJSON; est: CliEstimator; nFeatures: number } {
  const sub = subsetTable(t, rows);
  const pre = fitPreprocess(sub, columns);
  const { data, nFeatures } = transform(pre, sub, '');
  const est = makeEstimator(model, task, options);
  try {
    est.fit(matrix(data, rows.length, nFeatures), vector(Float64Array.from(rows, (i) => y[i])));
  } catch (e) {
    // An option the estimator only checks at fit time (e.g. maxDepth=-3) is still a bad --set.
    const msg = (e as Error).message ?? '';
    if (Object.keys(options).some((k) => msg.includes(k))) throw usage(`bad --set: ${msg}`);
    throw e;
  }
  return { pre, est, nFeatures };
}

/** Predictions (and probabilities, if any) of a fitted pipeline on `rows`. */
export function predictRows(pre: PreprocessJSON, est: CliEstimator, t: Table, path: string): { pred: Float64Array; proba: Float64Array | null; width: number } {
  const { data, nFeatures } = transform(pre, t, path);
  const X = matrix(data, t.nRows, nFeatures);
  const pred = Float64Array.from(est.predict(X).dataSync() as ArrayLike<number>);
  let proba: Float64Array | null = null, width = 0;
  if (typeof est.predictProba === 'function') {
    const p = est.predictProba(X);
    proba = Float64Array.from(p.dataSync() as ArrayLike<number>);
    width = p.shape[1] ?? 1;
  }
  return { pred, proba, width };
}

function scoresOf(task: Task, yTrue: Float64Array, r: { pred: Float64Array; proba: Float64Array | null; width: number }, nClasses: number): Scores {
  return task === 'classification'
    ? classificationScores(yTrue, r.pred, r.width === nClasses ? r.proba : null, nClasses)
    : regressionScores(yTrue, r.pred);
}

/** Cross-validated (or hold-out) scores of one model. */
function validate(t: Table, columns: string[], y: Float64Array, task: Task, model: string, options: Params, folds: Int32Array, k: number, nClasses: number, label: string): Scores[] {
  const out: Scores[] = [];
  const evalFolds = k > 0 ? k : 1;
  for (let f = 0; f < evalFolds; f++) {
    progress(`${label}: fold ${f + 1}/${evalFolds}`);
    const trainRows: number[] = [], testRows: number[] = [];
    folds.forEach((g, i) => (g === f ? testRows : trainRows).push(i));
    const { pre, est } = fitOn(t, columns, y, trainRows, model, task, options);
    const r = predictRows(pre, est, subsetTable(t, testRows), '');
    out.push(scoresOf(task, Float64Array.from(testRows, (i) => y[i]), r, nClasses));
  }
  progressDone();
  return out;
}

export function train(a: TrainArgs): void {
  if (a.model !== 'auto' && !MODEL_NAMES.includes(a.model)) throw usage(`unknown --model '${a.model}'; models are: ${MODEL_NAMES.join(', ')}`);
  const full = loadCsv(a.data);
  requireColumn(full, a.target, a.data);
  const rows = labelledRows(full, a.target);
  if (rows.length < full.nRows) process.stderr.write(`nabla: note: ${full.nRows - rows.length} row(s) with a missing '${a.target}' are left out\n`);
  if (rows.length === 0) throw new CliError(`${a.data}: the target column '${a.target}' has no values`);
  const t = subsetTable(full, rows);
  const columns = t.columns.filter((c) => c !== a.target);
  if (columns.length === 0) throw new CliError(`${a.data} has no feature columns besides the target '${a.target}'`);
  const task = a.task ?? inferTask(t, a.target);
  const { y, classes } = encodeTarget(t, a.target, task, a.data);
  const nClasses = classes?.length ?? 0;
  if (task === 'classification' && nClasses < 2) throw new CliError(`${a.data}: the target '${a.target}' has a single class (${classes?.[0]}); classification needs at least two`);
  const n = t.nRows;

  // Folds: K-fold CV (stratified for classification) or one hold-out split.
  let k: number, folds: Int32Array;
  if (a.testSize !== undefined) {
    const rank = assignFolds(n, n, null, 1);
    const nTest = Math.max(1, Math.round(a.testSize * n));
    folds = Int32Array.from(rank, (r) => (r < nTest ? 0 : 1));
    k = 0;
  } else {
    k = a.cv ?? (a.model === 'auto' ? 3 : 5);
    if (k > n) throw usage(`--cv ${k} needs at least ${k} labelled rows; ${a.data} has ${n}`);
    folds = assignFolds(n, k, task === 'classification' ? y : null, 0);
  }

  let model = a.model;
  const metric = primaryMetric(task);
  let comparison: Record<string, number> | undefined;
  let cvScores: Scores[];
  if (model === 'auto') {
    if (Object.keys(a.options).length) throw usage('--set cannot be combined with --model auto (each candidate has its own options)');
    comparison = {};
    let best = -Infinity, bestScores: Scores[] = [];
    for (const cand of autoCandidates(task)) {
      const s = validate(t, columns, y, task, cand, {}, folds, k, nClasses, `auto: ${cand}`);
      const m = summarise(s)[metric].mean;
      comparison[cand] = m;
      if (m > best) { best = m; model = cand; bestScores = s; }
    }
    cvScores = bestScores;
  } else {
    makeEstimator(model, task, a.options); // usage errors before any work
    cvScores = validate(t, columns, y, task, model, a.options, folds, k, nClasses, model);
  }
  const summary = summarise(cvScores);

  // Final fit on all labelled rows.
  progress(`${model}: fitting on all ${n} rows`);
  const all = Array.from({ length: n }, (_, i) => i);
  const { pre, est } = fitOn(t, columns, y, all, model, task, a.options);
  progressDone();
  const fitted = predictRows(pre, est, t, a.data);
  const features = featureNames(pre);
  const imp = importancesOf(est);
  const importances = imp && imp.length === features.length
    ? features.map((name, j) => ({ feature: name, importance: imp[j] })).sort((p, q) => q.importance - p.importance).slice(0, 10)
    : null;
  const cm = task === 'classification' ? confusionMatrix(y, fitted.pred, nClasses) : null;
  const residuals = task === 'regression' ? residualSummary(y, fitted.pred) : null;
  const trainScores = scoresOf(task, y, fitted, nClasses);

  const metrics = Object.fromEntries(Object.entries(summary).map(([key, s]) => [key, { mean: s.mean, std: s.std }]));
  writeModelFile(a.out, {
    format: FORMAT, version: VERSION, model, options: a.model === 'auto' ? {} : a.options, task, target: a.target, columns, features,
    classes, preprocessing: pre, estimator: estimatorToJSON(model, est), metrics, trainedAt: new Date().toISOString(), nRows: n,
  });

  const validation = k > 0 ? `${k}-fold cross-validation (mean ± std)` : `hold-out validation on ${Math.round((a.testSize ?? 0) * 100)}% of the rows`;
  emit(a.json, {
    command: 'train', data: a.data, target: a.target, task, model, estimator: (est as object).constructor.name, rows: n, features: features.length,
    classes, validation: k > 0 ? { kind: 'cv', folds: k } : { kind: 'holdout', testSize: a.testSize }, metrics: summary, ...(comparison ? { auto: comparison } : {}),
    trainingMetrics: trainScores, confusionMatrix: cm, residuals, importances, out: a.out,
  }, () => [
    `nabla train: ${a.data} — ${n} rows, ${columns.length} columns → ${features.length} features; target '${a.target}' (${task}${classes ? `, ${nClasses} classes` : ''})`,
    ...(comparison ? ['auto: 3-fold comparison of ' + Object.entries(comparison).map(([m, s]) => `${m} ${fmt(s)}`).join(', ') + ` → ${model}`] : []),
    `model: ${model} (${(est as object).constructor.name})`,
    `${validation}:`,
    ...cvLines(summary),
    ...(cm && classes ? ['fitted on all rows:', ...matrixLines(cm, classes)] : []),
    ...(residuals ? ['fitted on all rows — residuals (y − ŷ):', ...scoreLines(residuals)] : []),
    ...(importances ? ['top features:', ...importances.map((p) => `  ${p.feature.padEnd(28)} ${fmt(p.importance)}`)] : []),
    `saved ${a.out}`,
  ]);
}
