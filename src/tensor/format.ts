import type { Tensor } from './tensor.js';

// Prints like PyTorch: `tensor([[1.0000, 2.0000],\n        [3.0000, 4.0000]])`, with scientific
// notation when magnitudes span a wide range, and summarised (…) past 1000 elements.
const THRESHOLD = 1000;
const EDGE = 3;

function formatter(values: number[], isFloat: boolean, isBool: boolean): (v: number) => string {
  if (isBool) return (v) => (v ? 'True' : 'False');
  if (!isFloat) {
    const width = Math.max(1, ...values.map((v) => String(v).length));
    return (v) => String(v).padStart(width);
  }
  const finite = values.filter((v) => Number.isFinite(v));
  const abs = finite.map(Math.abs).filter((v) => v !== 0);
  const allInt = finite.every((v) => Number.isInteger(v));
  const maxA = abs.length ? Math.max(...abs) : 0;
  const minA = abs.length ? Math.min(...abs) : 0;
  let fmt: (v: number) => string;
  if (allInt && maxA < 1e8) {
    fmt = (v) => (Number.isFinite(v) ? `${v.toFixed(0)}.` : special(v));
  } else if (maxA >= 1e8 || (minA > 0 && (minA < 1e-4 || maxA / minA > 1e3))) {
    fmt = (v) => (Number.isFinite(v) ? v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2') : special(v));
  } else {
    fmt = (v) => (Number.isFinite(v) ? v.toFixed(4) : special(v));
  }
  const width = Math.max(1, ...values.map((v) => fmt(v).length));
  return (v) => fmt(v).padStart(width);
}

function special(v: number): string {
  return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
}

export function formatTensor(t: Tensor): string {
  const shape = t.shape;
  const data = t.dataSync();
  const n = data.length;
  const summarise = n > THRESHOLD;
  const strides: number[] = [];
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) { strides[i] = s; s *= shape[i]; }
  const shown: number[] = [];
  const collect = (d: number, base: number): void => {
    if (d === shape.length) { shown.push(data[base]); return; }
    for (const i of indices(shape[d], summarise)) if (i >= 0) collect(d + 1, base + i * strides[d]);
  };
  collect(0, 0);
  const isFloat = t.dtype === 'float32' || t.dtype === 'float64';
  const fmt = formatter(shown, isFloat, t.dtype === 'bool');
  const prefix = 'tensor(';
  const render = (d: number, base: number, indent: number): string => {
    if (d === shape.length) return fmt(data[base]);
    const parts = indices(shape[d], summarise).map((i) => (i < 0 ? '...' : render(d + 1, base + i * strides[d], indent + 1)));
    const sep = d === shape.length - 1 ? ', ' : ',' + '\n'.repeat(shape.length - d - 1) + ' '.repeat(indent + 1);
    return `[${parts.join(sep)}]`;
  };
  let body = shape.length === 0 ? fmt(data[0]) : n === 0 ? '[]' : render(0, 0, prefix.length);
  if (n === 0 && shape.length > 1) body = `[], size=(${shape.join(', ')})`;
  const extras: string[] = [];
  if (t.dtype === 'float64' || t.dtype === 'int32') extras.push(`dtype=${t.dtype}`);
  if (t.gradFn) extras.push(`gradFn=<${t.gradFn.name}Backward>`);
  else if (t.requiresGrad) extras.push('requiresGrad=true');
  return `${prefix}${body}${extras.length ? ', ' + extras.join(', ') : ''})`;
}

function indices(size: number, summarise: boolean): number[] {
  if (!summarise || size <= 2 * EDGE) return Array.from({ length: size }, (_, i) => i);
  return [0, 1, 2, -1, size - 3, size - 2, size - 1];
}
