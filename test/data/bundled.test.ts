import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';
import { loadFashionMNIST, parseIdx, loadText, charCorpus, TensorDataset, DataLoader } from '../../src/data/index.js';

test('Fashion-MNIST test set: 10,000 images in [0, 1], labels 0..9, 1,000 per class', () => {
  const { images, labels, classes } = loadFashionMNIST({ train: false });
  assert.deepEqual([...images.shape], [10000, 1, 28, 28]);
  assert.equal(images.dtype, 'float32');
  assert.equal(labels.dtype, 'int32');
  assert.equal(classes.length, 10);
  assert.equal(classes[9], 'Ankle boot');
  const px = images.storage;
  let max = 0, min = 1;
  for (let i = 0; i < px.length; i++) { if (px[i] > max) max = px[i]; if (px[i] < min) min = px[i]; }
  assert.equal(min, 0);
  assert.equal(max, 1);
  const counts = new Array(10).fill(0);
  for (const c of labels.storage) counts[c]++;
  assert.deepEqual(counts, new Array(10).fill(1000));
  // The first test image is an ankle boot (label 9) in the original file.
  assert.equal(labels.storage[0], 9);
});

test('Fashion-MNIST training subset: 3,000 per class, unscaled and flattened options', () => {
  const { images, labels } = loadFashionMNIST({ train: true, scale: false, flatten: true });
  assert.deepEqual([...images.shape], [30000, 784]);
  const counts = new Array(10).fill(0);
  for (const c of labels.storage) counts[c]++;
  assert.deepEqual(counts, new Array(10).fill(3000));
  assert.ok(images.storage.every((v) => Number.isInteger(v) && v >= 0 && v <= 255));
  assert.equal(labels.storage[0], 9); // the original training file also starts with an ankle boot
  // An epoch of batches through the DataLoader fast path covers every image once.
  const loader = new DataLoader(new TensorDataset(images, labels), { batchSize: 256, shuffle: true });
  assert.equal(loader.length, 118);
  let seen = 0;
  for (const [x, y] of loader) { seen += y.shape[0]; assert.equal(x.shape[1], 784); }
  assert.equal(seen, 30000);
});

test('parseIdx rejects bad magic numbers and sizes', () => {
  const ok = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 5, 6]);
  assert.deepEqual(parseIdx(ok, 'x', 1).dims, [2]);
  assert.throws(() => parseIdx(ok, 'x', 3), /magic number 0x801, expected 0x803/);
  assert.throws(() => parseIdx(ok.subarray(0, 9), 'x', 1), /need 2 bytes of data, the file has 1/);
  assert.throws(() => parseIdx(ok.subarray(0, 3), 'x', 1), nb.ValueError);
  assert.throws(() => parseIdx(new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1]), 'y', 3), /8 bytes is shorter than the 16-byte IDX header/);
});

test('loadText: the KJV without reference prefixes (or with them)', () => {
  const text = loadText('kjv');
  const lines = text.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 31102);
  assert.equal(lines[0], 'In the beginning God created the heaven and the earth.');
  assert.equal(lines[lines.length - 1], 'The grace of our Lord Jesus Christ be with you all. Amen.');
  assert.ok(!/^\w+\d+:\d+ /m.test(text));
  const raw = loadText('kjv', { keepReferences: true });
  assert.ok(raw.startsWith('Ge1:1 In the beginning'));
  assert.ok(raw.includes('\n1Chr1:1 '));
  assert.throws(() => loadText('nope' as 'kjv'), /unknown corpus 'nope'/);
});

test('charCorpus: sorted vocabulary, encode/decode round trip, data tensor', () => {
  const small = charCorpus('hello world');
  assert.deepEqual(small.vocab, [' ', 'd', 'e', 'h', 'l', 'o', 'r', 'w']);
  assert.deepEqual(small.encode('hold').toArray(), [3, 5, 4, 1]);
  assert.equal(small.decode(small.data), 'hello world');
  assert.equal(small.decode([7, 5]), 'wo');
  assert.throws(() => small.encode('hex'), /character "x" \(offset 2\) is not in the vocabulary/);
  assert.throws(() => small.decode([8]), /id 8 is out of range for a vocabulary of 8/);
  const emoji = charCorpus('a😀b😀');
  assert.deepEqual(emoji.data.toArray(), [0, 2, 1, 2]);
  assert.equal(emoji.decode(emoji.data), 'a😀b😀');
  const kjv = charCorpus();
  assert.equal(kjv.data.dtype, 'int32');
  assert.equal(kjv.data.shape[0], kjv.text.length);
  assert.ok(kjv.vocab.length > 50 && kjv.vocab.length < 80);
  assert.equal(kjv.decode(kjv.data.slice(0, 0, 20)), 'In the beginning God');
});
