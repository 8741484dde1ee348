import { Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';
import { ValueError } from '../tensor/errors.js';
import { node } from './node.js';
import { writeFileAtomic } from './atomic.js';
import { decodeBF16, decodeF16, encodeHalf } from './half.js';
import {
  DTYPE_RANK, SAFETENSORS_DTYPE_SIZES, parseHeader, readHeaderLength,
  type SafetensorsDType, type SafetensorsHeader, type SafetensorsTensorInfo,
} from './safetensors-header.js';

export { type SafetensorsDType, type SafetensorsHeader, type SafetensorsTensorInfo, MAX_HEADER_SIZE } from './safetensors-header.js';

/** How nabla stores its dtypes in a safetensors file. */
export interface SafetensorsSaveOptions {
  /** float32 tensors as F32 (default), or F16 / BF16 rounded to nearest even. */
  float32As?: 'F32' | 'F16' | 'BF16';
  /** int32 tensors as I32 (default) or I64 (PyTorch's default integer type). */
  int32As?: 'I32' | 'I64';
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reverses each `size`-byte element in place (only on big-endian hosts: the format is little-endian). */
function swapBytes(bytes: Uint8Array, size: number): void {
  if (LITTLE_ENDIAN || size === 1) return;
  for (let i = 0; i < bytes.length; i += size) bytes.subarray(i, i + size).reverse();
}

/** Copies little-endian file bytes into a fresh typed array of `Ctor` (aligned, native order). */
function readLE<T extends Float32Array | Float64Array | Int32Array | Uint16Array>(
  raw: Uint8Array, Ctor: { new (n: number): T; BYTES_PER_ELEMENT: number },
): T {
  const out = new Ctor(raw.length / Ctor.BYTES_PER_ELEMENT);
  const bytes = new Uint8Array(out.buffer);
  bytes.set(raw);
  swapBytes(bytes, Ctor.BYTES_PER_ELEMENT);
  return out;
}

const DTYPE_FOR: Partial<Record<SafetensorsDType, DType>> = {
  F32: 'float32', F16: 'float32', BF16: 'float32', F64: 'float64',
  I32: 'int32', I64: 'int32', I16: 'int32', I8: 'int32', U8: 'int32', U16: 'int32', U32: 'int32', U64: 'int32',
  BOOL: 'bool',
};

/** One tensor from its bytes in the data section (already validated against its header entry). */
function decodeTensor(name: string, info: SafetensorsTensorInfo, raw: Uint8Array): Tensor {
  const dtype = DTYPE_FOR[info.dtype] as DType;
  const out = Tensor.empty(info.shape, dtype);
  const n = out.numel();
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const store = out.storage;
  const outOfRange = (i: number, v: bigint | number): never => {
    throw new ValueError(`safetensors: tensor '${name}' (${info.dtype}): element ${i} = ${v} does not fit in int32 (nabla's integer dtype)`);
  };
  switch (info.dtype) {
    case 'F32': store.set(readLE(raw, Float32Array)); break;
    case 'F64': store.set(readLE(raw, Float64Array)); break;
    case 'I32': store.set(readLE(raw, Int32Array)); break;
    case 'F16': decodeF16(readLE(raw, Uint16Array), store as Float32Array); break;
    case 'BF16': decodeBF16(readLE(raw, Uint16Array), store as Float32Array); break;
    case 'I64':
    case 'U64':
      for (let i = 0; i < n; i++) {
        const lo = view.getUint32(8 * i, true);
        const hi = view.getInt32(8 * i + 4, true);
        const ok = info.dtype === 'I64' ? (hi === 0 && lo <= 0x7fffffff) || (hi === -1 && lo >= 0x80000000) : hi === 0 && lo <= 0x7fffffff;
        if (!ok) outOfRange(i, info.dtype === 'I64' ? view.getBigInt64(8 * i, true) : view.getBigUint64(8 * i, true));
        store[i] = lo | 0;
      }
      break;
    case 'U32':
      for (let i = 0; i < n; i++) {
        const v = view.getUint32(4 * i, true);
        if (v > 0x7fffffff) outOfRange(i, v);
        store[i] = v;
      }
      break;
    case 'I16': for (let i = 0; i < n; i++) store[i] = view.getInt16(2 * i, true); break;
    case 'U16': for (let i = 0; i < n; i++) store[i] = view.getUint16(2 * i, true); break;
    case 'I8': for (let i = 0; i < n; i++) store[i] = view.getInt8(i); break;
    case 'U8': store.set(raw); break;
    case 'BOOL': for (let i = 0; i < n; i++) store[i] = raw[i] !== 0 ? 1 : 0; break;
    default: throw new ValueError(`safetensors: tensor '${name}': dtype ${info.dtype} is not supported`);
  }
  return out;
}

/** Parses the header of an in-memory safetensors file (validated, as the loaders do). */
function headerOf(bytes: Uint8Array, source: string): { header: SafetensorsHeader; dataStart: number } {
  const n = readHeaderLength(bytes.subarray(0, 8), bytes.length, source);
  const header = parseHeader(bytes.subarray(8, 8 + n), bytes.length - 8 - n, source);
  checkSupported(header, source);
  return { header, dataStart: 8 + n };
}

function checkSupported(header: SafetensorsHeader, source: string): void {
  for (const [name, info] of header.tensors) {
    if (!DTYPE_FOR[info.dtype]) throw new ValueError(`safetensors: ${source}: tensor '${name}': dtype ${info.dtype} is not supported by nabla (supported: ${Object.keys(DTYPE_FOR).join(', ')})`);
  }
}

function decodeAll(header: SafetensorsHeader, data: Uint8Array): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [name, info] of header.tensors) out[name] = decodeTensor(name, info, data.subarray(info.dataOffsets[0], info.dataOffsets[1]));
  return out;
}

/**
 * Tensors from the bytes of a safetensors file. Everything is validated before any tensor is
 * allocated; a malformed file raises a ValueError naming the tensor and the problem.
 * F16/BF16 become float32, integer types int32 (range-checked), BOOL bool.
 */
export function deserializeSafetensors(bytes: Uint8Array): Record<string, Tensor> {
  const { header, dataStart } = headerOf(bytes, 'buffer');
  return decodeAll(header, bytes.subarray(dataStart));
}

/** The validated header (tensor dtypes, shapes, offsets, and `__metadata__`) of a file or buffer, without its data. */
export function readSafetensorsHeader(pathOrBytes: string | Uint8Array): SafetensorsHeader {
  if (typeof pathOrBytes !== 'string') return headerOf(pathOrBytes, 'buffer').header;
  return withFile(pathOrBytes, (read, size) => {
    const n = readHeaderLength(read(0, Math.min(8, size)), size, pathOrBytes);
    return parseHeader(read(8, n), size - 8 - n, pathOrBytes);
  });
}

/** Opens a file for positioned reads; `read(pos, len)` returns exactly len bytes. */
function withFile<T>(path: string, fn: (read: (pos: number, len: number) => Uint8Array, size: number) => T): T {
  const { fs } = node('loadSafetensors');
  const fd = fs.openSync(path, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const read = (pos: number, len: number): Uint8Array => {
      const buf = new Uint8Array(len);
      let got = 0;
      while (got < len) {
        const k = fs.readSync(fd, buf, got, len - got, pos + got);
        if (k === 0) throw new ValueError(`safetensors: ${path}: unexpected end of file at byte ${pos + got}`);
        got += k;
      }
      return buf;
    };
    return fn(read, size);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Loads a safetensors file (PyTorch's `safetensors.torch.load_file`). The header is read and
 * validated first, so a corrupt file never triggers a large allocation.
 *
 * ```ts
 * model.loadStateDict(io.loadSafetensors('model.safetensors'));
 * ```
 */
export function loadSafetensors(path: string): Record<string, Tensor> {
  return withFile(path, (read, size) => {
    const n = readHeaderLength(read(0, Math.min(8, size)), size, path);
    const header = parseHeader(read(8, n), size - 8 - n, path);
    checkSupported(header, path);
    return decodeAll(header, read(8 + n, size - 8 - n));
  });
}

interface Prepared { name: string; dtype: SafetensorsDType; tensor: Tensor; nbytes: number }

function storedDType(name: string, t: Tensor, opts: SafetensorsSaveOptions): SafetensorsDType {
  switch (t.dtype) {
    case 'float32': return opts.float32As ?? 'F32';
    case 'float64': return 'F64';
    case 'int32': return opts.int32As ?? 'I32';
    case 'bool': return 'BOOL';
  }
  throw new ValueError(`serializeSafetensors: tensor '${name}' has unsupported dtype ${String(t.dtype)}`);
}

function encodeInto(p: Prepared, out: Uint8Array): void {
  const values = p.tensor.dataSync(); // contiguous row-major (a copy for strided views)
  if (p.dtype === 'F16' || p.dtype === 'BF16') {
    const half = new Uint16Array(values.length);
    encodeHalf(values as Float32Array, half, p.dtype);
    out.set(new Uint8Array(half.buffer));
  } else if (p.dtype === 'I64') {
    const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
    for (let i = 0; i < values.length; i++) view.setBigInt64(8 * i, BigInt(values[i]), true);
    return;
  } else {
    out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }
  swapBytes(out, SAFETENSORS_DTYPE_SIZES[p.dtype]);
}

/** UTF-8 byte order of names, as the reference (Rust strings) sorts them. */
function compareNames(a: string, b: string): number {
  const enc = new TextEncoder();
  const x = enc.encode(a), y = enc.encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/**
 * The bytes of a safetensors file holding `tensors`, laid out as the reference writer does
 * (tensors sorted by dtype alignment then name, header padded with spaces to a multiple of 8),
 * so the output is byte-identical to `safetensors.torch.save` for the same tensors.
 */
export function serializeSafetensors(tensors: Record<string, Tensor>, metadata?: Record<string, string>, options: SafetensorsSaveOptions = {}): Uint8Array {
  const items: Prepared[] = Object.entries(tensors).map(([name, tensor]) => {
    if (!(tensor instanceof Tensor)) throw new ValueError(`serializeSafetensors: '${name}' is not a Tensor`);
    if (name === '__metadata__') throw new ValueError("serializeSafetensors: '__metadata__' is reserved and cannot name a tensor");
    const dtype = storedDType(name, tensor, options);
    return { name, dtype, tensor, nbytes: tensor.numel() * SAFETENSORS_DTYPE_SIZES[dtype] };
  });
  items.sort((a, b) => DTYPE_RANK[b.dtype] - DTYPE_RANK[a.dtype] || compareNames(a.name, b.name));
  const parts: string[] = [];
  if (metadata !== undefined) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new ValueError(`serializeSafetensors: metadata '${k}' must be a string, got ${typeof v}`);
    }
    parts.push(`"__metadata__":${JSON.stringify(metadata)}`);
  }
  let offset = 0;
  for (const it of items) {
    parts.push(`${JSON.stringify(it.name)}:${JSON.stringify({ dtype: it.dtype, shape: it.tensor.shape, data_offsets: [offset, offset + it.nbytes] })}`);
    offset += it.nbytes;
  }
  const headerBytes = new TextEncoder().encode(`{${parts.join(',')}}`);
  const padded = Math.ceil(headerBytes.length / 8) * 8;
  const out = new Uint8Array(8 + padded + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(padded), true);
  out.set(headerBytes, 8);
  out.fill(0x20, 8 + headerBytes.length, 8 + padded);
  let pos = 8 + padded;
  for (const it of items) {
    encodeInto(it, out.subarray(pos, pos + it.nbytes));
    pos += it.nbytes;
  }
  return out;
}

/**
 * Saves tensors (e.g. `model.stateDict()`) as a safetensors file, atomically: an interrupted
 * save leaves the previous file intact. Non-contiguous tensors are written contiguously.
 *
 * ```ts
 * io.saveSafetensors('model.safetensors', model.stateDict(), { epoch: '3' }, { float32As: 'BF16' });
 * ```
 */
export function saveSafetensors(path: string, tensors: Record<string, Tensor>, metadata?: Record<string, string>, options?: SafetensorsSaveOptions): void {
  writeFileAtomic(path, serializeSafetensors(tensors, metadata, options));
}
