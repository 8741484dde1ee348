import { Tensor } from '../tensor/tensor.js';
import { readBundled } from '../io/node.js';
import { parseCsvRows } from '../io/csv.js';

/** A bundled tabular dataset, as scikit-learn's `load_*` returns it. */
export interface TabularBunch {
  /** Features, float64 [nSamples, nFeatures]. */
  data: Tensor;
  /** Targets: int32 class indices for classification sets, float64 values for regression. */
  target: Tensor;
  /** Column names of `data`, scikit-learn's. */
  featureNames: string[];
  /** Class names (classification sets only; empty for regression). */
  targetNames: string[];
}

function readText(file: string): string {
  return new TextDecoder().decode(readBundled(`data/${file}`));
}

/** scikit-learn's CSV layout: a header `nSamples,nFeatures,className...`, then rows of features and a class index. */
function loadClassification(file: string, featureNames: string[]): TabularBunch {
  const rows = parseCsvRows(readText(file));
  const [head, ...body] = rows;
  const n = Number(head[0]), p = Number(head[1]);
  if (body.length !== n || p !== featureNames.length) throw new Error(`${file}: header says ${n}×${p}, found ${body.length} rows and ${featureNames.length} names`);
  const data = Tensor.empty([n, p], 'float64');
  const target = Tensor.empty([n], 'int32');
  body.forEach((row, i) => {
    if (row.length !== p + 1) throw new Error(`${file}: row ${i + 2} has ${row.length} fields, expected ${p + 1}`);
    for (let j = 0; j < p; j++) data.storage[i * p + j] = Number(row[j]);
    target.storage[i] = Number(row[p]);
  });
  return { data, target, featureNames, targetNames: head.slice(2) };
}

const IRIS = ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'];
const WINE = ['alcohol', 'malic_acid', 'ash', 'alcalinity_of_ash', 'magnesium', 'total_phenols', 'flavanoids', 'nonflavanoid_phenols',
  'proanthocyanins', 'color_intensity', 'hue', 'od280/od315_of_diluted_wines', 'proline'];
const CANCER_BASE = ['radius', 'texture', 'perimeter', 'area', 'smoothness', 'compactness', 'concavity', 'concave points', 'symmetry', 'fractal dimension'];
const CANCER = [...CANCER_BASE.map((f) => `mean ${f}`), ...CANCER_BASE.map((f) => `${f} error`), ...CANCER_BASE.map((f) => `worst ${f}`)];
const DIABETES = ['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6'];

/** Fisher's iris: 150 samples, 4 features, 3 classes (data/iris.csv, scikit-learn's copy). */
export function loadIris(): TabularBunch {
  return loadClassification('iris.csv', IRIS);
}

/** UCI wine recognition: 178 samples, 13 features, 3 classes (data/wine_data.csv). */
export function loadWine(): TabularBunch {
  return loadClassification('wine_data.csv', WINE);
}

/** Wisconsin diagnostic breast cancer: 569 samples, 30 features, 2 classes (data/breast_cancer.csv.gz). */
export function loadBreastCancer(): TabularBunch {
  return loadClassification('breast_cancer.csv.gz', CANCER);
}

/**
 * Efron et al.'s diabetes regression set: 442 samples, 10 features, a disease-progression target
 * (data/diabetes_data_raw.csv.gz, data/diabetes_target.csv.gz). As scikit-learn's `load_diabetes`,
 * `scaled` (default true) centres each column and scales it to unit Euclidean norm
 * (x - mean) / (std · √n); `scaled: false` gives the raw values.
 */
export function loadDiabetes({ scaled = true }: { scaled?: boolean } = {}): TabularBunch {
  const rows = readText('diabetes_data_raw.csv.gz').split('\n').filter((l) => l.trim() !== '');
  const ys = readText('diabetes_target.csv.gz').split('\n').filter((l) => l.trim() !== '');
  const n = rows.length, p = DIABETES.length;
  if (ys.length !== n) throw new Error(`diabetes: ${n} data rows but ${ys.length} targets`);
  const data = Tensor.empty([n, p], 'float64');
  const target = Tensor.empty([n], 'float64');
  rows.forEach((line, i) => {
    const cells = line.trim().split(/\s+/);
    if (cells.length !== p) throw new Error(`diabetes_data_raw: row ${i + 1} has ${cells.length} fields, expected ${p}`);
    for (let j = 0; j < p; j++) data.storage[i * p + j] = Number(cells[j]);
    target.storage[i] = Number(ys[i]);
  });
  if (scaled) {
    const d = data.storage as Float64Array;
    for (let j = 0; j < p; j++) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += d[i * p + j];
      mean /= n;
      let v = 0;
      for (let i = 0; i < n; i++) v += (d[i * p + j] - mean) ** 2;
      const scale = Math.sqrt(v / n) * Math.sqrt(n);
      for (let i = 0; i < n; i++) d[i * p + j] = (d[i * p + j] - mean) / scale;
    }
  }
  return { data, target, featureNames: [...DIABETES], targetNames: [] };
}

/**
 * The Boston house-prices regression set (Harrison & Rubinfeld, 1978): 506 samples, 13 raw
 * features, the median value MEDV (in $1000s) as target (data/boston_house_prices.csv.gz, the
 * CSV scikit-learn shipped before 1.2). Kept for least-squares benchmarks and parity only:
 * scikit-learn removed it because the `B` feature encodes a racially motivated assumption — do
 * not use it to model housing.
 */
export function loadBoston(): TabularBunch {
  const rows = parseCsvRows(readText('boston_house_prices.csv.gz')).filter((r) => r.length > 1 || r[0] !== '');
  const [head, names, ...body] = rows;
  const n = Number(head[0]), p = Number(head[1]);
  if (body.length !== n || names.length !== p + 1) throw new Error(`boston_house_prices: header says ${n}×${p}, found ${body.length} rows and ${names.length - 1} feature names`);
  const data = Tensor.empty([n, p], 'float64');
  const target = Tensor.empty([n], 'float64');
  body.forEach((row, i) => {
    if (row.length !== p + 1) throw new Error(`boston_house_prices: row ${i + 3} has ${row.length} fields, expected ${p + 1}`);
    for (let j = 0; j < p; j++) data.storage[i * p + j] = Number(row[j]);
    target.storage[i] = Number(row[p]);
  });
  return { data, target, featureNames: names.slice(0, p), targetNames: [] };
}
