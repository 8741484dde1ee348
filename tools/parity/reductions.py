"""Reduction cases: sum/mean/var/std, max/min/arg*, prod, logsumexp, cumulative, norm, sort/topk, any/all."""
import torch

from parity.harness import case, randn, uniform, away, randint, randbool, ft, it, bt


# ---------------------------------------------------------------- reductions

def reduction_cases():
    f64 = torch.float64
    x = randn(2, 3, 4)
    case('sum_all', 'sum', [randn(3, 4)], ref=torch.sum)
    case('sum_dim', 'sum', [randn(2, 3, 4), 1], ref=torch.sum)
    case('sum_neg_dim_keepdim', 'sum', [randn(2, 3, 4), -1, True], ref=torch.sum)
    case('sum_dims', 'sum', [randn(2, 3, 4), [0, 2]], ref=torch.sum)
    case('sum_dims_keepdim', 'sum', [randn(2, 3, 4), [-1, 0], True], ref=torch.sum)
    case('sum_float64', 'sum', [randn(3, 5, dtype=f64), 0], ref=torch.sum)
    case('sum_int32', 'sum', [randint(-100, 100, 3, 4), 1], ref=torch.sum,
         note='PyTorch sums int32 into int64; nabla (no int64) returns int32')
    case('sum_int32_all', 'sum', [randint(-100, 100, 3, 4)], ref=torch.sum)
    case('sum_bool', 'sum', [randbool(3, 4), 0], ref=torch.sum, note='sum of bool counts (integer result)')
    case('sum_empty', 'sum', [torch.zeros(0, 3), 0], ref=torch.sum, grad=False)
    case('sum_nan', 'sum', [ft([[1.0, float('nan')], [2.0, 3.0]]), 1], ref=torch.sum, grad=False)
    case('mean_all', 'mean', [randn(3, 4)], ref=torch.mean)
    case('mean_dim', 'mean', [randn(2, 3, 4), 1], ref=torch.mean)
    case('mean_dims_keepdim', 'mean', [randn(2, 3, 4), [0, -1], True], ref=torch.mean)
    case('mean_float64', 'mean', [randn(4, 5, dtype=f64), -1], ref=torch.mean)
    case('mean_empty', 'mean', [torch.zeros(0)], ref=torch.mean, grad=False, note='mean of nothing is nan')

    # var/std: nabla.var(x, dim?, {unbiased, keepdim}); PyTorch's default is unbiased (N - 1)
    case('var_all', 'var', [randn(3, 4)], ref=torch.var, note='default unbiased (divides by N - 1)')
    case('var_dim', 'var', [randn(3, 5), 1], ref=torch.var)
    case('var_dim_biased_keepdim', 'var', [randn(2, 3, 4), 1], {'unbiased': False, 'keepdim': True},
         ref=lambda x, d, unbiased, keepdim: torch.var(x, d, unbiased=unbiased, keepdim=keepdim))
    case('var_dims', 'var', [randn(2, 3, 4), [0, 2]], ref=torch.var)
    case('var_float64', 'var', [randn(4, 6, dtype=f64), 0], {'unbiased': False},
         ref=lambda x, d, unbiased: torch.var(x, d, unbiased=unbiased))
    case('var_single', 'var', [randn(1, 3), 0], ref=torch.var, grad=False,
         note='unbiased variance of one sample is nan (0/0)')
    case('std_all', 'std', [randn(3, 4)], ref=torch.std)
    case('std_dim_keepdim', 'std', [randn(2, 3, 4), -1], {'keepdim': True},
         ref=lambda x, d, keepdim: torch.std(x, d, keepdim=keepdim))
    case('std_biased', 'std', [randn(3, 5), 0], {'unbiased': False},
         ref=lambda x, d, unbiased: torch.std(x, d, unbiased=unbiased))

    # max/min/argmax/argmin
    case('max_all', 'max', [randn(3, 4)], ref=torch.max)
    case('max_dim', 'max', [randn(3, 4), 1], ref=torch.max)
    case('max_dim_keepdim', 'max', [randn(2, 3, 4), 0, True], ref=torch.max)
    case('max_neg_dim', 'max', [randn(2, 3, 4), -2], ref=torch.max)
    case('min_all', 'min', [randn(3, 4)], ref=torch.min)
    case('min_dim', 'min', [randn(3, 4), 0], ref=torch.min)
    case('min_dim_keepdim_float64', 'min', [randn(3, 4, dtype=f64), 1, True], ref=torch.min)
    case('max_int32', 'max', [randint(-50, 50, 3, 4), 1], ref=torch.max)
    case('max_all_int32', 'max', [randint(-50, 50, 3, 4)], ref=torch.max)
    ties = ft([[1.0, 3.0, 3.0, 2.0], [5.0, 5.0, 5.0, 5.0], [0.0, -1.0, 0.0, -1.0]])
    case('max_dim_ties', 'max', [ties, 1], ref=torch.max,
         note='ties: index of the first maximum; gradient goes to that index only')
    case('min_dim_ties', 'min', [ties, 1], ref=torch.min, note='ties: index of the first minimum')
    case('max_all_ties', 'max', [ties], ref=torch.max,
         note='full max(): gradient shared evenly among all tied maxima (PyTorch evenly_distribute_backward)')
    case('min_all_ties', 'min', [ft([[2.0, 1.0], [1.0, 3.0]])], ref=torch.min,
         note='full min(): gradient shared evenly among all tied minima')
    case('max_nan', 'max', [ft([[1.0, float('nan'), 3.0], [4.0, 2.0, 0.0]]), 1], ref=torch.max, grad=False,
         note='max propagates NaN and returns its index')
    case('max_all_nan', 'max', [ft([1.0, float('nan'), 3.0])], ref=torch.max, grad=False)
    case('argmax_all', 'argmax', [randn(3, 4)], ref=torch.argmax, note='flat index into the row-major tensor')
    case('argmax_dim', 'argmax', [randn(3, 4), 1], ref=torch.argmax)
    case('argmax_dim_keepdim', 'argmax', [randn(2, 3, 4), 0, True], ref=torch.argmax)
    case('argmin_dim', 'argmin', [randn(3, 4), -1], ref=torch.argmin)
    case('argmax_ties', 'argmax', [ties, 1], ref=torch.argmax, note='ties: first index')
    case('argmin_ties', 'argmin', [ties, 1], ref=torch.argmin, note='ties: first index')
    case('argmax_all_ties', 'argmax', [ties], ref=torch.argmax, note='ties: first flat index')
    case('argmax_int32', 'argmax', [randint(0, 4, 3, 4), 1], ref=torch.argmax)
    case('argmax_nan', 'argmax', [ft([[1.0, float('nan'), 3.0], [4.0, 2.0, 0.0]]), 1], ref=torch.argmax,
         note='NaN counts as the maximum')

    # prod
    case('prod_all', 'prod', [uniform(0.5, 1.5, 3, 4)], ref=torch.prod)
    case('prod_dim', 'prod', [away(3, 4, lo=0.5, hi=1.5), 1], ref=torch.prod)
    case('prod_dim_keepdim', 'prod', [away(2, 3, 4, lo=0.5, hi=1.5), 0, True], ref=torch.prod)
    case('prod_one_zero', 'prod', [ft([[2.0, 0.0, 3.0], [1.5, -2.0, 0.5]]), 1], ref=torch.prod,
         note='gradient at the zero is the product of the others (no division by zero)')
    case('prod_two_zeros', 'prod', [ft([[0.0, 2.0, 0.0], [1.0, 0.0, 4.0]]), 1], ref=torch.prod,
         note='two zeros: the gradient is zero everywhere in that row')
    case('prod_int32', 'prod', [randint(-3, 4, 2, 4), 1], ref=torch.prod)

    # logsumexp
    case('logsumexp_dim', 'logsumexp', [randn(3, 4), 1], ref=torch.logsumexp)
    case('logsumexp_keepdim', 'logsumexp', [randn(2, 3, 4), 0, True], ref=torch.logsumexp)
    case('logsumexp_dims', 'logsumexp', [randn(2, 3, 4), [0, 2]], ref=torch.logsumexp)
    case('logsumexp_float64', 'logsumexp', [randn(3, 4, dtype=f64), -1], ref=torch.logsumexp)
    case('logsumexp_large', 'logsumexp', [ft([[1000.0, 1000.0, 999.0], [-1000.0, -1000.0, -999.0],
                                              [1e4, -1e4, 0.0]]), 1], ref=torch.logsumexp,
         note='large magnitudes: no overflow/NaN')
    case('logsumexp_neg_inf', 'logsumexp', [ft([[float('-inf'), float('-inf')], [float('-inf'), 0.0]]), 1],
         ref=torch.logsumexp, grad=False, note='all -inf gives -inf, not nan')

    # cumulative
    case('cumsum', 'cumsum', [randn(3, 4), 1], ref=torch.cumsum)
    case('cumsum_dim0', 'cumsum', [randn(2, 3, 4), 0], ref=torch.cumsum)
    case('cumsum_neg_dim_float64', 'cumsum', [randn(3, 4, dtype=f64), -1], ref=torch.cumsum)
    case('cumsum_int32', 'cumsum', [randint(-9, 9, 3, 4), 1], ref=torch.cumsum)
    case('cumprod', 'cumprod', [away(3, 4, lo=0.5, hi=1.5), 1], ref=torch.cumprod)
    case('cumprod_dim0', 'cumprod', [away(3, 2, 3, lo=0.5, hi=1.5), 0], ref=torch.cumprod)
    case('cumprod_zero', 'cumprod', [ft([[2.0, 0.0, 3.0, 0.5], [1.5, -2.0, 0.0, 0.0]]), 1], ref=torch.cumprod,
         note='zeros in the input: the gradient is finite (no division by zero)')

    # norm: nabla.norm(x, p?, dim?, keepdim?)
    case('norm_default', 'norm', [randn(3, 4)], ref=torch.norm, note="default p is 'fro' (2-norm of all entries)")
    case('norm_p1', 'norm', [away(3, 4), 1], ref=torch.norm)
    case('norm_p2_dim', 'norm', [randn(3, 4), 2, 1], ref=torch.norm)
    case('norm_p2_dim_keepdim', 'norm', [randn(2, 3, 4), 2, -1, True], ref=torch.norm)
    case('norm_inf_dim', 'norm', [randn(3, 4), float('inf'), 1], ref=torch.norm)
    case('norm_inf_all', 'norm', [randn(3, 4), float('inf')], ref=torch.norm)
    case('norm_fro_dims', 'norm', [randn(2, 3, 4), 'fro', [1, 2]], ref=torch.norm)
    case('norm_p1_dim_float64', 'norm', [away(3, 4, dtype=f64), 1, 0], ref=torch.norm)

    # sort/topk: values and indices
    case('sort', 'sort', [randn(3, 5)], ref=torch.sort, note='default dim -1, ascending')
    case('sort_dim0_descending', 'sort', [randn(4, 3), 0, True], ref=torch.sort)
    case('sort_float64', 'sort', [randn(2, 6, dtype=f64), -1, True], ref=torch.sort)
    case('sort_int32', 'sort', [torch.randperm(12).to(torch.int32).reshape(2, 6), 1], ref=torch.sort)
    case('sort_nan', 'sort', [ft([3.0, float('nan'), -1.0, 2.0])], ref=torch.sort, grad=False,
         note='NaN sorts as larger than every number (last ascending)')
    case('sort_nan_descending', 'sort', [ft([3.0, float('nan'), -1.0, 2.0]), 0, True], ref=torch.sort, grad=False)
    case('topk', 'topk', [randn(3, 6), 2], ref=torch.topk, note='default dim -1, largest, sorted')
    case('topk_dim0', 'topk', [randn(5, 3), 3, 0], ref=torch.topk)
    case('topk_smallest', 'topk', [randn(3, 6), 2, 1, False], ref=torch.topk)
    case('topk_float64', 'topk', [randn(2, 7, dtype=f64), 4, -1, True, True], ref=torch.topk)

    # any/all
    case('any_all_dims', 'any', [randbool(3, 4, p=0.1)], ref=torch.any)
    case('any_dim', 'any', [randbool(3, 4, p=0.2), 1], ref=torch.any)
    case('all_dim_keepdim', 'all', [randbool(3, 4, p=0.8), 0, True], ref=torch.all)
    case('all_all_dims', 'all', [bt([[True, True], [True, False]])], ref=torch.all)
    case('any_int32', 'any', [it([[0, 0, 3], [0, 0, 0]]), 1], ref=torch.any)
    case('max_all_float64', 'max', [randn(3, 4, dtype=f64)], ref=torch.max)
    case('argmin_all_float64', 'argmin', [randn(3, 4, dtype=f64)], ref=torch.argmin)
    case('std_float64', 'std', [randn(2, 5, dtype=f64), 1], {'keepdim': True},
         ref=lambda x, d, keepdim: torch.std(x, d, keepdim=keepdim))
    case('any_float', 'any', [ft([[0.0, 0.0], [0.0, 2.0]]), 1], ref=torch.any, note='nonzero counts as true')
