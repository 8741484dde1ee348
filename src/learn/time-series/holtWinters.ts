import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../tensor/errors.js';
import { BaseEstimator, checkFitted, toFloat64Array, toVector, type ArrayInput } from '../base.js';
import { fromFlat } from '../neighbors/flat.js';
import { registerEstimator } from '../persist.js';
import { nelderMead } from './nelderMead.js';

/** Options of {@link ExponentialSmoothing} (statsmodels' names, camelCased). */
export interface ExponentialSmoothingOptions {
  /** Trend component: 'add', 'mul' or null (default). */
  trend?: 'add' | 'mul' | null;
  /** Damp the trend by φ (default false). */
  dampedTrend?: boolean;
  /** Seasonal component: 'add', 'mul' or null (default). */
  seasonal?: 'add' | 'mul' | null;
  /** Season length (required with a seasonal component). */
  seasonalPeriods?: number | null;
}

/** Smoothing parameters and initial states; fixed ones are passed to fit, the rest estimated. */
export interface HoltWintersParams {
  smoothingLevel: number; smoothingTrend: number; smoothingSeasonal: number; dampingTrend: number;
  initialLevel: number; initialTrend: number; initialSeasons: number[];
}

/** A saved model. */
export interface ExponentialSmoothingJSON {
  type: 'ExponentialSmoothing';
  params: Required<ExponentialSmoothingOptions>;
  fitted: HoltWintersParams; y: number[];
}

/**
 * Holt–Winters exponential smoothing (statsmodels' `ExponentialSmoothing`): level, optional
 * (damped) additive or multiplicative trend and additive or multiplicative season, with
 * statsmodels' recursions — the fitted value of y_t is T_{t−1} ⊕ s_{t−m} with
 * T = l + φb (or l·b^φ); l_t = α(y_t ⊖ s_{t−m}) + (1−α)T_{t−1}; b_t = β(l_t − l_{t−1}) + (1−β)φb_{t−1};
 * s_t = γ(y_t ⊖ T_{t−1}) + (1−γ)s_{t−m}. Parameters not given to fit are estimated by minimising
 * the sum of squared errors (bounded Nelder–Mead) within statsmodels' admissible region
 * 0 ≤ β ≤ α, 0 ≤ γ ≤ 1 − α, together with the initial states.
 */
export class ExponentialSmoothing extends BaseEstimator<Required<ExponentialSmoothingOptions>> {
  /** The fitted parameters and initial states. */
  fittedParams: HoltWintersParams | null = null;
  /** One-step-ahead fitted values [n]. */
  fittedValues: Tensor | null = null;
  /** Sum of squared one-step errors. */
  sse = NaN;
  private y: Float64Array | null = null;
  private final: { l: number; b: number; s: Float64Array } | null = null;

  constructor(options: ExponentialSmoothingOptions = {}) {
    super({ trend: null, dampedTrend: false, seasonal: null, seasonalPeriods: null, ...options });
  }

  private get m(): number {
    return this.params.seasonal ? (this.params.seasonalPeriods as number) : 0;
  }

  /** Runs the recursions; returns fitted values, SSE and final states. */
  private run(y: Float64Array, p: HoltWintersParams): { fitted: Float64Array; sse: number; l: number; b: number; s: Float64Array } {
    const { trend, seasonal, dampedTrend } = this.params;
    const m = this.m, n = y.length;
    const a = p.smoothingLevel, be = p.smoothingTrend, g = p.smoothingSeasonal, phi = trend && dampedTrend ? p.dampingTrend : 1;
    let l = p.initialLevel, b = trend ? p.initialTrend : trend === 'mul' ? 1 : 0;
    const s = seasonal ? Float64Array.from(p.initialSeasons) : new Float64Array(0); // ring: s[t mod m] = s_{t−m}
    const fitted = new Float64Array(n);
    let sse = 0;
    for (let t = 0; t < n; t++) {
      const T = trend === 'add' ? l + phi * b : trend === 'mul' ? l * b ** phi : l;
      const st = seasonal ? s[t % m] : 0;
      const f = seasonal === 'add' ? T + st : seasonal === 'mul' ? T * st : T;
      fitted[t] = f;
      sse += (y[t] - f) ** 2;
      const lPrev = l;
      const des = seasonal === 'add' ? y[t] - st : seasonal === 'mul' ? y[t] / st : y[t];
      l = a * des + (1 - a) * T;
      if (trend === 'add') b = be * (l - lPrev) + (1 - be) * phi * b;
      else if (trend === 'mul') b = be * (l / lPrev) + (1 - be) * b ** phi;
      if (seasonal) s[t % m] = seasonal === 'add' ? g * (y[t] - T) + (1 - g) * st : g * (y[t] / T) + (1 - g) * st;
    }
    // Rotate the ring so that s[j] is the season of step n + j.
    const sOut = seasonal ? Float64Array.from({ length: m }, (_, j) => s[(n + j) % m]) : s;
    return { fitted, sse, l, b, s: sOut };
  }

  /** Heuristic initial states (means of the first seasons), the optimiser's start. */
  private heuristicStates(y: Float64Array): { l: number; b: number; s: number[] } {
    const { trend, seasonal } = this.params;
    const m = this.m;
    if (!seasonal) {
      const l = y[0];
      const b = trend === 'add' ? y[1] - y[0] : trend === 'mul' ? y[1] / y[0] : 0;
      return { l, b, s: [] };
    }
    const mean = (a: number, b: number): number => { let s = 0; for (let i = a; i < b; i++) s += y[i]; return s / (b - a); };
    const l = mean(0, m);
    const b = trend === 'add' ? (mean(m, 2 * m) - l) / m : trend === 'mul' ? (mean(m, 2 * m) / l) ** (1 / m) : 0;
    const s = Array.from({ length: m }, (_, j) => (seasonal === 'add' ? y[j] - l : y[j] / l));
    return { l, b, s };
  }

  /** Fits the model to the series y; parameters given in `fixed` are held. Returns this. */
  fit(y: ArrayInput, fixed: Partial<HoltWintersParams> = {}): this {
    const yv = Float64Array.from(toFloat64Array(toVector(y, 'y')));
    const { trend, seasonal, dampedTrend } = this.params;
    const m = this.m;
    if (trend !== null && trend !== 'add' && trend !== 'mul') throw new ValueError(`ExponentialSmoothing: trend must be 'add', 'mul' or null, got '${String(trend)}'`);
    if (seasonal !== null && seasonal !== 'add' && seasonal !== 'mul') throw new ValueError(`ExponentialSmoothing: seasonal must be 'add', 'mul' or null, got '${String(seasonal)}'`);
    if (seasonal && (!Number.isInteger(m) || m < 2)) throw new ValueError(`ExponentialSmoothing: seasonalPeriods must be an integer >= 2 with a seasonal component, got ${String(this.params.seasonalPeriods)}`);
    if (dampedTrend && !trend) throw new ValueError('ExponentialSmoothing: dampedTrend requires a trend');
    if ((trend === 'mul' || seasonal === 'mul') && yv.some((v) => v <= 0)) throw new ValueError('ExponentialSmoothing: multiplicative components need a strictly positive series y');
    const minLen = seasonal ? 2 * m : trend ? 2 : 1;
    if (yv.length < minLen) throw new ValueError(`ExponentialSmoothing: y needs at least ${minLen} observations for this model, got ${yv.length}`);
    const h = this.heuristicStates(yv);
    // Free coordinates (each in a box): a, b·a, g·(1 − a) keep β ≤ α and γ ≤ 1 − α; then φ and states.
    type Slot = { name: string; lo: number; hi: number; x0: number };
    const slots: Slot[] = [];
    if (fixed.smoothingLevel === undefined) slots.push({ name: 'a', lo: 0, hi: 1, x0: 0.5 });
    if (trend && fixed.smoothingTrend === undefined) slots.push({ name: 'b', lo: 0, hi: 1, x0: 0.1 });
    if (seasonal && fixed.smoothingSeasonal === undefined) slots.push({ name: 'g', lo: 0, hi: 1, x0: 0.1 });
    if (trend && dampedTrend && fixed.dampingTrend === undefined) slots.push({ name: 'phi', lo: 0, hi: 1, x0: 0.98 });
    const scale = Math.max(1, ...Array.from(yv, Math.abs));
    if (fixed.initialLevel === undefined) slots.push({ name: 'l0', lo: -Infinity, hi: Infinity, x0: h.l });
    if (trend && fixed.initialTrend === undefined) slots.push({ name: 'b0', lo: trend === 'mul' ? 1e-8 : -Infinity, hi: Infinity, x0: h.b });
    if (seasonal && fixed.initialSeasons === undefined) for (let j = 0; j < m; j++) slots.push({ name: `s${j}`, lo: seasonal === 'mul' ? 1e-8 : -Infinity, hi: Infinity, x0: h.s[j] });
    const decode = (x: Float64Array): HoltWintersParams => {
      const v = new Map(slots.map((sl, i) => [sl.name, x[i]] as const));
      const a = fixed.smoothingLevel ?? (v.get('a') as number);
      return {
        smoothingLevel: a,
        smoothingTrend: fixed.smoothingTrend ?? (trend ? (v.get('b') as number) * a : 0),
        smoothingSeasonal: fixed.smoothingSeasonal ?? (seasonal ? (v.get('g') as number) * (1 - a) : 0),
        dampingTrend: fixed.dampingTrend ?? (trend && dampedTrend ? (v.get('phi') as number) : 1),
        initialLevel: fixed.initialLevel ?? (v.get('l0') as number),
        initialTrend: fixed.initialTrend ?? (trend ? (v.get('b0') as number) : 0),
        initialSeasons: fixed.initialSeasons ? [...fixed.initialSeasons] : Array.from({ length: m }, (_, j) => v.get(`s${j}`) as number),
      };
    };
    let best = decode(Float64Array.from(slots, (s) => s.x0));
    if (slots.length) {
      const lower = Float64Array.from(slots, (s) => s.lo), upper = Float64Array.from(slots, (s) => s.hi);
      const obj = (x: Float64Array): number => this.run(yv, decode(x)).sse / (scale * scale);
      // A coarse grid over the smoothing parameters picks the start (as statsmodels' use_brute).
      let x0 = Float64Array.from(slots, (s) => s.x0), f0 = obj(x0);
      const grid = [0.1, 0.3, 0.5, 0.7, 0.9];
      const smooth = slots.map((s, i) => (['a', 'b', 'g'].includes(s.name) ? i : -1)).filter((i) => i >= 0);
      const combos = smooth.reduce<number[][]>((acc) => acc.flatMap((c) => grid.map((g) => [...c, g])), [[]]);
      for (const c of combos) {
        const x = Float64Array.from(x0);
        smooth.forEach((i, k) => { x[i] = c[k]; });
        const fx = obj(x);
        if (fx < f0) { f0 = fx; x0 = x; }
      }
      let x: Float64Array = x0;
      for (let round = 0; round < 3; round++) x = nelderMead(obj, x, { lower, upper, maxIter: 2000 * slots.length, fatol: 1e-14, xatol: 1e-9 }).x;
      best = decode(x);
    }
    const r = this.run(yv, best);
    this.fittedParams = best; this.fittedValues = fromFlat(r.fitted, [yv.length]); this.sse = r.sse;
    this.y = yv; this.final = { l: r.l, b: r.b, s: r.s };
    return this;
  }

  /** Point forecasts for the next h steps [h]. */
  forecast(h: number): Tensor {
    const fin = checkFitted(this, this.final, 'forecast');
    if (!Number.isInteger(h) || h < 0) throw new ValueError(`ExponentialSmoothing.forecast: h must be a non-negative integer, got ${h}`);
    const { trend, seasonal, dampedTrend } = this.params;
    const phi = trend && dampedTrend ? (this.fittedParams as HoltWintersParams).dampingTrend : 1;
    const out = new Float64Array(h);
    let cum = 0;
    for (let k = 1; k <= h; k++) {
      cum += phi ** k;
      const T = trend === 'add' ? fin.l + cum * fin.b : trend === 'mul' ? fin.l * fin.b ** cum : fin.l;
      const s = seasonal ? fin.s[(k - 1) % this.m] : 0;
      out[k - 1] = seasonal === 'add' ? T + s : seasonal === 'mul' ? T * s : T;
    }
    return fromFlat(out, [h]);
  }

  /** The fitted model as plain JSON data (refit with every parameter fixed on load: exact). */
  toJSON(): ExponentialSmoothingJSON {
    const p = checkFitted(this, this.fittedParams, 'toJSON');
    return { type: 'ExponentialSmoothing', params: { ...this.params }, fitted: { ...p, initialSeasons: [...p.initialSeasons] }, y: Array.from(this.y as Float64Array) };
  }

  /** Restores a model saved by toJSON. */
  static fromJSON(json: ExponentialSmoothingJSON): ExponentialSmoothing {
    if (json.type !== 'ExponentialSmoothing') throw new ValueError(`ExponentialSmoothing.fromJSON: expected type 'ExponentialSmoothing', got ${String(json.type)}`);
    return new ExponentialSmoothing(json.params).fit(json.y, json.fitted);
  }
}

registerEstimator('ExponentialSmoothing', ExponentialSmoothing.fromJSON);
