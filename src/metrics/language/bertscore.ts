/**
 * BERTScore (Zhang et al., 2020, "BERTScore: Evaluating Text Generation with BERT"), for any
 * token-embedding function: each candidate token is greedily matched to its most similar
 * reference token by cosine similarity (precision), each reference token to its most similar
 * candidate token (recall), optionally weighted by inverse document frequency; F1 is their
 * harmonic mean. nabla ships no BERT: pass `embed(tokens) => Tensor [nTokens, d]` (contextual
 * embeddings of the whole sentence, e.g. a transformer's last hidden layer).
 */
import { Tensor } from '../../tensor/tensor.js';
import { tensor } from '../../tensor/creation.js';
import { matmul } from '../../ops/matmul.js';
import { transpose } from '../../ops/movement.js';
import { ShapeError, ValueError, fmtShape } from '../../tensor/errors.js';
import { toTokens, type Sentence } from './tokens.js';

/** Embeds a tokenised sentence: one row per token, [nTokens, d]. */
export type TokenEmbedder = (tokens: readonly string[]) => Tensor;

/** Options of {@link bertScore}. */
export interface BertScoreOptions {
  /**
   * Weight tokens by idf computed from the M references, as bert_score's plus-one smoothed
   * idf(w) = log((M + 1) / (df(w) + 1)); or a given idf table (unlisted words weigh 0).
   * Default false (every token weighs 1). If all of a sentence's weights are 0, its score is 0.
   */
  idf?: boolean | ReadonlyMap<string, number>;
  /** Rescale with a baseline b: (s - b) / (1 - b) for each of P, R, F (bert_score's rescale_with_baseline). */
  baseline?: { precision: number; recall: number; f1: number };
}

/** Per-pair precision, recall and F1 (float64 tensors [nPairs]). */
export interface BertScoreResult { precision: Tensor; recall: Tensor; f1: Tensor }

/** Unit-normalised rows of an embedding [n, d] as a float64 Tensor. */
function normalised(e: Tensor, n: number, name: string): Tensor {
  if (e.ndim !== 2 || e.shape[0] !== n) throw new ShapeError(`bertScore: embed(${name}) must return [${n}, d], got ${fmtShape(e.shape)}`);
  const d = e.shape[1];
  const src = e.detach().contiguous().dataSync();
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += Number(src[i * d + j]) ** 2;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let j = 0; j < d; j++) out[i * d + j] = Number(src[i * d + j]) * inv;
  }
  return tensor(out, { dtype: 'float64' }).reshape([n, d]);
}

/**
 * BERTScore of each candidate against its reference (parallel lists).
 * @example
 * const { f1 } = bertScore(['the cat sat'], ['a cat sat'], (toks) => myEncoder(toks));
 */
export function bertScore(candidates: readonly Sentence[], references: readonly Sentence[], embed: TokenEmbedder, options: BertScoreOptions = {}): BertScoreResult {
  if (candidates.length !== references.length) throw new ShapeError(`bertScore: candidates and references have different lengths: ${candidates.length} and ${references.length}`);
  const cands = candidates.map((c, i) => toTokens(c, `bertScore: candidates[${i}]`));
  const refs = references.map((r, i) => toTokens(r, `bertScore: references[${i}]`));
  let weight: (w: string) => number = () => 1;
  if (options.idf instanceof Map) {
    const table = options.idf;
    weight = (w) => table.get(w) ?? 0;
  } else if (options.idf === true) {
    const df = new Map<string, number>();
    for (const r of refs) for (const w of new Set(r)) df.set(w, (df.get(w) ?? 0) + 1);
    const m = refs.length;
    weight = (w) => Math.log((m + 1) / ((df.get(w) ?? 0) + 1));
  }
  const n = cands.length;
  const P = new Float64Array(n), R = new Float64Array(n), F = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const c = cands[k], r = refs[k];
    if (c.length === 0 || r.length === 0) throw new ValueError(`bertScore: pair ${k} has an empty ${c.length === 0 ? 'candidate' : 'reference'}`);
    const ec = normalised(embed(c), c.length, `candidates[${k}]`);
    const er = normalised(embed(r), r.length, `references[${k}]`);
    if (ec.shape[1] !== er.shape[1]) throw new ShapeError(`bertScore: candidate and reference embeddings differ in width: ${ec.shape[1]} and ${er.shape[1]}`);
    // cosine similarities [nCand, nRef]
    const sim = matmul(ec, transpose(er, 0, 1)).contiguous().dataSync() as Float64Array;
    const nc = c.length, nr = r.length;
    let p = 0, pw = 0, rr = 0, rw = 0;
    for (let i = 0; i < nc; i++) {
      let best = -Infinity;
      for (let j = 0; j < nr; j++) best = Math.max(best, sim[i * nr + j]);
      const w = weight(c[i]);
      p += w * best; pw += w;
    }
    for (let j = 0; j < nr; j++) {
      let best = -Infinity;
      for (let i = 0; i < nc; i++) best = Math.max(best, sim[i * nr + j]);
      const w = weight(r[j]);
      rr += w * best; rw += w;
    }
    P[k] = pw > 0 ? p / pw : 0;
    R[k] = rw > 0 ? rr / rw : 0;
    F[k] = P[k] + R[k] > 0 ? (2 * P[k] * R[k]) / (P[k] + R[k]) : 0;
  }
  const b = options.baseline;
  if (b) for (let k = 0; k < n; k++) { P[k] = (P[k] - b.precision) / (1 - b.precision); R[k] = (R[k] - b.recall) / (1 - b.recall); F[k] = (F[k] - b.f1) / (1 - b.f1); }
  const f = (a: Float64Array): Tensor => tensor(a, { dtype: 'float64' });
  return { precision: f(P), recall: f(R), f1: f(F) };
}
