import '../ops/index.js'; // installs the Tensor methods for this entry point
// The `nn` namespace: Module, Parameter, hooks, layers, containers, init and functional.
// Owners of other layer families (rnn, attention, transformer, losses, ...) add their lines.
export { Module, snakeCase, type StateDict, type LoadResult } from './module.js';
export { Parameter } from './parameter.js';
export { RemovableHandle, type ForwardHook, type ForwardPreHook, type FullBackwardHook } from './hooks.js';
export * as init from './init.js';
export * as functional from './functional/index.js';
export { Sequential, ModuleList, ModuleDict } from './containers.js';
export { Identity, Linear, Bilinear, type LinearOptions } from './linear.js';
export { Dropout, Dropout2d } from './dropout.js';
export { LayerNorm, BatchNorm1d, BatchNorm2d, InstanceNorm2d, GroupNorm, type LayerNormOptions, type NormLayerOptions } from './normalization.js';
export { ReLU, LeakyReLU, GELU, ELU, SiLU, Mish, Sigmoid, Tanh, Softplus, Softmax, LogSoftmax } from './activation.js';
export { Flatten, Unflatten } from './flatten.js';
export { Embedding, type EmbeddingLayerOptions } from './embedding.js';
export * from './loss.js';
export { Conv1d, Conv2d, ConvTranspose2d, type ConvLayerOptions, type ConvTransposeLayerOptions, type PaddingMode } from './conv.js';
export { MaxPool1d, MaxPool2d, AvgPool1d, AvgPool2d, AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveMaxPool2d, type MaxPoolLayerOptions } from './pooling.js';
export { Upsample } from './upsample.js';
export { LoRALinear, applyLoRA, type LoRAOptions } from './lora.js';
export { RNNBase, RNN, LSTM, GRU, type RNNBaseOptions, type RNNOptions, type LSTMOptions } from './rnn.js';
export { RNNCell, LSTMCell, GRUCell, type RNNCellOptions, type ElmanCellOptions } from './rnn-cells.js';
export { MultiheadAttention, generateSquareSubsequentMask, type MultiheadAttentionOptions, type MultiheadAttentionForwardOptions } from './attention.js';
export { TransformerEncoderLayer, TransformerDecoderLayer, type TransformerLayerOptions, type TransformerActivation, type EncoderLayerForwardOptions, type DecoderLayerForwardOptions } from './transformer-layer.js';
export { TransformerEncoder, TransformerDecoder, Transformer, type TransformerOptions, type TransformerForwardOptions } from './transformer.js';
export { PositionalEncoding, LearnedPositionalEmbedding, RotaryEmbedding, applyRotary, type RotaryOptions } from './positional.js';
