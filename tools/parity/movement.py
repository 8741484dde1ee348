"""Matrix products and movement/indexing cases."""
import torch
import torch.nn.functional as F

from parity.harness import case, randn, randint, randbool, it, unique_index


# ---------------------------------------------------------------- matrix products

def matmul_cases():
    f64 = torch.float64
    case('matmul_2d', 'matmul', [randn(3, 4), randn(4, 5)], ref=torch.matmul)
    case('matmul_1d_1d', 'matmul', [randn(5), randn(5)], ref=torch.matmul)
    case('matmul_2d_1d', 'matmul', [randn(3, 4), randn(4)], ref=torch.matmul)
    case('matmul_1d_2d', 'matmul', [randn(4), randn(4, 3)], ref=torch.matmul)
    case('matmul_batched', 'matmul', [randn(2, 3, 4), randn(2, 4, 2)], ref=torch.matmul)
    case('matmul_batched_broadcast', 'matmul', [randn(2, 1, 3, 4), randn(3, 4, 2)], ref=torch.matmul)
    case('matmul_batched_2d', 'matmul', [randn(2, 3, 4), randn(4, 3)], ref=torch.matmul)
    case('matmul_1d_batched', 'matmul', [randn(4), randn(2, 4, 3)], ref=torch.matmul)
    case('matmul_float64', 'matmul', [randn(4, 6, dtype=f64), randn(6, 5, dtype=f64)], ref=torch.matmul)
    case('matmul_empty_inner', 'matmul', [torch.zeros(2, 0), torch.zeros(0, 3)], ref=torch.matmul, grad=False,
         note='empty inner dimension gives zeros')
    case('dot', 'dot', [randn(7), randn(7)], ref=torch.dot)
    case('dot_float64', 'dot', [randn(6, dtype=f64), randn(6, dtype=f64)], ref=torch.dot)
    case('outer', 'outer', [randn(4), randn(5)], ref=torch.outer)
    case('bmm', 'bmm', [randn(3, 2, 4), randn(3, 4, 3)], ref=torch.bmm)
    case('bmm_float64', 'bmm', [randn(2, 3, 4, dtype=f64), randn(2, 4, 2, dtype=f64)], ref=torch.bmm)
    # einsum takes the equation first, as PyTorch's does
    e = lambda eq, *ops: case(f'einsum_{eq.replace(",", "_").replace("->", "_to_") or "x"}', 'einsum', [eq, *ops],
                              ref=lambda q, *ts: torch.einsum(q, *ts))
    e('ij,jk->ik', randn(3, 4), randn(4, 2))
    e('bij,bjk->bik', randn(2, 3, 4), randn(2, 4, 2))
    e('ij->ji', randn(3, 4))
    e('ij->j', randn(3, 4))
    e('ii->i', randn(4, 4))
    e('i,i->', randn(5), randn(5))
    e('i,j->ij', randn(3), randn(4))
    e('bhqd,bhkd->bhqk', randn(1, 2, 3, 4), randn(1, 2, 5, 4))
    e('ij,ij->i', randn(3, 4), randn(3, 4))


# ---------------------------------------------------------------- movement

def movement_cases():
    f64 = torch.float64
    case('reshape', 'reshape', [randn(2, 3, 4), [4, 6]], ref=torch.reshape)
    case('reshape_infer', 'reshape', [randn(2, 3, 4), [2, -1, 3]], ref=torch.reshape)
    case('reshape_scalar', 'reshape', [randn(1, 1), []], ref=torch.reshape)
    case('reshape_int32', 'reshape', [randint(0, 9, 2, 6), [3, 4]], ref=torch.reshape)
    case('flatten', 'flatten', [randn(2, 3, 4)], ref=torch.flatten)
    case('flatten_start', 'flatten', [randn(2, 3, 4), 1], ref=torch.flatten)
    case('flatten_range', 'flatten', [randn(2, 3, 2, 2), 1, -2], ref=torch.flatten)
    case('transpose', 'transpose', [randn(2, 3, 4), 0, 2], ref=torch.transpose)
    case('transpose_neg', 'transpose', [randn(2, 3, 4), -1, -2], ref=torch.transpose)
    case('permute', 'permute', [randn(2, 3, 4), [2, 0, 1]], ref=torch.permute)
    case('permute_neg', 'permute', [randn(2, 3, 4), [-1, 1, 0]], ref=torch.permute)
    case('squeeze_all', 'squeeze', [randn(1, 3, 1, 4)], ref=torch.squeeze)
    case('squeeze_dim', 'squeeze', [randn(1, 3, 1, 4), 2], ref=torch.squeeze)
    case('squeeze_dim_not_one', 'squeeze', [randn(2, 3), 0], ref=torch.squeeze, note='no-op when the dim is not 1')
    case('unsqueeze', 'unsqueeze', [randn(3, 4), 1], ref=torch.unsqueeze)
    case('unsqueeze_neg', 'unsqueeze', [randn(3, 4), -1], ref=torch.unsqueeze)
    case('expand', 'expand', [randn(3, 1), [3, 4]], ref=lambda x, s: x.expand(s))
    case('expand_new_dims', 'expand', [randn(3, 1), [2, -1, 4]], ref=lambda x, s: x.expand(s),
         note='-1 keeps the size; gradient sums over the expanded dims')
    case('narrow', 'narrow', [randn(3, 5), 1, 1, 3], ref=torch.narrow)
    case('narrow_neg_dim', 'narrow', [randn(2, 4, 3), -2, 2, 2], ref=torch.narrow)
    case('cat', 'cat', [[randn(2, 3), randn(1, 3)]], ref=lambda ts: torch.cat(ts))
    case('cat_dim', 'cat', [[randn(2, 3), randn(2, 1), randn(2, 2)], 1], ref=torch.cat)
    case('cat_neg_dim', 'cat', [[randn(2, 2, 3), randn(2, 2, 2)], -1], ref=torch.cat)
    case('cat_float64', 'cat', [[randn(2, 3, dtype=f64), randn(3, 3, dtype=f64)], 0], ref=torch.cat)
    case('cat_int32', 'cat', [[randint(0, 9, 2, 2), randint(0, 9, 2, 3)], 1], ref=torch.cat)
    case('cat_empty', 'cat', [[torch.zeros(0, 3), randn(2, 3)], 0], ref=torch.cat)
    case('stack', 'stack', [[randn(2, 3), randn(2, 3)]], ref=lambda ts: torch.stack(ts))
    case('stack_dim', 'stack', [[randn(2, 3), randn(2, 3), randn(2, 3)], 1], ref=torch.stack)
    case('stack_neg_dim', 'stack', [[randn(2, 3), randn(2, 3)], -1], ref=torch.stack)
    case('split_size', 'split', [randn(5, 3), 2], ref=torch.split, note='last piece is smaller')
    case('split_sizes', 'split', [randn(2, 6), [1, 3, 2], 1], ref=torch.split)
    case('split_neg_dim', 'split', [randn(2, 3, 4), 3, -1], ref=torch.split)
    case('chunk', 'chunk', [randn(7, 2), 3], ref=torch.chunk, note='chunk sizes ceil(7/3) = 3, 3, 1')
    case('chunk_fewer', 'chunk', [randn(2, 6), 4, 1], ref=torch.chunk,
         note='chunk(6, 4) gives 3 chunks of 2 (size ceil(6/4) = 2), not 4')
    case('chunk_neg_dim', 'chunk', [randn(2, 3, 4), 2, -1], ref=torch.chunk)
    case('gather', 'gather', [randn(3, 4), 1, randint(0, 4, 3, 5)], ref=lambda x, d, i: torch.gather(x, d, i.long()),
         note='repeated indices accumulate in the gradient')
    case('gather_dim0', 'gather', [randn(3, 4), 0, randint(0, 3, 2, 4)], ref=lambda x, d, i: torch.gather(x, d, i.long()))
    case('gather_smaller_index', 'gather', [randn(3, 4, 2), -1, randint(0, 2, 2, 3, 2)],
         ref=lambda x, d, i: torch.gather(x, d, i.long()), note='index smaller than input in the other dims')
    case('scatter', 'scatter', [randn(3, 5), 1, unique_index((3, 3), 1, 5), randn(3, 3)],
         ref=lambda x, d, i, s: torch.scatter(x, d, i.long(), s),
         note='distinct indices per row; gradient of x is zero where overwritten, of src is gathered')
    case('scatter_dim0', 'scatter', [randn(4, 3), 0, unique_index((2, 3), 0, 4), randn(2, 3)],
         ref=lambda x, d, i, s: torch.scatter(x, d, i.long(), s))
    case('scatter_add', 'scatterAdd', [randn(3, 4), 1, randint(0, 4, 3, 6), randn(3, 6)],
         ref=lambda x, d, i, s: torch.scatter_add(x, d, i.long(), s), note='repeated indices accumulate')
    case('scatter_add_dim0', 'scatterAdd', [randn(3, 2), 0, randint(0, 3, 5, 2), randn(5, 2)],
         ref=lambda x, d, i, s: torch.scatter_add(x, d, i.long(), s))
    case('index_select', 'indexSelect', [randn(4, 3), 0, it([3, 0, 3, 1])],
         ref=lambda x, d, i: torch.index_select(x, d, i.long()))
    case('index_select_dim1', 'indexSelect', [randn(2, 5, 2), 1, it([4, 4, 0])],
         ref=lambda x, d, i: torch.index_select(x, d, i.long()))
    case('masked_fill', 'maskedFill', [randn(3, 4), randbool(3, 4), -1.5], ref=torch.masked_fill)
    case('masked_fill_broadcast', 'maskedFill', [randn(2, 3, 4), randbool(3, 1), 0.0], ref=torch.masked_fill)
    case('masked_fill_neg_inf', 'maskedFill', [randn(3, 3), torch.ones(3, 3).triu(1).bool(), float('-inf')],
         ref=torch.masked_fill, note='value "-inf" decodes to -Infinity')
    case('masked_fill_int32', 'maskedFill', [randint(0, 9, 2, 3), randbool(2, 3), 7], ref=torch.masked_fill)

    # pad: nabla.pad(x, pad, {mode, value}); pad lists last dim first, as PyTorch's
    def pad_ref(x, p, mode='constant', value=None):
        return F.pad(x, p, mode=mode, value=value) if mode == 'constant' else F.pad(x, p, mode=mode)
    case('pad_constant', 'pad', [randn(2, 3), [1, 2]], ref=pad_ref)
    case('pad_constant_value', 'pad', [randn(2, 3, 2), [1, 0, 0, 2]], {'value': 1.5}, ref=pad_ref)
    case('pad_constant_3dims', 'pad', [randn(2, 2, 2), [1, 1, 0, 1, 1, 0]], ref=pad_ref)
    case('pad_constant_negative', 'pad', [randn(3, 5), [-1, 1, 0, -1]], ref=pad_ref, note='negative pads crop')
    case('pad_reflect_1d', 'pad', [randn(2, 2, 5), [2, 3]], {'mode': 'reflect'}, ref=pad_ref)
    case('pad_reflect_2d', 'pad', [randn(1, 2, 3, 4), [1, 2, 2, 1]], {'mode': 'reflect'}, ref=pad_ref)
    case('pad_replicate_1d', 'pad', [randn(1, 2, 4), [3, 1]], {'mode': 'replicate'}, ref=pad_ref)
    case('pad_replicate_2d', 'pad', [randn(1, 2, 3, 3), [2, 0, 1, 3]], {'mode': 'replicate'}, ref=pad_ref)
    case('pad_reflect_float64', 'pad', [randn(1, 1, 3, 4, dtype=f64), [1, 1, 1, 1]], {'mode': 'reflect'}, ref=pad_ref)

    case('flip', 'flip', [randn(3, 4), [0]], ref=torch.flip)
    case('flip_dims', 'flip', [randn(2, 3, 4), [0, -1]], ref=torch.flip)
    case('flip_int32', 'flip', [randint(0, 9, 2, 3), [1]], ref=torch.flip)
    case('roll_flat', 'roll', [randn(3, 4), 2], ref=torch.roll, note='no dims: roll the flattened tensor')
    case('roll_dim', 'roll', [randn(3, 4), -1, 1], ref=torch.roll)
    case('roll_dims', 'roll', [randn(3, 4), [1, -2], [0, 1]], ref=torch.roll)
    case('roll_large_shift', 'roll', [randn(2, 5), 7, 1], ref=torch.roll, note='shift larger than the dim wraps')
    case('repeat', 'repeat', [randn(2, 3), [2, 1]], ref=lambda x, r: x.repeat(r))
    case('repeat_new_dims', 'repeat', [randn(2, 3), [2, 1, 2]], ref=lambda x, r: x.repeat(r),
         note='more repeats than dims prepends dims')
    case('tril', 'tril', [randn(4, 5)], ref=torch.tril)
    case('tril_diag', 'tril', [randn(4, 4), -1], ref=torch.tril)
    case('triu', 'triu', [randn(4, 5)], ref=torch.triu)
    case('triu_diag_batched', 'triu', [randn(2, 3, 4), 1], ref=torch.triu)
    case('tril_int32', 'tril', [randint(1, 9, 3, 3)], ref=torch.tril)
