import { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../tensor/errors.js';
import { readBundled } from '../io/node.js';

/** Fashion-MNIST's class names, by label. */
export const FASHION_MNIST_CLASSES: readonly string[] = [
  'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
];

export interface FashionMNISTOptions {
  /** The training subset (30,000 images, 3,000 per class) or the test set (10,000). Default true. */
  train?: boolean;
  /** Pixels as float32 in [0, 1] (default true); false keeps 0..255 (still float32). */
  scale?: boolean;
  /** Images as [N, 784] instead of [N, 1, 28, 28] (default false). */
  flatten?: boolean;
}

export interface FashionMNIST {
  /** float32 [N, 1, 28, 28] (or [N, 784] with flatten). */
  images: Tensor;
  /** int32 [N], 0..9. */
  labels: Tensor;
  classes: string[];
}

/** An IDX file's dims and unsigned-byte body, checked against its header. */
export function parseIdx(bytes: Uint8Array, name: string, ndim: number): { dims: number[]; body: Uint8Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = 4 + 4 * ndim;
  const magic = bytes.length >= 4 ? view.getUint32(0, false) : -1;
  if (magic !== 0x800 + ndim) {
    throw new ValueError(`parseIdx: ${name}: magic number 0x${magic.toString(16)}, expected 0x${(0x800 + ndim).toString(16)} (unsigned bytes, ${ndim} dims)`);
  }
  if (bytes.length < header) throw new ValueError(`parseIdx: ${name}: ${bytes.length} bytes is shorter than the ${header}-byte IDX header`);
  const dims = Array.from({ length: ndim }, (_, k) => view.getUint32(4 + 4 * k, false));
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.length - header !== size) throw new ValueError(`parseIdx: ${name}: dims [${dims.join(', ')}] need ${size} bytes of data, the file has ${bytes.length - header}`);
  return { dims, body: bytes.subarray(header) };
}

/**
 * Fashion-MNIST (Zalando Research, MIT licence), bundled in IDX format: the full test set and
 * a class-balanced 30,000-image training subset (see data/README.md).
 *
 * ```ts
 * const { images, labels, classes } = loadFashionMNIST({ train: true }); // [30000, 1, 28, 28], [30000]
 * ```
 */
export function loadFashionMNIST({ train = true, scale = true, flatten = false }: FashionMNISTOptions = {}): FashionMNIST {
  const prefix = train ? 'train' : 't10k';
  const imgFile = `data/fashion-mnist/${prefix}-images-idx3-ubyte.gz`;
  const lblFile = `data/fashion-mnist/${prefix}-labels-idx1-ubyte.gz`;
  const img = parseIdx(readBundled(imgFile), imgFile, 3);
  const lbl = parseIdx(readBundled(lblFile), lblFile, 1);
  const [n, rows, cols] = img.dims;
  if (lbl.dims[0] !== n) throw new ValueError(`loadFashionMNIST: ${n} images but ${lbl.dims[0]} labels`);
  const images = Tensor.empty(flatten ? [n, rows * cols] : [n, 1, rows, cols], 'float32');
  const px = images.storage;
  if (scale) for (let i = 0; i < img.body.length; i++) px[i] = img.body[i] / 255;
  else px.set(img.body);
  const labels = Tensor.empty([n], 'int32');
  labels.storage.set(lbl.body);
  return { images, labels, classes: [...FASHION_MNIST_CLASSES] };
}
