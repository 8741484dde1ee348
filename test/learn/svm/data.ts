import { loadBreastCancer, loadDiabetes, loadIris, loadWine } from '../../../src/data/index.js';

/** The bundled set standardized with the population std (as the generator), diabetes' target too. */
export function loadScaled(name: string): { x: number[][]; y: number[] } {
  const b = name === 'iris' ? loadIris() : name === 'wine' ? loadWine() : name === 'breast_cancer' ? loadBreastCancer() : loadDiabetes({ scaled: false });
  const [n, p] = b.data.shape;
  const d = b.data.dataSync(), t = Array.from(b.target.dataSync(), Number);
  const x: number[][] = Array.from({ length: n }, () => new Array<number>(p));
  for (let j = 0; j < p; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += d[i * p + j];
    m /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (d[i * p + j] - m) ** 2;
    const s = Math.sqrt(v / n);
    for (let i = 0; i < n; i++) x[i][j] = (d[i * p + j] - m) / s;
  }
  let y = t;
  if (name === 'diabetes') {
    const m = t.reduce((a, b) => a + b, 0) / n;
    const s = Math.sqrt(t.reduce((a, b) => a + (b - m) ** 2, 0) / n);
    y = t.map((v) => (v - m) / s);
  }
  return { x, y };
}
