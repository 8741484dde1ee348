"""scikit-learn parity fixtures for nabla's core metrics (classification, ranking, regression).

Writes test/fixtures/learn/metrics_core.json, replayed by test/metrics/parity.test.ts.
Each case: {"fn": nabla name, "args": [...], "kwargs": {camelCase options}, "expected": ...}
or "error": true when scikit-learn raises. Non-finite floats are {"__float__": "nan"|"inf"|"-inf"}.
Run: /usr/bin/python3 tools/parity_learn/metrics_core.py
"""
import json
import math
import os
import re
import warnings

import numpy as np
import sklearn
from sklearn import metrics as M

warnings.filterwarnings("ignore")
rng = np.random.RandomState(0)
cases = []


def snake(k):
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), k)


def enc(x):
    if isinstance(x, dict):
        return {k: enc(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [enc(v) for v in x]
    if isinstance(x, np.ndarray):
        return enc(x.tolist())
    if isinstance(x, (np.floating, float)):
        x = float(x)
        if math.isnan(x):
            return {"__float__": "nan"}
        if math.isinf(x):
            return {"__float__": "inf" if x > 0 else "-inf"}
        return x
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, np.str_):
        return str(x)
    return x


SK = {
    "accuracyScore": M.accuracy_score, "balancedAccuracyScore": M.balanced_accuracy_score,
    "precisionScore": M.precision_score, "recallScore": M.recall_score, "f1Score": M.f1_score,
    "fbetaScore": M.fbeta_score, "matthewsCorrcoef": M.matthews_corrcoef,
    "cohenKappaScore": M.cohen_kappa_score, "confusionMatrix": M.confusion_matrix,
    "multilabelConfusionMatrix": M.multilabel_confusion_matrix,
    "logLoss": M.log_loss, "hingeLoss": M.hinge_loss, "brierScoreLoss": M.brier_score_loss,
    "rocAucScore": M.roc_auc_score, "averagePrecisionScore": M.average_precision_score,
    "topKAccuracyScore": M.top_k_accuracy_score, "meanSquaredError": M.mean_squared_error,
    "meanAbsoluteError": M.mean_absolute_error, "medianAbsoluteError": M.median_absolute_error,
    "meanAbsolutePercentageError": M.mean_absolute_percentage_error, "r2Score": M.r2_score,
    "explainedVarianceScore": M.explained_variance_score, "maxError": M.max_error,
    "meanSquaredLogError": M.mean_squared_log_error,
}


def case(fn, *args, **kw):
    skw = {snake(k): (v if k != "multiClass" else v) for k, v in kw.items()}
    entry = {"fn": fn, "args": enc(list(args)), "kwargs": enc(kw)}
    try:
        if fn == "precisionRecallFscoreSupport":
            p, r, f, s = M.precision_recall_fscore_support(*args, **skw)
            out = {"precision": p, "recall": r, "fbetaScore": f, "support": s}
        elif fn == "rocCurve":
            a, b, c = M.roc_curve(*args, **skw)
            out = {"fpr": a, "tpr": b, "thresholds": c}
        elif fn == "precisionRecallCurve":
            a, b, c = M.precision_recall_curve(*args, **skw)
            out = {"precision": a, "recall": b, "thresholds": c}
        elif fn == "detCurve":
            a, b, c = M.det_curve(*args, **skw)
            out = {"fpr": a, "fnr": b, "thresholds": c}
        elif fn == "fbetaScore":
            out = M.fbeta_score(args[0], args[1], beta=args[2], **skw)
        elif fn == "classificationReport":
            out = M.classification_report(*args, **skw)
        elif fn == "rootMeanSquaredError":
            out = M.mean_squared_error(*args, squared=False, **skw)
        elif fn == "specificityScore":
            # specificity = recall of the negative class (binary) — checked via confusion counts
            mcm = M.multilabel_confusion_matrix(args[0], args[1], sample_weight=skw.get("sample_weight"), labels=skw.get("labels"))
            tn, fp = mcm[:, 0, 0], mcm[:, 0, 1]
            zd = kw.get("zeroDivision", 0)
            den = (tn + fp).astype(float)
            per = np.where(den == 0, zd, tn / np.where(den == 0, 1, den))
            avg = kw.get("average", "binary")
            if avg is None:
                out = per
            elif avg == "macro":
                out = per.mean()
            elif avg == "micro":
                out = tn.sum() / den.sum() if den.sum() else zd
            else:
                raise RuntimeError("unsupported specificity case")
        elif fn == "typeErrorCounts":
            tn, fp, fn_, tp = M.confusion_matrix(args[0], args[1], sample_weight=skw.get("sample_weight"), labels=[1 - kw.get("posLabel", 1), kw.get("posLabel", 1)]).ravel()
            out = {"typeI": fp, "typeII": fn_}
        else:
            out = SK[fn](*args, **skw)
        entry["expected"] = enc(out)
    except (ValueError, NotImplementedError) as e:
        entry["error"] = True
        entry["message"] = str(e)
    cases.append(entry)


# ---------------------------------------------------------------- label sets
def labels_sets():
    n = 40
    yb_t = rng.randint(0, 2, n).tolist(); yb_p = rng.randint(0, 2, n).tolist()
    ym_t = rng.randint(0, 4, n).tolist(); ym_p = rng.randint(0, 4, n).tolist()
    names = np.array(["bird", "cat", "dog"])
    ys_t = names[rng.randint(0, 3, n)].tolist(); ys_p = names[rng.randint(0, 3, n)].tolist()
    w = np.round(rng.uniform(0, 3, n), 3).tolist()
    wi = rng.randint(0, 4, n).tolist()
    return {
        "binary": (yb_t, yb_p), "multiclass": (ym_t, ym_p), "strings": (ys_t, ys_p),
        "perfect": (yb_t, yb_t), "inverted": (yb_t, [1 - v for v in yb_t]),
        "allone": ([1] * 12, [1] * 12), "allzero_pred_mixed": ([0] * 10, [0, 1] * 5),
        "no_pred_class2": ([0, 1, 2, 2, 1, 0, 2, 1], [0, 1, 1, 0, 1, 0, 0, 1]),
        "pm1": ([-1, 1, 1, -1, 1, -1, -1, 1, 1, 1], [1, 1, -1, -1, 1, -1, 1, 1, -1, 1]),
    }, w, wi


sets, W, WI = labels_sets()
AVGS = ["binary", "micro", "macro", "weighted", None]
for name, (yt, yp) in sets.items():
    n = len(yt)
    w = W[:n]
    case("accuracyScore", yt, yp)
    case("accuracyScore", yt, yp, normalize=False, sampleWeight=w)
    case("balancedAccuracyScore", yt, yp)
    case("balancedAccuracyScore", yt, yp, adjusted=True, sampleWeight=w)
    case("matthewsCorrcoef", yt, yp)
    case("matthewsCorrcoef", yt, yp, sampleWeight=w)
    for kw in [None, "linear", "quadratic"]:
        case("cohenKappaScore", yt, yp, weights=kw)
    case("confusionMatrix", yt, yp)
    for nm in ["true", "pred", "all"]:
        case("confusionMatrix", yt, yp, normalize=nm, sampleWeight=w)
    pos = "cat" if name == "strings" else 1
    for avg in AVGS:
        for zd in ["warn", 0, 1]:
            kw = {"average": avg, "zeroDivision": zd}
            if avg == "binary":
                kw["posLabel"] = pos
            for fn in ["precisionScore", "recallScore", "f1Score"]:
                case(fn, yt, yp, **kw)
            case("fbetaScore", yt, yp, 0.5, **kw)
            case("fbetaScore", yt, yp, 2.0, **dict(kw, sampleWeight=w))
            case("precisionRecallFscoreSupport", yt, yp, **dict(kw, beta=1.5))
    if name != "strings":
        for avg in ["macro", "micro", None]:
            case("specificityScore", yt, yp, average=avg, zeroDivision=0)
    case("classificationReport", yt, yp, digits=3, zeroDivision=0)
    case("classificationReport", yt, yp, outputDict=True, zeroDivision=0)

# empty classes via labels, and labels subsets
yt, yp = sets["multiclass"]
case("confusionMatrix", yt, yp, labels=[3, 0, 5, 1])
case("confusionMatrix", yt, yp, labels=[7, 8])
for avg in ["micro", "macro", "weighted", None]:
    case("precisionRecallFscoreSupport", yt, yp, labels=[0, 2, 5], average=avg, zeroDivision=1)
    case("f1Score", yt, yp, labels=[1, 3], average=avg)
case("cohenKappaScore", yt, yp, labels=[0, 1, 2, 3, 4], weights="quadratic")
case("precisionScore", [0, 0, 0, 0], [0, 0, 0, 0], average="weighted", zeroDivision=1)
case("recallScore", [0, 0, 0, 0], [1, 1, 0, 0], labels=[1], average="weighted", zeroDivision=1)
case("f1Score", [0, 0, 0, 0], [1, 1, 0, 0], labels=[1], average="weighted", zeroDivision=1)
case("precisionScore", [0, 1, 2], [0, 1, 2], average="binary")
case("precisionScore", ["a", "b"], ["a", "b"])
ys_t, ys_p = sets["strings"]
case("confusionMatrix", ys_t, ys_p, labels=["dog", "bird"], sampleWeight=W)
case("classificationReport", yt, yp, labels=[0, 2, 3], targetNames=["zero", "two", "three"], digits=4)
case("classificationReport", yt, yp, labels=[0, 2, 3], outputDict=True)
case("classificationReport", ys_t, ys_p, sampleWeight=W)
case("balancedAccuracyScore", [0, 0, 1, 1], [0, 2, 1, 1])
case("cohenKappaScore", yt, yp, weights="linear", sampleWeight=W)
case("matthewsCorrcoef", [1, 1, 1, 1], [1, 1, 1, 1])
case("matthewsCorrcoef", ys_t, ys_p)
case("topKAccuracyScore", ys_t, rng.dirichlet([1, 1, 1], len(ys_t)).tolist(), k=2)
case("hingeLoss", ys_t, np.round(rng.normal(0, 1, (len(ys_t), 3)), 3).tolist())
case("logLoss", ys_t, rng.dirichlet([1, 1, 1], len(ys_t)).tolist(), sampleWeight=W)
case("typeErrorCounts", *sets["binary"])
case("typeErrorCounts", *sets["binary"], sampleWeight=W)

# multilabel indicator
Ymt = rng.randint(0, 2, (30, 4)); Ymp = rng.randint(0, 2, (30, 4))
Ymt[:, 3] = 0  # an empty label column
for avg in ["micro", "macro", "weighted", "samples", None]:
    for zd in [0, 1]:
        case("precisionRecallFscoreSupport", Ymt, Ymp, average=avg, zeroDivision=zd)
        case("f1Score", Ymt, Ymp, average=avg, zeroDivision=zd, sampleWeight=W[:30])
    case("precisionScore", Ymt, Ymp, average=avg, labels=[0, 2])
case("accuracyScore", Ymt, Ymp)
case("accuracyScore", Ymt, Ymp, sampleWeight=W[:30])
case("multilabelConfusionMatrix", Ymt, Ymp)
case("multilabelConfusionMatrix", Ymt, Ymp, samplewise=True, sampleWeight=W[:30])
case("multilabelConfusionMatrix", sets["multiclass"][0], sets["multiclass"][1], labels=[2, 0, 9])
case("classificationReport", Ymt, Ymp, zeroDivision=0)

# ---------------------------------------------------------------- probabilistic
n = 30
yb = rng.randint(0, 2, n).tolist()
pb = np.round(rng.uniform(0, 1, n), 4); pb[0] = 0.0; pb[1] = 1.0
case("logLoss", yb, pb.tolist())
case("logLoss", yb, pb.tolist(), eps=1e-3, normalize=False, sampleWeight=W[:n])
ym = rng.randint(0, 3, n).tolist()
P = rng.dirichlet([1, 1, 1], n)
case("logLoss", ym, P.tolist())
case("logLoss", ym, (P * 2).tolist())
case("logLoss", ["a", "b", "a"], [[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]])
case("logLoss", [1, 1, 1], [0.9, 0.8, 0.7], labels=[0, 1])
case("logLoss", [1, 1, 1], [0.9, 0.8, 0.7])
case("logLoss", [0, 1, 1], [[0.2, 0.3, 0.5]] * 3, labels=[0, 1, 2])
d = np.round(rng.normal(0, 1.5, n), 3)
case("hingeLoss", yb, d.tolist())
case("hingeLoss", [-1, 1, 1, -1], [-2.0, 0.5, 3.0, 0.2], sampleWeight=[1, 2, 3, 4])
D = np.round(rng.normal(0, 1, (n, 3)), 3)
case("hingeLoss", ym, D.tolist())
case("hingeLoss", [0, 1, 1], D[:3, :].tolist(), labels=[0, 1, 2])
case("brierScoreLoss", yb, pb.tolist())
case("brierScoreLoss", yb, pb.tolist(), sampleWeight=W[:n])
case("brierScoreLoss", [2, 5, 5, 2], [0.1, 0.9, 0.7, 0.4])
case("brierScoreLoss", ["x", "y", "y"], [0.1, 0.9, 0.7], posLabel="x")

# ---------------------------------------------------------------- ranking
n = 50
yr = rng.randint(0, 2, n).tolist()
s_cont = rng.normal(0, 1, n).round(6)
s_tie = np.round(rng.uniform(0, 1, n), 1)  # many ties
wr = W + W[:10]
for s in [s_cont, s_tie]:
    for di in [True, False]:
        case("rocCurve", yr, s.tolist(), dropIntermediate=di)
    case("rocCurve", yr, s.tolist(), sampleWeight=wr)
    case("rocCurve", yr, s.tolist(), posLabel=0)
    case("rocAucScore", yr, s.tolist())
    case("rocAucScore", yr, s.tolist(), sampleWeight=wr)
    for mf in [0.1, 0.3, 0.75]:
        case("rocAucScore", yr, s.tolist(), maxFpr=mf)
    case("precisionRecallCurve", yr, s.tolist())
    case("precisionRecallCurve", yr, s.tolist(), sampleWeight=wr)
    case("averagePrecisionScore", yr, s.tolist())
    case("averagePrecisionScore", yr, s.tolist(), sampleWeight=wr)
    case("averagePrecisionScore", yr, s.tolist(), posLabel=0)
    case("detCurve", yr, s.tolist())
    case("detCurve", yr, s.tolist(), sampleWeight=wr)
yperf = [0, 0, 1, 1, 0, 1]
case("rocAucScore", yperf, [0.1, 0.2, 0.8, 0.9, 0.3, 0.7])
case("rocAucScore", yperf, [0.9, 0.8, 0.2, 0.1, 0.7, 0.3])
case("rocAucScore", yperf, [0.5] * 6)
case("rocCurve", yperf, [0.5] * 6)
case("rocAucScore", [1, 1, 1], [0.2, 0.3, 0.4])
case("rocAucScore", ["no", "yes", "yes", "no"], [0.1, 0.8, 0.4, 0.45])
case("averagePrecisionScore", [0, 0, 0, 0], [0.1, 0.2, 0.3, 0.4])
case("precisionRecallCurve", ["n", "p", "p"], [0.2, 0.9, 0.4], posLabel="p")
ymc = rng.randint(0, 3, n).tolist()
Pmc = rng.dirichlet([1, 1, 1], n).round(8)
Pmc[:, 2] = 1 - Pmc[:, 0] - Pmc[:, 1]
for mc in ["ovr", "ovo"]:
    for avg in ["macro", "weighted"]:
        case("rocAucScore", ymc, Pmc.tolist(), multiClass=mc, average=avg)
case("rocAucScore", ymc, Pmc.tolist(), multiClass="ovr", average=None)
case("rocAucScore", ymc, Pmc.tolist(), multiClass="ovr", average="weighted", sampleWeight=wr)
case("rocAucScore", ymc, Pmc.tolist())
case("rocAucScore", [0, 1, 1, 0], [[0.5, 0.3, 0.2], [0.1, 0.6, 0.3], [0.2, 0.5, 0.3], [0.3, 0.3, 0.4]], multiClass="ovo", labels=[0, 1, 2])
Yml = rng.randint(0, 2, (n, 3)); Sml = rng.uniform(0, 1, (n, 3)).round(2)
for avg in ["micro", "macro", "weighted", "samples", None]:
    case("rocAucScore", Yml, Sml.tolist(), average=avg)
    case("averagePrecisionScore", Yml, Sml.tolist(), average=avg)
    case("averagePrecisionScore", Yml, Sml.tolist(), average=avg, sampleWeight=wr)
case("rocAucScore", Yml, Sml.tolist(), average="macro", maxFpr=0.5)
S4 = rng.uniform(0, 1, (n, 4)).round(1)
y4 = rng.randint(0, 4, n).tolist()
for k in [1, 2, 3]:
    case("topKAccuracyScore", y4, S4.tolist(), k=k)
case("topKAccuracyScore", y4, S4.tolist(), k=2, normalize=False, sampleWeight=wr)
case("topKAccuracyScore", [0, 1, 1], [[0.2, 0.5, 0.3], [0.1, 0.2, 0.7], [0.6, 0.3, 0.1]], k=1, labels=[0, 1, 2])
case("topKAccuracyScore", yr, s_tie.tolist(), k=1)
case("topKAccuracyScore", yr, s_cont.tolist(), k=1)

# ---------------------------------------------------------------- regression
n = 25
a = rng.normal(0, 2, n).round(4); b = (a + rng.normal(0, 1, n)).round(4)
A = rng.normal(0, 2, (n, 3)).round(4); B = (A + rng.normal(0, 1, (n, 3))).round(4)
A[:, 2] *= 5
wg = W[:n]
RF = ["meanSquaredError", "meanAbsoluteError", "medianAbsoluteError", "meanAbsolutePercentageError", "r2Score", "explainedVarianceScore"]
for fn in RF + ["rootMeanSquaredError"]:
    case(fn, a.tolist(), b.tolist())
    case(fn, a.tolist(), b.tolist(), sampleWeight=wg)
    for mo in ["raw_values", "uniform_average", [0.2, 0.5, 0.3]]:
        case(fn, A.tolist(), B.tolist(), multioutput=mo)
        case(fn, A.tolist(), B.tolist(), multioutput=mo, sampleWeight=wg)
for fn in ["r2Score", "explainedVarianceScore"]:
    case(fn, A.tolist(), B.tolist(), multioutput="variance_weighted")
    case(fn, A.tolist(), B.tolist(), multioutput="variance_weighted", sampleWeight=wg)
    for ff in [True, False]:
        case(fn, [2.0, 2.0, 2.0], [2.0, 2.0, 2.0], forceFinite=ff)
        case(fn, [2.0, 2.0, 2.0], [1.0, 2.0, 3.0], forceFinite=ff)
        case(fn, [[2.0, 1.0], [2.0, 3.0], [2.0, 4.0]], [[1.0, 1.5], [2.0, 3.0], [3.0, 4.0]], forceFinite=ff, multioutput="raw_values")
case("r2Score", [1.0], [2.0])
case("meanAbsolutePercentageError", [0.0, 1.0, 2.0], [0.5, 1.0, 3.0])
case("maxError", a.tolist(), b.tolist())
case("meanSquaredLogError", np.abs(a).tolist(), np.abs(b).tolist())
case("meanSquaredLogError", np.abs(A).tolist(), np.abs(B).tolist(), multioutput="raw_values", sampleWeight=wg)
case("meanSquaredLogError", [-1.0, 2.0], [1.0, 2.0])
case("medianAbsoluteError", [1.0, 2.0, 3.0, 4.0], [1.0, 3.0, 3.0, 7.0], sampleWeight=[1, 1, 1, 1])
case("meanSquaredError", [1.0, 2.0], [1.0, 2.0, 3.0])

out = {"sklearn": sklearn.__version__, "cases": cases}
path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "learn", "metrics_core.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
print(f"{len(cases)} cases -> {os.path.normpath(path)} ({os.path.getsize(path)} bytes)")
