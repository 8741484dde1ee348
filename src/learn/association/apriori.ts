import { Tensor } from '../../tensor/tensor.js';
import { ShapeError, ValueError } from '../../tensor/errors.js';

/** An item of a market basket. */
export type Item = string | number;

/** A frequent itemset and its support (the fraction of transactions containing all its items). */
export interface FrequentItemset {
  itemset: Item[];
  support: number;
}

/** Options of {@link apriori}. */
export interface AprioriOptions {
  /** Minimum support in (0, 1] (default 0.5, as mlxtend). */
  minSupport?: number;
  /** Largest itemset size (default: no limit). */
  maxLen?: number | null;
  /** Item names of the one-hot matrix's columns (default: the column indices). */
  columns?: Item[];
  /** Read nested arrays as a 0/1 one-hot matrix rather than baskets (implied for a Tensor or booleans). */
  oneHot?: boolean;
}

/** The sorted distinct items of transactions (numbers first, ascending, then strings), as TransactionEncoder's columns. */
export function transactionItems(transactions: readonly (readonly Item[])[]): Item[] {
  const seen = new Set<Item>();
  for (const t of transactions) for (const it of t) seen.add(it);
  return [...seen].sort((a, b) => {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    if (typeof a === 'number') return -1;
    if (typeof b === 'number') return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

/** Column bitsets (one bit per transaction) of a basket list or a one-hot matrix. */
function encode(data: readonly (readonly Item[])[] | Tensor | readonly (readonly (number | boolean)[])[], columns: Item[] | undefined, oneHot: boolean): { items: Item[]; bits: Uint32Array[]; n: number } {
  const isMatrix = oneHot || data instanceof Tensor || (data.length > 0 && (data as readonly unknown[][]).every((r) => r.length > 0 && r.every((v) => typeof v === 'boolean')));
  let rows: number[][];
  let items: Item[];
  if (isMatrix) {
    rows = data instanceof Tensor ? (data.toArray() as number[][]) : (data as readonly (readonly (number | boolean)[])[]).map((r) => r.map(Number));
    if (data instanceof Tensor && data.ndim !== 2) throw new ShapeError(`apriori: a one-hot matrix must be 2-D [nTransactions, nItems], got ${data.ndim}-D`);
    const nCols = rows.length ? rows[0].length : columns?.length ?? 0;
    items = columns ?? Array.from({ length: nCols }, (_, j) => j);
    if (items.length !== nCols) throw new ShapeError(`apriori: columns has ${items.length} names but the matrix has ${nCols} columns`);
    for (const r of rows) for (const v of r) if (v !== 0 && v !== 1) throw new ValueError(`apriori: a one-hot matrix may hold only 0/1 or booleans, got ${v}`);
  } else {
    const tx = data as readonly (readonly Item[])[];
    items = transactionItems(tx);
    const pos = new Map(items.map((it, j) => [it, j] as const));
    rows = tx.map((t) => { const r = new Array<number>(items.length).fill(0); for (const it of t) r[pos.get(it) as number] = 1; return r; });
  }
  const n = rows.length, words = Math.ceil(n / 32);
  const bits = items.map(() => new Uint32Array(words));
  for (let i = 0; i < n; i++) for (let j = 0; j < items.length; j++) if (rows[i][j]) bits[j][i >>> 5] |= 1 << (i & 31);
  return { items, bits, n };
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * Frequent itemsets by the Apriori algorithm (mlxtend's `apriori`): level by level, candidates of
 * size k are frequent (k−1)-itemsets extended by a larger item whose every (k−1)-subset is
 * frequent; support is counted with bitsets. Accepts baskets (`[['milk', 'eggs'], ...]`, items
 * sorted as TransactionEncoder's columns) or a one-hot matrix (with `columns` for names).
 * Itemsets come out by size, then in item order.
 *
 * @example
 * apriori([['a', 'b'], ['a'], ['a', 'c']], { minSupport: 0.5 }); // [{ itemset: ['a'], support: 1 }]
 */
export function apriori(data: readonly (readonly Item[])[] | Tensor | readonly (readonly (number | boolean)[])[], options: AprioriOptions = {}): FrequentItemset[] {
  const minSupport = options.minSupport ?? 0.5;
  const maxLen = options.maxLen ?? null;
  if (!(minSupport > 0 && minSupport <= 1)) throw new ValueError(`apriori: minSupport must be in (0, 1], got ${minSupport}`);
  if (maxLen !== null && (!Number.isInteger(maxLen) || maxLen < 1)) throw new ValueError(`apriori: maxLen must be a positive integer or null, got ${maxLen}`);
  const { items, bits, n } = encode(data, options.columns, options.oneHot ?? false);
  if (n === 0) throw new ValueError('apriori: found 0 transactions; at least 1 is required');
  const words = bits.length ? bits[0].length : 0;
  const count = (b: Uint32Array): number => { let c = 0; for (let w = 0; w < words; w++) c += popcount(b[w]); return c; };
  const out: FrequentItemset[] = [];
  // Level 1.
  let level: { cols: number[]; bits: Uint32Array }[] = [];
  for (let j = 0; j < items.length; j++) {
    const s = count(bits[j]) / n;
    if (s >= minSupport) { level.push({ cols: [j], bits: bits[j] }); out.push({ itemset: [items[j]], support: s }); }
  }
  const frequentItems = level.map((l) => l.cols[0]);
  for (let k = 2; level.length && (maxLen === null || k <= maxLen); k++) {
    const known = new Set(level.map((l) => l.cols.join(',')));
    const next: typeof level = [];
    for (const old of level) {
      const last = old.cols[old.cols.length - 1];
      for (const j of frequentItems) {
        if (j <= last) continue;
        const cand = [...old.cols, j];
        // Every (k−1)-subset must be frequent (the ones dropping one of old's items).
        let ok = true;
        for (let drop = 0; drop < cand.length - 2 && ok; drop++) if (!known.has(cand.filter((_, t) => t !== drop).join(','))) ok = false;
        if (!ok) continue;
        const b = new Uint32Array(words);
        for (let w = 0; w < words; w++) b[w] = old.bits[w] & bits[j][w];
        const s = count(b) / n;
        if (s >= minSupport) { next.push({ cols: cand, bits: b }); out.push({ itemset: cand.map((c) => items[c]), support: s }); }
      }
    }
    level = next;
  }
  return out;
}
