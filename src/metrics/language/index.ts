// Language metrics: perplexity, BLEU, ROUGE, METEOR, chrF, error rates, BERTScore.
export { perplexity, perplexityFromLoss, perplexityOf, type LogProbModel } from './perplexity.js';
export { corpusBleu, sentenceBleu, modifiedPrecision, brevityPenalty, closestRefLength, type BleuOptions, type BleuSmoothing } from './bleu.js';
export { rougeN, rougeL, rougeLsum, lcsLength, type RougeScore, type RougeOptions } from './rouge.js';
export { meteorScore, singleMeteorScore, type MeteorOptions } from './meteor.js';
export { chrF, sentenceChrF, type ChrFOptions } from './chrf.js';
export { wordErrorRate, characterErrorRate, wordErrorCounts, editCounts, type ErrorCounts } from './error-rate.js';
export { bertScore, type BertScoreOptions, type BertScoreResult, type TokenEmbedder } from './bertscore.js';
export { PorterStemmer, type PorterMode } from './porter.js';
export type { Sentence } from './tokens.js';
