/** nabla/learn clustering: scikit-learn's `sklearn.cluster` estimators. */
export { KMeans, type KMeansOptions, type KMeansJSON } from './kmeans.js';
export { DBSCAN, type DBSCANOptions, type DBSCANJSON } from './dbscan.js';
export { AgglomerativeClustering, type AgglomerativeClusteringOptions, type AgglomerativeClusteringJSON } from './agglomerative.js';
export { GaussianMixture, type GaussianMixtureOptions, type GaussianMixtureJSON } from './gaussianMixture.js';
export { MiniBatchKMeans, type MiniBatchKMeansOptions, type MiniBatchKMeansJSON } from './miniBatchKMeans.js';
