"""Indexing cases beyond movement.py: x[...] (nabla's index), unbind, masked select, nonzero,
tile, repeat_interleave, index_add, circular pad and scatter of a value.

nabla.index(x, ...items) reads items as: number (select), 'a:b:c' (slice), None/null (a whole
dim, NOT torch's newaxis), list or int32 tensor (integer indexing), bool tensor (mask). Each
ref spells out the same PyTorch subscript.
"""
import torch
import torch.nn.functional as F

from parity.harness import case, randn, randint, randbool, it, bt, unique_index


def indexing_cases():
    f64 = torch.float64
    case('index_int_slice', 'index', [randn(3, 4, 5), 1, '1:3'], ref=lambda x, *_: x[1, 1:3])
    case('index_step_neg', 'index', [randn(4, 6), '::2', -1], ref=lambda x, *_: x[::2, -1])
    case('index_ellipsis', 'index', [randn(2, 3, 4), '...', '1:'], ref=lambda x, *_: x[..., 1:])
    case('index_int_list', 'index', [randn(4, 3), [3, 0, 3]], ref=lambda x, *_: x[[3, 0, 3]],
         note='repeated rows accumulate in the gradient')
    i2 = it([[4, 0], [1, 1]])
    case('index_int_tensor_dim1', 'index', [randn(2, 5, 3), None, i2], ref=lambda x, _n, i: x[:, i.long()])
    case('index_two_adjacent', 'index', [randn(2, 4, 3), None, it([[1], [3]]), it([0, 2])],
         ref=lambda x, _n, i, j: x[:, i.long(), j.long()], note='indices broadcast to [2, 2]; result dims stay in place')
    case('index_two_separated', 'index', [randn(3, 2, 4), it([0, 2]), None, it([3, -1])],
         ref=lambda x, i, _n, j: x[i.long(), :, j.long()], note='separated indices put the result dims first; -1 wraps')
    case('index_int_between', 'index', [randn(3, 2, 4), [0, 2], 1, [3, 1]], ref=lambda x, *_: x[[0, 2], 1, [3, 1]],
         note='a number is a select in PyTorch, so the two lists count as adjacent')
    m = randbool(3, 4)
    case('index_mask_full', 'index', [randn(3, 4), m], ref=lambda x, k: x[k])
    case('index_mask_dim', 'index', [randn(2, 3, 4), None, bt([True, False, True])], ref=lambda x, _n, k: x[:, k])
    case('index_float64_slice_list', 'index', [randn(3, 4, dtype=f64), '1:', [0, 3]], ref=lambda x, *_: x[1:, [0, 3]])
    case('unbind', 'unbind', [randn(3, 2)], ref=torch.unbind)
    case('unbind_dim', 'unbind', [randn(2, 3), -1], ref=torch.unbind)
    case('masked_select', 'maskedSelect', [randn(3, 4), randbool(3, 4)], ref=torch.masked_select)
    case('masked_select_broadcast', 'maskedSelect', [randn(2, 3), randbool(3)], ref=torch.masked_select)
    case('nonzero', 'nonzero', [randbool(3, 4)], ref=torch.nonzero)
    case('nonzero_float', 'nonzero', [torch.tensor([[0.0, 1.5], [float('nan'), 0.0]])], ref=torch.nonzero, note='NaN is nonzero')
    case('tile', 'tile', [randn(2, 3), [2]], ref=lambda x, r: torch.tile(x, r), note='fewer repeats than dims repeat the last dims')
    case('tile_more_dims', 'tile', [randn(2, 3), [2, 1, 2]], ref=lambda x, r: torch.tile(x, r))
    case('repeat_interleave', 'repeatInterleave', [randn(2, 3), 2], ref=torch.repeat_interleave, note='no dim: flattened')
    case('repeat_interleave_dim', 'repeatInterleave', [randn(2, 3), it([1, 0, 2]), 1],
         ref=lambda x, r, d: torch.repeat_interleave(x, r.long(), dim=d))
    case('index_add', 'indexAdd', [randn(4, 3), 0, it([3, 0, 3]), randn(3, 3)], {'alpha': 2.0},
         ref=lambda x, d, i, s, alpha: torch.index_add(x, d, i.long(), s, alpha=alpha), note='repeated indices accumulate')
    case('pad_circular', 'pad', [randn(1, 2, 4), [2, 1]], {'mode': 'circular'},
         ref=lambda x, p, mode: F.pad(x, p, mode=mode))
    case('pad_replicate_crop', 'pad', [randn(1, 2, 5), [-1, 2]], {'mode': 'replicate'},
         ref=lambda x, p, mode: F.pad(x, p, mode=mode), note='negative pads crop in every mode')
    case('scatter_value', 'scatter', [randn(3, 4), 1, unique_index((3, 2), 1, 4), 2.5],
         ref=lambda x, d, i, v: torch.scatter(x, d, i.long(), v))
    case('stack_float64', 'stack', [[randn(2, 2, dtype=f64), randn(2, 2, dtype=f64)], 2], ref=torch.stack)
    case('flip_3d', 'flip', [randn(2, 3, 2), [1, 2]], ref=torch.flip)
