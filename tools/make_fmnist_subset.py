"""Makes nabla's bundled Fashion-MNIST (run: /usr/bin/python3 tools/make_fmnist_subset.py [SRC_DIR]).

SRC_DIR (default /work/shared/datasets/fashion-mnist) holds the original IDX .gz files. Writes
under data/fashion-mnist/:
  - train-images-idx3-ubyte.gz / train-labels-idx1-ubyte.gz: a class-balanced 30,000-image
    subset of the 60,000 training images: the first 3,000 images of each class, in their
    original order;
  - t10k-images-idx3-ubyte.gz / t10k-labels-idx1-ubyte.gz: the full 10,000-image test set
    (re-gzipped; the IDX bytes are unchanged).
Files are gzipped with mtime 0 so reruns are byte-identical.
"""
import gzip
import os
import struct
import sys

PER_CLASS = 3000
SRC = sys.argv[1] if len(sys.argv) > 1 else '/work/shared/datasets/fashion-mnist'
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'data', 'fashion-mnist')


def read_idx(path, magic):
    with gzip.open(path, 'rb') as f:
        data = f.read()
    got, = struct.unpack('>I', data[:4])
    assert got == magic, f'{path}: magic {got:#x}, expected {magic:#x}'
    ndim = magic & 0xff
    dims = struct.unpack('>' + 'I' * ndim, data[4:4 + 4 * ndim])
    body = data[4 + 4 * ndim:]
    size = 1
    for d in dims:
        size *= d
    assert len(body) == size, f'{path}: {len(body)} bytes of data, expected {size}'
    return dims, body


def write_idx(path, magic, dims, body):
    header = struct.pack('>I', magic) + struct.pack('>' + 'I' * len(dims), *dims)
    with open(path, 'wb') as raw:
        with gzip.GzipFile(filename='', mode='wb', fileobj=raw, mtime=0, compresslevel=9) as f:
            f.write(header + body)


def main():
    os.makedirs(OUT, exist_ok=True)
    (n, rows, cols), images = read_idx(os.path.join(SRC, 'train-images-idx3-ubyte.gz'), 0x803)
    (nl,), labels = read_idx(os.path.join(SRC, 'train-labels-idx1-ubyte.gz'), 0x801)
    assert n == nl
    px = rows * cols
    counts = [0] * 10
    keep = []
    for i, c in enumerate(labels):
        if counts[c] < PER_CLASS:
            counts[c] += 1
            keep.append(i)
    assert counts == [PER_CLASS] * 10, counts
    write_idx(os.path.join(OUT, 'train-images-idx3-ubyte.gz'), 0x803, (len(keep), rows, cols),
              b''.join(images[i * px:(i + 1) * px] for i in keep))
    write_idx(os.path.join(OUT, 'train-labels-idx1-ubyte.gz'), 0x801, (len(keep),), bytes(labels[i] for i in keep))
    for kind, magic in (('images-idx3', 0x803), ('labels-idx1', 0x801)):
        dims, body = read_idx(os.path.join(SRC, f't10k-{kind}-ubyte.gz'), magic)
        write_idx(os.path.join(OUT, f't10k-{kind}-ubyte.gz'), magic, dims, body)
    print(f'train subset: {len(keep)} images (last source index {keep[-1]}), test: 10000 images')


if __name__ == '__main__':
    main()
