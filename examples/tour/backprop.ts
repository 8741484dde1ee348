// Step 2 — the forward pass and backpropagation of a 2-layer network worked by hand (the chain
// rule written out with tensor ops) and by autograd, side by side and checked equal.
//
//   h = relu(x W1 + b1),  z = h W2 + b2,  L = mean_i CE(softmax(z_i), y_i)
//   dL/dz = (softmax(z) − onehot(y)) / N
//   dL/dW2 = hᵀ dz,  dL/db2 = Σ_i dz,  dL/dh = dz W2ᵀ,  dL/da = dL/dh ⊙ [a > 0]
//   dL/dW1 = xᵀ da,  dL/db1 = Σ_i da
import * as nb from '../../src/index.js';
import { nn } from '../../src/index.js';

export function run(_options: { short: boolean }): void {
  nb.manualSeed(0);
  const N = 8, D = 4, H = 5, C = 3;
  const x = nb.randn([N, D]);
  const y = nb.randint(0, C, [N], { dtype: 'int32' });
  const W1 = nb.randn([D, H]).mul(0.5).requiresGrad_();
  const b1 = nb.randn([H]).mul(0.1).requiresGrad_();
  const W2 = nb.randn([H, C]).mul(0.5).requiresGrad_();
  const b2 = nb.randn([C]).mul(0.1).requiresGrad_();

  // Autograd: build the graph, call backward().
  const a = x.matmul(W1).add(b1); // [N, H] pre-activation
  const h = a.relu();
  const z = h.matmul(W2).add(b2); // [N, C] logits
  const loss = nn.functional.crossEntropy(z, y);
  loss.backward();

  // By hand, under noGrad: the same numbers from the chain rule.
  const manual = nb.noGrad(() => {
    const p = z.softmax(1); // [N, C]
    const onehot = nb.zeros([N, C]).scatter(1, y.unsqueeze(1), nb.ones([N, 1]));
    const dz = p.sub(onehot).div(N); // dL/dz
    const dW2 = h.transpose(0, 1).matmul(dz);
    const db2 = dz.sum(0);
    const dh = dz.matmul(W2.transpose(0, 1));
    const da = dh.mul(a.gt(0).float()); // ReLU passes the gradient where a > 0
    const dW1 = x.transpose(0, 1).matmul(da);
    const db1 = da.sum(0);
    // Forward loss by hand too: -mean(log p[i, y_i]).
    const L = p.log().gather(1, y.unsqueeze(1)).mean().neg();
    return { L, dW1, db1, dW2, db2 };
  });

  console.log(`network ${D} → ${H} (ReLU) → ${C}, batch ${N}, cross-entropy loss`);
  console.log(`loss: autograd ${loss.item().toFixed(6)}   by hand ${manual.L.item().toFixed(6)}`);
  const rows: Array<[string, nb.Tensor, nb.Tensor]> = [
    ['dL/dW1', W1.grad as nb.Tensor, manual.dW1], ['dL/db1', b1.grad as nb.Tensor, manual.db1],
    ['dL/dW2', W2.grad as nb.Tensor, manual.dW2], ['dL/db2', b2.grad as nb.Tensor, manual.db2],
  ];
  const fmt = (t: nb.Tensor): string => Array.from(t.reshape([-1]).dataSync()).slice(0, 4).map((v) => v.toFixed(5).padStart(9)).join(' ').padEnd(39);
  console.log(`${'gradient'.padEnd(8)}  ${'autograd (first 4 entries)'.padEnd(39)}  ${'by hand (first 4 entries)'.padEnd(39)}  max |diff|`);
  let worst = Math.abs(loss.item() - manual.L.item());
  for (const [name, auto, hand] of rows) {
    const diff = nb.noGrad(() => auto.sub(hand).abs().max().item());
    worst = Math.max(worst, diff);
    console.log(`${name.padEnd(8)}  ${fmt(auto)}  ${fmt(hand)}  ${diff.toExponential(2)}`);
  }
  if (!(worst < 1e-5)) throw new Error(`backprop: autograd and the hand-written gradients differ by ${worst}`);
  console.log(`autograd and the chain rule by hand agree (max difference ${worst.toExponential(2)})`);
}
