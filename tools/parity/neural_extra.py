"""More neural-network function cases: softmax temperature, convTranspose1d, adaptive pooling 1-D and
max, linear interpolation, dropout in eval mode. Run last, so earlier cases keep their random inputs."""
import torch
import torch.nn.functional as F

from parity.harness import case, randn, ft


def snake(kw):
    return {''.join('_' + c.lower() if c.isupper() else c for c in k): v for k, v in kw.items()}


def neural_extra_cases():
    f64 = torch.float64
    # softmax/logSoftmax temperature (nabla's option): softmax(x / temperature)
    case('softmax_temperature', 'softmax', [randn(3, 5), 1], {'temperature': 2.5},
         ref=lambda x, d, temperature: torch.softmax(x / temperature, d), note='softmax(x / temperature)')
    case('log_softmax_temperature', 'logSoftmax', [randn(2, 4, 3), -2], {'temperature': 0.5},
         ref=lambda x, d, temperature: torch.log_softmax(x / temperature, d))
    case('softmax_temperature_large', 'softmax', [ft([[1000.0, 990.0, -1000.0]]), 1], {'temperature': 0.1},
         ref=lambda x, d, temperature: torch.softmax(x / temperature, d), note='logits / temperature = 1e4: no NaN')

    convt1 = lambda *a, **kw: F.conv_transpose1d(*a, **snake(kw))
    case('conv_transpose1d', 'convTranspose1d', [randn(2, 2, 5), randn(2, 3, 3), randn(3)], ref=convt1)
    case('conv_transpose1d_options', 'convTranspose1d', [randn(1, 4, 4), randn(4, 1, 3), None],
         {'stride': 2, 'padding': 1, 'outputPadding': 1, 'groups': 2, 'dilation': 1}, ref=convt1)
    case('conv_transpose1d_float64', 'convTranspose1d', [randn(1, 2, 4, dtype=f64), randn(2, 2, 2, dtype=f64),
                                                         randn(2, dtype=f64)], {'stride': 3, 'dilation': 2},
         ref=convt1)

    case('adaptive_avg_pool1d', 'adaptiveAvgPool1d', [randn(2, 3, 7), 3], ref=F.adaptive_avg_pool1d,
         note='bins [floor(i * L / out), ceil((i + 1) * L / out)) overlap when L % out != 0')
    case('adaptive_avg_pool1d_up', 'adaptiveAvgPool1d', [randn(1, 2, 3), 5], ref=F.adaptive_avg_pool1d)
    case('adaptive_max_pool2d', 'adaptiveMaxPool2d', [randn(1, 2, 5, 7), [2, 3]], ref=F.adaptive_max_pool2d)
    case('adaptive_max_pool2d_indices', 'adaptiveMaxPool2d', [randn(2, 1, 4, 5), [3, 2], True],
         ref=F.adaptive_max_pool2d, note='returnIndices: [values, indices], indices flat h * W + w per plane')
    case('adaptive_max_pool2d_none', 'adaptiveMaxPool2d', [randn(1, 2, 4, 6), [None, 3]], ref=F.adaptive_max_pool2d,
         note='null keeps that dim')

    interp = lambda *a, **kw: F.interpolate(*a, **snake(kw))
    case('interpolate_linear', 'interpolate', [randn(2, 2, 4)], {'size': 7, 'mode': 'linear'}, ref=interp)
    case('interpolate_linear_align', 'interpolate', [randn(1, 3, 5)], {'size': 3, 'mode': 'linear',
                                                                      'alignCorners': True}, ref=interp)
    case('interpolate_linear_scale', 'interpolate', [randn(1, 1, 4, dtype=f64)], {'scaleFactor': 2.5, 'mode': 'linear'},
         ref=interp)

    case('dropout_eval', 'dropout', [randn(3, 4), 0.5, False], ref=F.dropout,
         note='training false: the identity (gradient passes unchanged)')
    case('dropout_p0', 'dropout', [randn(2, 5), 0.0], ref=F.dropout, note='p = 0: the identity')
