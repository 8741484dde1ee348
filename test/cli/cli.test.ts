import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadIris, loadBreastCancer, loadBoston, type TabularBunch } from '../../src/data/tabular.js';

// Drives the `nabla` command as a user would: a spawned process, real CSV files in a temp dir.
const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'main.js');
let dir = '';

function nabla(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function json(...args: string[]): Record<string, any> {
  const r = nabla(...args, '--json');
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

function writeCsv(file: string, b: TabularBunch, target: string, classNames: boolean): void {
  const [n, p] = b.data.shape;
  const d = b.data.dataSync() as Float64Array;
  const t = b.target.dataSync() as ArrayLike<number>;
  const q = (s: string): string => (/[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [[...b.featureNames, target].map(q).join(',')];
  for (let i = 0; i < n; i++) lines.push([...Array.from(d.subarray(i * p, i * p + p)), classNames ? b.targetNames[t[i]] : t[i]].join(','));
  writeFileSync(join(dir, file), lines.join('\n') + '\n');
}

function csvRows(text: string): string[][] {
  return text.trim().split('\n').map((l) => l.split(','));
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'nabla-cli-'));
  writeCsv('iris.csv', loadIris(), 'species', true);
  writeCsv('cancer.csv', loadBreastCancer(), 'malignant', false);
  writeCsv('boston.csv', loadBoston(), 'MEDV', false);
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('nabla --help lists the commands and models', () => {
  const r = nabla('--help');
  assert.equal(r.code, 0);
  for (const s of ['nabla train', 'nabla predict', 'nabla evaluate', 'nabla info', 'extra-trees', 'naive-bayes', 'auto']) assert.ok(r.stdout.includes(s), s);
});

test('iris: train (tree, 3-fold CV) → predict --proba → evaluate → info round trip', () => {
  const tr = json('train', 'iris.csv', '--target', 'species', '--model', 'tree', '--cv', '3', '--out', 'iris.nbl');
  assert.equal(tr.task, 'classification');
  assert.deepEqual(tr.classes, ['setosa', 'versicolor', 'virginica']);
  assert.equal(tr.metrics.accuracy.folds.length, 3);
  assert.ok(tr.metrics.accuracy.mean > 0.9, `cv accuracy ${tr.metrics.accuracy.mean}`);
  assert.ok(tr.metrics.accuracy.std >= 0 && tr.metrics.f1Macro.mean > 0.9);
  assert.equal(tr.confusionMatrix.length, 3);
  assert.ok(tr.importances.length > 0 && tr.importances[0].feature.startsWith('petal'));

  const text = nabla('train', 'iris.csv', '--target', 'species', '--model', 'tree', '--cv', '3', '--out', 'iris.nbl');
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /accuracy\s+0\.9\d+ ± 0\.\d+/);
  assert.match(text.stdout, /confusion matrix/);

  const pr = nabla('predict', 'iris.nbl', 'iris.csv', '--proba', '--out', 'preds.csv');
  assert.equal(pr.code, 0, pr.stderr);
  const rows = csvRows(readFileSync(join(dir, 'preds.csv'), 'utf8'));
  assert.deepEqual(rows[0], ['prediction', 'proba_setosa', 'proba_versicolor', 'proba_virginica']);
  assert.equal(rows.length - 1, 150);
  for (const r of rows.slice(1)) assert.ok(Math.abs(r.slice(1).reduce((a, v) => a + Number(v), 0) - 1) < 1e-9, r.join(','));
  const truth = csvRows(readFileSync(join(dir, 'iris.csv'), 'utf8')).slice(1).map((r) => r[4]);
  const acc = rows.slice(1).filter((r, i) => r[0] === truth[i]).length / 150;

  const ev = json('evaluate', 'iris.nbl', 'iris.csv');
  assert.equal(ev.metrics.accuracy, acc);
  assert.ok(acc > 0.95);

  const info = nabla('info', 'iris.nbl');
  assert.equal(info.code, 0, info.stderr);
  assert.match(info.stdout, /DecisionTreeClassifier/);
  assert.match(info.stdout, /setosa, versicolor, virginica/);
  assert.equal(json('info', 'iris.nbl').estimator, 'DecisionTreeClassifier');
  const saved = JSON.parse(readFileSync(join(dir, 'iris.nbl'), 'utf8'));
  assert.equal(saved.format, 'nabla-model');
  assert.equal(typeof saved.version, 'number');
});

test('breast cancer: forest with --set, ROC-AUC, predictions on stdout, evaluate agrees', () => {
  const tr = json('train', 'cancer.csv', '--target', 'malignant', '--model', 'forest', '--set', 'nEstimators=20', '--cv', '3', '--out', 'cancer.nbl');
  assert.equal(tr.task, 'classification');
  assert.ok(tr.metrics.accuracy.mean > 0.9, `cv accuracy ${tr.metrics.accuracy.mean}`);
  assert.ok(tr.metrics.rocAuc.mean > 0.95, `cv roc-auc ${tr.metrics.rocAuc.mean}`);
  assert.equal(tr.importances.length, 10);
  assert.equal(json('info', 'cancer.nbl').options.nEstimators, 20);

  const pr = nabla('predict', 'cancer.nbl', 'cancer.csv');
  assert.equal(pr.code, 0, pr.stderr);
  const rows = csvRows(pr.stdout);
  assert.deepEqual(rows[0], ['prediction']);
  assert.equal(rows.length - 1, 569);
  const truth = csvRows(readFileSync(join(dir, 'cancer.csv'), 'utf8')).slice(1).map((r) => r[r.length - 1]);
  const acc = rows.slice(1).filter((r, i) => r[0] === truth[i]).length / 569;
  const ev = json('evaluate', 'cancer.nbl', 'cancer.csv');
  assert.equal(ev.metrics.accuracy, acc);
  assert.ok(ev.metrics.rocAuc > 0.95);
});

test('Boston housing: forest regression R² > 0.7, residual summary, evaluate agrees with predict', () => {
  const tr = json('train', 'boston.csv', '--target', 'MEDV', '--model', 'forest', '--set', 'nEstimators=20', '--cv', '3', '--out', 'boston.nbl');
  assert.equal(tr.task, 'regression');
  assert.ok(tr.metrics.r2.mean > 0.7, `cv R² ${tr.metrics.r2.mean}`);
  assert.ok(tr.metrics.rmse.mean > 0 && tr.metrics.mae.mean > 0);
  assert.ok(Math.abs(tr.residuals.mean) < 1 && tr.residuals.q25 <= tr.residuals.median);
  assert.ok(['RM', 'LSTAT'].includes(tr.importances[0].feature));

  const pr = nabla('predict', 'boston.nbl', 'boston.csv', '--out', 'b.csv');
  assert.equal(pr.code, 0, pr.stderr);
  const preds = csvRows(readFileSync(join(dir, 'b.csv'), 'utf8')).slice(1).map((r) => Number(r[0]));
  assert.equal(preds.length, 506);
  const y = csvRows(readFileSync(join(dir, 'boston.csv'), 'utf8')).slice(1).map((r) => Number(r[r.length - 1]));
  const mae = preds.reduce((a, p, i) => a + Math.abs(p - y[i]), 0) / 506;
  const ev = json('evaluate', 'boston.nbl', 'boston.csv');
  assert.ok(Math.abs(ev.metrics.mae - mae) < 1e-9, `${ev.metrics.mae} vs ${mae}`);
  assert.ok(ev.metrics.r2 > 0.9);
  assert.match(nabla('info', 'boston.nbl').stdout, /RandomForestRegressor/);
  assert.equal(nabla('predict', 'boston.nbl', 'boston.csv', '--proba').code, 1);
});

test('string columns with missing values are one-hot encoded; unknown categories are ignored at predict time', () => {
  writeFileSync(join(dir, 'cat.csv'), 'color,size,label\nred,1.5,yes\nblue,,no\n,2.5,yes\nred,3.5,no\ngreen,1,yes\nblue,2,no\nred,1.2,yes\nblue,0.5,no\ngreen,2.2,yes\nred,1.1,no\n');
  const tr = json('train', 'cat.csv', '--target', 'label', '--model', 'logistic', '--cv', '2', '--out', 'cat.nbl');
  assert.deepEqual(tr.classes, ['no', 'yes']);
  const info = json('info', 'cat.nbl');
  assert.deepEqual(info.features, ['color=(missing)', 'color=blue', 'color=green', 'color=red', 'size']);
  writeFileSync(join(dir, 'new.csv'), 'color,size\npurple,1\n,NA\n');
  const pr = nabla('predict', 'cat.nbl', 'new.csv', '--proba');
  assert.equal(pr.code, 0, pr.stderr);
  assert.equal(csvRows(pr.stdout).length, 3);
});

test('mlp: the network weights survive the model file (predict after train gives the training fit)', () => {
  const tr = json('train', 'iris.csv', '--target', 'species', '--model', 'mlp', '--set', 'epochs=30', '--set', 'hidden=16', '--cv', '2', '--out', 'mlp.nbl');
  assert.ok(tr.metrics.accuracy.mean > 0.8, `cv accuracy ${tr.metrics.accuracy.mean}`);
  const ev = json('evaluate', 'mlp.nbl', 'iris.csv');
  assert.equal(ev.metrics.accuracy, tr.trainingMetrics.accuracy);
  const rows = csvRows(nabla('predict', 'mlp.nbl', 'iris.csv', '--proba').stdout).slice(1);
  assert.equal(rows.length, 150);
  for (const r of rows) assert.ok(Math.abs(r.slice(1).reduce((a, v) => a + Number(v), 0) - 1) < 1e-6);
});

test('auto compares candidates with 3 folds and keeps the best', () => {
  const tr = json('train', 'iris.csv', '--target', 'species', '--model', 'auto', '--out', 'auto.nbl');
  assert.deepEqual(Object.keys(tr.auto).sort(), ['forest', 'gbm', 'logistic', 'tree']);
  assert.equal(tr.metrics.accuracy.folds.length, 3);
  assert.equal(tr.metrics.accuracy.mean, Math.max(...Object.values(tr.auto as Record<string, number>)));
  assert.equal(json('info', 'auto.nbl').model, tr.model);
});

test('user errors: one clear line on stderr, exit code 1 (data/model) or 2 (usage), no stack trace', () => {
  writeFileSync(join(dir, 'empty.csv'), '');
  writeFileSync(join(dir, 'header.csv'), 'a,b\n');
  writeFileSync(join(dir, 'ragged.csv'), 'a,b\n1,2\n3\n');
  writeFileSync(join(dir, 'words.csv'), 'a,b\n1,x\n2,y\n3,z\n');
  writeFileSync(join(dir, 'foreign.nbl'), '{"hello": 1}');
  writeFileSync(join(dir, 'text.nbl'), 'not json at all');
  const full = readFileSync(join(dir, 'iris.nbl'), 'utf8');
  writeFileSync(join(dir, 'trunc.nbl'), full.slice(0, Math.floor(full.length / 2)));
  const cases: [string[], number, RegExp][] = [
    [['train', 'missing.csv', '--target', 'y'], 1, /no such file: missing\.csv/],
    [['train', 'iris.csv', '--target', 'nope'], 1, /no column 'nope'; columns are: sepal length \(cm\), .*species/],
    [['train', 'words.csv', '--target', 'b', '--task', 'regression'], 1, /target column 'b' is not numeric/],
    [['train', 'empty.csv', '--target', 'a'], 1, /empty\.csv is empty/],
    [['train', 'header.csv', '--target', 'a'], 1, /no data rows/],
    [['train', 'ragged.csv', '--target', 'a'], 1, /ragged\.csv: row 3 has 1 fields, expected 2/],
    [['info', 'foreign.nbl'], 1, /foreign\.nbl is not a nabla model file/],
    [['info', 'text.nbl'], 1, /text\.nbl is not a nabla model file/],
    [['predict', 'trunc.nbl', 'iris.csv'], 1, /trunc\.nbl is a truncated or corrupt nabla model file/],
    [['evaluate', 'missing.nbl', 'iris.csv'], 1, /no such file: missing\.nbl/],
    [['evaluate', 'iris.nbl', 'boston.csv'], 1, /boston\.csv has no column 'species'; columns are: CRIM/],
    [['train', 'iris.csv', '--target', 'species', '--model', 'bogus'], 2, /unknown --model 'bogus'; models are: linear, logistic, .*mlp, auto/],
    [['train', 'iris.csv', '--target', 'species', '--model', 'ridge'], 2, /ridge does not do classification/],
    [['train', 'iris.csv', '--target', 'species', '--set', 'nokey'], 2, /bad --set 'nokey'/],
    [['train', 'iris.csv', '--target', 'species', '--model', 'tree', '--set', 'noSuchOption=1'], 2, /bad --set: tree has no option 'noSuchOption'/],
    [['train', 'iris.csv', '--target', 'species', '--model', 'tree', '--set', 'maxDepth=-3'], 2, /bad --set: .*maxDepth/],
    [['train', 'iris.csv'], 2, /needs --target/],
    [['train', 'iris.csv', '--target', 'species', '--cv', '1'], 2, /--cv must be an integer ≥ 2/],
    [['frobnicate'], 2, /unknown command 'frobnicate'/],
    [['predict', 'iris.nbl', 'iris.csv', '--bogus'], 2, /unknown option --bogus/],
  ];
  for (const [args, code, msg] of cases) {
    const r = nabla(...args);
    const label = `nabla ${args.join(' ')}`;
    assert.equal(r.code, code, `${label}: exit ${r.code}, stderr ${r.stderr}`);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('nabla: error: '));
    assert.equal(errors.length, 1, `${label}: ${r.stderr}`);
    assert.match(errors[0], msg, label);
    assert.doesNotMatch(r.stderr, /^\s+at /m, `${label} printed a stack trace`);
  }
});
