import type { Tensor } from '../tensor/tensor.js';
import { isFloat } from '../tensor/dtype.js';
import { eye } from '../tensor/creation.js';
import { ShapeError, ValueError, fmtShape } from '../tensor/errors.js';
import { numel } from '../tensor/shape.js';
import { mul } from './binary.js';
import { sum } from './reduce.js';
import { expand, permute, reshape } from './movement.js';
import { matmul } from './matmul.js';

// einsum composed from differentiable ops (diagonal by an eye mask, sums, permute/reshape and
// batched matmul), so gradients of any order come for free.

/** An operand as it is being contracted: its tensor and one label per dim. */
interface Term { t: Tensor; labels: string[] }

/** Labels for the dims '...' stands for: private characters, aligned from the right. */
const ELLIPSIS_BASE = 0x2460;
const ellipsisLabel = (fromRight: number): string => String.fromCharCode(ELLIPSIS_BASE + fromRight);

/** Splits one side of the equation into labels, expanding '...' to `nEllipsis` labels. */
function parseTerm(spec: string, ndim: number | null, which: string): { labels: string[]; hasEllipsis: boolean; nExplicit: number } {
  const parts = spec.split('...');
  if (parts.length > 2) throw new ValueError(`einsum: ${which} '${spec}' has more than one '...'`);
  for (const ch of parts.join('')) {
    if (!/[a-zA-Z]/.test(ch)) throw new ValueError(`einsum: invalid character '${ch}' in ${which} '${spec}' (expected letters, ',', '->' and '...')`);
  }
  const nExplicit = parts.join('').length;
  const hasEllipsis = parts.length === 2;
  if (ndim === null) return { labels: [...parts.join('')], hasEllipsis, nExplicit };
  if (!hasEllipsis && nExplicit !== ndim) {
    throw new ValueError(`einsum: ${which} '${spec}' has ${nExplicit} labels but the operand has ${ndim} dims`);
  }
  if (hasEllipsis && nExplicit > ndim) {
    throw new ValueError(`einsum: ${which} '${spec}' has ${nExplicit} labels, more than the operand's ${ndim} dims`);
  }
  const nEll = ndim - nExplicit;
  const ell = Array.from({ length: nEll }, (_, i) => ellipsisLabel(nEll - 1 - i));
  return { labels: hasEllipsis ? [...parts[0], ...ell, ...parts[1]] : [...parts[0]], hasEllipsis, nExplicit };
}

/** Takes the diagonal over every label repeated within one operand ('ii' → 'i'). */
function diagonals(term: Term): Term {
  let { t, labels } = term;
  for (;;) {
    const q = labels.findIndex((l, i) => labels.indexOf(l) !== i);
    if (q < 0) return { t, labels };
    const p = labels.indexOf(labels[q]);
    const n = t.shape[p];
    if (t.shape[q] !== n) throw new ShapeError(`einsum: label '${labels[p]}' is repeated in one operand with sizes ${n} and ${t.shape[q]}`);
    // x * I (I over dims p and q), summed over q: keeps x[.., i, .., i, ..] at dim p.
    const maskShape = t.shape.map((s, d) => (d === p || d === q ? s : 1));
    t = sum(mul(t, reshape(eye(n, n, { dtype: t.dtype }), maskShape)), q);
    labels = labels.filter((_, d) => d !== q);
  }
}

/** Sums out dims whose labels no later term nor the output needs. */
function sumUnneeded(term: Term, needed: Set<string>): Term {
  const dims = term.labels.map((l, d) => (needed.has(l) ? -1 : d)).filter((d) => d >= 0);
  if (dims.length === 0) return term;
  return { t: sum(term.t, dims), labels: term.labels.filter((l) => needed.has(l)) };
}

/** Contracts two terms; labels in `keep` survive, shared labels outside it are summed. */
function contract(a: Term, b: Term, keep: Set<string>, sizes: Map<string, number>): Term {
  const inB = new Set(b.labels);
  const inA = new Set(a.labels);
  const batch = a.labels.filter((l) => inB.has(l) && keep.has(l));
  const summed = a.labels.filter((l) => inB.has(l) && !keep.has(l));
  const aOnly = a.labels.filter((l) => !inB.has(l));
  const bOnly = b.labels.filter((l) => !inA.has(l));
  // Broadcast size-1 dims of shared labels to the full size first.
  const full = (x: Term): Tensor => expand(x.t, x.labels.map((l) => sizes.get(l) as number));
  const at = full(a), bt = full(b);
  const order = (x: Term, ls: string[]): number[] => ls.map((l) => x.labels.indexOf(l));
  const size = (ls: string[]): number => numel(ls.map((l) => sizes.get(l) as number));
  const dims = (ls: string[]): number[] => ls.map((l) => sizes.get(l) as number);
  if (!isFloat(at.dtype) || !isFloat(bt.dtype)) {
    // matmul is float-only: broadcast-multiply and sum instead.
    const labels = [...batch, ...aOnly, ...bOnly, ...summed];
    const pa = reshape(permute(at, order(a, [...batch, ...aOnly, ...summed])), [...dims(batch), ...dims(aOnly), ...bOnly.map(() => 1), ...dims(summed)]);
    const pb = reshape(permute(bt, order(b, [...batch, ...summed, ...bOnly])), [...dims(batch), ...aOnly.map(() => 1), ...dims(summed), ...dims(bOnly)]);
    const pbo = permute(pb, [...batch.map((_, i) => i), ...aOnly.map((_, i) => batch.length + i),
      ...bOnly.map((_, i) => batch.length + aOnly.length + summed.length + i), ...summed.map((_, i) => batch.length + aOnly.length + i)]);
    const prod = mul(pa, pbo);
    const sdims = summed.map((_, i) => labels.length - summed.length + i);
    return { t: sdims.length ? sum(prod, sdims) : prod, labels: [...batch, ...aOnly, ...bOnly] };
  }
  // a → [B, M, K], b → [B, K, N], matmul → [B, M, N] → [batch..., aOnly..., bOnly...]
  const am = reshape(permute(at, order(a, [...batch, ...aOnly, ...summed])), [size(batch), size(aOnly), size(summed)]);
  const bm = reshape(permute(bt, order(b, [...batch, ...summed, ...bOnly])), [size(batch), size(summed), size(bOnly)]);
  const out = reshape(matmul(am, bm), [...dims(batch), ...dims(aOnly), ...dims(bOnly)]);
  return { t: out, labels: [...batch, ...aOnly, ...bOnly] };
}

/**
 * Einstein summation over the operands: `einsum('ij,jk->ik', a, b)` is a matrix product.
 * Supports any number of operands, repeated labels within an operand (diagonals, traces:
 * 'ii->i', 'ii'), sums ('ij->', 'ij->j'), transposes, outer and batched products, broadcasting
 * of size-1 dims, '...' for leading (batch) dims, and the implicit form without '->' (the output
 * is the labels seen once, in alphabetical order, after the '...' dims). Operands are contracted
 * left to right with batched matmul, so gradients come from the composed ops.
 *
 * ```ts
 * nb.einsum('bhqd,bhkd->bhqk', q, k);  // attention scores
 * nb.einsum('...ij,...jk->...ik', a, b);
 * ```
 */
export function einsum(equation: string, ...operands: Tensor[]): Tensor {
  const eq = equation.replace(/\s+/g, '');
  const arrow = eq.indexOf('->');
  if (arrow !== eq.lastIndexOf('->')) throw new ValueError(`einsum: equation '${equation}' has more than one '->'`);
  const lhs = arrow < 0 ? eq : eq.slice(0, arrow);
  const specs = lhs.split(',');
  if (operands.length === 0) throw new ValueError('einsum: expected at least one operand');
  if (specs.length !== operands.length) {
    throw new ValueError(`einsum: equation '${equation}' has ${specs.length} operand term(s) but ${operands.length} operand(s) were given`);
  }
  const sizes = new Map<string, number>();
  let maxEll = 0;
  let terms: Term[] = specs.map((spec, i) => {
    const x = operands[i];
    const { labels } = parseTerm(spec, x.ndim, `operand ${i}`);
    labels.forEach((l, d) => {
      const n = x.shape[d], prev = sizes.get(l);
      if (prev === undefined || prev === 1) sizes.set(l, n);
      else if (n !== prev && n !== 1) {
        const name = l.charCodeAt(0) >= ELLIPSIS_BASE ? "a '...' dim" : `label '${l}'`;
        throw new ShapeError(`einsum: ${name} has size ${prev} in one operand and ${n} in operand ${i} (shape ${fmtShape(x.shape)})`);
      }
    });
    maxEll = Math.max(maxEll, labels.filter((l) => l.charCodeAt(0) >= ELLIPSIS_BASE).length);
    return { t: x, labels };
  });
  const ell = Array.from({ length: maxEll }, (_, i) => ellipsisLabel(maxEll - 1 - i));
  let outLabels: string[];
  if (arrow < 0) {
    const counts = new Map<string, number>();
    for (const t of terms) for (const l of t.labels) counts.set(l, (counts.get(l) ?? 0) + 1);
    const once = [...counts].filter(([l, c]) => c === 1 && l.charCodeAt(0) < ELLIPSIS_BASE).map(([l]) => l).sort();
    outLabels = [...ell, ...once];
  } else {
    const rhs = eq.slice(arrow + 2);
    const parsed = parseTerm(rhs, null, 'output');
    const parts = rhs.split('...');
    outLabels = parsed.hasEllipsis ? [...parts[0], ...ell, ...parts[1]] : parsed.labels;
    for (const l of outLabels) {
      if (!sizes.has(l)) throw new ValueError(`einsum: output label '${l}' does not appear in any operand of '${equation}'`);
    }
    if (new Set(outLabels).size !== outLabels.length) throw new ValueError(`einsum: output '${rhs}' repeats a label`);
  }

  // Labels the output omits (the '...' dims included, as PyTorch does) are summed.
  terms = terms.map(diagonals);
  const out = new Set(outLabels);
  const neededAfter = (i: number): Set<string> => {
    const s = new Set(out);
    for (let j = i + 1; j < terms.length; j++) for (const l of terms[j].labels) s.add(l);
    return s;
  };
  // Contract left to right: reduce what no one else needs, then multiply into the accumulator.
  let acc = sumUnneeded(terms[0], neededAfter(0));
  for (let i = 1; i < terms.length; i++) {
    const keep = neededAfter(i);
    const next = sumUnneeded(terms[i], new Set([...keep, ...acc.labels]));
    acc = contract(acc, next, keep, sizes);
    acc = sumUnneeded(acc, keep);
  }
  acc = sumUnneeded(acc, out);
  // Labels of size-1 broadcast dims that only one operand had are already at their final size.
  const perm = outLabels.map((l) => acc.labels.indexOf(l));
  const result = perm.every((p, i) => p === i) ? acc.t : permute(acc.t, perm);
  return expand(result, outLabels.map((l) => sizes.get(l) as number));
}
