"""Time-series parity fixtures (statsmodels) -> test/fixtures/learn/time_series.json.

Run: /usr/bin/python3 tools/parity_learn/time_series.py   (needs python3-statsmodels)
Holt-Winters: fixed-parameter recursions (exact) and estimated fits (SSE, forecasts) on a
simulated seasonal series. ARIMA: MLE fits on simulated ARMA data and the Nile series.
"""
import json, os, warnings
import numpy as np
import statsmodels
from statsmodels.tsa.holtwinters import ExponentialSmoothing
from statsmodels.tsa.arima.model import ARIMA
from statsmodels.tsa.arima_process import arma_generate_sample

warnings.simplefilter("ignore")
rng = np.random.RandomState(0)
t = np.arange(48)
y = 50 + 0.8 * t + 8 * np.sin(2 * np.pi * t / 4) + 4 * np.cos(2 * np.pi * t / 4) + rng.randn(48) * 1.5
out = {"statsmodels": statsmodels.__version__, "y": y.tolist(), "hw": [], "arima": []}
models = [(None, False, None), ("add", False, None), ("add", True, None), ("mul", False, None), (None, False, "add"),
          ("add", False, "add"), ("add", True, "add"), ("add", False, "mul"), ("mul", False, "mul")]
fixed = dict(smoothing_level=0.3, smoothing_trend=0.1, smoothing_seasonal=0.2, damping_trend=0.9)
for trend, damped, seasonal in models:
    kw = dict(trend=trend, damped_trend=damped, seasonal=seasonal, seasonal_periods=4 if seasonal else None)
    init = dict(initial_level=52.0, initial_trend=(0.7 if trend == "add" else 1.01) if trend else None,
                initial_seasonal=([5.0, 4.0, -5.0, -4.0] if seasonal == "add" else [1.1, 1.08, 0.9, 0.92]) if seasonal else None)
    m = ExponentialSmoothing(y, initialization_method="known", **{k: v for k, v in init.items() if v is not None}, **kw)
    fx = {k: v for k, v in fixed.items() if (k != "smoothing_trend" or trend) and (k != "smoothing_seasonal" or seasonal) and (k != "damping_trend" or damped)}
    r = m.fit(optimized=False, **fx)
    est = ExponentialSmoothing(y, initialization_method="estimated", **kw).fit()
    p = est.params
    out["hw"].append({"trend": trend, "damped": damped, "seasonal": seasonal, "fixed": fx, "init": init,
                      "fixedFitted": r.fittedvalues.tolist(), "fixedForecast": r.forecast(9).tolist(), "fixedSse": float(r.sse),
                      "sse": float(est.sse), "forecast": est.forecast(9).tolist(),
                      "params": {k: (None if p[k] is None or (np.ndim(p[k]) == 0 and np.isnan(p[k])) else np.asarray(p[k]).tolist()) for k in
                                 ["smoothing_level", "smoothing_trend", "smoothing_seasonal", "damping_trend", "initial_level", "initial_trend", "initial_seasons"]}})

def arima_case(name, series, order, trend=None):
    res = ARIMA(series, order=order, trend=trend).fit()
    fc = res.get_forecast(10)
    ci = fc.conf_int(alpha=0.05)
    out["arima"].append({"name": name, "y": list(map(float, series)), "order": list(order), "trend": trend, "paramNames": list(res.param_names),
                         "params": res.params.tolist(), "llf": float(res.llf), "aic": float(res.aic), "bic": float(res.bic),
                         "forecast": fc.predicted_mean.tolist(), "lower": ci[:, 0].tolist(), "upper": ci[:, 1].tolist()})

np.random.seed(1)
ar2 = arma_generate_sample([1, -0.6, 0.25], [1], 300, scale=1.0) + 3.0
arma11 = arma_generate_sample([1, -0.5], [1, 0.4], 300, scale=2.0)
ima = np.cumsum(arma_generate_sample([1], [1, -0.3], 200)) + 10
ari = np.cumsum(arma_generate_sample([1, -0.4], [1], 200))
arima_case("ar2_const", ar2, (2, 0, 0))
arima_case("arma11_const", arma11, (1, 0, 1))
arima_case("arma11_noconst", arma11, (1, 0, 1), "n")
arima_case("ima11", ima, (0, 1, 1))
arima_case("ari11", ari, (1, 1, 0))
arima_case("arima111", ima, (1, 1, 1))
from statsmodels.datasets import nile
arima_case("nile_arima011", nile.load().data["volume"].values.astype(float), (0, 1, 1))
path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "learn", "time_series.json")
with open(path, "w") as f:
    json.dump(out, f)
for c in out["arima"]: print(c["name"], c["paramNames"], c["params"], c["aic"])
