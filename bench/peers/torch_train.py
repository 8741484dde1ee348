# Copied from /work/shared/bench/torch_train.py for `bench/train.mjs` (fmnist.py here reads nabla's bundled data).
# Anchor: PyTorch CPU training throughput on the standard workloads (one thread unless TH set).
import sys, time, os, math, numpy as np, torch, torch.nn as nn, torch.nn.functional as F
from fmnist import load
torch.set_num_threads(int(os.environ.get("TH", "1"))); torch.manual_seed(0)
which = sys.argv[1]
xtr, ytr = load("train"); xte, yte = load("test")
def run_classifier(model, shape, bs, epochs=1, lr=1e-3):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    X = torch.from_numpy(xtr).reshape(shape(len(xtr))); Y = torch.from_numpy(ytr)
    n = len(X); t = time.perf_counter(); seen = 0
    for ep in range(epochs):
        perm = torch.randperm(n)
        for i in range(0, n - bs + 1, bs):
            idx = perm[i:i+bs]; opt.zero_grad(); loss = F.cross_entropy(model(X[idx]), Y[idx]); loss.backward(); opt.step(); seen += bs
    dt = time.perf_counter() - t
    with torch.no_grad(): acc = (model(torch.from_numpy(xte).reshape(shape(len(xte)))).argmax(1).numpy() == yte).mean()
    print(f"torch {which}: {seen/dt:.0f} samples/s, {dt:.1f}s, test acc {acc:.4f}")
if which == "mlp":
    m = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 10))
    run_classifier(m, lambda n: (n, 784), 128)
elif which == "cnn":
    m = nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
    run_classifier(m, lambda n: (n, 1, 28, 28), 64)
elif which in ("lstm", "gpt"):
    import gzip
    path = os.environ.get("CORPUS", os.path.join(os.path.dirname(__file__), "../datasets/text/kjv-bible.txt.gz"))
    text = (gzip.open(path, "rt") if path.endswith(".gz") else open(path)).read()[:1_000_000]
    vocab = sorted(set(text)); ix = {c: i for i, c in enumerate(vocab)}; data = torch.tensor([ix[c] for c in text])
    V = len(vocab); T = 64 if which == "lstm" else 128; B = 32 if which == "lstm" else 16
    if which == "lstm":
        class M(nn.Module):
            def __init__(s): super().__init__(); s.e = nn.Embedding(V, 64); s.r = nn.LSTM(64, 256, batch_first=True); s.o = nn.Linear(256, V)
            def forward(s, x): return s.o(s.r(s.e(x))[0])
    else:
        class Block(nn.Module):
            def __init__(s, d, h): super().__init__(); s.l1 = nn.LayerNorm(d); s.a = nn.MultiheadAttention(d, h, batch_first=True); s.l2 = nn.LayerNorm(d); s.f = nn.Sequential(nn.Linear(d, 4*d), nn.GELU(), nn.Linear(4*d, d))
            def forward(s, x, mask): h = s.l1(x); x = x + s.a(h, h, h, attn_mask=mask, need_weights=False)[0]; return x + s.f(s.l2(x))
        class M(nn.Module):
            def __init__(s, d=128, L=4, h=4): super().__init__(); s.e = nn.Embedding(V, d); s.p = nn.Embedding(T, d); s.b = nn.ModuleList([Block(d, h) for _ in range(L)]); s.ln = nn.LayerNorm(d); s.o = nn.Linear(d, V)
            def forward(s, x):
                mask = torch.triu(torch.full((T, T), float("-inf")), 1); h = s.e(x) + s.p(torch.arange(T))
                for b in s.b: h = b(h, mask)
                return s.o(s.ln(h))
    m = M(); opt = torch.optim.Adam(m.parameters(), lr=3e-3); steps = int(os.environ.get("STEPS", "200"))
    g = torch.Generator().manual_seed(0); t = time.perf_counter()
    for s in range(steps):
        ix0 = torch.randint(0, len(data) - T - 1, (B,), generator=g)
        x = torch.stack([data[i:i+T] for i in ix0]); y = torch.stack([data[i+1:i+T+1] for i in ix0])
        opt.zero_grad(); loss = F.cross_entropy(m(x).reshape(-1, V), y.reshape(-1)); loss.backward(); opt.step()
    dt = time.perf_counter() - t
    print(f"torch {which}: {steps*B*T/dt:.0f} tokens/s, {dt:.1f}s, final loss {loss.item():.3f}, params {sum(p.numel() for p in m.parameters())}")
