/**
 * A point-region quadtree over 2-D points for the Barnes–Hut t-SNE repulsive forces: every cell
 * keeps its point count and centre of mass, so a far cell (width / distance < angle) acts as
 * one point.
 */
export class QuadTree {
  private cx: number[] = []; private cy: number[] = []; // centre of mass
  private cnt: number[] = []; private w: number[] = []; // count, cell width
  private x0: number[] = []; private y0: number[] = []; // lower corner
  private child: number[] = []; // first of 4 children, or -1 (leaf)
  private pt: number[] = []; // the single point of a leaf (-1 none)

  constructor(private readonly y: Float64Array, n: number) {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < n; i++) { minX = Math.min(minX, y[2 * i]); maxX = Math.max(maxX, y[2 * i]); minY = Math.min(minY, y[2 * i + 1]); maxY = Math.max(maxY, y[2 * i + 1]); }
    const width = Math.max(maxX - minX, maxY - minY) * (1 + 1e-6) + 1e-12;
    this.node(minX, minY, width);
    for (let i = 0; i < n; i++) this.insert(0, i, 0);
  }

  private node(x0: number, y0: number, w: number): number {
    this.cx.push(0); this.cy.push(0); this.cnt.push(0); this.w.push(w); this.x0.push(x0); this.y0.push(y0); this.child.push(-1); this.pt.push(-1);
    return this.cnt.length - 1;
  }

  private insert(c: number, i: number, depth: number): void {
    const px = this.y[2 * i], py = this.y[2 * i + 1];
    // running centre of mass
    const k = this.cnt[c];
    this.cx[c] = (this.cx[c] * k + px) / (k + 1); this.cy[c] = (this.cy[c] * k + py) / (k + 1); this.cnt[c] = k + 1;
    if (this.child[c] === -1) {
      if (k === 0) { this.pt[c] = i; return; }
      if (depth > 48) return; // duplicate points: keep them lumped in this leaf
      const h = this.w[c] / 2, first = this.cnt.length;
      for (let q = 0; q < 4; q++) this.node(this.x0[c] + (q & 1 ? h : 0), this.y0[c] + (q & 2 ? h : 0), h);
      this.child[c] = first;
      const old = this.pt[c];
      this.pt[c] = -1;
      this.insertChild(c, old, depth);
    }
    this.insertChild(c, i, depth);
  }

  private insertChild(c: number, i: number, depth: number): void {
    const h = this.w[c] / 2;
    const q = (this.y[2 * i] >= this.x0[c] + h ? 1 : 0) + (this.y[2 * i + 1] >= this.y0[c] + h ? 2 : 0);
    // the child's count already excludes i; insert updates it
    this.insert(this.child[c] + q, i, depth + 1);
  }

  /** Repulsive force on point i: adds Σ q²·(y_i − y_c)·count into f[0..1]; returns Σ count·q (its share of Z). */
  negative(i: number, angle: number, f: Float64Array): number {
    const px = this.y[2 * i], py = this.y[2 * i + 1];
    let sumQ = 0;
    const stack = [0];
    while (stack.length) {
      const c = stack.pop() as number;
      const n = this.cnt[c];
      if (n === 0) continue;
      const dx = px - this.cx[c], dy = py - this.cy[c], d2 = dx * dx + dy * dy;
      const leaf = this.child[c] === -1;
      if (leaf || this.w[c] * this.w[c] < angle * angle * d2) {
        // a leaf holding only i itself contributes nothing
        const self = leaf && d2 === 0 ? 1 : 0;
        const m = n - self;
        if (m <= 0) continue;
        const q = 1 / (1 + d2);
        sumQ += m * q;
        const mult = m * q * q;
        f[0] += mult * dx; f[1] += mult * dy;
      } else {
        for (let k = 0; k < 4; k++) stack.push(this.child[c] + k);
      }
    }
    return sumQ;
  }
}
