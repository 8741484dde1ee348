export { GaussianNB, type GaussianNBOptions, type GaussianNBJSON } from './gaussian.js';
export { MultinomialNB, type MultinomialNBOptions, type MultinomialNBJSON } from './multinomial.js';
export { BernoulliNB, type BernoulliNBOptions, type BernoulliNBJSON } from './bernoulli.js';
export { ComplementNB, type ComplementNBOptions, type ComplementNBJSON } from './complement.js';
export { BaseNB } from './common.js';
export { DiscreteNB, type DiscreteNBOptions } from './discrete.js';
