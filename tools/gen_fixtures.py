#!/usr/bin/python3
# Writes the PyTorch parity fixtures test/fixtures/ops.json.
# Run from the repository root as:   /usr/bin/python3 tools/gen_fixtures.py
# (Debian's python3-torch; deterministic: torch.manual_seed(0), same file on every run.)
#
# Each case records the nabla call (fn, args, kwargs), the inputs, PyTorch's outputs and,
# for float outputs, the gradients of sum(out * gradOut) with respect to every float tensor
# argument, for a random gradOut of the output's shape. test/ops/parity.test.ts replays the
# calls against nabla. The format is described in the "format" field of the JSON file.
# The cases themselves are in tools/parity/ (one module per op family; harness.py runs them).
#
# Reference values: every case is run twice by PyTorch. The reference run upcasts float32
# inputs to float64 (they are exact there), computes outputs and gradients in float64 and
# rounds them to the dtype PyTorch gives the same call in the input dtypes (the "native" run).
# So a float32 fixture holds the float32 nearest the exact result, not PyTorch's float32
# rounding. Integer/bool outputs come from the same run (the inputs are identical).
# The native float32 run is used only to measure PyTorch's own float32 error: when that error
# exceeds the default tolerance (float32: rtol 1e-5, atol 1e-6), the case's atol is widened to
# cover it (twice the excess, one significant digit) and "tolNote" says so (no case needs it
# today). Cases with a float64 tensor use rtol 1e-9, atol 1e-12.
import json
import os
import sys

import torch

sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parity.harness import CASES  # noqa: E402
from parity.elementwise import elementwise_cases  # noqa: E402
from parity.reductions import reduction_cases  # noqa: E402
from parity.movement import matmul_cases, movement_cases  # noqa: E402
from parity.neural import neural_cases  # noqa: E402
from parity.reductions_extra import reduction_extra_cases  # noqa: E402
from parity.indexing import indexing_cases  # noqa: E402
from parity.neural_extra import neural_extra_cases  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_PATH = os.path.join(ROOT, 'test', 'fixtures', 'ops.json')

FORMAT = """\
cases[]: { name, fn, args, kwargs, out, grads, gradOut, tol, note?, tolNote?, extra? }.
Call: nabla[fn](...args) or nabla[fn](...args, kwargs) when kwargs is non-empty.
A tensor is {"t": {"dtype", "shape", "data"}} (data flat, row-major; bool data as true/false).
The strings "nan", "inf", "-inf" stand for those numbers wherever they appear (tensor data or plain args).
out: a tensor, a list of tensors, or {"values", "indices"}.
grads: null, or one entry per tensor in args (depth-first, tensors inside lists included, null args skipped):
d(sum(out * gradOut))/d(arg) as a tensor, or null for arguments not differentiated (integer/bool
tensors, running statistics). gradOut matches out (a list for list outputs, null entries for
integer outputs; for {values, indices} it is the gradient of values).
Values and gradients were computed by PyTorch in float64 from the same inputs, then rounded to the
output's dtype. PyTorch's int64 results (indices, integer sums) are recorded as int32.
tol: |actual - expected| <= atol + rtol * |expected| for float outputs and gradients; integer and
bool outputs must match exactly; NaN and infinities must be in the same places.
extra.mutated: tensors in args that the call updates in place (arg index, expected value after one call).
"""


def main():
    torch.manual_seed(0)
    elementwise_cases()
    reduction_cases()
    matmul_cases()
    movement_cases()
    neural_cases()
    indexing_cases()  # last, so adding cases here leaves the earlier ones' random inputs unchanged
    reduction_extra_cases()  # appended after indexing for the same reason
    neural_extra_cases()  # appended last for the same reason
    doc = {
        'generator': 'tools/gen_fixtures.py',
        'torch': torch.__version__,
        'format': FORMAT,
        'cases': CASES,
    }
    os.makedirs(os.path.dirname(OUT_PATH), exist_ok=True)
    text = json.dumps(doc, separators=(',', ':'), allow_nan=False)
    with open(OUT_PATH, 'w') as f:
        f.write(text)
        f.write('\n')
    fns = sorted({c['fn'] for c in CASES})
    print(f'wrote {OUT_PATH}: {len(CASES)} cases, {len(fns)} functions, {len(text) / 1e6:.2f} MB')


if __name__ == '__main__':
    main()
