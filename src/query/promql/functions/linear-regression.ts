import { kahanCompensation } from './kahan-sum.js';
import type { PrometheusVersion } from './prometheus-version.js';
import type { RangeWindow } from './range-window.js';

/**
 * Least-squares fit of value over time for deriv() and predict_linear(), with x measured in
 * seconds from `interceptTimeMs` and every sum compensated as Prometheus does. A constant
 * series has slope 0 (or NaN when the constant is ±Inf). Writes into `out` to avoid allocating.
 */
export function linearRegression(
  w: RangeWindow,
  interceptTimeMs: number,
  version: PrometheusVersion,
  out: { slope: number; intercept: number },
): void {
  const { ts, vals, from, to } = w;
  let n = 0;
  let sumX = 0;
  let cX = 0;
  let sumY = 0;
  let cY = 0;
  let sumXY = 0;
  let cXY = 0;
  let sumX2 = 0;
  let cX2 = 0;
  const initY = vals[from]!;
  let constY = true;
  for (let i = from; i < to; i++) {
    const y = vals[i]!;
    if (constY && i > from && y !== initY) constY = false;
    n += 1;
    const x = (ts[i]! - interceptTimeMs) / 1e3;
    let t = sumX + x;
    cX = kahanCompensation(sumX, x, t, cX, version);
    sumX = t;
    t = sumY + y;
    cY = kahanCompensation(sumY, y, t, cY, version);
    sumY = t;
    const xy = x * y;
    t = sumXY + xy;
    cXY = kahanCompensation(sumXY, xy, t, cXY, version);
    sumXY = t;
    const x2 = x * x;
    t = sumX2 + x2;
    cX2 = kahanCompensation(sumX2, x2, t, cX2, version);
    sumX2 = t;
  }
  if (constY) {
    const infinite = initY === Infinity || initY === -Infinity;
    out.slope = infinite ? NaN : 0;
    out.intercept = infinite ? NaN : initY;
    return;
  }
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  out.slope = covXY / varX;
  out.intercept = sumY / n - (out.slope * sumX) / n;
}
