// Step 3 — activation functions at a few points, and how the softmax temperature T sharpens
// (T < 1) or flattens (T > 1) a distribution: softmax(z / T).
import * as nb from '../../src/index.js';

export function run(_options: { short: boolean }): void {
  const xs = [-3, -1, -0.5, 0, 0.5, 1, 3];
  const x = nb.tensor(xs);
  const table: Array<[string, nb.Tensor]> = [
    ['relu', x.relu()], ['gelu', x.gelu()], ['sigmoid', x.sigmoid()], ['tanh', x.tanh()],
  ];
  const cell = (v: number): string => v.toFixed(4).padStart(8);
  console.log(`${'x'.padEnd(8)}${xs.map(cell).join('')}`);
  for (const [name, t] of table) console.log(`${name.padEnd(8)}${Array.from(t.dataSync()).map(cell).join('')}`);

  const logits = [2, 1, 0.5, 0, -1];
  console.log(`\nsoftmax(z / T) for logits z = [${logits.join(', ')}]`);
  console.log(`${'T'.padEnd(6)}${logits.map((_, i) => `p${i}`.padStart(8)).join('')}   entropy (nats)`);
  for (const T of [0.5, 1, 2, 5]) {
    const p = Array.from(nb.tensor(logits).div(T).softmax(0).dataSync());
    const H = -p.reduce((s, v) => s + (v > 0 ? v * Math.log(v) : 0), 0);
    console.log(`${String(T).padEnd(6)}${p.map(cell).join('')}   ${H.toFixed(4)}`);
  }
  console.log(`(uniform over ${logits.length} classes: entropy ${Math.log(logits.length).toFixed(4)} nats — larger T approaches it)`);
}
