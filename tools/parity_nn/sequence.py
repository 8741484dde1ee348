"""PyTorch parity fixtures for nabla's sequence layers (RNN/LSTM/GRU, MultiheadAttention,
Transformer layers): writes test/fixtures/nn/sequence.json.

Run with /usr/bin/python3 (torch 1.13): /usr/bin/python3 tools/parity_nn/sequence.py

Each case holds the layer's config, its state dict under PyTorch's keys, the inputs, the
outputs, and the gradients of the loss sum_i (out_i * seed_i) (over every returned tensor, the
seeds being stored as `seeds`) with respect to every parameter and every float input that has
requires_grad. Tests load the state dict with loadStateDict and compare.
"""
import json
import math
import os

import torch
import torch.nn as nn

torch.manual_seed(0)
OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'nn', 'sequence.json')


def num(v):
    if v != v:
        return 'nan'
    if v in (float('inf'), float('-inf')):
        return 'inf' if v > 0 else '-inf'
    return float('%.9g' % v)


def enc(t):
    if t is None:
        return None
    t = t.detach()
    return {'shape': list(t.shape), 'dtype': str(t.dtype).replace('torch.', ''),
            'data': [num(v) if t.is_floating_point() else int(v) for v in t.flatten().tolist()]}


def flatten_out(out):
    if isinstance(out, torch.Tensor):
        return [out]
    res = []
    for o in out:
        if o is None:
            res.append(None)
        else:
            res.extend(flatten_out(o))
    return res


def case(module, inputs, call, grad_inputs=()):
    """inputs: dict name -> tensor (or None); call(module, inputs) -> output(s)."""
    for name in grad_inputs:
        inputs[name].requires_grad_(True)
    outs = flatten_out(call(module, inputs))
    seeds = [None if o is None else torch.randn(o.shape) for o in outs]
    loss = sum((o * s).sum() for o, s in zip(outs, seeds) if o is not None)
    loss.backward()
    return {
        'state': {k: enc(v) for k, v in module.state_dict().items()},
        'inputs': {k: enc(v) for k, v in inputs.items()},
        'outputs': [enc(o) for o in outs],
        'seeds': [enc(s) for s in seeds],
        'paramGrads': {k: enc(p.grad) for k, p in module.named_parameters()},
        'inputGrads': {k: enc(inputs[k].grad) for k in grad_inputs},
    }


cases = {}

# ---- recurrent layers ------------------------------------------------------------------------
def rnn_case(cls, kwargs, x_shape, with_state, state_shape, lstm=False):
    m = cls(5, 6, **kwargs)
    inputs = {'x': torch.randn(*x_shape)}
    grads = ['x']
    if with_state:
        inputs['h0'] = torch.randn(*state_shape)
        grads.append('h0')
        if lstm:
            inputs['c0'] = torch.randn(*state_shape[:-1], 6)
            grads.append('c0')

    def call(mod, i):
        if not with_state:
            return mod(i['x'])
        return mod(i['x'], (i['h0'], i['c0']) if lstm else i['h0'])
    return dict(config=kwargs, **case(m, inputs, call, grads))


cfg = dict(num_layers=2, bidirectional=True, batch_first=True)
cases['lstm_bi2_bf'] = rnn_case(nn.LSTM, cfg, (3, 4, 5), False, None, lstm=True)
cases['lstm_bi2_bf_hx'] = rnn_case(nn.LSTM, cfg, (3, 4, 5), True, (4, 3, 6), lstm=True)
cases['gru_bi2_bf'] = rnn_case(nn.GRU, cfg, (3, 4, 5), False, None)
cases['gru_bi2_bf_hx'] = rnn_case(nn.GRU, cfg, (3, 4, 5), True, (4, 3, 6))
cases['rnn_relu2_hx'] = rnn_case(nn.RNN, dict(num_layers=2, nonlinearity='relu'), (4, 3, 5), True, (2, 3, 6))
cases['rnn_tanh_bi'] = rnn_case(nn.RNN, dict(bidirectional=True), (4, 3, 5), False, None)
cases['lstm_proj_hx'] = rnn_case(nn.LSTM, dict(proj_size=3, num_layers=2), (4, 2, 5), True, (2, 2, 3), lstm=True)
cases['gru_unbatched_nobias'] = rnn_case(nn.GRU, dict(bias=False), (4, 5), True, (1, 6))
cases['lstm_long'] = rnn_case(nn.LSTM, dict(num_layers=1), (20, 2, 5), True, (1, 2, 6), lstm=True)

# ---- multi-head attention -------------------------------------------------------------------
def mha_case(kwargs, q_shape, k_shape, v_shape, fwd):
    m = nn.MultiheadAttention(8, 2, **kwargs)
    with torch.no_grad():  # non-zero biases, so the parity covers them
        for name, p in m.named_parameters():
            if 'bias' in name:
                p.normal_()
    inputs = {'q': torch.randn(*q_shape), 'k': torch.randn(*k_shape), 'v': torch.randn(*v_shape)}
    extra = fwd(inputs)

    def call(mod, i):
        kw = {k: i[k] for k in ('key_padding_mask', 'attn_mask') if k in i}
        return mod(i['q'], i['k'], i['v'], need_weights=extra.get('need_weights', True),
                   average_attn_weights=extra.get('average_attn_weights', True), **kw)
    return dict(config=kwargs, call={k: v for k, v in extra.items()}, **case(m, inputs, call, ['q', 'k', 'v']))


def masks_bool(i):
    i['key_padding_mask'] = torch.tensor([[False, False, False, True, True], [False, False, False, False, True]])
    i['attn_mask'] = torch.tensor([[False, True, False, False, False], [False, False, True, False, False], [True, False, False, False, False]])
    return {}


def masks_float_perhead(i):
    i['key_padding_mask'] = torch.tensor([[False, False, False, False, True], [False, True, False, False, False]])
    i['attn_mask'] = torch.randn(2 * 2, 3, 5)
    return {'average_attn_weights': False}


cases['mha_bf_bool_masks'] = mha_case(dict(batch_first=True), (2, 3, 8), (2, 5, 8), (2, 5, 8), masks_bool)
cases['mha_float_mask_per_head'] = mha_case({}, (3, 2, 8), (5, 2, 8), (5, 2, 8), masks_float_perhead)
cases['mha_kdim_vdim'] = mha_case(dict(kdim=6, vdim=4), (3, 2, 8), (5, 2, 6), (5, 2, 4), lambda i: {})
cases['mha_bias_kv'] = mha_case(dict(add_bias_kv=True, batch_first=True), (2, 3, 8), (2, 5, 8), (2, 5, 8), masks_bool)
cases['mha_no_weights'] = mha_case(dict(bias=False), (3, 8), (5, 8), (5, 8), lambda i: {'need_weights': False})
cases['mha_zero_attn_bias_kv'] = mha_case(dict(add_zero_attn=True, add_bias_kv=True), (3, 2, 8), (5, 2, 8), (5, 2, 8), masks_float_perhead)


# ---- transformer ----------------------------------------------------------------------------
def tf_case(module, inputs, call, grads, config):
    module.eval()  # dropout off
    return dict(config=config, **case(module, inputs, call, grads))


def enc_layer_case(norm_first, activation):
    cfg = dict(d_model=8, nhead=2, dim_feedforward=16, batch_first=True, norm_first=norm_first, activation=activation)
    m = nn.TransformerEncoderLayer(**cfg)
    inputs = {'src': torch.randn(2, 4, 8), 'src_key_padding_mask': torch.tensor([[False, False, False, True], [False, False, False, False]])}
    return tf_case(m, inputs, lambda mod, i: mod(i['src'], src_key_padding_mask=i['src_key_padding_mask']), ['src'], cfg)


cases['enc_layer_post_relu'] = enc_layer_case(False, 'relu')
cases['enc_layer_pre_gelu'] = enc_layer_case(True, 'gelu')

for norm_first in (False, True):
    cfg = dict(d_model=8, nhead=2, dim_feedforward=16, norm_first=norm_first)
    dec = nn.TransformerDecoderLayer(**cfg)
    inputs = {'tgt': torch.randn(3, 2, 8), 'memory': torch.randn(4, 2, 8),
              'tgt_mask': nn.Transformer.generate_square_subsequent_mask(3),
              'memory_key_padding_mask': torch.tensor([[False, False, False, True], [False, False, False, False]]),
              'tgt_key_padding_mask': torch.tensor([[False, False, False], [False, False, True]])}
    cases['dec_layer_' + ('pre' if norm_first else 'post')] = tf_case(
        dec, inputs, lambda mod, i: mod(i['tgt'], i['memory'], tgt_mask=i['tgt_mask'],
                                        tgt_key_padding_mask=i['tgt_key_padding_mask'],
                                        memory_key_padding_mask=i['memory_key_padding_mask']), ['tgt', 'memory'], cfg)

cfg = dict(d_model=8, nhead=2, dim_feedforward=16, batch_first=True)
enc2 = nn.TransformerEncoder(nn.TransformerEncoderLayer(**cfg), 2, norm=nn.LayerNorm(8), enable_nested_tensor=False)
with torch.no_grad():  # the deep copies start identical; make them differ so key mix-ups show
    for p in enc2.layers[1].parameters():
        p.add_(0.1 * torch.randn(p.shape))
inputs = {'src': torch.randn(2, 4, 8), 'mask': nn.Transformer.generate_square_subsequent_mask(4)}
cases['encoder_2_layers_norm'] = tf_case(enc2, inputs, lambda mod, i: mod(i['src'], mask=i['mask']), ['src'], dict(cfg, num_layers=2, norm=True))

cfg = dict(d_model=8, nhead=2, num_encoder_layers=2, num_decoder_layers=1, dim_feedforward=16)
tr = nn.Transformer(**cfg)
inputs = {'src': torch.randn(5, 2, 8), 'tgt': torch.randn(3, 2, 8), 'tgt_mask': nn.Transformer.generate_square_subsequent_mask(3)}
cases['transformer_full'] = tf_case(tr, inputs, lambda mod, i: mod(i['src'], i['tgt'], tgt_mask=i['tgt_mask']), ['src', 'tgt'], cfg)


# ---- positional encodings ---------------------------------------------------------------------
class PositionalEncoding(nn.Module):
    """The PyTorch tutorial's (Transformer language-model tutorial) sinusoidal encoding."""
    def __init__(self, d_model, dropout=0.1, max_len=5000):
        super().__init__()
        self.dropout = nn.Dropout(p=dropout)
        position = torch.arange(max_len).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2) * (-math.log(10000.0) / d_model))
        pe = torch.zeros(max_len, 1, d_model)
        pe[:, 0, 0::2] = torch.sin(position * div_term)
        pe[:, 0, 1::2] = torch.cos(position * div_term)
        self.register_buffer('pe', pe)

    def forward(self, x):
        return self.dropout(x + self.pe[:x.size(0)])


pe = PositionalEncoding(6, max_len=12).eval()
x = torch.randn(4, 2, 6)
cases['positional_sinusoidal'] = {'state': {'pe': enc(pe.pe)}, 'inputs': {'x': enc(x)}, 'outputs': [enc(pe(x))]}


def rope_reference(x, positions, base=10000.0, interleaved=False):
    d = x.shape[-1]
    inv_freq = 1.0 / (base ** (torch.arange(0, d, 2).float() / d))
    ang = positions.float()[:, None] * inv_freq[None, :]  # [T, d/2]
    if interleaved:  # GPT-J / original RoFormer: pairs (2i, 2i+1)
        cos, sin = ang.cos().repeat_interleave(2, -1), ang.sin().repeat_interleave(2, -1)
        rot = torch.stack([-x[..., 1::2], x[..., 0::2]], -1).flatten(-2)
    else:  # GPT-NeoX / LLaMA rotate_half: pairs (i, i + d/2)
        cos, sin = torch.cat([ang.cos()] * 2, -1), torch.cat([ang.sin()] * 2, -1)
        rot = torch.cat([-x[..., d // 2:], x[..., :d // 2]], -1)
    return x * cos + rot * sin


q, k = torch.randn(2, 2, 5, 8), torch.randn(2, 2, 5, 8)
positions = torch.arange(5) + 3
for inter in (False, True):
    cases['rope_' + ('interleaved' if inter else 'half')] = {
        'inputs': {'q': enc(q), 'k': enc(k), 'positions': enc(positions)},
        'outputs': [enc(rope_reference(q, positions, interleaved=inter)), enc(rope_reference(k, positions, interleaved=inter))]}

cases['causal_mask_4'] = {'outputs': [enc(nn.Transformer.generate_square_subsequent_mask(4))]}

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, 'w') as f:
    json.dump({'torch': torch.__version__, 'cases': cases}, f, separators=(',', ':'), allow_nan=False)
print('wrote', OUT, os.path.getsize(OUT), 'bytes,', len(cases), 'cases')
