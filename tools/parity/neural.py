"""Neural-network function cases: softmax, conv, pooling, unfold/fold, interpolate, norms, attention."""
import math
import warnings

import torch
import torch.nn.functional as F

from parity.harness import case, randn, uniform, randint, randbool, ft, it


# conv1d/conv2d padding='same' with an even kernel: PyTorch warns that it pads a copy; expected.
warnings.filterwarnings('ignore', message="Using padding='same'")


# ---------------------------------------------------------------- neural-network functions

def snake(kw):
    return {''.join('_' + c.lower() if c.isupper() else c for c in k): v for k, v in kw.items()}


def with_kw(f):
    """ref for nabla f(*args, {camelCase options}) as PyTorch's f(*args, snake_case=...)."""
    return lambda *args, **kw: f(*args, **snake(kw))


def sdpa_ref(q, k, v, attnMask=None, isCausal=False, scale=None):
    """torch.nn.functional.scaled_dot_product_attention (PyTorch >= 2.0, math path, no dropout),
    written out because Debian's torch 1.13 predates it. Boolean masks: True = may attend.
    isCausal masks with tril(ones(L, S)) (top-left aligned when L != S), as PyTorch 2 does."""
    L, S = q.shape[-2], k.shape[-2]
    s = 1.0 / math.sqrt(q.shape[-1]) if scale is None else scale
    att = q @ k.transpose(-2, -1) * s
    if isCausal:
        att = att.masked_fill(~torch.ones(L, S, dtype=torch.bool).tril(), float('-inf'))
    if attnMask is not None:
        if attnMask.dtype == torch.bool:
            att = att.masked_fill(~attnMask, float('-inf'))
        else:
            att = att + attnMask
    return torch.softmax(att, -1) @ v


def neural_cases():
    f64 = torch.float64
    case('softmax', 'softmax', [randn(3, 5), 1], ref=torch.softmax)
    case('softmax_dim0', 'softmax', [randn(3, 4), 0], ref=torch.softmax)
    case('softmax_3d_mid', 'softmax', [randn(2, 4, 3), -2], ref=torch.softmax)
    case('softmax_float64', 'softmax', [randn(3, 5, dtype=f64), -1], ref=torch.softmax)
    case('softmax_large', 'softmax', [ft([[1000.0, 999.0, -1000.0], [1e4, 1e4, 1e4], [-1e4, 0.0, 88.0]]), 1],
         ref=torch.softmax, note='large logits: no overflow/NaN')
    case('softmax_neg_inf', 'softmax', [ft([[float('-inf'), 0.0, 1.0], [float('-inf'), float('-inf'), 2.0]]), 1],
         ref=torch.softmax, note='-inf logits get probability 0')
    case('softmax_nan', 'softmax', [ft([[float('nan'), 0.0, 1.0], [0.0, 1.0, 2.0]]), 1], ref=torch.softmax,
         grad=False, note='a NaN makes its whole row NaN')
    case('log_softmax', 'logSoftmax', [randn(3, 5), 1], ref=torch.log_softmax)
    case('log_softmax_dim0_3d', 'logSoftmax', [randn(3, 2, 4), 0], ref=torch.log_softmax)
    case('log_softmax_float64', 'logSoftmax', [randn(3, 5, dtype=f64), -1], ref=torch.log_softmax)
    case('log_softmax_large', 'logSoftmax', [ft([[1000.0, 0.0, -1000.0], [1e4, 1e4, -1e4]]), 1],
         ref=torch.log_softmax, note='large logits: finite results, no NaN')
    case('log_softmax_neg_inf', 'logSoftmax', [ft([[float('-inf'), 0.0, 1.0], [5.0, float('-inf'), -5.0]]), 1],
         ref=torch.log_softmax, grad=False, note='-inf logits give -inf, the others stay finite')
    case('softmax_large_float64', 'softmax', [ft([[1e300, 0.0, -1e300], [700.0, 710.0, 720.0]], torch.float64), 1],
         ref=torch.softmax)

    conv1d = with_kw(F.conv1d)
    case('conv1d', 'conv1d', [randn(2, 3, 8), randn(4, 3, 3), randn(4)], ref=conv1d)
    case('conv1d_no_bias', 'conv1d', [randn(1, 2, 7), randn(3, 2, 2), None], ref=conv1d)
    case('conv1d_stride_pad', 'conv1d', [randn(2, 3, 8), randn(4, 3, 3), randn(4)], {'stride': 2, 'padding': 1},
         ref=conv1d)
    case('conv1d_dilation', 'conv1d', [randn(1, 2, 10), randn(3, 2, 3), randn(3)], {'dilation': 2, 'padding': 2},
         ref=conv1d)
    case('conv1d_depthwise', 'conv1d', [randn(2, 3, 6), randn(3, 1, 3), randn(3)], {'groups': 3, 'padding': 1},
         ref=conv1d)
    case('conv1d_same_even', 'conv1d', [randn(1, 3, 7), randn(2, 3, 4), randn(2)], {'padding': 'same'}, ref=conv1d,
         note="'same' with an even kernel: total padding 3 split as 1 left, 2 right (extra on the right)")
    case('conv1d_valid', 'conv1d', [randn(1, 2, 6), randn(2, 2, 3), None], {'padding': 'valid'}, ref=conv1d)
    case('conv1d_float64', 'conv1d', [randn(2, 2, 6, dtype=f64), randn(3, 2, 3, dtype=f64), randn(3, dtype=f64)],
         {'padding': 1}, ref=conv1d)

    conv2d = with_kw(F.conv2d)
    case('conv2d', 'conv2d', [randn(1, 2, 5, 5), randn(3, 2, 3, 3), randn(3)], ref=conv2d)
    case('conv2d_batch_no_bias', 'conv2d', [randn(2, 2, 4, 4), randn(2, 2, 2, 2), None], ref=conv2d)
    case('conv2d_stride_pad', 'conv2d', [randn(1, 2, 5, 5), randn(3, 2, 3, 3), randn(3)], {'stride': 2, 'padding': 1},
         ref=conv2d)
    case('conv2d_asym_stride_pad', 'conv2d', [randn(1, 2, 5, 6), randn(2, 2, 3, 2), randn(2)],
         {'stride': [2, 1], 'padding': [0, 1]}, ref=conv2d)
    case('conv2d_dilation', 'conv2d', [randn(1, 2, 6, 6), randn(2, 2, 3, 3), randn(2)], {'dilation': 2, 'padding': 1},
         ref=conv2d)
    case('conv2d_groups', 'conv2d', [randn(1, 4, 4, 4), randn(4, 2, 3, 3), randn(4)], {'groups': 2, 'padding': 1},
         ref=conv2d)
    case('conv2d_depthwise', 'conv2d', [randn(1, 3, 5, 5), randn(3, 1, 3, 3), randn(3)], {'groups': 3},
         ref=conv2d)
    case('conv2d_depthwise_multiplier', 'conv2d', [randn(1, 2, 4, 4), randn(4, 1, 2, 2), None],
         {'groups': 2, 'stride': 2}, ref=conv2d, note='depthwise with 2 output channels per input channel')
    case('conv2d_same_odd', 'conv2d', [randn(1, 2, 5, 5), randn(2, 2, 3, 3), randn(2)], {'padding': 'same'},
         ref=conv2d)
    case('conv2d_same_even_dilated', 'conv2d', [randn(1, 2, 5, 6), randn(2, 2, 2, 4), randn(2)],
         {'padding': 'same', 'dilation': [1, 2]}, ref=conv2d,
         note="'same': total padding dilation*(k-1) = 1 (H) and 6 (W), left = total // 2, the rest on the right/bottom")
    case('conv2d_all_options', 'conv2d', [randn(1, 4, 6, 5), randn(2, 2, 2, 3), randn(2)],
         {'stride': [2, 1], 'padding': [1, 2], 'dilation': [2, 1], 'groups': 2}, ref=conv2d)
    case('conv2d_valid', 'conv2d', [randn(1, 1, 4, 5), randn(1, 1, 2, 2), randn(1)], {'padding': 'valid'}, ref=conv2d)
    case('conv2d_float64', 'conv2d', [randn(1, 2, 4, 4, dtype=f64), randn(2, 2, 3, 3, dtype=f64),
                                      randn(2, dtype=f64)], {'padding': 1}, ref=conv2d)

    convt = with_kw(F.conv_transpose2d)
    case('conv_transpose2d', 'convTranspose2d', [randn(1, 2, 3, 3), randn(2, 3, 3, 3), randn(3)], ref=convt,
         note='weight is [in, out/groups, kH, kW]')
    case('conv_transpose2d_stride_pad_outpad', 'convTranspose2d', [randn(1, 2, 3, 3), randn(2, 2, 3, 3), randn(2)],
         {'stride': 2, 'padding': 1, 'outputPadding': 1}, ref=convt)
    case('conv_transpose2d_groups', 'convTranspose2d', [randn(1, 4, 3, 3), randn(4, 1, 2, 2), None],
         {'groups': 2, 'stride': 2}, ref=convt)
    case('conv_transpose2d_dilation', 'convTranspose2d', [randn(1, 2, 3, 3), randn(2, 2, 2, 2), randn(2)],
         {'dilation': 2}, ref=convt)
    case('conv_transpose2d_all_options', 'convTranspose2d', [randn(1, 4, 3, 2), randn(4, 1, 2, 3), randn(2)],
         {'stride': [2, 1], 'padding': [1, 0], 'outputPadding': [1, 0], 'groups': 2, 'dilation': [2, 1]}, ref=convt)
    case('conv_transpose2d_float64', 'convTranspose2d', [randn(2, 2, 2, 2, dtype=f64), randn(2, 2, 3, 3, dtype=f64),
                                                         randn(2, dtype=f64)], {'stride': 2}, ref=convt)

    mp1, mp2 = with_kw(F.max_pool1d), with_kw(F.max_pool2d)
    case('max_pool1d', 'maxPool1d', [randn(2, 2, 8), 2], ref=mp1, note='stride defaults to kernelSize')
    case('max_pool1d_stride_pad', 'maxPool1d', [randn(1, 2, 7), 3], {'stride': 2, 'padding': 1}, ref=mp1)
    case('max_pool1d_dilation', 'maxPool1d', [randn(1, 2, 9), 2], {'stride': 1, 'dilation': 3}, ref=mp1)
    case('max_pool1d_ceil', 'maxPool1d', [randn(1, 2, 5), 3], {'stride': 3, 'padding': 1, 'ceilMode': True}, ref=mp1,
         note='ceilMode drops a last window that would start in the right padding: 2 outputs, not 3')
    case('max_pool1d_indices', 'maxPool1d', [randn(1, 2, 7), 2], {'returnIndices': True}, ref=mp1,
         note='returnIndices: [values, indices] as PyTorch, indices flat in the length dim')
    case('max_pool2d', 'maxPool2d', [randn(1, 2, 4, 4), 2], ref=mp2)
    case('max_pool2d_stride_pad', 'maxPool2d', [randn(1, 2, 5, 5), 3], {'stride': 2, 'padding': 1}, ref=mp2,
         note='padding is -inf (never the max)')
    case('max_pool2d_rect', 'maxPool2d', [randn(2, 1, 4, 6), [2, 3]], {'stride': [1, 2]}, ref=mp2)
    case('max_pool2d_dilation', 'maxPool2d', [randn(1, 1, 6, 6), 2], {'stride': 1, 'dilation': 2}, ref=mp2)
    case('max_pool2d_ceil', 'maxPool2d', [randn(1, 2, 5, 5), 2], {'ceilMode': True}, ref=mp2,
         note='ceilMode: a partial last window')
    case('max_pool2d_ceil_pad', 'maxPool2d', [randn(1, 1, 5, 6), 3], {'stride': 3, 'padding': 1, 'ceilMode': True},
         ref=mp2)
    case('max_pool2d_indices', 'maxPool2d', [randn(1, 2, 4, 5), 2], {'stride': [2, 1], 'padding': 1,
                                                                      'returnIndices': True}, ref=mp2,
         note='indices are flat h * W + w in the unpadded input plane of each (n, c)')
    case('max_pool2d_ties', 'maxPool2d', [ft([[[[1.0, 1.0, 0.0, 2.0], [1.0, 0.0, 2.0, 2.0]]]]), 2],
         {'returnIndices': True}, ref=mp2, note='ties: first maximum in scan order gets the index and the gradient')
    case('max_pool1d_ceil_indices', 'maxPool1d', [randn(1, 1, 6), 4], {'stride': 3, 'ceilMode': True,
                                                                     'returnIndices': True}, ref=mp1)
    case('max_pool2d_all_options', 'maxPool2d', [randn(1, 2, 7, 6), [3, 2]],
         {'stride': [2, 2], 'padding': [1, 1], 'dilation': [1, 2], 'ceilMode': True}, ref=mp2)
    case('max_pool2d_float64', 'maxPool2d', [randn(1, 2, 4, 4, dtype=f64), 2], {'stride': 1}, ref=mp2)

    ap1, ap2 = with_kw(F.avg_pool1d), with_kw(F.avg_pool2d)
    case('avg_pool1d', 'avgPool1d', [randn(2, 2, 8), 2], ref=ap1)
    case('avg_pool1d_pad', 'avgPool1d', [randn(1, 2, 7), 3], {'stride': 2, 'padding': 1}, ref=ap1,
         note='countIncludePad defaults to true: padding counts in the divisor')
    case('avg_pool1d_pad_exclude', 'avgPool1d', [randn(1, 2, 7), 3], {'stride': 2, 'padding': 1,
                                                                      'countIncludePad': False}, ref=ap1)
    case('avg_pool1d_ceil', 'avgPool1d', [randn(1, 2, 5), 3], {'stride': 2, 'ceilMode': True}, ref=ap1,
         note='ceilMode: the partial last window divides by the elements inside the input (+padding)')
    case('avg_pool2d', 'avgPool2d', [randn(1, 2, 4, 4), 2], ref=ap2)
    case('avg_pool2d_stride_pad', 'avgPool2d', [randn(1, 2, 5, 5), 3], {'stride': 2, 'padding': 1}, ref=ap2)
    case('avg_pool2d_pad_exclude', 'avgPool2d', [randn(1, 2, 5, 5), 3], {'stride': 2, 'padding': 1,
                                                                         'countIncludePad': False}, ref=ap2)
    case('avg_pool2d_ceil', 'avgPool2d', [randn(1, 1, 5, 5), 2], {'ceilMode': True}, ref=ap2)
    case('avg_pool2d_ceil_pad', 'avgPool2d', [randn(1, 1, 6, 5), 3], {'stride': 2, 'padding': 1, 'ceilMode': True},
         ref=ap2, note='ceilMode with padding: divisor is min(start + k, H + pad) - start (clipped windows)')
    case('avg_pool2d_float64', 'avgPool2d', [randn(1, 2, 4, 4, dtype=f64), [2, 1]], ref=ap2)

    case('adaptive_avg_pool2d', 'adaptiveAvgPool2d', [randn(1, 2, 5, 7), [2, 3]], ref=F.adaptive_avg_pool2d,
         note='bins start = floor(i * in / out), end = ceil((i + 1) * in / out) (overlapping when not divisible)')
    case('adaptive_avg_pool2d_global', 'adaptiveAvgPool2d', [randn(2, 3, 3, 3), 1], ref=F.adaptive_avg_pool2d)
    case('adaptive_avg_pool2d_up', 'adaptiveAvgPool2d', [randn(1, 1, 3, 2), [4, 5]], ref=F.adaptive_avg_pool2d)

    unfold, fold = with_kw(F.unfold), with_kw(F.fold)
    case('unfold', 'unfold', [randn(1, 2, 4, 4), 2], {'stride': 2}, ref=unfold,
         note='im2col (torch.nn.functional.unfold): [N, C*kH*kW, L], channel-major rows')
    case('unfold_overlap_pad', 'unfold', [randn(1, 2, 3, 4), [2, 3]], {'padding': 1}, ref=unfold)
    case('unfold_dilation', 'unfold', [randn(2, 1, 5, 5), 2], {'dilation': 2, 'stride': 2}, ref=unfold)
    case('fold', 'fold', [randn(1, 8, 9), [4, 4], 2], {'stride': 1}, ref=fold, note='overlaps are summed')
    case('fold_stride_pad', 'fold', [randn(2, 4, 4), [3, 3], 2], {'stride': 2, 'padding': 1}, ref=fold)

    interp = with_kw(F.interpolate)
    case('interpolate_nearest_size', 'interpolate', [randn(1, 2, 3, 4)], {'size': [5, 7], 'mode': 'nearest'},
         ref=interp, note="'nearest': src = floor(dst * in / out)")
    case('interpolate_nearest_default_mode', 'interpolate', [randn(1, 1, 2, 3)], {'scaleFactor': 2}, ref=interp,
         note="mode defaults to 'nearest'")
    case('interpolate_nearest_scale_frac', 'interpolate', [randn(1, 1, 5, 4)], {'scaleFactor': 1.7, 'mode': 'nearest'},
         ref=interp, note='with scaleFactor, out = floor(in * s) and src = floor(dst / s) (not in/out)')
    case('interpolate_nearest_scale_list', 'interpolate', [randn(1, 1, 3, 4)],
         {'scaleFactor': [2, 0.5], 'mode': 'nearest'}, ref=interp)
    case('interpolate_nearest_down', 'interpolate', [randn(1, 2, 5, 6)], {'size': [2, 4]}, ref=interp)
    case('interpolate_nearest_1d', 'interpolate', [randn(1, 2, 5)], {'size': 8}, ref=interp,
         note='3-D input: interpolates the last dim')
    case('interpolate_bilinear', 'interpolate', [randn(1, 2, 3, 4)], {'size': [5, 6], 'mode': 'bilinear'},
         ref=interp, note='alignCorners false (default): src = (dst + 0.5) * in / out - 0.5, clamped at 0')
    case('interpolate_bilinear_align', 'interpolate', [randn(1, 2, 3, 4)],
         {'size': [5, 6], 'mode': 'bilinear', 'alignCorners': True}, ref=interp,
         note='alignCorners: src = dst * (in - 1) / (out - 1)')
    case('interpolate_bilinear_scale', 'interpolate', [randn(1, 1, 3, 3)],
         {'scaleFactor': 2, 'mode': 'bilinear', 'alignCorners': False}, ref=interp)
    case('interpolate_bilinear_scale_frac', 'interpolate', [randn(1, 1, 4, 5)],
         {'scaleFactor': [1.5, 0.6], 'mode': 'bilinear'}, ref=interp,
         note='with scaleFactor the coordinate map uses 1/scaleFactor, not in/out')
    case('interpolate_bilinear_down', 'interpolate', [randn(1, 2, 6, 5)], {'size': [3, 2], 'mode': 'bilinear'},
         ref=interp, note='no antialiasing')
    case('interpolate_bilinear_align_down', 'interpolate', [randn(1, 1, 5, 5)],
         {'size': [3, 2], 'mode': 'bilinear', 'alignCorners': True}, ref=interp)
    case('interpolate_bilinear_float64', 'interpolate', [randn(1, 1, 3, 3, dtype=f64)],
         {'size': [4, 5], 'mode': 'bilinear'}, ref=interp)

    case('embedding', 'embedding', [randint(0, 5, 2, 3), randn(5, 4)],
         ref=lambda i, w: F.embedding(i.long(), w), note='repeated indices accumulate into the weight gradient')
    case('embedding_1d', 'embedding', [it([4, 0, 4, 4, 2]), randn(6, 3)], ref=lambda i, w: F.embedding(i.long(), w))
    case('embedding_float64', 'embedding', [it([[1, 2], [2, 0]]), randn(3, 2, dtype=f64)],
         ref=lambda i, w: F.embedding(i.long(), w))

    ln = with_kw(F.layer_norm)
    case('layer_norm', 'layerNorm', [randn(3, 4), [4], randn(4), randn(4)], ref=ln)
    case('layer_norm_no_affine', 'layerNorm', [randn(2, 3, 4), [4], None, None], ref=ln)
    case('layer_norm_two_dims', 'layerNorm', [randn(2, 3, 4), [3, 4], randn(3, 4), randn(3, 4)], ref=ln)
    case('layer_norm_eps', 'layerNorm', [randn(2, 5, scale=0.01), [5], randn(5), randn(5)], {'eps': 1e-3}, ref=ln,
         note='eps inside the sqrt: (x - mean) / sqrt(var_biased + eps)')
    case('layer_norm_weight_only', 'layerNorm', [randn(3, 4), [4], randn(4), None], ref=ln)
    case('layer_norm_float64', 'layerNorm', [randn(3, 5, dtype=f64), [5], randn(5, dtype=f64), randn(5, dtype=f64)],
         ref=ln)

    bn = with_kw(F.batch_norm)
    case('batch_norm_train', 'batchNorm', [randn(4, 3, 2, 2), torch.zeros(3), torch.ones(3), randn(3), randn(3)],
         {'training': True, 'momentum': 0.1, 'eps': 1e-5}, ref=bn, nograd=(1, 2), mutated=(1, 2),
         note='normalizes with the biased batch variance; runningVar is updated with the unbiased one '
              '(n / (n - 1)); running = (1 - momentum) * running + momentum * batch')
    case('batch_norm_train_2d', 'batchNorm', [randn(6, 4), randn(4), uniform(0.5, 2.0, 4), randn(4), randn(4)],
         {'training': True, 'momentum': 0.3}, ref=bn, nograd=(1, 2), mutated=(1, 2))
    case('batch_norm_train_3d', 'batchNorm', [randn(3, 2, 5), torch.zeros(2), torch.ones(2), None, None],
         {'training': True}, ref=bn, nograd=(1, 2), mutated=(1, 2), note='no affine; momentum defaults to 0.1')
    case('batch_norm_train_no_running', 'batchNorm', [randn(4, 3, 2, 2), None, None, randn(3), randn(3)],
         {'training': True}, ref=bn, note='running stats may be null in training')
    case('batch_norm_eval', 'batchNorm', [randn(4, 3, 2, 2), randn(3), uniform(0.5, 2.0, 3), randn(3), randn(3)],
         {'training': False}, ref=bn, nograd=(1, 2), note='training false: normalizes with the running stats')
    case('batch_norm_train_float64', 'batchNorm', [randn(5, 2, 3, dtype=f64), torch.zeros(2, dtype=f64),
                                                   torch.ones(2, dtype=f64), randn(2, dtype=f64),
                                                   randn(2, dtype=f64)],
         {'training': True, 'momentum': 0.1, 'eps': 1e-5}, ref=bn, nograd=(1, 2), mutated=(1, 2))

    gn = with_kw(F.group_norm)
    case('group_norm', 'groupNorm', [randn(2, 6, 2, 2), 3, randn(6), randn(6)], ref=gn)
    case('group_norm_one_group', 'groupNorm', [randn(2, 4, 3), 1, randn(4), randn(4)], ref=gn)
    case('group_norm_no_affine', 'groupNorm', [randn(2, 4, 2, 3), 2, None, None], {'eps': 1e-3}, ref=gn)
    case('group_norm_float64', 'groupNorm', [randn(2, 4, 3, dtype=f64), 4, randn(4, dtype=f64),
                                             randn(4, dtype=f64)], ref=gn)

    attn = 'scaledDotProductAttention'
    case('sdpa', attn, [randn(1, 2, 3, 4), randn(1, 2, 5, 4), randn(1, 2, 5, 3)], ref=sdpa_ref,
         note='default scale 1/sqrt(E)')
    case('sdpa_3d', attn, [randn(2, 3, 4), randn(2, 4, 4), randn(2, 4, 2)], ref=sdpa_ref)
    case('sdpa_causal', attn, [randn(1, 2, 4, 3), randn(1, 2, 4, 3), randn(1, 2, 4, 3)], {'isCausal': True},
         ref=sdpa_ref)
    case('sdpa_causal_rect', attn, [randn(1, 3, 4), randn(1, 5, 4), randn(1, 5, 2)], {'isCausal': True},
         ref=sdpa_ref, note='L != S: mask is tril(ones(L, S)), aligned top-left (query i sees keys 0..i)')
    mask = randbool(3, 5, p=0.6)
    mask[:, 0] = True  # every query sees at least one key
    case('sdpa_bool_mask', attn, [randn(1, 2, 3, 4), randn(1, 2, 5, 4), randn(1, 2, 5, 3)], {'attnMask': mask},
         ref=sdpa_ref, note='boolean mask: true = may attend; broadcast over batch and heads')
    case('sdpa_float_mask', attn, [randn(2, 3, 4), randn(2, 5, 4), randn(2, 5, 2)],
         {'attnMask': randn(2, 3, 5)}, ref=sdpa_ref, note='float mask is added to the scores (not differentiated here)')
    case('sdpa_scale', attn, [randn(1, 3, 4), randn(1, 3, 4), randn(1, 3, 4)], {'scale': 0.3}, ref=sdpa_ref)
    case('sdpa_float64', attn, [randn(1, 3, 4, dtype=f64), randn(1, 4, 4, dtype=f64), randn(1, 4, 2, dtype=f64)],
         {'isCausal': True}, ref=sdpa_ref)
