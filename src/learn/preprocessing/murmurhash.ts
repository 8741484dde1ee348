const encoder = new TextEncoder();

/**
 * MurmurHash3 x86 32-bit of a string's UTF-8 bytes (or of raw bytes), as scikit-learn's
 * `murmurhash3_32`: unsigned by default, signed int32 with `positive = false`.
 */
export function murmurhash3(key: string | Uint8Array, seed = 0, positive = true): number {
  const data = typeof key === 'string' ? encoder.encode(key) : key;
  const c1 = 0xcc9e2d51, c2 = 0x1b873593;
  let h = seed >>> 0;
  const nBlocks = data.length >> 2;
  for (let b = 0; b < nBlocks; b++) {
    const i = b * 4;
    let k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = nBlocks * 4;
  const rest = data.length & 3;
  if (rest > 0) {
    let k = 0;
    if (rest === 3) k ^= data[tail + 2] << 16;
    if (rest >= 2) k ^= data[tail + 1] << 8;
    k ^= data[tail];
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= data.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return positive ? h >>> 0 : h | 0;
}
