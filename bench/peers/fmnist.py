# Shared loader for the PyTorch peer: Fashion-MNIST from Debian's dataset-fashion-mnist package
# when installed, else nabla's own bundled copy (data/fashion-mnist: a class-balanced 30k
# training subset and the full test set), so both libraries train on the same images.
import gzip, os, numpy as np
_DEB = "/usr/share/datasets/fashion-mnist/"
_OWN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../data/fashion-mnist/")
D = os.environ.get("FMNIST_DIR") or (_DEB if os.path.isdir(_DEB) else _OWN)
def load(split="train"):
    p = "train" if split == "train" else "t10k"
    with gzip.open(D + f"{p}-images-idx3-ubyte.gz") as f: x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)
    with gzip.open(D + f"{p}-labels-idx1-ubyte.gz") as f: y = np.frombuffer(f.read(), np.uint8, offset=8)
    return (x.astype(np.float32) / 255.0), y.astype(np.int64)
