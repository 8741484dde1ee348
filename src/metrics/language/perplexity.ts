/**
 * Perplexity of a language model: exp of the mean negative log-likelihood per token (natural
 * log), i.e. the effective number of equally likely choices the model hesitates between.
 */
import { Tensor } from '../../tensor/tensor.js';
import { ShapeError, ValueError, fmtShape } from '../../tensor/errors.js';
import { readNumeric, type NumericInput } from '../util.js';

/**
 * Perplexity from per-token log-likelihoods log p(x_t | x_<t) (natural log, each ≤ 0):
 * exp(-mean). Any shape; all values count.
 * @example perplexity([Math.log(0.25), Math.log(0.25)]) // 4
 */
export function perplexity(logLikelihoods: NumericInput): number {
  const d = readNumeric(logLikelihoods, 'perplexity: logLikelihoods', { allowInf: true, maxDim: 8 }).data;
  if (d.length === 0) throw new ValueError('perplexity: logLikelihoods is empty');
  let s = 0;
  for (const v of d) {
    if (v > 0) throw new ValueError(`perplexity: log-likelihoods must be <= 0 (natural log of probabilities), got ${v}`);
    s += v;
  }
  return Math.exp(-s / d.length);
}

/** Perplexity from a mean negative log-likelihood per token (a cross-entropy loss in nats): exp(nll). */
export function perplexityFromLoss(meanNll: number | Tensor): number {
  const v = meanNll instanceof Tensor ? meanNll.item() : meanNll;
  if (!(v >= 0)) throw new ValueError(`perplexityFromLoss: meanNll must be a non-negative number, got ${v}`);
  return Math.exp(v);
}

/**
 * A model for {@link perplexityOf}: given a token sequence of length T, the log-probabilities
 * [T, vocab] of the next token after each prefix (row t scores tokens[t + 1]); e.g. a causal
 * transformer followed by logSoftmax.
 */
export type LogProbModel = (tokens: readonly number[]) => Tensor | readonly (readonly number[])[];

/**
 * Perplexity of `model` on one sequence (or several): every token after the first of each
 * sequence is scored given its prefix, and exp(-mean log p) is taken over all scored tokens.
 */
export function perplexityOf(model: LogProbModel, tokens: readonly number[] | readonly (readonly number[])[]): number {
  const seqs = (tokens.length > 0 && Array.isArray(tokens[0]) ? tokens : [tokens]) as readonly (readonly number[])[];
  const lls: number[] = [];
  seqs.forEach((seq, s) => {
    if (seq.length < 2) throw new ValueError(`perplexityOf: sequence ${s} has ${seq.length} tokens; at least 2 are needed (the first is context)`);
    const out = model(seq);
    const lp = readNumeric(out instanceof Tensor ? out.detach() : out, 'perplexityOf: model output', { allowInf: true });
    if (lp.shape.length !== 2 || lp.shape[0] < seq.length - 1) {
      throw new ShapeError(`perplexityOf: the model must return log-probabilities [${seq.length}, vocab] (at least ${seq.length - 1} rows), got ${fmtShape(lp.shape)}`);
    }
    const v = lp.shape[1];
    for (let t = 0; t + 1 < seq.length; t++) {
      const next = seq[t + 1];
      if (!Number.isInteger(next) || next < 0 || next >= v) throw new ValueError(`perplexityOf: token ${next} (sequence ${s}, position ${t + 1}) is outside the vocabulary [0, ${v})`);
      lls.push(lp.data[t * v + next]);
    }
  });
  return perplexity(lls);
}
