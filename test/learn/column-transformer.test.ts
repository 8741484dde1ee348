// ColumnTransformer: blocks of columns through their transformers, side by side (values checked
// against scikit-learn 1.2's ColumnTransformer on the same rows).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError, ValueError } from '../../src/index.js';
import { ColumnTransformer } from '../../src/learn/columnTransformer.js';
import { OneHotEncoder, StandardScaler } from '../../src/learn/preprocessing/index.js';
import { estimatorFromJSON, parseJSON, stringifyJSON } from '../../src/learn/persist.js';
import { Pipeline } from '../../src/learn/pipeline.js';
import { LogisticRegression } from '../../src/learn/linear/index.js';

const rows: (string | number)[][] = [['paris', 1, 10, 7], ['tokyo', 3, 20, 8], ['paris', 5, 60, 9]];
const close = (a: ArrayLike<number>, b: number[]): void => { assert.equal(a.length, b.length); for (let i = 0; i < b.length; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-12, `${i}: ${a[i]} vs ${b[i]}`); };

test('one-hot a string column, scale numeric ones, pass the rest through', () => {
  const ct = new ColumnTransformer({ transformers: [['city', new OneHotEncoder(), [0]], ['num', new StandardScaler(), [1, 2]]], remainder: 'passthrough' });
  const out = ct.fitTransform(rows);
  assert.deepEqual(out.shape, [3, 5]);
  // scikit-learn: ColumnTransformer([('city', OneHotEncoder(), [0]), ('num', StandardScaler(), [1, 2])], remainder='passthrough')
  close(out.dataSync(), [1, 0, -1.224744871391589, -0.9258200997725514, 7, 0, 1, 0, -0.4629100498862757, 8, 1, 0, 1.224744871391589, 1.3887301496588271, 9]);
  close(ct.transform([['tokyo', 3, 20, 8]]).dataSync(), [0, 1, 0, -0.4629100498862757, 8]);
  assert.throws(() => ct.transform([['tokyo', 3, 20]]), ShapeError);
  const back = estimatorFromJSON(parseJSON(stringifyJSON(ct.toJSON())) as never) as ColumnTransformer;
  assert.deepEqual(back.transform(rows).dataSync(), ct.transform(rows).dataSync());
});

test('drop and remainder drop; bad specs are ValueErrors; nested params', () => {
  const ct = new ColumnTransformer({ transformers: [['a', 'drop', [0]], ['b', 'passthrough', [3]]] });
  assert.deepEqual(Array.from(ct.fitTransform(rows).dataSync()), [7, 8, 9]);
  assert.throws(() => new ColumnTransformer({ transformers: [['x', 'passthrough', [9]]] }).fit(rows), ValueError);
  assert.throws(() => new ColumnTransformer({ transformers: [['x', 'keep' as never, [0]]] }), ValueError);
  const scaled = new ColumnTransformer({ transformers: [['num', new StandardScaler(), [1]]] });
  scaled.setParams({ num__withMean: false });
  assert.equal(scaled.getParams().num__withMean, false);
});

test('in a Pipeline before a classifier with string labels', () => {
  const pipe = new Pipeline([['cols', new ColumnTransformer({ transformers: [['city', new OneHotEncoder(), [0]], ['num', new StandardScaler(), [1, 2, 3]]] })], ['clf', new LogisticRegression()]]);
  const y = ['low', 'high', 'high'];
  pipe.fit(rows as never, y);
  assert.deepEqual(pipe.predict(rows as never) as unknown, y);
});
