import '../ops/index.js'; // installs the Tensor methods for this entry point
export { loadDigits, type TabularDataset } from './digits.js';
export { Dataset, TensorDataset, ConcatDataset, Subset } from './dataset.js';
export {
  Sampler, SequentialSampler, RandomSampler, WeightedRandomSampler, BatchSampler,
  type RandomSamplerOptions, type SizedSource,
} from './sampler.js';
export { defaultCollate, type Collated } from './collate.js';
export { DataLoader, type DataLoaderOptions } from './dataloader.js';
export { randomSplit, withSeed } from './split.js';
export { loadFashionMNIST, parseIdx, FASHION_MNIST_CLASSES, type FashionMNIST, type FashionMNISTOptions } from './fashion-mnist.js';
export { loadText, charCorpus, type LoadTextOptions, type CharCorpus } from './text.js';
export { loadIris, loadWine, loadBreastCancer, loadDiabetes, loadBoston, type TabularBunch } from './tabular.js';
