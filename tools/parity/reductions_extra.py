"""More reduction and einsum cases: var/std correction, norm orders, kthvalue/median, aminmax-free
sort/topk variants, einsum traces and '...'. Run last, so earlier cases keep their random inputs."""
import torch

from parity.harness import case, randn, away, ft


def reduction_extra_cases():
    f64 = torch.float64
    # var/std: PyTorch's keyword-only correction (nabla: the options object)
    case('var_correction0_dims', 'var', [randn(2, 3, 4), [0, 2]], {'correction': 0},
         ref=lambda x, d, correction: torch.var(x, d, correction=correction))
    case('var_correction2_keepdim', 'var', [randn(3, 5), 1], {'correction': 2, 'keepdim': True},
         ref=lambda x, d, correction, keepdim: torch.var(x, d, correction=correction, keepdim=keepdim))
    case('std_correction0_all', 'std', [randn(4, 3, dtype=f64), None], {'correction': 0},
         ref=lambda x, d, correction: torch.std(x, d, correction=correction))
    case('std_unbiased_positional', 'std', [randn(3, 4), 1, False, True],
         ref=lambda x, d, unbiased, keepdim: torch.std(x, d, unbiased, keepdim),
         note="PyTorch's older positional form std(x, dim, unbiased, keepdim)")
    case('std_constant_rows', 'std', [ft([[2.0, 2.0, 2.0], [1.0, 2.0, 4.0]]), 1], ref=torch.std,
         note='zero deviation: the gradient is 0, not NaN')

    # norm: the other orders
    case('norm_neg_inf_dim', 'norm', [away(3, 4), float('-inf'), 1], ref=torch.norm)
    case('norm_p3_dims_keepdim', 'norm', [randn(2, 3, 4), 3, [0, 2], True], ref=torch.norm)
    case('norm_p0', 'norm', [ft([[0.0, 1.5, 0.0], [2.0, -1.0, 3.0]]), 0, 1], ref=torch.norm, grad=False,
         note='p = 0 counts the nonzeros')
    case('norm_p2_zero_row', 'norm', [ft([[0.0, 0.0, 0.0], [3.0, -4.0, 1.0]]), 2, 1], ref=torch.norm,
         note='gradient at a zero vector is 0 (the subgradient), not NaN')
    case('norm_inf_ties', 'norm', [ft([[1.0, -3.0, 3.0], [2.0, 0.5, -1.0]]), float('inf'), 1], ref=torch.norm,
         note='ties share the gradient evenly')
    case('norm_p1_5_float64', 'norm', [away(3, 4, dtype=f64), 1.5], ref=torch.norm)

    # kthvalue / median
    case('kthvalue', 'kthvalue', [randn(3, 5), 2], ref=torch.kthvalue, note='default dim -1')
    case('kthvalue_dim0_keepdim', 'kthvalue', [randn(4, 3), 4, 0, True], ref=torch.kthvalue)
    case('median_all', 'median', [randn(3, 5)], ref=torch.median, note='odd count: the middle value')
    case('median_all_even', 'median', [randn(2, 4)], ref=torch.median, note='even count: the lower middle value')
    case('median_dim', 'median', [randn(3, 4), 1], ref=torch.median)
    case('median_dim_keepdim', 'median', [randn(5, 2, dtype=f64), 0, True], ref=torch.median)

    # cumulative along other dims
    case('cumsum_3d_dim1', 'cumsum', [randn(2, 3, 4), 1], ref=torch.cumsum)
    case('cumprod_neg_dim_float64', 'cumprod', [away(2, 5, lo=0.5, hi=1.5, dtype=f64), -1], ref=torch.cumprod)
    case('cumprod_zero_first', 'cumprod', [ft([[0.0, 2.0, 3.0], [1.5, 0.0, 0.0]]), 1], ref=torch.cumprod)

    # logsumexp over all dims of a 3-D tensor
    case('logsumexp_all_dims', 'logsumexp', [randn(2, 3, 2), [0, 1, 2]], ref=torch.logsumexp)

    # einsum: traces, ellipsis, implicit output, three operands
    e = lambda name, eq, *ops: case(f'einsum_{name}', 'einsum', [eq, *ops], ref=lambda q, *ts: torch.einsum(q, *ts))
    e('trace', 'ii', randn(4, 4))
    e('trace_explicit', 'ii->', randn(3, 3))
    e('sum_all', 'ij->', randn(3, 4))
    e('batch_diag', 'bii->bi', randn(2, 3, 3))
    e('ellipsis_matmul', '...ij,...jk->...ik', randn(2, 3, 4), randn(2, 4, 5))
    e('ellipsis_broadcast', '...ij,jk->...ik', randn(2, 2, 3, 4), randn(4, 2))
    e('implicit_matmul', 'ij,jk', randn(3, 4), randn(4, 2))
    e('implicit_transpose', 'ba', randn(3, 2))
    e('three_operands', 'ij,jk,kl->il', randn(2, 3), randn(3, 4), randn(4, 2))
    e('bilinear', 'bn,anm,bm->ba', randn(2, 3), randn(4, 3, 5), randn(2, 5))
    e('outer_batch', 'bi,bj->bij', randn(2, 3), randn(2, 4))
    e('float64', 'bhqd,bhkd->bhqk', randn(1, 2, 3, 4, dtype=f64), randn(1, 2, 5, 4, dtype=f64))

    # amax/amin (aminmax returns { min, max } and is covered by test/ops/extrema.test.ts)
    ties = ft([[1.0, 3.0, 3.0, 2.0], [5.0, 5.0, 5.0, 5.0], [0.0, -1.0, 0.0, -1.0]])
    case('amax_dims', 'amax', [randn(2, 3, 4), [0, 2]], ref=torch.amax)
    case('amax_all', 'amax', [randn(3, 4)], ref=torch.amax)
    case('amin_dim_keepdim', 'amin', [randn(3, 4, dtype=f64), 1, True], ref=torch.amin)
    case('amax_ties', 'amax', [ties, 1], ref=torch.amax, note='ties share the gradient evenly')
    case('amin_ties', 'amin', [ties, 1], ref=torch.amin, note='ties share the gradient evenly')
