// String class labels: the shared helpers in src/learn/base.ts and the semi-supervised marker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, ValueError } from '../../src/index.js';
import { encodeLabels, labelsAt, labelsFromJSON, labelsToJSON, readLabels } from '../../src/learn/base.js';
import { DecisionTreeClassifier } from '../../src/learn/tree/index.js';
import { LabelSpreading, SelfTrainingClassifier } from '../../src/learn/semi-supervised/index.js';
import { KNeighborsClassifier } from '../../src/learn/neighbors/index.js';

const X = [[0, 0], [0, 1], [5, 5], [5, 6], [9, 0], [9, 1]];

test('readLabels keeps strings, reads numbers as float64, and rejects a mix', () => {
  assert.deepEqual(readLabels(['b', 'a']), ['b', 'a']);
  assert.ok(readLabels([1, 2]) instanceof Float64Array);
  assert.throws(() => readLabels(['a', 1] as never), (e: unknown) => e instanceof ValueError && /mixes strings and numbers/.test(e.message));
});

test('encodeLabels sorts string classes; labelsAt maps indices back; JSON keeps the type', () => {
  const { classes, indices } = encodeLabels(['pear', 'apple', 'pear']);
  assert.deepEqual(classes, ['apple', 'pear']);
  assert.deepEqual(Array.from(indices), [1, 0, 1]);
  assert.deepEqual(labelsAt(classes, [1, 0]) as unknown, ['pear', 'apple']);
  const t = labelsAt(Float64Array.of(3, 7), [1, 0]);
  assert.ok(t instanceof Tensor);
  assert.deepEqual(Array.from(t.dataSync()), [7, 3]);
  assert.deepEqual(labelsFromJSON(labelsToJSON(classes)), classes);
  assert.ok(labelsFromJSON(labelsToJSON(Float64Array.of(1, 2))) instanceof Float64Array);
});

test('a classifier fitted on strings types predict as string[] and scores against strings', () => {
  const y = ['lo', 'lo', 'mid', 'mid', 'hi', 'hi'];
  const clf = new DecisionTreeClassifier({ randomState: 0 }).fit(X, y);
  const pred: string[] = clf.predict(X);
  assert.deepEqual(pred, y);
  assert.deepEqual(clf.classes, ['hi', 'lo', 'mid']);
  assert.equal(clf.score(X, y), 1);
  assert.equal(clf.score(X, ['lo', 'lo', 'lo', 'lo', 'lo', 'lo']), 2 / 6);
});

test('semi-supervised string labels mark unlabeled rows with -1', () => {
  const y = ['a', -1, 'b', -1, 'c', -1];
  const names = ['a', 'b', 'c'];
  const ls = new LabelSpreading({ kernel: 'knn', nNeighbors: 2 }).fit(X, y);
  const numeric = new LabelSpreading({ kernel: 'knn', nNeighbors: 2 }).fit(X, [0, -1, 1, -1, 2, -1]);
  assert.deepEqual(ls.classes, names);
  assert.deepEqual(ls.predict(X), Array.from(numeric.predict(X).dataSync(), (c) => names[c]));
  assert.deepEqual(ls.transduction as unknown, Array.from(numeric.transduction!.dataSync(), (c) => names[c]));
  const st = new SelfTrainingClassifier({ baseEstimator: new KNeighborsClassifier({ nNeighbors: 1 }) }).fit(X, y);
  assert.deepEqual(st.classes, ['a', 'b', 'c']);
  assert.deepEqual(st.predict(X), ['a', 'a', 'b', 'b', 'c', 'c']);
  assert.throws(() => new LabelSpreading().fit(X, ['a', 2, 'b', -1, 'c', -1]), ValueError);
});

test('model selection with string labels: scores, crossValPredict and a search equal the numeric ones', async () => {
  const { crossValScore, crossValPredict, GridSearchCV } = await import('../../src/learn/modelSelection/index.js');
  const { LogisticRegression } = await import('../../src/learn/linear/index.js');
  const Xs = Array.from({ length: 30 }, (_, i) => [(i % 3) + Math.sin(i), i % 2]);
  const names = ['a', 'b', 'c'];
  const yn = Xs.map((_, i) => i % 3), ys = yn.map((c) => names[c]);
  for (const scoring of ['accuracy', 'f1_macro', 'neg_log_loss', 'roc_auc_ovr']) {
    assert.deepEqual(crossValScore(new LogisticRegression(), Xs, ys, { cv: 3, scoring }), crossValScore(new LogisticRegression(), Xs, yn, { cv: 3, scoring }), scoring);
  }
  const tree = (): DecisionTreeClassifier => new DecisionTreeClassifier({ randomState: 0 });
  assert.deepEqual(crossValPredict(tree(), Xs, ys as never, { cv: 3 }) as unknown, Array.from(crossValPredict(tree(), Xs, yn, { cv: 3 }).dataSync(), (c) => names[c]));
  assert.deepEqual(crossValPredict(tree(), Xs, ys as never, { cv: 3, method: 'predictProba' }).dataSync(), crossValPredict(tree(), Xs, yn, { cv: 3, method: 'predictProba' }).dataSync());
  const gs = new GridSearchCV(tree(), { maxDepth: [1, 2] }, { cv: 3 }).fit(Xs, ys);
  assert.deepEqual(gs.classes, names);
  assert.deepEqual(gs.predict(Xs) as unknown, Array.from(new GridSearchCV(tree(), { maxDepth: [1, 2] }, { cv: 3 }).fit(Xs, yn).predict(Xs).dataSync(), (c) => names[c]));
});
