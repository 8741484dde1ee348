// IEEE half (float16) and bfloat16 ⇄ float32, bit for bit as PyTorch converts them:
// round-to-nearest-even, subnormals kept, overflow to ±inf, NaN kept NaN.

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The bits of Math.fround(x). */
export function float32Bits(x: number): number {
  f32[0] = x;
  return u32[0];
}

/** float32 bits → float16 bits, rounding to nearest even (NaN → 0x7e00 with the sign, as c10 does). */
export function f32BitsToF16(x: number): number {
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) return sign | (mant !== 0 ? 0x7e00 : 0x7c00);
  const e = exp - 112; // the float16 biased exponent (127 - 15 = 112)
  if (e >= 31) return sign | 0x7c00; // too large: ±inf
  if (e <= 0) {
    // A float16 subnormal (or zero): the 24-bit significand scaled to units of 2^-24.
    if (e < -10) return sign; // below half the smallest subnormal: rounds to ±0
    const m = mant | 0x800000;
    const shift = 14 - e; // 14..24
    let q = m >>> shift;
    const rem = m & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rem > half || (rem === half && (q & 1) !== 0)) q++;
    return sign | q; // q may carry into 0x400, the smallest normal: still the right encoding
  }
  let q = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (q & 1) !== 0)) q++; // a carry into the exponent may give inf: correct
  return sign | q;
}

/** float32 bits → bfloat16 bits, rounding to nearest even (any NaN → 0x7fc0, as c10 does). */
export function f32BitsToBF16(x: number): number {
  if ((x & 0x7f800000) === 0x7f800000 && (x & 0x7fffff) !== 0) return 0x7fc0;
  return ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16) & 0xffff;
}

let f16Table: Uint32Array | null = null;

/** float16 bits → float32 bits (exact; NaN payloads kept). */
export function f16ToF32Bits(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0x1f) return (sign | 0x7f800000 | (mant << 13)) >>> 0;
  if (exp !== 0) return (sign | ((exp + 112) << 23) | (mant << 13)) >>> 0;
  if (mant === 0) return sign >>> 0;
  // Subnormal: normalise the mantissa into a float32 normal.
  let e = 113;
  let m = mant;
  while ((m & 0x400) === 0) { m <<= 1; e--; }
  return (sign | (e << 23) | ((m & 0x3ff) << 13)) >>> 0;
}

/** Decodes float16 values into float32 storage (through a 64k-entry table built on first use). */
export function decodeF16(src: Uint16Array, out: Float32Array): void {
  if (!f16Table) {
    f16Table = new Uint32Array(65536);
    for (let h = 0; h < 65536; h++) f16Table[h] = f16ToF32Bits(h);
  }
  const table = f16Table;
  const bits = new Uint32Array(out.buffer, out.byteOffset, out.length);
  for (let i = 0; i < src.length; i++) bits[i] = table[src[i]];
}

/** Decodes bfloat16 values into float32 storage (exact: the high half of the float32 bits). */
export function decodeBF16(src: Uint16Array, out: Float32Array): void {
  const bits = new Uint32Array(out.buffer, out.byteOffset, out.length);
  for (let i = 0; i < src.length; i++) bits[i] = src[i] << 16;
}

/** Encodes float32 values as float16 or bfloat16 bits. */
export function encodeHalf(src: Float32Array, out: Uint16Array, kind: 'F16' | 'BF16'): void {
  const bits = new Uint32Array(src.buffer, src.byteOffset, src.length);
  if (kind === 'F16') for (let i = 0; i < src.length; i++) out[i] = f32BitsToF16(bits[i]);
  else for (let i = 0; i < src.length; i++) out[i] = f32BitsToBF16(bits[i]);
}
