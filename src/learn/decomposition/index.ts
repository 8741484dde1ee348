/** nabla/learn decomposition: scikit-learn's `sklearn.decomposition` estimators. */
export { PCA, type PCAOptions, type PCAJSON } from './pca.js';
export { TruncatedSVD, type TruncatedSVDOptions, type TruncatedSVDJSON } from './truncatedSvd.js';
export { KernelPCA, type KernelPCAOptions, type KernelPCAJSON } from './kernelPca.js';
export { LinearDiscriminantAnalysis, type LDAOptions, type LDAJSON } from './lda.js';
export { TSNE, type TSNEOptions, type TSNEJSON } from './tsne.js';
