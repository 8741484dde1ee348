/**
 * Printing matches PyTorch's str(tensor) digit for digit. The expected strings were printed by
 * torch 2 (`/usr/bin/python3 -c "import torch; print(torch.tensor(...))"`, expression in each
 * comment), with only the suffix spelled the nabla way (dtype=int32, requiresGrad=true).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.js';

const f = (a: nb.NestedArray, o?: nb.CreateOptions) => nb.tensor(a, o);
const ar = (n: number) => nb.arange(0, n, 1, { dtype: 'float32' });

const CASES: [string, () => nb.Tensor, string][] = [
  ["f_basic", () => f([[1,2],[3,4]]), "tensor([[1., 2.],\n        [3., 4.]])"], // torch: torch.tensor([[1.,2.],[3.,4.]])
  ["f_frac", () => f([1.5,-2.25,3.125]), "tensor([ 1.5000, -2.2500,  3.1250])"], // torch: torch.tensor([1.5, -2.25, 3.125])
  ["f_small", () => f([1e-5,1,2]), "tensor([1.0000e-05, 1.0000e+00, 2.0000e+00])"], // torch: torch.tensor([1e-5, 1.0, 2.0])
  ["f_large", () => f([1e8,1]), "tensor([1.0000e+08, 1.0000e+00])"], // torch: torch.tensor([1e8, 1.0])
  ["f_mixed", () => f([0.001,1000]), "tensor([1.0000e-03, 1.0000e+03])"], // torch: torch.tensor([0.001, 1000.0])
  ["f_mixed2", () => f([0.0001,10]), "tensor([1.0000e-04, 1.0000e+01])"], // torch: torch.tensor([0.0001, 10.0])
  ["f_ratio", () => f([0.01,100.5]), "tensor([1.0000e-02, 1.0050e+02])"], // torch: torch.tensor([0.01, 100.5])
  ["f_int_vals_big", () => f([123456789,1]), "tensor([1.2346e+08, 1.0000e+00])"], // torch: torch.tensor([123456789.0, 1.0])
  ["f_nan", () => f([NaN,1.5,Infinity,-Infinity]), "tensor([   nan, 1.5000,    inf,   -inf])"], // torch: torch.tensor([float('nan'), 1.5, float('inf'), -float('inf')])
  ["f_nan_int", () => f([NaN,1,Infinity]), "tensor([nan, 1., inf])"], // torch: torch.tensor([float('nan'), 1.0, float('inf')])
  ["f_zero", () => f([0,0]), "tensor([0., 0.])"], // torch: torch.tensor([0.0, 0.0])
  ["f_negzero", () => f([-0,1]), "tensor([-0., 1.])"], // torch: torch.tensor([-0.0, 1.0])
  ["f_scalar", () => f(3.5), "tensor(3.5000)"], // torch: torch.tensor(3.5)
  ["f_scalar_int", () => f(3), "tensor(3.)"], // torch: torch.tensor(3.0)
  ["f_3d", () => ar(12).reshape([2,2,3]), "tensor([[[ 0.,  1.,  2.],\n         [ 3.,  4.,  5.]],\n\n        [[ 6.,  7.,  8.],\n         [ 9., 10., 11.]]])"], // torch: torch.arange(12.).reshape(2,2,3)
  ["f_empty", () => nb.zeros([0]), "tensor([])"], // torch: torch.zeros(0)
  ["f_empty2", () => nb.zeros([2,0]), "tensor([], size=(2, 0))"], // torch: torch.zeros(2,0)
  ["f_big", () => ar(2000).reshape([2,1000]), "tensor([[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 9.9700e+02, 9.9800e+02,\n         9.9900e+02],\n        [1.0000e+03, 1.0010e+03, 1.0020e+03,  ..., 1.9970e+03, 1.9980e+03,\n         1.9990e+03]])"], // torch: torch.arange(2000.).reshape(2,1000)
  ["f_big1d", () => ar(1001), "tensor([   0.,    1.,    2.,  ...,  998.,  999., 1000.])"], // torch: torch.arange(1001.)
  ["f_bigmat", () => nb.div(ar(10000).reshape([100,100]), 7), "tensor([[0.0000e+00, 1.4286e-01, 2.8571e-01,  ..., 1.3857e+01, 1.4000e+01,\n         1.4143e+01],\n        [1.4286e+01, 1.4429e+01, 1.4571e+01,  ..., 2.8143e+01, 2.8286e+01,\n         2.8429e+01],\n        [2.8571e+01, 2.8714e+01, 2.8857e+01,  ..., 4.2429e+01, 4.2571e+01,\n         4.2714e+01],\n        ...,\n        [1.3857e+03, 1.3859e+03, 1.3860e+03,  ..., 1.3996e+03, 1.3997e+03,\n         1.3999e+03],\n        [1.4000e+03, 1.4001e+03, 1.4003e+03,  ..., 1.4139e+03, 1.4140e+03,\n         1.4141e+03],\n        [1.4143e+03, 1.4144e+03, 1.4146e+03,  ..., 1.4281e+03, 1.4283e+03,\n         1.4284e+03]])"], // torch: torch.arange(10000.).reshape(100,100)/7
  ["f_64", () => f([1.5,2], {dtype:'float64'}), "tensor([1.5000, 2.0000], dtype=float64)"], // torch: torch.tensor([1.5, 2.0], dtype=torch.float64)
  ["i32", () => f([1,-20,300], {dtype:'int32'}), "tensor([  1, -20, 300], dtype=int32)"], // torch: torch.tensor([1, -20, 300], dtype=torch.int32)
  ["i32_2d", () => f([[1,-20],[300,4]], {dtype:'int32'}), "tensor([[  1, -20],\n        [300,   4]], dtype=int32)"], // torch: torch.tensor([[1, -20], [300, 4]], dtype=torch.int32)
  ["b", () => f([true,false]), "tensor([ True, False])"], // torch: torch.tensor([True, False])
  ["rg", () => f([1,2], {requiresGrad:true}), "tensor([1., 2.], requiresGrad=true)"], // torch: torch.tensor([1., 2.], requires_grad=True)
  ["f_sci_neg", () => f([-1e-7, 3.0e5]), "tensor([-1.0000e-07,  3.0000e+05])"], // torch: torch.tensor([-1e-7, 3.0e5])
  ["f_rand", () => f([0.123456,-5.4321,12.5]), "tensor([ 0.1235, -5.4321, 12.5000])"], // torch: torch.tensor([0.123456, -5.4321, 12.5])
  ["f_long_line", () => nb.div(ar(20), 3), "tensor([0.0000, 0.3333, 0.6667, 1.0000, 1.3333, 1.6667, 2.0000, 2.3333, 2.6667,\n        3.0000, 3.3333, 3.6667, 4.0000, 4.3333, 4.6667, 5.0000, 5.3333, 5.6667,\n        6.0000, 6.3333])"], // torch: torch.arange(20.)/3
  ["f_int_long", () => ar(30), "tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,\n        14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25., 26., 27.,\n        28., 29.])"], // torch: torch.arange(30.)
  ["i_long", () => nb.arange(0, 40, 1, {dtype:'int32'}), "tensor([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16, 17,\n        18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,\n        36, 37, 38, 39], dtype=int32)"], // torch: torch.arange(40, dtype=torch.int32)
  ["f_1e16", () => f([1e16,1]), "tensor([1.0000e+16, 1.0000e+00])"], // torch: torch.tensor([1e16, 1.0])
  ["f_tiny_only", () => f([1e-10,2e-10]), "tensor([1.0000e-10, 2.0000e-10])"], // torch: torch.tensor([1e-10, 2e-10])
  ["f_4d", () => nb.ones([2,1,2,2]), "tensor([[[[1., 1.],\n          [1., 1.]]],\n\n\n        [[[1., 1.],\n          [1., 1.]]]])"], // torch: torch.ones(2,1,2,2)
  ["f_big_rows", () => ar(3000).reshape([1000,3]), "tensor([[0.0000e+00, 1.0000e+00, 2.0000e+00],\n        [3.0000e+00, 4.0000e+00, 5.0000e+00],\n        [6.0000e+00, 7.0000e+00, 8.0000e+00],\n        ...,\n        [2.9910e+03, 2.9920e+03, 2.9930e+03],\n        [2.9940e+03, 2.9950e+03, 2.9960e+03],\n        [2.9970e+03, 2.9980e+03, 2.9990e+03]])"], // torch: torch.arange(3000.).reshape(1000,3)
  ["tie", () => f([1.03125, 2.5], {dtype:'float64'}), "tensor([1.0312, 2.5000], dtype=float64)"], // torch: torch.tensor([1.03125, 2.5], dtype=torch.float64)
  ["tie_e", () => f([1.03125e-5, 1.0], {dtype:'float64'}), "tensor([1.0312e-05, 1.0000e+00], dtype=float64)"], // torch: torch.tensor([1.03125e-5, 1.0], dtype=torch.float64)
  ["negsmall", () => f([-0.00001, 1.5]), "tensor([-1.0000e-05,  1.5000e+00])"], // torch: torch.tensor([-0.00001, 1.5])
  ["e100", () => f([1e-100, 1.0], {dtype:'float64'}), "tensor([1.0000e-100,  1.0000e+00], dtype=float64)"], // torch: torch.tensor([1e-100, 1.0], dtype=torch.float64)
  ["b2d", () => f([[true,false],[false,false]]), "tensor([[ True, False],\n        [False, False]])"], // torch: torch.tensor([[True, False], [False, False]])
  ["empty_i", () => nb.zeros([0], {dtype:'int32'}), "tensor([], dtype=int32)"], // torch: torch.zeros(0, dtype=torch.int32)
  ["empty_b3", () => nb.zeros([2,0,3], {dtype:'bool'}), "tensor([], size=(2, 0, 3), dtype=bool)"], // torch: torch.zeros(2, 0, 3, dtype=torch.bool)
  ["i_scalar", () => f(7, {dtype:'int32'}), "tensor(7, dtype=int32)"], // torch: torch.tensor(7, dtype=torch.int32)
  ["nan_scalar", () => f(NaN), "tensor(nan)"], // torch: torch.tensor(float('nan'))
  ["only_special", () => f([NaN, Infinity]), "tensor([nan, inf])"], // torch: torch.tensor([float('nan'), float('inf')])
  ["i_big", () => nb.arange(0, 2000, 1, {dtype:'int32'}), "tensor([   0,    1,    2,  ..., 1997, 1998, 1999], dtype=int32)"], // torch: torch.arange(2000, dtype=torch.int32)
  ["f3d_big", () => ar(8000).reshape([20,20,20]), "tensor([[[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.7000e+01,\n          1.8000e+01, 1.9000e+01],\n         [2.0000e+01, 2.1000e+01, 2.2000e+01,  ..., 3.7000e+01,\n          3.8000e+01, 3.9000e+01],\n         [4.0000e+01, 4.1000e+01, 4.2000e+01,  ..., 5.7000e+01,\n          5.8000e+01, 5.9000e+01],\n         ...,\n         [3.4000e+02, 3.4100e+02, 3.4200e+02,  ..., 3.5700e+02,\n          3.5800e+02, 3.5900e+02],\n         [3.6000e+02, 3.6100e+02, 3.6200e+02,  ..., 3.7700e+02,\n          3.7800e+02, 3.7900e+02],\n         [3.8000e+02, 3.8100e+02, 3.8200e+02,  ..., 3.9700e+02,\n          3.9800e+02, 3.9900e+02]],\n\n        [[4.0000e+02, 4.0100e+02, 4.0200e+02,  ..., 4.1700e+02,\n          4.1800e+02, 4.1900e+02],\n         [4.2000e+02, 4.2100e+02, 4.2200e+02,  ..., 4.3700e+02,\n          4.3800e+02, 4.3900e+02],\n         [4.4000e+02, 4.4100e+02, 4.4200e+02,  ..., 4.5700e+02,\n          4.5800e+02, 4.5900e+02],\n         ...,\n         [7.4000e+02, 7.4100e+02, 7.4200e+02,  ..., 7.5700e+02,\n          7.5800e+02, 7.5900e+02],\n         [7.6000e+02, 7.6100e+02, 7.6200e+02,  ..., 7.7700e+02,\n          7.7800e+02, 7.7900e+02],\n         [7.8000e+02, 7.8100e+02, 7.8200e+02,  ..., 7.9700e+02,\n          7.9800e+02, 7.9900e+02]],\n\n        [[8.0000e+02, 8.0100e+02, 8.0200e+02,  ..., 8.1700e+02,\n          8.1800e+02, 8.1900e+02],\n         [8.2000e+02, 8.2100e+02, 8.2200e+02,  ..., 8.3700e+02,\n          8.3800e+02, 8.3900e+02],\n         [8.4000e+02, 8.4100e+02, 8.4200e+02,  ..., 8.5700e+02,\n          8.5800e+02, 8.5900e+02],\n         ...,\n         [1.1400e+03, 1.1410e+03, 1.1420e+03,  ..., 1.1570e+03,\n          1.1580e+03, 1.1590e+03],\n         [1.1600e+03, 1.1610e+03, 1.1620e+03,  ..., 1.1770e+03,\n          1.1780e+03, 1.1790e+03],\n         [1.1800e+03, 1.1810e+03, 1.1820e+03,  ..., 1.1970e+03,\n          1.1980e+03, 1.1990e+03]],\n\n        ...,\n\n        [[6.8000e+03, 6.8010e+03, 6.8020e+03,  ..., 6.8170e+03,\n          6.8180e+03, 6.8190e+03],\n         [6.8200e+03, 6.8210e+03, 6.8220e+03,  ..., 6.8370e+03,\n          6.8380e+03, 6.8390e+03],\n         [6.8400e+03, 6.8410e+03, 6.8420e+03,  ..., 6.8570e+03,\n          6.8580e+03, 6.8590e+03],\n         ...,\n         [7.1400e+03, 7.1410e+03, 7.1420e+03,  ..., 7.1570e+03,\n          7.1580e+03, 7.1590e+03],\n         [7.1600e+03, 7.1610e+03, 7.1620e+03,  ..., 7.1770e+03,\n          7.1780e+03, 7.1790e+03],\n         [7.1800e+03, 7.1810e+03, 7.1820e+03,  ..., 7.1970e+03,\n          7.1980e+03, 7.1990e+03]],\n\n        [[7.2000e+03, 7.2010e+03, 7.2020e+03,  ..., 7.2170e+03,\n          7.2180e+03, 7.2190e+03],\n         [7.2200e+03, 7.2210e+03, 7.2220e+03,  ..., 7.2370e+03,\n          7.2380e+03, 7.2390e+03],\n         [7.2400e+03, 7.2410e+03, 7.2420e+03,  ..., 7.2570e+03,\n          7.2580e+03, 7.2590e+03],\n         ...,\n         [7.5400e+03, 7.5410e+03, 7.5420e+03,  ..., 7.5570e+03,\n          7.5580e+03, 7.5590e+03],\n         [7.5600e+03, 7.5610e+03, 7.5620e+03,  ..., 7.5770e+03,\n          7.5780e+03, 7.5790e+03],\n         [7.5800e+03, 7.5810e+03, 7.5820e+03,  ..., 7.5970e+03,\n          7.5980e+03, 7.5990e+03]],\n\n        [[7.6000e+03, 7.6010e+03, 7.6020e+03,  ..., 7.6170e+03,\n          7.6180e+03, 7.6190e+03],\n         [7.6200e+03, 7.6210e+03, 7.6220e+03,  ..., 7.6370e+03,\n          7.6380e+03, 7.6390e+03],\n         [7.6400e+03, 7.6410e+03, 7.6420e+03,  ..., 7.6570e+03,\n          7.6580e+03, 7.6590e+03],\n         ...,\n         [7.9400e+03, 7.9410e+03, 7.9420e+03,  ..., 7.9570e+03,\n          7.9580e+03, 7.9590e+03],\n         [7.9600e+03, 7.9610e+03, 7.9620e+03,  ..., 7.9770e+03,\n          7.9780e+03, 7.9790e+03],\n         [7.9800e+03, 7.9810e+03, 7.9820e+03,  ..., 7.9970e+03,\n          7.9980e+03, 7.9990e+03]]])"], // torch: torch.arange(8000.).reshape(20, 20, 20)
  ["neg_mixed", () => f([[-1.5,2],[3.25,-4.125]]), "tensor([[-1.5000,  2.0000],\n        [ 3.2500, -4.1250]])"], // torch: torch.tensor([[-1.5, 2.0], [3.25, -4.125]])
  ["wrap_suffix", () => nb.div(ar(13).reshape([1,13]), 3), "tensor([[0.0000, 0.3333, 0.6667, 1.0000, 1.3333, 1.6667, 2.0000, 2.3333, 2.6667,\n         3.0000, 3.3333, 3.6667, 4.0000]])"], // torch: torch.arange(13.).reshape(1,13) / 3
  ["f64_wrap", () => nb.div(nb.arange(0, 11, 1, {dtype:'float64'}), 3), "tensor([0.0000, 0.3333, 0.6667, 1.0000, 1.3333, 1.6667, 2.0000, 2.3333, 2.6667,\n        3.0000, 3.3333], dtype=float64)"], // torch: torch.arange(11., dtype=torch.float64)/3
];

for (const [name, make, expected] of CASES) {
  test(`format: ${name}`, () => {
    assert.equal(make().toString(), expected);
  });
}

test('format: gradFn and util.inspect', async () => {
  const x = nb.tensor([1, 2], { requiresGrad: true });
  assert.equal(nb.mul(x, 2).toString(), 'tensor([2., 4.], gradFn=<mulBackward>)');
  const { inspect } = await import('node:util');
  assert.equal(inspect(nb.tensor([1.5])), 'tensor([1.5000])');
});

test('format: non-contiguous views print their logical order', () => {
  const x = nb.tensor([[1, 2, 3], [4, 5, 6]]);
  assert.equal(x.t().toString(), 'tensor([[1., 4.],\n        [2., 5.],\n        [3., 6.]])');
});
