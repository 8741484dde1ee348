/**
 * BLEU (Papineni et al., 2002, "BLEU: a Method for Automatic Evaluation of Machine Translation"),
 * computed exactly as NLTK's `corpus_bleu` / `sentence_bleu` (nltk.translate.bleu_score):
 * clipped ("modified") n-gram precisions summed over the corpus, the brevity penalty from the
 * closest reference lengths, a weighted geometric mean, and NLTK's smoothing methods 0-7.
 * Scores are in [0, 1].
 */
import { ShapeError, ValueError } from '../../tensor/errors.js';
import { ngramCounts, toTokens, type Sentence } from './tokens.js';

/** NLTK's SmoothingFunction methods (Chen & Cherry, 2014): 'method0' (none) … 'method7'. */
export type BleuSmoothing = 'method0' | 'method1' | 'method2' | 'method3' | 'method4' | 'method5' | 'method6' | 'method7';

/** Options of {@link corpusBleu} and {@link sentenceBleu}. */
export interface BleuOptions {
  /** N-gram weights (default [0.25, 0.25, 0.25, 0.25]: BLEU-4). */
  weights?: readonly number[];
  /** Smoothing of zero counts (default 'method0': none, a zero precision makes the score ~0). */
  smoothing?: BleuSmoothing;
  /** method1's epsilon (0.1), method6's alpha (5), method4's k (5), as NLTK's SmoothingFunction. */
  epsilon?: number;
  alpha?: number;
  k?: number;
  /** With fewer than 4 hypothesis tokens and the default weights, use uniform weights over the available orders. */
  autoReweigh?: boolean;
}

/** A precision kept as an unreduced fraction (NLTK's Fraction(_normalize=False)) or a plain number once smoothed. */
interface Frac { num: number; den: number }
type P = Frac | number;
const val = (p: P): number => (typeof p === 'number' ? p : p.num / p.den);

/** Clipped n-gram matches of a hypothesis against its references, and its n-gram count (at least 1). */
export function modifiedPrecision(references: readonly (readonly string[])[], hypothesis: readonly string[], n: number): { numerator: number; denominator: number } {
  const counts = hypothesis.length >= n ? ngramCounts(hypothesis, n) : new Map<string, number>();
  const maxCounts = new Map<string, number>();
  for (const ref of references) {
    const rc = ref.length >= n ? ngramCounts(ref, n) : new Map<string, number>();
    for (const g of counts.keys()) maxCounts.set(g, Math.max(maxCounts.get(g) ?? 0, rc.get(g) ?? 0));
  }
  let numerator = 0, denominator = 0;
  for (const [g, c] of counts) { numerator += Math.min(c, maxCounts.get(g) ?? 0); denominator += c; }
  return { numerator, denominator: Math.max(1, denominator) };
}

/** The reference length closest to the hypothesis length (the shorter one on ties). */
export function closestRefLength(references: readonly (readonly string[])[], hypLen: number): number {
  let best = Infinity;
  for (const r of references) {
    const d = Math.abs(r.length - hypLen), bd = Math.abs(best - hypLen);
    if (d < bd || (d === bd && r.length < best)) best = r.length;
  }
  return best;
}

/** The brevity penalty: 1 if c > r, else exp(1 - r/c); 0 for an empty hypothesis. */
export function brevityPenalty(closestRefLen: number, hypLen: number): number {
  if (hypLen > closestRefLen) return 1;
  if (hypLen === 0) return 0;
  return Math.exp(1 - closestRefLen / hypLen);
}

function smooth(p: Frac[], method: BleuSmoothing, o: Required<Pick<BleuOptions, 'epsilon' | 'alpha' | 'k'>>, refs: readonly (readonly string[])[], hyp: readonly string[], hypLen: number): P[] {
  switch (method) {
    case 'method0': return p.map((x) => (x.num !== 0 ? x : Number.MIN_VALUE * 2 ** 52)); // sys.float_info.min (2.2e-308)
    case 'method1': return p.map((x) => (x.num === 0 ? (x.num + o.epsilon) / x.den : x));
    case 'method2': return p.map((x, i) => (i !== 0 ? { num: x.num + 1, den: x.den + 1 } : x));
    case 'method3': {
      let inc = 1;
      return p.map((x) => (x.num === 0 ? 1 / (2 ** inc++ * x.den) : x));
    }
    case 'method4': return method4(p, o.k, hypLen);
    case 'method5': return method5(p, refs, hyp);
    case 'method6': {
      // NLTK asserts that p_n[2] is non-zero.
      if (p.length < 3 || p[2].num === 0) throw new ValueError("corpusBleu: smoothing 'method6' requires a non-zero trigram precision");
      const out: P[] = [...p];
      for (let i = 2; i < p.length; i++) {
        const pi0 = val(out[i - 2]) === 0 ? 0 : val(out[i - 1]) ** 2 / val(out[i - 2]);
        const l = Math.max(0, hyp.length - i);
        out[i] = (p[i].num + o.alpha * pi0) / (l + o.alpha);
      }
      return out;
    }
    case 'method7': return method5(method4(p, o.k, hypLen), refs, hyp);
  }
}

function method4(p: readonly P[], k: number, hypLen: number): P[] {
  let inc = 1;
  return p.map((x) => {
    if (typeof x !== 'number' && x.num === 0 && hypLen > 1) return 1 / ((2 ** inc++ * k) / Math.log(hypLen)) / x.den;
    return x;
  });
}

function method5(p: readonly P[], refs: readonly (readonly string[])[], hyp: readonly string[]): P[] {
  const p5 = modifiedPrecision(refs, hyp, 5);
  const plus: number[] = [...p.map(val), p5.numerator / p5.denominator];
  const out: number[] = [];
  let prev = val(p[0]) + 1;
  for (let i = 0; i < p.length; i++) {
    out[i] = (prev + val(p[i]) + plus[i + 1]) / 3;
    prev = out[i];
  }
  return out;
}

/**
 * Corpus-level BLEU: n-gram matches and counts summed over all sentences before dividing, one
 * brevity penalty from the summed lengths (NLTK's corpus_bleu). `listOfReferences[i]` holds the
 * references of `hypotheses[i]`. Smoothing methods 4-7 see the last sentence pair, as in NLTK.
 * @example corpusBleu([[ 'the cat sat on the mat' ]], [ 'the cat sat on the mat' ]) // 1
 */
export function corpusBleu(listOfReferences: readonly (readonly Sentence[])[], hypotheses: readonly Sentence[], options: BleuOptions = {}): number {
  if (listOfReferences.length !== hypotheses.length) {
    throw new ShapeError(`corpusBleu: listOfReferences and hypotheses have different lengths: ${listOfReferences.length} and ${hypotheses.length}`);
  }
  const weights = options.weights ?? [0.25, 0.25, 0.25, 0.25];
  if (weights.length === 0) throw new ValueError('corpusBleu: weights must not be empty');
  const method = options.smoothing ?? 'method0';
  if (!/^method[0-7]$/.test(method)) throw new ValueError(`corpusBleu: smoothing must be one of method0 … method7, got ${JSON.stringify(method)}`);
  const maxN = weights.length;
  const num = new Array<number>(maxN).fill(0), den = new Array<number>(maxN).fill(0);
  let hypLengths = 0, refLengths = 0;
  let refs: string[][] = [], hyp: string[] = [];
  hypotheses.forEach((h, s) => {
    hyp = toTokens(h, `corpusBleu: hypotheses[${s}]`);
    const rs = listOfReferences[s];
    if (!Array.isArray(rs) || rs.length === 0) throw new ValueError(`corpusBleu: listOfReferences[${s}] must be a non-empty array of references`);
    refs = rs.map((r, j) => toTokens(r as Sentence, `corpusBleu: listOfReferences[${s}][${j}]`));
    for (let n = 1; n <= maxN; n++) {
      const p = modifiedPrecision(refs, hyp, n);
      num[n - 1] += p.numerator;
      den[n - 1] += p.denominator;
    }
    hypLengths += hyp.length;
    refLengths += closestRefLength(refs, hyp.length);
  });
  const bp = brevityPenalty(refLengths, hypLengths);
  if (num[0] === 0) return 0;
  const pn = smooth(num.map((x, i) => ({ num: x, den: den[i] })), method, { epsilon: options.epsilon ?? 0.1, alpha: options.alpha ?? 5, k: options.k ?? 5 }, refs, hyp, hypLengths);
  let w = weights;
  if (options.autoReweigh && hypLengths < 4 && weights.length === 4 && weights.every((x) => x === 0.25)) w = new Array<number>(hypLengths).fill(1 / hypLengths);
  let s = 0;
  for (let i = 0; i < Math.min(w.length, pn.length); i++) { const v = val(pn[i]); if (v > 0) s += w[i] * Math.log(v); }
  return bp * Math.exp(s);
}

/** Sentence-level BLEU of one hypothesis against its references (corpusBleu of a one-sentence corpus). */
export function sentenceBleu(references: readonly Sentence[], hypothesis: Sentence, options: BleuOptions = {}): number {
  return corpusBleu([references], [hypothesis], options);
}
