import { ValueError } from '../tensor/errors.js';

// The safetensors header: parsed and validated completely before any tensor is allocated.
// The policy is the reference implementation's (huggingface/safetensors): header at most
// 100,000,000 bytes, data_offsets tiling the data section exactly (no gap, no overlap, no
// trailing byte), each tensor's byte length = numel × dtype size. Stricter than the reference:
// duplicate tensor names are an error (the reference silently keeps the last), and so is a
// `__metadata__` that is not a map of strings (the reference rejects it too, less clearly).

/** The element types of the format, with their sizes in bytes. */
export const SAFETENSORS_DTYPE_SIZES = {
  BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1, I16: 2, U16: 2, F16: 2, BF16: 2,
  I32: 4, U32: 4, F32: 4, F64: 8, I64: 8, U64: 8,
} as const;
export type SafetensorsDType = keyof typeof SAFETENSORS_DTYPE_SIZES;

/** The reference orders dtypes by alignment (its enum order); the writer sorts by it, descending. */
export const DTYPE_RANK: Record<SafetensorsDType, number> = Object.fromEntries(
  Object.keys(SAFETENSORS_DTYPE_SIZES).map((k, i) => [k, i]),
) as Record<SafetensorsDType, number>;

/** The reference's cap on the header length. */
export const MAX_HEADER_SIZE = 100_000_000;

/** One tensor's entry in the header. */
export interface SafetensorsTensorInfo {
  dtype: SafetensorsDType;
  shape: number[];
  /** Byte range [begin, end) within the data section. */
  dataOffsets: [number, number];
}

/** A parsed header: tensor entries in file (offset) order, and the free-form string metadata. */
export interface SafetensorsHeader {
  tensors: Map<string, SafetensorsTensorInfo>;
  metadata: Record<string, string> | null;
}

const OP = 'safetensors';

/** The header length stored in the first 8 bytes, checked against the cap and the file size. */
export function readHeaderLength(prefix: Uint8Array, fileSize: number, source: string): number {
  if (fileSize < 8) throw new ValueError(`${OP}: ${source}: ${fileSize} bytes is too short (the file starts with an 8-byte header length)`);
  const view = new DataView(prefix.buffer, prefix.byteOffset, 8);
  const n = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32; // exact up to 2^53, enough to compare
  if (n > MAX_HEADER_SIZE) throw new ValueError(`${OP}: ${source}: header length ${n} exceeds the limit of ${MAX_HEADER_SIZE} bytes (corrupt file?)`);
  if (8 + n > fileSize) throw new ValueError(`${OP}: ${source}: header length ${n} runs past the end of the file (${fileSize} bytes)`);
  return n;
}

/** Top-level keys of a JSON object text in order, to detect duplicates (JSON.parse keeps the last). */
function topLevelKeys(text: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (depth === 1 && expectKey) keys.push(JSON.parse(text.slice(i, j + 1)) as string);
      expectKey = false;
      i = j;
    } else if (c === '{' || c === '[') {
      depth++;
      expectKey = depth === 1;
    } else if (c === '}' || c === ']') depth--;
    else if (c === ',') expectKey = depth === 1;
  }
  return keys;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function safeCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** Parses and validates the header bytes against a data section of `dataLength` bytes. */
export function parseHeader(bytes: Uint8Array, dataLength: number, source: string): SafetensorsHeader {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ValueError(`${OP}: ${source}: the header is not valid UTF-8`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ValueError(`${OP}: ${source}: the header is not valid JSON (${(e as Error).message})`);
  }
  if (!isObject(json)) throw new ValueError(`${OP}: ${source}: the header must be a JSON object, got ${Array.isArray(json) ? 'an array' : typeof json}`);
  const seen = new Set<string>();
  for (const k of topLevelKeys(text)) {
    if (seen.has(k)) throw new ValueError(`${OP}: ${source}: tensor '${k}' appears twice in the header`);
    seen.add(k);
  }

  let metadata: Record<string, string> | null = null;
  const entries: [string, SafetensorsTensorInfo][] = [];
  for (const [name, raw] of Object.entries(json)) {
    if (name === '__metadata__') {
      if (!isObject(raw)) throw new ValueError(`${OP}: ${source}: __metadata__ must be an object of strings`);
      for (const [k, v] of Object.entries(raw)) {
        if (typeof v !== 'string') throw new ValueError(`${OP}: ${source}: __metadata__ value '${k}' must be a string, got ${JSON.stringify(v)}`);
      }
      metadata = raw as Record<string, string>;
      continue;
    }
    entries.push([name, tensorInfo(name, raw, source)]);
  }

  // Byte ranges must lie in the data section and tile it exactly, in offset order.
  for (const [name, info] of entries) {
    const [b, e] = info.dataOffsets;
    if (e > dataLength) throw new ValueError(`${OP}: ${source}: tensor '${name}': data_offsets [${b}, ${e}] run past the data section (${dataLength} bytes)`);
  }
  entries.sort((x, y) => x[1].dataOffsets[0] - y[1].dataOffsets[0] || x[1].dataOffsets[1] - y[1].dataOffsets[1]);
  let pos = 0;
  let prev = '';
  for (const [name, { dataOffsets: [b, e] }] of entries) {
    if (b < pos) throw new ValueError(`${OP}: ${source}: tensor '${name}': data_offsets [${b}, ${e}] overlap tensor '${prev}' (which ends at ${pos})`);
    if (b > pos) throw new ValueError(`${OP}: ${source}: tensor '${name}': data_offsets start at ${b}, leaving bytes [${pos}, ${b}) unused (the format allows no gap)`);
    pos = e;
    prev = name;
  }
  if (pos !== dataLength) throw new ValueError(`${OP}: ${source}: the tensors cover ${pos} bytes but the data section has ${dataLength} (trailing bytes are not allowed)`);
  return { tensors: new Map(entries), metadata };
}

function tensorInfo(name: string, raw: unknown, source: string): SafetensorsTensorInfo {
  const where = `${OP}: ${source}: tensor '${name}'`;
  if (!isObject(raw)) throw new ValueError(`${where}: expected an object {dtype, shape, data_offsets}, got ${JSON.stringify(raw)}`);
  const { dtype, shape, data_offsets: offsets } = raw;
  if (typeof dtype !== 'string' || !Object.hasOwn(SAFETENSORS_DTYPE_SIZES, dtype)) {
    throw new ValueError(`${where}: unknown dtype ${JSON.stringify(dtype)} (expected one of ${Object.keys(SAFETENSORS_DTYPE_SIZES).join(', ')})`);
  }
  if (!Array.isArray(shape) || !shape.every(safeCount)) {
    throw new ValueError(`${where}: shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(safeCount)) {
    throw new ValueError(`${where}: data_offsets must be two non-negative integers [begin, end], got ${JSON.stringify(offsets)}`);
  }
  const [b, e] = offsets as [number, number];
  if (e < b) throw new ValueError(`${where}: data_offsets [${b}, ${e}] end before they begin`);
  let count = 1;
  for (const s of shape as number[]) {
    count *= s;
    if (!Number.isSafeInteger(count)) throw new ValueError(`${where}: shape ${JSON.stringify(shape)} has too many elements`);
  }
  const size = SAFETENSORS_DTYPE_SIZES[dtype as SafetensorsDType];
  if (count * size !== e - b) {
    throw new ValueError(`${where}: ${dtype} shape ${JSON.stringify(shape)} needs ${count * size} bytes but data_offsets [${b}, ${e}] hold ${e - b}`);
  }
  return { dtype: dtype as SafetensorsDType, shape: shape as number[], dataOffsets: [b, e] };
}
