"""scikit-learn parity fixtures for nabla's learn/preprocessing (run with /usr/bin/python3).

Writes test/fixtures/learn/preprocessing.json: a list of cases
{family, name, params (nabla's camelCase options), X, y?, Xt?, expected: {...}}.
NaN and ±inf are written as the strings "nan", "inf", "-inf".
"""
import json
import math
import os
import numpy as np
import sklearn
from sklearn import preprocessing as P
from sklearn import impute as I
from sklearn import feature_selection as FS

rng = np.random.RandomState(0)
cases = []


def enc(v):
    if isinstance(v, np.ndarray):
        return enc(v.tolist())
    if isinstance(v, (list, tuple)):
        return [enc(x) for x in v]
    if isinstance(v, (np.floating, float)):
        v = float(v)
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return v
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, dict):
        return {k: enc(x) for k, x in v.items()}
    return v


def add(family, name, params, X, expected, y=None, Xt=None):
    c = {"family": family, "name": name, "params": params, "X": enc(np.asarray(X, dtype=object if isinstance(X[0][0], str) else float) if not isinstance(X, list) else X), "expected": enc(expected)}
    if y is not None:
        c["y"] = enc(y)
    if Xt is not None:
        c["Xt"] = enc(Xt)
    cases.append(c)


A = rng.randn(20, 4) * [1, 10, 0.1, 3] + [0, 5, -2, 100]
A[:, 3] = 7.0  # a constant feature
Anan = A.copy()
Anan[[1, 5, 9], 0] = np.nan
Anan[3, 2] = np.nan
B = rng.randn(6, 4) * 2
Small = np.array([[1.0, -1.0, 2.0], [2.0, 0.0, 0.0], [0.0, 1.0, -1.0]])

# Scalers
for name, X in [("random", A), ("nan", Anan), ("small", Small)]:
    for wm, ws in [(True, True), (False, True), (True, False)]:
        s = P.StandardScaler(with_mean=wm, with_std=ws).fit(X)
        add("StandardScaler", f"{name}-{wm}-{ws}", {"withMean": wm, "withStd": ws}, X.tolist(),
            {"mean": s.mean_, "var": s.var_, "scale": s.scale_, "transform": s.transform(X), "inverse": s.inverse_transform(s.transform(X))})
s = P.StandardScaler().fit(A[:7])
s.partial_fit(A[7:])
add("StandardScaler", "partial", {"partialSplit": 7}, A.tolist(), {"mean": s.mean_, "var": s.var_, "scale": s.scale_, "transform": s.transform(A)})
for name, X in [("random", A), ("nan", Anan), ("small", Small)]:
    for fr, clip in [((0, 1), False), ((-1, 3), False), ((0, 1), True)]:
        s = P.MinMaxScaler(feature_range=fr, clip=clip).fit(X)
        add("MinMaxScaler", f"{name}-{fr}-{clip}", {"featureRange": list(fr), "clip": clip}, X.tolist(),
            {"dataMin": s.data_min_, "dataMax": s.data_max_, "scale": s.scale_, "min": s.min_, "transform": s.transform(B[:, :X.shape[1]] * 5), "inverse": s.inverse_transform(s.transform(X))}, Xt=(B[:, :X.shape[1]] * 5).tolist())
    s = P.MaxAbsScaler().fit(X)
    add("MaxAbsScaler", name, {}, X.tolist(), {"maxAbs": s.max_abs_, "scale": s.scale_, "transform": s.transform(X), "inverse": s.inverse_transform(s.transform(X))})
    for params in [dict(), dict(with_centering=False), dict(quantile_range=(10.0, 90.0)), dict(unit_variance=True), dict(with_scaling=False)]:
        s = P.RobustScaler(**params).fit(X)
        add("RobustScaler", f"{name}-{params}", {"withCentering": params.get("with_centering", True), "withScaling": params.get("with_scaling", True),
            "quantileRange": list(params.get("quantile_range", (25.0, 75.0))), "unitVariance": params.get("unit_variance", False)}, X.tolist(),
            {"center": s.center_, "scale": s.scale_, "transform": s.transform(X)})
for norm in ["l1", "l2", "max"]:
    X = np.vstack([B, np.zeros((1, 4)), -B[:2]])
    add("Normalizer", norm, {"norm": norm}, X.tolist(), {"transform": P.Normalizer(norm=norm).fit_transform(X)})

# Log transforms
Pos = np.abs(rng.randn(15, 3)) * [1, 100, 1000]
Pos[2, 1] = np.nan
med = np.nanmedian(Pos, axis=0)
add("MedianLogTransformer", "counts", {}, Pos.tolist(), {"median": med, "transform": np.log1p(Pos / (1 + med))})
add("log1p", "counts", {}, Pos.tolist(), {"transform": np.log1p(Pos)})

# Encoders
cat = [["b", "x", 3], ["a", "y", 1], ["c", "x", 2], ["a", "z", 3], ["b", "y", 1]]
catX = [[r[0], r[1], float(r[2])] for r in cat]
# columns of mixed kinds are not allowed in numpy object arrays for categories; pass each column through
def ohe_case(name, params, fitX, testX, **kw):
    e = P.OneHotEncoder(sparse_output=False, **kw).fit(np.array(fitX, dtype=object))
    add("OneHotEncoder", name, params, fitX, {"categories": [list(map(lambda v: v if isinstance(v, str) else float(v), c)) for c in e.categories_],
        "transform": e.transform(np.array(testX, dtype=object)), "names": list(e.get_feature_names_out())}, Xt=testX)
ohe_case("auto", {}, catX, catX)
ohe_case("first", {"drop": "first"}, catX, catX, drop="first")
binX = [["m", 1.0], ["f", 2.0], ["m", 3.0]]
ohe_case("if_binary", {"drop": "if_binary"}, binX, binX, drop="if_binary")
ohe_case("ignore", {"handleUnknown": "ignore"}, catX, [["d", "x", 3.0], ["a", "w", 5.0]], handle_unknown="ignore")
ohe_case("given", {"categories": [["c", "b", "a", "q"], ["x", "y", "z"], [1.0, 2.0, 3.0, 4.0]]}, catX, catX,
         categories=[["c", "b", "a", "q"], ["x", "y", "z"], [1.0, 2.0, 3.0, 4.0]])
ohe_case("numeric", {}, [[2.5, 1.0], [-1.0, 1.0], [2.5, 0.0]], [[-1.0, 0.0]])
Freq = [[v, float(w)] for v, w in zip("aaaaabbbccdeeeef", [1.0, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 6, 6, 6])]
FreqT = [["a", 1.0], ["d", 5.0], ["q", 9.0], ["f", 6.0]]
ohe_case("infrequent-min3", {"minFrequency": 3, "handleUnknown": "infrequent_if_exist"}, Freq, FreqT, min_frequency=3, handle_unknown="infrequent_if_exist")
ohe_case("infrequent-frac", {"minFrequency": 0.2, "handleUnknown": "infrequent_if_exist"}, Freq, FreqT, min_frequency=0.2, handle_unknown="infrequent_if_exist")
ohe_case("infrequent-max3", {"maxCategories": 3, "handleUnknown": "infrequent_if_exist"}, Freq, FreqT, max_categories=3, handle_unknown="infrequent_if_exist")
ohe_case("infrequent-max2-first", {"maxCategories": 2, "drop": "first", "handleUnknown": "ignore"}, Freq, Freq[:5], max_categories=2, drop="first", handle_unknown="ignore")
ohe_case("infrequent-if-binary", {"maxCategories": 2, "drop": "if_binary"}, Freq, Freq[:5], max_categories=2, drop="if_binary")
ohe_case("infrequent-drop-list", {"minFrequency": 3, "drop": ["b", 4.0]}, Freq, Freq[:9], min_frequency=3, drop=["b", 4.0])
ohe_case("infrequent-none", {"minFrequency": 1, "handleUnknown": "infrequent_if_exist"}, Freq, FreqT[:2] + FreqT[3:], min_frequency=1, handle_unknown="infrequent_if_exist")
o = P.OrdinalEncoder().fit(np.array(catX, dtype=object))
add("OrdinalEncoder", "auto", {}, catX, {"transform": o.transform(np.array(catX, dtype=object))}, Xt=catX)
o = P.OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1).fit(np.array(catX, dtype=object))
t = [["d", "x", 3.0], ["a", "w", 1.0]]
add("OrdinalEncoder", "unknown", {"handleUnknown": "use_encoded_value", "unknownValue": -1}, catX, {"transform": o.transform(np.array(t, dtype=object))}, Xt=t)
NanCat = [[1.0, "a"], [np.nan, "b"], [3.0, "a"], [1.0, "b"]]
o = P.OrdinalEncoder().fit(np.array(NanCat, dtype=object))
add("OrdinalEncoder", "nan", {}, NanCat, {"transform": o.transform(np.array(NanCat, dtype=object))}, Xt=NanCat)
o = P.OrdinalEncoder(encoded_missing_value=-1).fit(np.array(NanCat, dtype=object))
add("OrdinalEncoder", "nan-encoded", {"encodedMissingValue": -1}, NanCat, {"transform": o.transform(np.array(NanCat, dtype=object))}, Xt=NanCat)
ohe_case("nan", {}, NanCat, NanCat)
le = P.LabelEncoder().fit(["tokyo", "paris", "amsterdam", "paris"])
add("LabelEncoder", "strings", {}, [["tokyo", "paris", "amsterdam", "paris"]], {"classes": list(le.classes_), "transform": le.transform(["paris", "tokyo"])}, Xt=[["paris", "tokyo"]])
le = P.LabelEncoder().fit([3.0, -1.0, 2.5, 3.0])
add("LabelEncoder", "numbers", {}, [[3.0, -1.0, 2.5, 3.0]], {"classes": le.classes_, "transform": le.transform([2.5, -1.0])}, Xt=[[2.5, -1.0]])

# Polynomial features
for deg, io, ib in [(2, False, True), (3, False, False), (3, True, True), ((2, 3), False, True), ((2, 3), False, False), (1, False, True)]:
    p = P.PolynomialFeatures(degree=deg, interaction_only=io, include_bias=ib).fit(Small)
    add("PolynomialFeatures", f"{deg}-{io}-{ib}", {"degree": list(deg) if isinstance(deg, tuple) else deg, "interactionOnly": io, "includeBias": ib}, Small.tolist(),
        {"powers": p.powers_, "transform": p.transform(B[:, :3]), "names": list(p.get_feature_names_out())}, Xt=B[:, :3].tolist())

# Imputers
Mi = rng.randint(0, 5, size=(12, 4)).astype(float)
Mi[[0, 3, 4], 0] = np.nan
Mi[[2], 1] = np.nan
Mi[:, 3] = np.nan
Mi[5, 3] = 2.0
Mi[6, 3] = 2.0
Mi[7, 3] = 1.0
Mi[8, 3] = 1.0  # tie in most_frequent → smallest
Empty = Mi.copy()
Empty[:, 2] = np.nan
for strat in ["mean", "median", "most_frequent", "constant"]:
    for X, nm in [(Mi, "some"), (Empty, "empty-col")]:
        for ind in [False, True]:
            im = I.SimpleImputer(strategy=strat, fill_value=-7 if strat == "constant" else None, add_indicator=ind).fit(X)
            add("SimpleImputer", f"{strat}-{nm}-{ind}", {"strategy": strat, "fillValue": -7, "addIndicator": ind}, X.tolist(), {"statistics": im.statistics_, "transform": im.transform(X)})
im = I.SimpleImputer(missing_values=0, strategy="mean").fit(np.nan_to_num(Mi))
add("SimpleImputer", "zero-missing", {"missingValues": 0}, np.nan_to_num(Mi).tolist(), {"statistics": im.statistics_, "transform": im.transform(np.nan_to_num(Mi))})
for feats in ["missing-only", "all"]:
    mi = I.MissingIndicator(features=feats).fit(Mi)
    add("MissingIndicator", feats, {"features": feats}, Mi.tolist(), {"features": mi.features_, "transform": mi.transform(Mi).astype(float)})

# Feature selection
Cnt = rng.randint(0, 10, size=(30, 5)).astype(float)
Cnt[:, 4] = 3.0
yc = rng.randint(0, 3, size=30)
Cnt[yc == 2, 1] += 5
Cont = rng.randn(40, 4)
yb = (Cont[:, 0] + 0.5 * rng.randn(40) > 0).astype(int)
yr = Cont @ [2.0, 0.0, -1.0, 0.3] + 0.1 * rng.randn(40)
Cont2 = np.hstack([Cont, np.ones((40, 1))])
for th in [0.0, 0.5, 4.0]:
    v = FS.VarianceThreshold(threshold=th).fit(Cnt)
    add("VarianceThreshold", str(th), {"threshold": th}, Cnt.tolist(), {"variances": v.variances_, "support": v.get_support(), "transform": v.transform(Cnt)})
s, p = FS.chi2(Cnt, yc)
add("chi2", "counts", {}, Cnt.tolist(), {"scores": s, "pvalues": p}, y=yc)
s, p = FS.chi2(Cnt[:, :4], yb[:30])
add("chi2", "binary", {}, Cnt[:, :4].tolist(), {"scores": s, "pvalues": p}, y=yb[:30])
s, p = FS.f_classif(Cont, yb)
add("fClassif", "binary", {}, Cont.tolist(), {"scores": s, "pvalues": p}, y=yb)
s, p = FS.f_classif(Cnt[:, :4], yc)
add("fClassif", "three", {}, Cnt[:, :4].tolist(), {"scores": s, "pvalues": p}, y=yc)
s, p = FS.f_regression(Cont2, yr)
add("fRegression", "linear", {}, Cont2.tolist(), {"scores": s, "pvalues": p}, y=yr)
s, p = FS.f_regression(Cont, yr, center=False)
add("fRegression", "uncentered", {"center": False}, Cont.tolist(), {"scores": s, "pvalues": p}, y=yr)
mi = FS.mutual_info_classif(Cnt, yc, discrete_features=True)
add("mutualInfoClassif", "discrete", {"discreteFeatures": True}, Cnt.tolist(), {"scores": mi}, y=yc)
mi = FS.mutual_info_classif(Cont, yb, random_state=0)
add("mutualInfoClassif", "continuous", {"randomState": 0}, Cont.tolist(), {"scores": mi}, y=yb)
mi = FS.mutual_info_classif(Cont, yb, n_neighbors=5, random_state=0)
add("mutualInfoClassif", "continuous-k5", {"randomState": 0, "nNeighbors": 5}, Cont.tolist(), {"scores": mi}, y=yb)
MixedMI = np.hstack([Cont[:30, :2], Cnt[:, :2]])
mi = FS.mutual_info_classif(MixedMI, yc, discrete_features=[2, 3], random_state=0)
add("mutualInfoClassif", "mixed-indices", {"discreteFeatures": [2, 3], "randomState": 0}, MixedMI.tolist(), {"scores": mi}, y=yc)
for fn, k in [("chi2", 2), ("fClassif", 3), ("chi2", "all")]:
    f = {"chi2": FS.chi2, "fClassif": FS.f_classif}[fn]
    sel = FS.SelectKBest(f, k=k).fit(Cnt, yc)
    add("SelectKBest", f"{fn}-{k}", {"scoreFunc": fn, "k": k}, Cnt.tolist(), {"support": sel.get_support(), "transform": sel.transform(Cnt)}, y=yc)
sel = FS.SelectKBest(FS.f_regression, k=2).fit(Cont2, yr)
add("SelectKBest", "fRegression-2", {"scoreFunc": "fRegression", "k": 2}, Cont2.tolist(), {"support": sel.get_support(), "transform": sel.transform(Cont2)}, y=yr)

# Power, quantile and binning transforms
Skew = np.exp(rng.randn(40, 3)) * [1, 5, 0.2]
Mixed = rng.randn(40, 3) * [1, 3, 0.5] + [0.5, -1, 0]
Mixed[:, 2] = Mixed[:, 2] ** 3
SkewNan = Skew.copy()
SkewNan[[2, 7], 1] = np.nan
for name, X, method in [("bc", Skew, "box-cox"), ("yj-pos", Skew, "yeo-johnson"), ("yj-mixed", Mixed, "yeo-johnson"), ("bc-nan", SkewNan, "box-cox"), ("yj-nan", SkewNan, "yeo-johnson")]:
    for std in [True, False]:
        pt = P.PowerTransformer(method=method, standardize=std).fit(X)
        add("PowerTransformer", f"{name}-{std}", {"method": method, "standardize": std}, X.tolist(), {"lambdas": pt.lambdas_, "transform": pt.transform(X), "inverse": pt.inverse_transform(pt.transform(X))})
Ties = np.round(Mixed * 2) / 2
for name, X in [("mixed", Mixed), ("ties", Ties), ("nan", SkewNan)]:
    for nq in [10, 1000]:
        for dist in ["uniform", "normal"]:
            qt = P.QuantileTransformer(n_quantiles=nq, output_distribution=dist).fit(X)
            Xt = np.vstack([X[:10], X[:3] * 3, X.min(0) - 1])
            add("QuantileTransformer", f"{name}-{nq}-{dist}", {"nQuantiles": nq, "outputDistribution": dist}, X.tolist(),
                {"quantiles": qt.quantiles_, "transform": qt.transform(Xt), "inverse": qt.inverse_transform(qt.transform(X[:10]))}, Xt=Xt.tolist())
Bins = np.hstack([Mixed, np.ones((40, 1)), Ties[:, :1]])
for strat in ["uniform", "quantile", "kmeans"]:
    for nb in [3, 5]:
        for encode in ["ordinal", "onehot-dense"]:
            kb = P.KBinsDiscretizer(n_bins=nb, encode=encode, strategy=strat, subsample=None) if strat == "quantile" else P.KBinsDiscretizer(n_bins=nb, encode=encode, strategy=strat)
            kb.fit(Bins)
            add("KBinsDiscretizer", f"{strat}-{nb}-{encode}", {"nBins": nb, "encode": encode, "strategy": strat}, Bins.tolist(),
                {"binEdges": [list(e) for e in kb.bin_edges_], "nBins": kb.n_bins_, "transform": kb.transform(Bins * 1.1)}, Xt=(Bins * 1.1).tolist())

# KNN imputation
Kn = rng.randn(25, 4)
Kn[rng.rand(25, 4) < 0.2] = np.nan
Kn[0, :] = np.nan          # no shared coordinate: the feature mean
Kn2 = Kn.copy()
Kn2[:, 3] = np.nan         # a feature missing everywhere: dropped
for nn_ in [1, 3, 5]:
    for w in ["uniform", "distance"]:
        for name, X in [("some", Kn), ("empty-col", Kn2)]:
            ki = I.KNNImputer(n_neighbors=nn_, weights=w).fit(X)
            Xt = np.vstack([X[:8], [[np.nan, 0.5, np.nan, 0.1]]])
            add("KNNImputer", f"{name}-{nn_}-{w}", {"nNeighbors": nn_, "weights": w}, X.tolist(), {"transform": ki.transform(Xt)}, Xt=Xt.tolist())
ki = I.KNNImputer(n_neighbors=2, add_indicator=True).fit(Kn)
add("KNNImputer", "indicator", {"nNeighbors": 2, "addIndicator": True}, Kn.tolist(), {"transform": ki.transform(Kn)}, Xt=Kn.tolist())

# Target encoding: scikit-learn 1.2 has no TargetEncoder, so this is a reference of its 1.3
# algorithm (empirical-Bayes 'auto' smoothing, cross-fitting over KFold/StratifiedKFold folds),
# with shuffle=False so the folds are scikit-learn's deterministic ones.
from sklearn.model_selection import KFold, StratifiedKFold
def te_fit(codes, y, n_cats, smooth):
    mean = y.mean()
    enc = np.empty(n_cats)
    for c in range(n_cats):
        yc = y[codes == c]
        if smooth == "auto":
            var = y.var()
            cnt = len(yc)
            with np.errstate(invalid="ignore", divide="ignore"):
                m_c = yc.sum() / cnt if cnt else np.nan
                ssd = ((yc - m_c) ** 2).sum()
                lam = var * cnt / (var * cnt + ssd / cnt)
            enc[c] = mean if np.isnan(lam) else lam * m_c + (1 - lam) * mean
        else:
            enc[c] = (yc.sum() + smooth * mean) / (len(yc) + smooth)
    return enc, mean
def te_reference(Xc, y, smooth, cv, binary):
    cats = [sorted(set(col)) for col in zip(*Xc)]
    codes = np.array([[cats[j].index(v) for j, v in enumerate(r)] for r in Xc])
    full = [te_fit(codes[:, j], y, len(cats[j]), smooth)[0] for j in range(len(cats))]
    splitter = StratifiedKFold(cv) if binary else KFold(cv)
    out = np.empty(codes.shape)
    for tr, te in splitter.split(codes, y):
        for j in range(len(cats)):
            enc, mean = te_fit(codes[tr, j], y[tr], len(cats[j]), smooth)
            out[te, j] = enc[codes[te, j]]
    return cats, full, out
Tc = [[str("abcde"[rng.randint(5)]), float(rng.randint(3))] for _ in range(30)]
Tc[0][0] = "z"  # a category seen once
ybin = rng.randint(0, 2, 30)
ycont = rng.randn(30) * 2 + 1
for smooth in ["auto", 0.0, 5.0]:
    for binary, yy in [(True, ybin), (False, ycont)]:
        cats, full, out = te_reference(Tc, yy.astype(float), smooth, 3, binary)
        add("TargetEncoder", f"{'bin' if binary else 'cont'}-{smooth}", {"smooth": smooth, "cv": 3, "shuffle": False, "targetType": "binary" if binary else "continuous"}, Tc,
            {"encodings": full, "crossFit": out, "targetMean": yy.mean()}, y=yy)

# Edge cases: one sample, constant features, a single class, NaN scores
One = np.array([[3.0, -1.0, 0.0]])
s = P.StandardScaler().fit(One)
add("StandardScaler", "one-sample", {"withMean": True, "withStd": True}, One.tolist(), {"mean": s.mean_, "var": s.var_, "scale": s.scale_, "transform": s.transform(One), "inverse": s.inverse_transform(s.transform(One))})
s = P.MinMaxScaler().fit(One)
add("MinMaxScaler", "one-sample", {"featureRange": [0, 1], "clip": False}, One.tolist(), {"dataMin": s.data_min_, "dataMax": s.data_max_, "scale": s.scale_, "min": s.min_, "transform": s.transform(One), "inverse": s.inverse_transform(s.transform(One))}, Xt=One.tolist())
Const = np.array([[2.0, 1.0], [2.0, 5.0], [2.0, 5.0], [2.0, 9.0]])
s = P.RobustScaler().fit(Const)
add("RobustScaler", "constant", {"withCentering": True, "withScaling": True, "quantileRange": [25.0, 75.0], "unitVariance": False}, Const.tolist(), {"center": s.center_, "scale": s.scale_, "transform": s.transform(Const)})
with np.errstate(all="ignore"):
    import warnings
    warnings.simplefilter("ignore")
    sc, pv = FS.chi2(Cnt[:10, :4], np.zeros(10, dtype=int))
    add("chi2", "one-class", {}, Cnt[:10, :4].tolist(), {"scores": sc, "pvalues": pv}, y=np.zeros(10, dtype=int))
    sc, pv = FS.f_classif(Cnt, yc)
    add("fClassif", "constant-feature", {}, Cnt.tolist(), {"scores": sc, "pvalues": pv}, y=yc)
    sel = FS.SelectKBest(FS.f_classif, k=4).fit(Cnt, yc)
    add("SelectKBest", "nan-scores", {"scoreFunc": "fClassif", "k": 4}, Cnt.tolist(), {"support": sel.get_support(), "transform": sel.transform(Cnt)}, y=yc)
    sc, pv = FS.f_regression(np.hstack([Cont, Cont[:, :1] * 2]), Cont[:, 0] * 2)
    add("fRegression", "perfect", {}, np.hstack([Cont, Cont[:, :1] * 2]).tolist(), {"scores": sc, "pvalues": pv}, y=Cont[:, 0] * 2)
    mi = FS.mutual_info_classif(Cnt, np.zeros(30, dtype=int), discrete_features=True)
    add("mutualInfoClassif", "one-class", {"discreteFeatures": True}, Cnt.tolist(), {"scores": mi}, y=np.zeros(30, dtype=int))

# Hashing
from sklearn.utils import murmurhash3_32
from sklearn.feature_extraction import FeatureHasher
keys = ["", "a", "ab", "abc", "abcd", "abcde", "dog", "cat=black", "lat=3_X_lon=7", "héllo wörld", "日本語", "x" * 37]
add("murmurhash3", "strings", {}, [keys], {"unsigned": [murmurhash3_32(k, positive=True) for k in keys], "signed": [murmurhash3_32(k) for k in keys],
    "seed42": [murmurhash3_32(k, seed=42, positive=True) for k in keys]})
dicts = [{"dog": 1, "cat": 2, "elephant": 4}, {"dog": 2, "run": 5, "color": "red"}, {}]
pairs = [[["dog", 1.0], ["cat", 2.5], ["dog", 3.0]], [["a", -1.0]]]
strs = [["the", "cat", "sat", "the"], ["dog"]]
for n in [16, 1000]:
    for alt in [True, False]:
        add("FeatureHasher", f"dict-{n}-{alt}", {"nFeatures": n, "alternateSign": alt, "inputType": "dict"}, [[0.0]], {"transform": FeatureHasher(n_features=n, alternate_sign=alt).transform(dicts).toarray()}, Xt=dicts)
        add("FeatureHasher", f"pair-{n}-{alt}", {"nFeatures": n, "alternateSign": alt, "inputType": "pair"}, [[0.0]], {"transform": FeatureHasher(n_features=n, alternate_sign=alt, input_type="pair").transform(pairs).toarray()}, Xt=pairs)
        add("FeatureHasher", f"string-{n}-{alt}", {"nFeatures": n, "alternateSign": alt, "inputType": "string"}, [[0.0]], {"transform": FeatureHasher(n_features=n, alternate_sign=alt, input_type="string").transform(strs).toarray()}, Xt=strs)

# Class imbalance (imbalanced-learn when installed: its random draws are numpy's, so the
# fixtures hold the per-class targets and resulting class counts, not the drawn rows)
from sklearn.utils.class_weight import compute_class_weight, compute_sample_weight
yi = np.array([0] * 12 + [1] * 5 + [2] * 3)
Xi = rng.randn(20, 3)
for cw_y, classes in [(yi, [0, 1, 2]), (np.array([1, 1, 1, 4]), [1, 4])]:
    add("computeClassWeight", f"balanced-{len(classes)}", {}, [[0.0]], {"weights": compute_class_weight("balanced", classes=np.array(classes), y=cw_y),
        "sample": compute_sample_weight("balanced", cw_y)}, y=cw_y, Xt=[classes])
try:
    import imblearn
    from imblearn.over_sampling import RandomOverSampler, SMOTE
    from imblearn.under_sampling import RandomUnderSampler
    yb2 = np.array([0] * 14 + [1] * 6)
    for sampler, strategies in [("RandomOverSampler", ["auto", "not majority", "all", "not minority", {"1": 8, "2": 5}]),
                                ("RandomUnderSampler", ["auto", "majority", "not majority", "all", {"0": 4, "1": 3}]),
                                ("SMOTE", ["auto", "all", {"2": 9}])]:
        for st in strategies:
            cls = {"RandomOverSampler": RandomOverSampler, "RandomUnderSampler": RandomUnderSampler, "SMOTE": SMOTE}[sampler]
            sst = {int(k): v for k, v in st.items()} if isinstance(st, dict) else st
            kw = {"k_neighbors": 2} if sampler == "SMOTE" else {}
            smp = cls(sampling_strategy=sst, random_state=0, **kw)
            Xr, yr_ = smp.fit_resample(Xi, yi)
            add(sampler, str(st), {"samplingStrategy": st, **({"kNeighbors": 2} if sampler == "SMOTE" else {})}, Xi.tolist(),
                {"targets": [[int(k), int(v)] for k, v in smp.sampling_strategy_.items()], "counts": np.bincount(yr_, minlength=3), "n": len(yr_)}, y=yi)
    for sampler, ratio in [("RandomOverSampler", 0.5), ("RandomUnderSampler", 0.75), ("SMOTE", 0.8)]:
        cls = {"RandomOverSampler": RandomOverSampler, "RandomUnderSampler": RandomUnderSampler, "SMOTE": SMOTE}[sampler]
        smp = cls(sampling_strategy=ratio, random_state=0)
        Xr, yr_ = smp.fit_resample(Xi, yb2)
        add(sampler, f"ratio-{ratio}", {"samplingStrategy": ratio}, Xi.tolist(),
            {"targets": [[int(k), int(v)] for k, v in smp.sampling_strategy_.items()], "counts": np.bincount(yr_, minlength=2), "n": len(yr_)}, y=yb2)
except ImportError:
    print("imbalanced-learn not installed: no sampler fixtures")

out = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "learn", "preprocessing.json")
with open(out, "w") as f:
    json.dump({"sklearn": sklearn.__version__, "cases": cases}, f)
print(len(cases), "cases →", os.path.getsize(out), "bytes")
