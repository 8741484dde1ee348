// JSON that keeps the numbers JSON drops: Infinity, -Infinity and NaN (ReduceLROnPlateau's
// `best` starts at ±Infinity; a diverged loss is NaN) are written as { "$number": "Infinity" }.

const TAG = '$number';

/** JSON.stringify that round-trips non-finite numbers through decodeJson. */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { [TAG]: String(v) } : v));
}

/** JSON.parse undoing encodeJson's tags. */
export function decodeJson(text: string): unknown {
  return JSON.parse(text, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === TAG) return Number((v as Record<string, string>)[TAG]);
    }
    return v;
  });
}
