/**
 * safetensors: the reference's own byte vectors, files written by tools/parity_nn/safetensors.py
 * (torch values in the reference layout) loaded exactly, nabla's output byte-identical to them,
 * and malformed files each rejected with a ValueError before anything large is allocated.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as nb from '../../src/index.js';
import * as io from '../../src/io/index.js';

const FIX = join(process.cwd(), 'test/fixtures/io');
const fixture = (name: string) => new Uint8Array(readFileSync(join(FIX, name)));
interface Expected { dtype: string; shape: number[]; values: (number | boolean | string)[] }
const expected = JSON.parse(readFileSync(join(FIX, 'expected.json'), 'utf8')) as {
  dtypes: Record<string, Expected>; state_dict: Record<string, Expected>;
  half: { f32_bits: number[]; f16_bits: number[]; bf16_bits: number[] };
};
const num = (v: number | boolean | string) => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v));
const NB_DTYPE: Record<string, string> = { F32: 'float32', F16: 'float32', BF16: 'float32', F64: 'float64', BOOL: 'bool' };

function assertMatches(t: nb.Tensor, e: Expected, name: string): void {
  assert.equal(t.dtype, NB_DTYPE[e.dtype] ?? 'int32', `${name} dtype`);
  assert.deepEqual([...t.shape], e.shape, `${name} shape`);
  const got = Array.from(t.dataSync());
  assert.equal(got.length, e.values.length);
  got.forEach((v, i) => assert.ok(Object.is(v, num(e.values[i])), `${name}[${i}]: ${v} vs ${e.values[i]}`));
}

/** A file from a header (object or raw text) and data bytes, without the writer's checks. */
function build(header: unknown, data: Uint8Array = new Uint8Array(0), headerLength?: bigint): Uint8Array {
  const text = typeof header === 'string' ? header : JSON.stringify(header);
  const h = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, headerLength ?? BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}
const rejects = (bytes: Uint8Array, re: RegExp) => assert.throws(() => io.deserializeSafetensors(bytes), (e: unknown) => e instanceof nb.ValueError && re.test((e as Error).message));

test('serialize matches the reference implementation byte vectors', () => {
  const six = nb.tensor([0, 1, 2, 3, 4, 5]);
  const bytes = (s: string, data: number[]) => [...new TextEncoder().encode(s)].concat(data);
  const f32data = [0, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64];
  assert.deepEqual([...io.serializeSafetensors({ 'attn.0': six.reshape([1, 2, 3]) })],
    [64, 0, 0, 0, 0, 0, 0, 0, ...bytes('{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}', f32data)]);
  assert.deepEqual([...io.serializeSafetensors({ attn0: six.reshape([1, 1, 2, 3]) })],
    [72, 0, 0, 0, 0, 0, 0, 0, ...bytes('{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}       ', f32data)]);
  assert.deepEqual([...io.serializeSafetensors({})], [8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32]);
  assert.deepEqual([...io.serializeSafetensors({}, { framework: 'pt' })], [40, 0, 0, 0, 0, 0, 0, 0, ...bytes('{"__metadata__":{"framework":"pt"}}     ', [])]);
});

test('loads every dtype written from torch exactly', () => {
  const got = io.loadSafetensors(join(FIX, 'dtypes.safetensors'));
  assert.deepEqual(Object.keys(got).sort(), Object.keys(expected.dtypes).sort());
  for (const [name, e] of Object.entries(expected.dtypes)) assertMatches(got[name], e, name);
  const header = io.readSafetensorsHeader(join(FIX, 'dtypes.safetensors'));
  assert.deepEqual(header.metadata, { format: 'pt', note: 'nabla fixture' });
  assert.equal(header.tensors.get('bf16')?.dtype, 'BF16');
  // The in-memory reader agrees with the file reader.
  const mem = io.deserializeSafetensors(fixture('dtypes.safetensors'));
  for (const name of Object.keys(got)) assert.deepEqual(mem[name].toArray(), got[name].toArray());
});

test('loads a PyTorch state dict (keys, int64 counter, values)', () => {
  const sd = io.loadSafetensors(join(FIX, 'state_dict.safetensors'));
  assert.deepEqual(Object.keys(sd).sort(), ['0.bias', '0.weight', '1.bias', '1.num_batches_tracked', '1.running_mean', '1.running_var', '1.weight', '3.bias', '3.weight']);
  for (const [name, e] of Object.entries(expected.state_dict)) assertMatches(sd[name], e, name);
  assert.equal(sd['1.num_batches_tracked'].item(), 1);
});

test('nabla writes files byte-identical to the reference layout (F32/F64/I32/BOOL, F16 and BF16 rounding, I64)', () => {
  const native = io.loadSafetensors(join(FIX, 'native.safetensors'));
  assert.deepEqual([...io.serializeSafetensors(native, { format: 'pt' })], [...fixture('native.safetensors')]);
  for (const kind of ['F16', 'BF16'] as const) {
    const out = io.serializeSafetensors(native, { format: 'pt' }, { float32As: kind, int32As: 'I64' });
    assert.deepEqual([...out], [...fixture(`native_${kind.toLowerCase()}_i64.safetensors`)], kind);
  }
});

test('float32 → float16 / bfloat16 rounding is bit-identical to torch', () => {
  const { f32_bits: f, f16_bits: h, bf16_bits: b } = expected.half;
  const src = new Float32Array(new Int32Array(f).buffer);
  const t = nb.tensor(src);
  const halfOf = (kind: 'F16' | 'BF16') => {
    const bytes = io.serializeSafetensors({ x: t }, undefined, { float32As: kind });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    return new Int16Array(bytes.slice(8 + n).buffer);
  };
  const f16 = halfOf('F16'), bf16 = halfOf('BF16');
  let checked = 0;
  for (let i = 0; i < f.length; i++) {
    assert.equal(f16[i], h[i], `f16 of bits ${f[i]} (${src[i]})`);
    assert.equal(bf16[i], b[i], `bf16 of bits ${f[i]} (${src[i]})`);
    checked++;
  }
  assert.ok(checked > 6000);
});

test('float16 decoding is exact: every non-NaN half survives half → float32 → half', () => {
  const all = new Uint16Array(65536).map((_, i) => i);
  const file = build({ h: { dtype: 'F16', shape: [65536], data_offsets: [0, 131072] } }, new Uint8Array(all.buffer));
  const back = new Uint16Array(65536);
  const decoded = io.deserializeSafetensors(file).h;
  const bytes = io.serializeSafetensors({ h: decoded }, undefined, { float32As: 'F16' });
  back.set(new Uint16Array(bytes.slice(bytes.length - 131072).buffer));
  for (let i = 0; i < 65536; i++) {
    const isNaN = (i & 0x7c00) === 0x7c00 && (i & 0x3ff) !== 0;
    if (isNaN) assert.ok(Number.isNaN(decoded.storage[i]));
    else assert.equal(back[i], i, `half 0x${i.toString(16)}`);
  }
  assert.equal(decoded.storage[1], 2 ** -24); // smallest subnormal
  assert.equal(decoded.storage[0x7bff], 65504);
});

test('save/load round trip through a file: views written contiguously, every nabla dtype', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nabla-st-'));
  const base = nb.arange(0, 12).reshape([3, 4]);
  const tensors = {
    t: base.transpose(0, 1), s: base.slice(1, 1, 3), d: nb.tensor([1.25, -3], { dtype: 'float64' }),
    i: nb.tensor([1, -2, 3], { dtype: 'int32' }), b: nb.tensor([true, false]), z: nb.zeros([0, 2]), c: nb.scalar(7),
  };
  const path = join(dir, 'm.safetensors');
  io.saveSafetensors(path, tensors, { epoch: '3' });
  const back = io.loadSafetensors(path);
  for (const [k, v] of Object.entries(tensors)) {
    assert.equal(back[k].dtype, v.dtype, k);
    assert.deepEqual(back[k].toArray(), v.toArray(), k);
    assert.ok(back[k].isContiguous());
  }
  assert.deepEqual(io.readSafetensorsHeader(path).metadata, { epoch: '3' });
});

test('integers outside int32 and unsupported dtypes are errors naming the tensor', () => {
  assert.throws(() => io.loadSafetensors(join(FIX, 'i64_out_of_range.safetensors')), /tensor 'big' \(I64\): element 1 = 2147483648 does not fit in int32/);
  rejects(build({ q: { dtype: 'F8_E4M3', shape: [2], data_offsets: [0, 2] } }, new Uint8Array(2)), /'q': dtype F8_E4M3 is not supported/);
  assert.throws(() => io.serializeSafetensors({ __metadata__: nb.zeros([1]) }), nb.ValueError);
  assert.throws(() => io.serializeSafetensors({ a: [1, 2] as unknown as nb.Tensor }), /'a' is not a Tensor/);
});

test('malformed files: each problem a clear ValueError', () => {
  const ok = { a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } };
  const d8 = new Uint8Array(8);
  rejects(new Uint8Array(5), /too short/);
  rejects(build(ok, d8, 2n ** 40n), /exceeds the limit of 100000000/);
  rejects(build(ok, d8, 2n ** 64n - 1n), /exceeds the limit/);
  rejects(build(ok, d8, 90_000_000n), /runs past the end of the file/);
  rejects(build('{"a": {"dtype": "F32",', d8), /not valid JSON/);
  rejects(build('[1, 2]'), /must be a JSON object/);
  const bad = build('{}'); bad[9] = 0xff; rejects(bad, /not valid UTF-8/);
  rejects(build({ a: { dtype: 'F33', shape: [2], data_offsets: [0, 8] } }, d8), /'a': unknown dtype "F33"/);
  rejects(build({ a: { dtype: 'F32', shape: [-2], data_offsets: [0, 8] } }, d8), /'a': shape must be an array of non-negative integers/);
  rejects(build({ a: { dtype: 'F32', shape: [2.5], data_offsets: [0, 8] } }, d8), /shape must be/);
  rejects(build({ a: { dtype: 'F32', shape: [2], data_offsets: [0] } }, d8), /'a': data_offsets must be two/);
  rejects(build({ a: { dtype: 'F32', shape: [2], data_offsets: [8, 0] } }, d8), /end before they begin/);
  rejects(build({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, d8), /'a': F32 shape \[3\] needs 12 bytes but data_offsets \[0, 8\] hold 8/);
  rejects(build({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, d8), /'a': data_offsets \[0, 16\] run past the data section \(8 bytes\)/);
  rejects(build({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, d8), /'b': data_offsets \[4, 8\] overlap tensor 'a'/);
  rejects(build({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, d8), /'a': data_offsets start at 4, leaving bytes \[0, 4\) unused/);
  rejects(build(ok, new Uint8Array(12)), /cover 8 bytes but the data section has 12 \(trailing bytes/);
  rejects(build(`{"a":${JSON.stringify(ok.a)},"a":${JSON.stringify(ok.a)}}`, d8), /'a' appears twice/);
  rejects(build({ __metadata__: { x: 1 }, ...ok }, d8), /__metadata__ value 'x' must be a string/);
  rejects(build({ __metadata__: 'x' }), /__metadata__ must be an object/);
  rejects(build({ a: { dtype: 'F32', shape: [2 ** 40, 2 ** 40], data_offsets: [0, 8] } }, d8), /too many elements/);
  rejects(build({ a: 3 }), /'a': expected an object/);
  // The reference accepts leading whitespace and nested strings with braces in metadata.
  const fine = build(` {"__metadata__":{"k":"{\\"a\\":1}"},"a":${JSON.stringify(ok.a)}}`, d8);
  assert.deepEqual(io.deserializeSafetensors(fine).a.toArray(), [0, 0]);
});

test('truncated and corrupted files never crash: ValueError or a valid load', () => {
  const good = fixture('state_dict.safetensors');
  for (let len = 0; len < good.length; len++) {
    assert.throws(() => io.deserializeSafetensors(good.subarray(0, len)), nb.ValueError, `prefix of ${len} bytes`);
  }
  let seed = 12345;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let trial = 0; trial < 2000; trial++) {
    const bytes = good.slice();
    const flips = 1 + Math.floor(rand() * 3);
    for (let k = 0; k < flips; k++) bytes[Math.floor(rand() * Math.min(bytes.length, 600))] = Math.floor(rand() * 256);
    try {
      io.deserializeSafetensors(bytes);
    } catch (e) {
      assert.ok(e instanceof nb.ValueError, `trial ${trial}: ${(e as Error).name}: ${(e as Error).message}`);
    }
  }
  // The same through the file reader: a truncated file on disk.
  const dir = mkdtempSync(join(tmpdir(), 'nabla-st-'));
  writeFileSync(join(dir, 't.safetensors'), good.subarray(0, 100));
  assert.throws(() => io.loadSafetensors(join(dir, 't.safetensors')), /runs past the end of the file/);
  writeFileSync(join(dir, 'e.safetensors'), new Uint8Array(3));
  assert.throws(() => io.loadSafetensors(join(dir, 'e.safetensors')), /3 bytes is too short/);
});
