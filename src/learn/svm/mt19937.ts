/**
 * The Mersenne Twister MT19937 (std::mt19937 / NumPy's legacy RandomState), used only to
 * reproduce the seeded shuffles of scikit-learn's libsvm and liblinear: with the same
 * randomState, the Platt-scaling folds are the very folds scikit-learn uses.
 */
export class MT19937 {
  private mt = new Uint32Array(624);
  private mti = 624;

  constructor(seed: number) {
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  /** The next 32-bit output. */
  next(): number {
    const mt = this.mt;
    if (this.mti >= 624) {
      for (let k = 0; k < 624; k++) {
        const y = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7fffffff);
        mt[k] = mt[(k + 397) % 624] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.mti = 0;
    }
    let y = mt[this.mti++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** scikit-learn's bounded_rand_int (Lemire's multiply-shift with rejection): uniform in [0, range). */
  bounded(range: number): number {
    let x = this.next();
    let l = Math.imul(x, range) >>> 0; // low 32 bits of x · range
    if (l < range) {
      let t = (2 ** 32 - range) % 2 ** 32;
      if (t >= range) { t -= range; if (t >= range) t %= range; }
      while (l < t) { x = this.next(); l = Math.imul(x, range) >>> 0; }
    }
    // High 32 bits of the 64-bit product, exactly: x = xh·2¹⁶ + xl.
    const a = (x >>> 16) * range, b = (x & 0xffff) * range;
    return Math.floor(a / 65536) + Math.floor(((a % 65536) * 65536 + b) / 4294967296);
  }
}

/** NumPy's RandomState(seed).randint(2**31 − 1): the libsvm seed scikit-learn derives from random_state. */
export function sklearnLibsvmSeed(randomState: number): number {
  const g = new MT19937(randomState);
  for (;;) {
    const v = g.next() & 0x7fffffff;
    if (v <= 2147483646) return v;
  }
}
