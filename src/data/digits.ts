import { Tensor } from '../tensor/tensor.js';
import { readBundled } from '../io/node.js';

export interface TabularDataset {
  /** Features, float32 [nSamples, nFeatures]. */
  data: Tensor;
  /** Class labels, int32 [nSamples]. */
  target: Tensor;
}

/**
 * scikit-learn's 8×8 optical digits (1,797 samples, 64 pixel features valued 0..16, 10 classes),
 * bundled with nabla as data/digits.csv.gz.
 */
export function loadDigits(): TabularDataset {
  const text = new TextDecoder().decode(readBundled('data/digits.csv.gz'));
  const rows = text.split('\n').filter((l) => l.trim() !== '');
  const nFeatures = rows[0].split(',').length - 1;
  const data = Tensor.empty([rows.length, nFeatures], 'float32');
  const target = Tensor.empty([rows.length], 'int32');
  rows.forEach((line, i) => {
    const cells = line.split(',');
    if (cells.length !== nFeatures + 1) throw new Error(`digits.csv.gz: line ${i + 1} has ${cells.length} fields, expected ${nFeatures + 1}`);
    for (let j = 0; j < nFeatures; j++) data.storage[i * nFeatures + j] = Number(cells[j]);
    target.storage[i] = Number(cells[nFeatures]);
  });
  return { data, target };
}
