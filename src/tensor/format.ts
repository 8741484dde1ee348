import type { Tensor } from './tensor.js';

// Prints exactly like PyTorch's torch/_tensor_str.py with the default print options
// (precision 4, threshold 1000, edgeitems 3, linewidth 80): the same choice between integer,
// fixed and scientific notation, the same widths, line wrapping and summarised '...' form.
// Only the suffixes are spelled the nabla way: `dtype=int32`, `requiresGrad=true`, `gradFn=<...>`.

const PRECISION = 4;
const THRESHOLD = 1000;
const EDGE = 3;
const LINEWIDTH = 80;

/** Rounds half to even at a tie, as Python's float formatting does (JS rounds ties away from zero). */
function pyRound(v: number, digits: number, kind: 'f' | 'e'): string {
  const js = kind === 'f' ? v.toFixed(digits) : v.toExponential(digits);
  // A tie has a short exact binary expansion, so 25 more digits show it exactly.
  const long = kind === 'f' ? v.toFixed(Math.min(100, digits + 25)) : v.toExponential(Math.min(100, digits + 25));
  const mant = kind === 'f' ? long : long.slice(0, long.indexOf('e'));
  const cut = mant.indexOf('.') + digits + (digits > 0 ? 1 : 0);
  const rest = mant.slice(cut + (digits > 0 ? 0 : 1));
  if (!/^50*$/.test(rest)) return js;
  const kept = mant.slice(0, cut);
  const lastDigit = Number(kept.replace(/\.$/, '').slice(-1));
  if (lastDigit % 2 === 1) return js; // round away (to even): what JS did
  const truncated = kept.replace(/\.$/, '');
  return kind === 'f' ? truncated : truncated + long.slice(long.indexOf('e'));
}

/** Python's `{:.4f}` / `{:.0f}` (with the sign of -0 kept). */
function fixed(v: number, digits: number): string {
  const s = pyRound(v, digits, 'f');
  return Object.is(v, -0) || (v < 0 && !s.startsWith('-')) ? '-' + s : s;
}

/** Python's `{:.4e}`: the exponent has at least two digits. */
function sci(v: number): string {
  const s = pyRound(v, PRECISION, 'e').replace(/e([+-])(\d)$/, 'e$10$2');
  return Object.is(v, -0) ? '-' + s : s;
}

function special(v: number): string {
  return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
}

/** PyTorch's _Formatter: decides the notation and the width from the values that are shown. */
interface Formatter { format: (v: number) => string; width: number }

function makeFormatter(values: ArrayLike<number>, isFloat: boolean, isBool: boolean): Formatter {
  let maxWidth = 1;
  if (isBool) {
    for (let i = 0; i < values.length; i++) maxWidth = Math.max(maxWidth, values[i] ? 4 : 5);
    return { format: (v) => (v ? 'True' : 'False').padStart(maxWidth), width: maxWidth };
  }
  if (!isFloat) {
    for (let i = 0; i < values.length; i++) maxWidth = Math.max(maxWidth, String(values[i]).length);
    return { format: (v) => String(v).padStart(maxWidth), width: maxWidth };
  }
  let intMode = true, sciMode = false;
  const nz: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]) && values[i] !== 0) nz.push(values[i]);
  if (nz.length > 0) {
    let lo = Infinity, hi = 0;
    for (const v of nz) { const a = Math.abs(v); if (a < lo) lo = a; if (a > hi) hi = a; }
    intMode = nz.every((v) => v === Math.ceil(v));
    sciMode = hi / lo > 1000 || hi > 1e8 || (!intMode && lo < 1e-4);
    for (const v of nz) {
      const len = sciMode ? sci(v).length : intMode ? fixed(v, 0).length + 1 : fixed(v, PRECISION).length;
      maxWidth = Math.max(maxWidth, len);
    }
  }
  const format = (v: number): string => {
    let s: string;
    if (!Number.isFinite(v)) s = special(v);
    else if (sciMode) s = sci(v);
    else if (intMode) s = fixed(v, 0) + '.';
    else s = fixed(v, PRECISION);
    return s.padStart(maxWidth);
  };
  return { format, width: maxWidth };
}

/** Indices shown along a dim of this size (-1 marks the '...'). */
function shownIndices(size: number, summarise: boolean): number[] {
  if (!summarise || size <= 2 * EDGE) return Array.from({ length: size }, (_, i) => i);
  return [0, 1, 2, -1, size - 3, size - 2, size - 1];
}

/**
 * PyTorch's `str(tensor)` for a nabla tensor: `tensor([[1., 2.],\n        [3., 4.]])`.
 * Tensors of more than 1000 elements are summarised to their first and last 3 entries per dim.
 */
export function formatTensor(t: Tensor): string {
  const shape = t.shape;
  const data = t.dataSync();
  const n = data.length;
  const prefix = 'tensor(';
  const indent = prefix.length;
  const suffixes: string[] = [];
  const isFloat = t.dtype === 'float32' || t.dtype === 'float64';
  let body: string;
  if (n === 0) {
    if (shape.length !== 1) suffixes.push(`size=(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`);
    if (t.dtype !== 'float32') suffixes.push(`dtype=${t.dtype}`);
    body = '[]';
  } else {
    if (t.dtype === 'float64' || t.dtype === 'int32') suffixes.push(`dtype=${t.dtype}`);
    const summarise = n > THRESHOLD;
    const strides: number[] = [];
    let s = 1;
    for (let i = shape.length - 1; i >= 0; i--) { strides[i] = s; s *= shape[i]; }
    // The formatter sees only what is printed (PyTorch's get_summarized_data).
    const shown: number[] = [];
    const collect = (d: number, base: number): void => {
      if (d === shape.length) { shown.push(data[base]); return; }
      for (const i of shownIndices(shape[d], summarise)) if (i >= 0) collect(d + 1, base + i * strides[d]);
    };
    collect(0, 0);
    const { format: fmt, width } = makeFormatter(shown, isFloat, t.dtype === 'bool');
    const render = (d: number, base: number, ind: number): string => {
      const idx = shownIndices(shape[d], summarise);
      if (d === shape.length - 1) {
        // One row: wrapped to the line width, '...' counting as an element.
        const items = idx.map((i) => (i < 0 ? ' ...' : fmt(data[base + i * strides[d]])));
        const perLine = Math.max(1, Math.floor((LINEWIDTH - ind) / (width + 2)));
        const lines: string[] = [];
        for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(', '));
        return `[${lines.join(',\n' + ' '.repeat(ind + 1))}]`;
      }
      const parts = idx.map((i) => (i < 0 ? '...' : render(d + 1, base + i * strides[d], ind + 1)));
      return `[${parts.join(',' + '\n'.repeat(shape.length - d - 1) + ' '.repeat(ind + 1))}]`;
    };
    body = shape.length === 0 ? fmt(data[0]).trimStart() : render(0, 0, indent);
  }
  if (t.gradFn) suffixes.push(`gradFn=<${t.gradFn.name}Backward>`);
  else if (t.requiresGrad) suffixes.push('requiresGrad=true');
  // PyTorch's _add_suffixes: a suffix that would pass the line width goes on its own line.
  let out = prefix + body;
  let lastLen = out.length - out.lastIndexOf('\n') + 1;
  for (const suffix of suffixes) {
    if (lastLen + suffix.length + 2 > LINEWIDTH) {
      out += ',\n' + ' '.repeat(indent) + suffix;
      lastLen = indent + suffix.length;
    } else {
      out += ', ' + suffix;
      lastLen += suffix.length + 2;
    }
  }
  return out + ')';
}
