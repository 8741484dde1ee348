"""Writes the safetensors interop fixtures under test/fixtures/io/ (run: /usr/bin/python3 tools/parity_nn/safetensors.py).

The `safetensors` Python package is not installed here and Debian has no python3-safetensors, so
the files are written by hand following the reference writer (huggingface/safetensors, tensor.rs
`prepare`/`serialize`): tensors sorted by dtype alignment rank (descending) then by name, data laid
out in that order without gaps, the header compact JSON `{"__metadata__": {...}, name: {dtype,
shape, data_offsets}}` in that order, padded with spaces to a multiple of 8, preceded by its length
as a little-endian u64. The tensor values come from torch (1.13); F16/BF16 rounding is torch's.
A reader in this file re-checks each written file the way the reference validates it.
"""
import json
import os
import struct

import torch

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'io')
# The reference's Dtype enum order (its alignment rank) and sizes.
RANK = ['BOOL', 'U8', 'I8', 'F8_E5M2', 'F8_E4M3', 'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'F32', 'F64', 'I64', 'U64']
TORCH = {
    torch.bool: 'BOOL', torch.uint8: 'U8', torch.int8: 'I8', torch.int16: 'I16', torch.float16: 'F16',
    torch.bfloat16: 'BF16', torch.int32: 'I32', torch.float32: 'F32', torch.float64: 'F64', torch.int64: 'I64',
}


def to_bf16(t):
    """torch's rounding to bfloat16 with NaN canonicalised to 0x7fc0: c10's scalar conversion gives
    0x7fc0 but torch's AVX path gives 0xffff for the same NaN; nabla writes 0x7fc0 (both are NaN)."""
    b = t.bfloat16()
    bits = b.view(torch.int16)
    bits[torch.isnan(t)] = 0x7FC0
    return b


def tensor_bytes(t):
    t = t.contiguous()
    if t.dtype == torch.bfloat16:
        t = t.view(torch.int16)  # numpy has no bfloat16
    return t.numpy().tobytes()  # little-endian on this host


def serialize(tensors, metadata=None):
    items = sorted(tensors.items(), key=lambda kv: (-RANK.index(TORCH[kv[1].dtype]), kv[0].encode('utf-8')))
    header, data, offset = {}, b'', 0
    if metadata is not None:
        header['__metadata__'] = metadata
    for name, t in items:
        b = tensor_bytes(t)
        header[name] = {'dtype': TORCH[t.dtype], 'shape': list(t.shape), 'data_offsets': [offset, offset + len(b)]}
        data += b
        offset += len(b)
    h = json.dumps(header, separators=(',', ':'), ensure_ascii=False).encode('utf-8')
    h += b' ' * ((8 - len(h) % 8) % 8)
    return struct.pack('<Q', len(h)) + h + data


def check(buf):
    """The reference's validation: header length, JSON, offsets tiling the data exactly."""
    (n,) = struct.unpack('<Q', buf[:8])
    assert n <= 100_000_000 and 8 + n <= len(buf)
    header = json.loads(buf[8:8 + n].decode('utf-8'))
    header.pop('__metadata__', None)
    pos = 0
    for name, info in sorted(header.items(), key=lambda kv: kv[1]['data_offsets']):
        b, e = info['data_offsets']
        assert b == pos and e >= b, name
        pos = e
    assert pos + 8 + n == len(buf)


def write(name, tensors, metadata=None):
    buf = serialize(tensors, metadata)
    check(buf)
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(buf)
    return buf


def values(t):
    """Exact values as JSON: floats as float32/float64 numbers, non-finite as strings."""
    if t.dtype in (torch.float16, torch.bfloat16):
        t = t.float()
    out = []
    for v in t.reshape(-1).tolist():
        if isinstance(v, float) and (v != v or v in (float('inf'), float('-inf'))):
            v = 'nan' if v != v else ('inf' if v > 0 else '-inf')
        out.append(v)
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    special = torch.tensor([0.0, -0.0, 1.0, -2.5, 65504.0, 65520.0, 1e-8, 6e-8, 5.96e-8, 2.98e-8, 3e-5,
                            1.0009765625, 1.00048828125, 1.00146484375, 3.0e38, float('inf'), float('-inf'), float('nan')])
    f32 = torch.randn(2, 3, 4)
    every = {
        'f32': f32,
        'f64': torch.randn(3, 2, dtype=torch.float64),
        'f16': torch.cat([special, torch.randn(6)]).half(),
        'bf16': torch.cat([special, torch.randn(6) * 1e3]).bfloat16(),
        'i32': torch.tensor([[0, -1, 2147483647], [-2147483648, 7, 42]], dtype=torch.int32),
        'i64': torch.tensor([0, -1, 2147483647, -2147483648, 123456], dtype=torch.int64),
        'i16': torch.tensor([-32768, 32767, 5], dtype=torch.int16),
        'i8': torch.tensor([-128, 127, 0], dtype=torch.int8),
        'u8': torch.tensor([0, 1, 200, 255], dtype=torch.uint8),
        'bool': torch.tensor([[True, False], [False, True]]),
        'scalar': torch.tensor(3.5),
        'empty': torch.zeros(0, 3),
    }
    write('dtypes.safetensors', every, {'format': 'pt', 'note': 'nabla fixture'})
    write('i64_out_of_range.safetensors', {'big': torch.tensor([1, 2 ** 31], dtype=torch.int64)})

    # A small nn-like state dict (Linear → BatchNorm1d → Linear), keys as PyTorch names them.
    model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.BatchNorm1d(3), torch.nn.ReLU(), torch.nn.Linear(3, 2))
    model.train()
    model(torch.randn(8, 4))  # updates running stats and num_batches_tracked
    sd = {k: v.detach().clone() for k, v in model.state_dict().items()}
    write('state_dict.safetensors', sd, {'format': 'pt'})

    # For byte identity with nabla's writer: tensors in dtypes nabla stores natively, and the
    # same float32 values rounded by torch to F16 and to BF16 (and int32 widened to I64).
    native = {'w': f32, 'b': torch.randn(5), 'x64': torch.randn(2, 2, dtype=torch.float64),
              'idx': torch.tensor([3, -4, 5], dtype=torch.int32), 'mask': torch.tensor([True, False, True]),
              'ünïcode.näme': torch.tensor([1.5, -0.0]), 'special': special, 'z': torch.zeros(0)}
    write('native.safetensors', native, {'format': 'pt'})
    for kind, dt in (('f16', torch.float16), ('bf16', torch.bfloat16)):
        cast = (lambda v: v.half()) if dt == torch.float16 else to_bf16
        conv = {k: (cast(v) if v.dtype == torch.float32 else v) for k, v in native.items()}
        conv['idx'] = native['idx'].long()
        write(f'native_{kind}_i64.safetensors', conv, {'format': 'pt'})

    expected = {name: {'dtype': TORCH[t.dtype], 'shape': list(t.shape), 'values': values(t)} for name, t in every.items()}
    expected_sd = {name: {'dtype': TORCH[t.dtype], 'shape': list(t.shape), 'values': values(t)} for name, t in sd.items()}

    # float32 → float16 / bfloat16 bits as torch rounds them: edge cases and random bit patterns.
    g = torch.Generator().manual_seed(1)
    bits = torch.randint(-2 ** 31, 2 ** 31 - 1, (3000,), generator=g, dtype=torch.int64).to(torch.int32)
    near = (torch.randn(3000, generator=g) * torch.pow(2.0, torch.randint(-30, 20, (3000,), generator=g).float()))
    ties = torch.tensor([1 + k * 2 ** -11 for k in range(16)] + [2 ** -14 * (1 + k * 2 ** -11) for k in range(8)]
                        + [k * 2 ** -25 for k in range(1, 16)] + [1 + k * 2 ** -8 for k in range(16)])
    f = torch.cat([special, bits.view(torch.float32), near, ties, -ties])
    half = {
        'f32_bits': f.view(torch.int32).tolist(),
        'f16_bits': f.half().view(torch.int16).tolist(),
        'bf16_bits': to_bf16(f).view(torch.int16).tolist(),
    }
    with open(os.path.join(OUT, 'expected.json'), 'w') as fh:
        json.dump({'dtypes': expected, 'state_dict': expected_sd, 'half': half}, fh, separators=(',', ':'))


if __name__ == '__main__':
    main()
