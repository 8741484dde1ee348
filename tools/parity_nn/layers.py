"""PyTorch parity fixtures for nabla's basic layers (linear, conv, pooling, normalisation,
activations, embedding, flatten, upsample, containers): writes test/fixtures/nn/layers.json.

Run with /usr/bin/python3 (torch 1.13): /usr/bin/python3 tools/parity_nn/layers.py

Each case names the nabla layer and its constructor arguments (`ctor`: [class, args...], in
nabla's camelCase), and holds PyTorch's state dict (PyTorch keys, in PyTorch's order) before
the run, the inputs of every forward step (`steps`, several for batch norm's running
statistics), the training flag, the output of the last step, the seed gradient `seed` of the
loss sum(out * seed), the gradients of that loss w.r.t. the float inputs and every parameter,
and the state dict after the run (running statistics updated). The test loads the state dict
with loadStateDict and compares everything.
"""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'nn', 'layers.json')
CASES = []


def num(v):
    return float('%.9g' % v)


def enc(t):
    t = t.detach()
    if t.dtype == torch.int64:
        t = t.to(torch.int32)  # nabla stores int64 buffers and indices as int32
    return {'shape': list(t.shape), 'dtype': str(t.dtype).replace('torch.', ''),
            'data': [num(v) if t.is_floating_point() else int(v) for v in t.flatten().tolist()]}


def randomize(module):
    """Non-trivial affine parameters and running statistics (defaults are ones and zeros)."""
    with torch.no_grad():
        for name, p in module.named_parameters():
            if name.endswith('weight') and isinstance(module, (nn.modules.batchnorm._NormBase, nn.LayerNorm, nn.GroupNorm)):
                p.copy_(torch.rand_like(p) + 0.5)
            elif name.endswith('bias') and isinstance(module, (nn.modules.batchnorm._NormBase, nn.LayerNorm, nn.GroupNorm)):
                p.copy_(torch.randn_like(p) * 0.5)
        for name, b in module.named_buffers():
            if name.endswith('running_mean'):
                b.copy_(torch.randn_like(b) * 0.3)
            elif name.endswith('running_var'):
                b.copy_(torch.rand_like(b) + 0.5)


def case(name, ctor, module, steps, train=True, grad_inputs=True, tol=None):
    """steps: list of argument lists; the loss is taken on the last step's output."""
    randomize(module)
    module.train(train)
    sd_before = {k: enc(v) for k, v in module.state_dict().items()}
    out = None
    inputs = []
    for args in steps:
        leafs = [a.clone().requires_grad_(grad_inputs and a.is_floating_point()) for a in args]
        inputs = leafs
        module.zero_grad()
        out = module(*leafs)
    seed = torch.randn_like(out)
    (out * seed).sum().backward()
    c = {
        'name': name, 'ctor': ctor, 'train': train,
        'keys': list(module.state_dict().keys()),
        'stateDict': sd_before,
        'steps': [[enc(a) for a in args] for args in steps],
        'output': enc(out), 'seed': enc(seed),
        'inputGrads': [enc(a.grad) if a.grad is not None else None for a in inputs],
        'paramGrads': {k: enc(p.grad) for k, p in module.named_parameters() if p.grad is not None},
        'stateDictAfter': {k: enc(v) for k, v in module.state_dict().items()},
    }
    if tol:
        c['tol'] = tol
    CASES.append(c)


def r(*shape):
    return torch.randn(*shape)


# ---- linear family
case('Linear', ['Linear', 5, 3], nn.Linear(5, 3), [[r(4, 5)]])
case('Linear no bias, 3-D input', ['Linear', 5, 3, {'bias': False}], nn.Linear(5, 3, bias=False), [[r(2, 4, 5)]])
case('Bilinear', ['Bilinear', 3, 4, 2], nn.Bilinear(3, 4, 2), [[r(5, 3), r(5, 4)]])
case('Identity', ['Identity'], nn.Identity(), [[r(3, 2)]])
case('Dropout eval', ['Dropout', 0.3], nn.Dropout(0.3), [[r(4, 5)]], train=False)
case('Dropout p=0', ['Dropout', 0], nn.Dropout(0), [[r(4, 5)]])

# ---- LoRA: a reference with nabla's keys (weight, bias frozen; lora_A [r, in], lora_B [out, r])
class LoRARef(nn.Module):
    def __init__(self, base, r, alpha):
        super().__init__()
        self.weight = base.weight
        self.bias = base.bias
        self.weight.requires_grad_(False)
        if self.bias is not None:
            self.bias.requires_grad_(False)
        self.lora_A = nn.Parameter(torch.randn(r, base.in_features) * 0.3)
        self.lora_B = nn.Parameter(torch.randn(base.out_features, r) * 0.3)  # as if trained (init is zeros)
        self.scaling = alpha / r

    def forward(self, x):
        return F.linear(x, self.weight, self.bias) + self.scaling * F.linear(F.linear(x, self.lora_A), self.lora_B)


case('LoRALinear', ['LoRALinear', 5, 3, {'r': 2, 'alpha': 6}], LoRARef(nn.Linear(5, 3), 2, 6), [[r(4, 5)]])
case('LoRALinear no bias, 3-D input', ['LoRALinear', 6, 4, {'r': 3, 'alpha': 3}, {'bias': False}], LoRARef(nn.Linear(6, 4, bias=False), 3, 3), [[r(2, 3, 6)]])

# ---- containers
case('Sequential MLP', ['Sequential:mlp'], nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 2)), [[r(5, 6)]])

# ---- convolutions
case('Conv1d', ['Conv1d', 3, 4, 3], nn.Conv1d(3, 4, 3), [[r(2, 3, 10)]])
case('Conv1d stride 2 padding same dilation', ['Conv1d', 4, 6, 3, {'padding': 'same', 'dilation': 2, 'groups': 2}],
     nn.Conv1d(4, 6, 3, padding='same', dilation=2, groups=2), [[r(2, 4, 9)]])
case('Conv2d', ['Conv2d', 3, 5, 3], nn.Conv2d(3, 5, 3), [[r(2, 3, 7, 6)]])
case('Conv2d stride padding', ['Conv2d', 3, 4, [3, 2], {'stride': [2, 1], 'padding': [1, 0]}],
     nn.Conv2d(3, 4, (3, 2), stride=(2, 1), padding=(1, 0)), [[r(2, 3, 8, 7)]])
case('Conv2d groups dilation', ['Conv2d', 4, 6, 3, {'groups': 2, 'dilation': 2, 'padding': 2}],
     nn.Conv2d(4, 6, 3, groups=2, dilation=2, padding=2), [[r(2, 4, 9, 8)]])
case('Conv2d depthwise no bias', ['Conv2d', 4, 8, 3, {'groups': 4, 'bias': False, 'padding': 'same'}],
     nn.Conv2d(4, 8, 3, groups=4, bias=False, padding='same'), [[r(2, 4, 6, 6)]])
case('Conv2d reflect padding', ['Conv2d', 2, 3, 3, {'padding': 1, 'paddingMode': 'reflect'}],
     nn.Conv2d(2, 3, 3, padding=1, padding_mode='reflect'), [[r(1, 2, 5, 5)]])
case('Conv2d circular padding', ['Conv2d', 2, 3, 3, {'padding': 1, 'paddingMode': 'circular'}],
     nn.Conv2d(2, 3, 3, padding=1, padding_mode='circular'), [[r(1, 2, 5, 4)]])
case('ConvTranspose2d', ['ConvTranspose2d', 3, 4, 3, {'stride': 2, 'padding': 1, 'outputPadding': 1}],
     nn.ConvTranspose2d(3, 4, 3, stride=2, padding=1, output_padding=1), [[r(2, 3, 4, 5)]])
case('ConvTranspose2d groups dilation', ['ConvTranspose2d', 4, 6, 2, {'groups': 2, 'dilation': 2, 'bias': False}],
     nn.ConvTranspose2d(4, 6, 2, groups=2, dilation=2, bias=False), [[r(1, 4, 3, 3)]])

# ---- pooling and resizing
case('MaxPool1d', ['MaxPool1d', 3, {'stride': 2, 'padding': 1}], nn.MaxPool1d(3, stride=2, padding=1), [[r(2, 3, 9)]])
case('MaxPool2d', ['MaxPool2d', 2], nn.MaxPool2d(2), [[r(2, 3, 6, 6)]])
case('MaxPool2d ceil dilation', ['MaxPool2d', 3, {'stride': 2, 'dilation': 2, 'ceilMode': True}],
     nn.MaxPool2d(3, stride=2, dilation=2, ceil_mode=True), [[r(1, 2, 9, 8)]])
case('AvgPool1d', ['AvgPool1d', 3, {'stride': 2, 'padding': 1}], nn.AvgPool1d(3, stride=2, padding=1), [[r(2, 3, 8)]])
case('AvgPool2d', ['AvgPool2d', 2, {'stride': 2}], nn.AvgPool2d(2, stride=2), [[r(2, 3, 6, 6)]])
case('AvgPool2d pad exclude', ['AvgPool2d', 3, {'stride': 2, 'padding': 1, 'countIncludePad': False}],
     nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False), [[r(1, 2, 7, 6)]])
case('AdaptiveAvgPool2d global', ['AdaptiveAvgPool2d', 1], nn.AdaptiveAvgPool2d(1), [[r(2, 3, 5, 4)]])
case('AdaptiveAvgPool2d 3x2', ['AdaptiveAvgPool2d', [3, 2]], nn.AdaptiveAvgPool2d((3, 2)), [[r(2, 3, 7, 5)]])
case('Upsample nearest', ['Upsample', {'scaleFactor': 2}], nn.Upsample(scale_factor=2), [[r(1, 2, 3, 4)]])
case('Upsample bilinear', ['Upsample', {'size': [5, 7], 'mode': 'bilinear'}], nn.Upsample(size=(5, 7), mode='bilinear'), [[r(1, 2, 3, 4)]])
case('Upsample bilinear alignCorners', ['Upsample', {'scaleFactor': 2, 'mode': 'bilinear', 'alignCorners': True}],
     nn.Upsample(scale_factor=2, mode='bilinear', align_corners=True), [[r(1, 2, 3, 4)]])

# ---- normalisation (train cases run several steps so running statistics accumulate)
case('BatchNorm1d train 2-D', ['BatchNorm1d', 4], nn.BatchNorm1d(4), [[r(6, 4) * 2 + 1], [r(6, 4)], [r(6, 4) - 1]])
case('BatchNorm1d train 3-D', ['BatchNorm1d', 3, {'momentum': 0.3}], nn.BatchNorm1d(3, momentum=0.3), [[r(4, 3, 5)], [r(4, 3, 5) * 3]])
case('BatchNorm1d momentum null', ['BatchNorm1d', 3, {'momentum': None}], nn.BatchNorm1d(3, momentum=None),
     [[r(5, 3)], [r(5, 3) + 2], [r(5, 3) * 0.5]])
case('BatchNorm1d eval', ['BatchNorm1d', 4], nn.BatchNorm1d(4), [[r(6, 4)]], train=False)
case('BatchNorm2d train', ['BatchNorm2d', 3], nn.BatchNorm2d(3), [[r(4, 3, 5, 5) + 1], [r(4, 3, 5, 5) * 2]])
case('BatchNorm2d eval', ['BatchNorm2d', 3], nn.BatchNorm2d(3), [[r(4, 3, 5, 5)]], train=False)
case('BatchNorm2d no affine', ['BatchNorm2d', 3, {'affine': False}], nn.BatchNorm2d(3, affine=False), [[r(2, 3, 4, 4)]])
case('BatchNorm2d no running stats, eval', ['BatchNorm2d', 3, {'trackRunningStats': False}],
     nn.BatchNorm2d(3, track_running_stats=False), [[r(2, 3, 4, 4)]], train=False)
case('LayerNorm', ['LayerNorm', 6], nn.LayerNorm(6), [[r(3, 4, 6)]])
case('LayerNorm 2-D shape no affine', ['LayerNorm', [4, 6], {'elementwiseAffine': False, 'eps': 1e-3}],
     nn.LayerNorm((4, 6), elementwise_affine=False, eps=1e-3), [[r(3, 4, 6)]])
case('GroupNorm', ['GroupNorm', 2, 6], nn.GroupNorm(2, 6), [[r(3, 6, 4, 3)]])
case('InstanceNorm2d', ['InstanceNorm2d', 3], nn.InstanceNorm2d(3), [[r(2, 3, 5, 4)]])
case('InstanceNorm2d affine tracked train', ['InstanceNorm2d', 3, {'affine': True, 'trackRunningStats': True}],
     nn.InstanceNorm2d(3, affine=True, track_running_stats=True), [[r(2, 3, 5, 4) + 1], [r(2, 3, 5, 4)]])
case('InstanceNorm2d affine tracked eval', ['InstanceNorm2d', 3, {'affine': True, 'trackRunningStats': True}],
     nn.InstanceNorm2d(3, affine=True, track_running_stats=True), [[r(2, 3, 5, 4)]], train=False)

# ---- activations
x = r(4, 7) * 3
case('ReLU', ['ReLU'], nn.ReLU(), [[x]])
case('LeakyReLU', ['LeakyReLU', 0.2], nn.LeakyReLU(0.2), [[x]])
case('GELU', ['GELU'], nn.GELU(), [[x]])
case('GELU tanh', ['GELU', {'approximate': 'tanh'}], nn.GELU(approximate='tanh'), [[x]])
case('ELU', ['ELU', 0.7], nn.ELU(0.7), [[x]])
case('SiLU', ['SiLU'], nn.SiLU(), [[x]])
case('Mish', ['Mish'], nn.Mish(), [[x]])
case('Sigmoid', ['Sigmoid'], nn.Sigmoid(), [[x]])
case('Tanh', ['Tanh'], nn.Tanh(), [[x]])
case('Softplus', ['Softplus', 2, 5], nn.Softplus(2, 5), [[x]])
case('Softmax', ['Softmax', 1], nn.Softmax(1), [[x]])
case('Softmax dim 0', ['Softmax', 0], nn.Softmax(0), [[x]])
case('LogSoftmax', ['LogSoftmax', -1], nn.LogSoftmax(-1), [[x]])

# ---- reshaping and lookup
case('Flatten', ['Flatten'], nn.Flatten(), [[r(2, 3, 4, 2)]])
case('Unflatten', ['Unflatten', 1, [3, 4]], nn.Unflatten(1, (3, 4)), [[r(2, 12)]])
case('Embedding padding', ['Embedding', 7, 4, {'paddingIdx': 2}], nn.Embedding(7, 4, padding_idx=2),
     [[torch.tensor([[0, 2, 5], [2, 2, 6]], dtype=torch.int32)]])
case('Embedding', ['Embedding', 5, 3], nn.Embedding(5, 3), [[torch.tensor([4, 0, 4, 1], dtype=torch.int32)]])

with open(OUT, 'w') as f:
    json.dump({'torch': torch.__version__, 'cases': CASES}, f, separators=(',', ':'))
print(f'{len(CASES)} cases -> {os.path.relpath(OUT)} ({os.path.getsize(OUT) // 1024} KiB)')
