// The indexing, joining and rearranging ops (one file per concept), re-exported together.
export { gather, scatter, scatterAdd, indexSelect, indexAdd, type ScatterOptions, type IndexAddOptions } from './scatter-gather.js';
export { cat, concat, concatenate, stack, split, splitWithSizes, chunk, unbind } from './join.js';
export { maskedFill, maskedSelect, nonzero, argwhere } from './masked.js';
export { index, type IndexItem } from './indexing.js';
export { pad, type PadMode, type PadOptions } from './pad.js';
export { flip, roll, repeat, tile, repeatInterleave } from './shuffle.js';
export { tril, triu } from './triangular.js';
