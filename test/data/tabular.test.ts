import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadBreastCancer, loadDiabetes, loadIris, loadWine } from '../../src/data/index.js';

test('loadIris / loadWine / loadBreastCancer: shapes, classes, names (values as scikit-learn)', () => {
  const iris = loadIris();
  assert.deepEqual(iris.data.shape, [150, 4]);
  assert.equal(iris.data.dtype, 'float64');
  assert.equal(iris.target.dtype, 'int32');
  assert.deepEqual(iris.targetNames, ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual(Array.from(iris.data.dataSync().subarray(0, 4)), [5.1, 3.5, 1.4, 0.2]);
  const wine = loadWine();
  assert.deepEqual(wine.data.shape, [178, 13]);
  assert.equal(wine.data.dataSync()[177 * 13 + 12], 560);
  assert.equal(Array.from(wine.target.dataSync()).filter((c) => c === 1).length, 71);
  assert.equal(wine.featureNames[11], 'od280/od315_of_diluted_wines');
  const bc = loadBreastCancer();
  assert.deepEqual(bc.data.shape, [569, 30]);
  assert.equal(bc.data.dataSync()[568 * 30 + 29], 0.07039);
  assert.equal(Array.from(bc.target.dataSync()).reduce((a, b) => a + b, 0), 357);
  assert.equal(bc.featureNames[29], 'worst fractal dimension');
  assert.deepEqual(bc.targetNames, ['malignant', 'benign']);
});

test('loadDiabetes: raw and scaled (centred, unit-norm columns) as scikit-learn', () => {
  const raw = loadDiabetes({ scaled: false });
  assert.deepEqual(raw.data.shape, [442, 10]);
  assert.equal(raw.data.dataSync()[0], 59);
  assert.equal(raw.target.dataSync()[0], 151);
  const d = loadDiabetes();
  const x = d.data.dataSync();
  assert.ok(Math.abs(x[0] - 0.038075906433423026) < 1e-15);
  assert.ok(Math.abs(x[441 * 10 + 9] - 0.0030644094143684884) < 1e-15);
  for (let j = 0; j < 10; j++) {
    let s = 0, ss = 0;
    for (let i = 0; i < 442; i++) { s += x[i * 10 + j]; ss += x[i * 10 + j] ** 2; }
    assert.ok(Math.abs(s) < 1e-12 && Math.abs(ss - 1) < 1e-12, `column ${j}`);
  }
  assert.deepEqual(d.targetNames, []);
});
