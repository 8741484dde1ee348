"""Parity fixtures for nabla's detection metrics (src/metrics/detection.ts, detection-map.ts).
Box IoU / GIoU / NMS / batched NMS come from torchvision.ops (Debian's python3-torchvision) and
are cross-checked against a torch transcription of the same algorithms below (used alone when
torchvision is missing). pycocotools is not packaged for Debian, so COCO bbox evaluation is a
transcription of pycocotools' COCOeval.evaluateImg/accumulate/summarize (area 'all', maxDets
100, no crowd). Writes test/fixtures/learn/detection.json."""
import json, os
import numpy as np
import torch
try:
    import torchvision.ops as tvops
except ImportError:  # the transcriptions below stand in
    tvops = None

rng = np.random.RandomState(0)
cases = []
def add(fn, args, kwargs, out):
    cases.append({"fn": fn, "args": args, "kwargs": kwargs, "out": out})

def rand_boxes(n, scale=10.0):
    xy = rng.rand(n, 2) * scale
    wh = rng.rand(n, 2) * scale * 0.5 + 0.1
    return np.concatenate([xy, xy + wh], 1)

# ---- torchvision.ops.box_iou / generalized_box_iou (same formulas, torch float64)
def box_area(b): return (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
def inter_union(b1, b2):
    a1, a2 = box_area(b1), box_area(b2)
    lt = torch.max(b1[:, None, :2], b2[:, :2]); rb = torch.min(b1[:, None, 2:], b2[:, 2:])
    wh = (rb - lt).clamp(min=0); inter = wh[:, :, 0] * wh[:, :, 1]
    return inter, a1[:, None] + a2 - inter
def box_iou(b1, b2):
    i, u = inter_union(b1, b2); return i / u
def giou(b1, b2):
    i, u = inter_union(b1, b2); iou = i / u
    lt = torch.min(b1[:, None, :2], b2[:, :2]); rb = torch.max(b1[:, None, 2:], b2[:, 2:])
    wh = (rb - lt).clamp(min=0); area = wh[:, :, 0] * wh[:, :, 1]
    return iou - (area - u) / area
def nms(boxes, scores, thr):
    order = torch.sort(scores, stable=True, descending=True)[1].tolist()
    b = boxes.tolist(); areas = box_area(boxes).tolist()
    sup = [False] * len(b); keep = []
    for oi, i in enumerate(order):
        if sup[i]: continue
        keep.append(i)
        for j in order[oi + 1:]:
            if sup[j]: continue
            w = max(0.0, min(b[i][2], b[j][2]) - max(b[i][0], b[j][0]))
            h = max(0.0, min(b[i][3], b[j][3]) - max(b[i][1], b[j][1]))
            inter = w * h
            if inter / (areas[i] + areas[j] - inter) > thr: sup[j] = True
    return keep
def batched_nms(boxes, scores, idxs, thr):
    # torchvision's coordinate trick: offset each category's boxes so they never overlap
    offsets = idxs.to(boxes) * (boxes.max() + 1)
    keep = nms(boxes + offsets[:, None], scores, thr)
    keep = torch.tensor(keep, dtype=torch.long)
    return keep[torch.sort(scores[keep], stable=True, descending=True)[1]].tolist()

for n, m in [(5, 7), (12, 3), (1, 1)]:
    a, b = rand_boxes(n), rand_boxes(m)
    ta, tb = torch.tensor(a), torch.tensor(b)
    iou_ab, giou_ab = box_iou(ta, tb), giou(ta, tb)
    if tvops is not None:
        assert torch.allclose(iou_ab, tvops.box_iou(ta, tb), rtol=0, atol=1e-15)
        assert torch.allclose(giou_ab, tvops.generalized_box_iou(ta, tb), rtol=0, atol=1e-15)
        iou_ab, giou_ab = tvops.box_iou(ta, tb), tvops.generalized_box_iou(ta, tb)
    add("boxIou", [a.tolist(), b.tolist()], {}, iou_ab.tolist())
    add("generalizedBoxIou", [a.tolist(), b.tolist()], {}, giou_ab.tolist())
    xywh = np.concatenate([a[:, :2], a[:, 2:] - a[:, :2]], 1)
    add("boxIou", [xywh.tolist(), xywh.tolist()], {"format": "xywh"}, box_iou(ta, ta).tolist())
    cxcywh = np.concatenate([(a[:, :2] + a[:, 2:]) / 2, a[:, 2:] - a[:, :2]], 1)
    add("generalizedBoxIou", [cxcywh.tolist(), b.tolist()[:1] and cxcywh.tolist()], {"format": "cxcywh"}, giou(ta, ta).tolist())
for n, thr in [(30, 0.5), (50, 0.3), (20, 0.7), (8, 0.0)]:
    bx = rand_boxes(n, 6.0); sc = np.round(rng.rand(n), 1)  # rounded: ties in scores
    keep = nms(torch.tensor(bx), torch.tensor(sc), thr)
    ids = rng.randint(0, 3, n)
    bkeep = batched_nms(torch.tensor(bx), torch.tensor(sc), torch.tensor(ids), thr)
    if tvops is not None:
        assert keep == tvops.nms(torch.tensor(bx), torch.tensor(sc), thr).tolist()
        assert bkeep == tvops.batched_nms(torch.tensor(bx), torch.tensor(sc), torch.tensor(ids), thr).tolist(), (bkeep, tvops.batched_nms(torch.tensor(bx), torch.tensor(sc), torch.tensor(ids), thr).tolist())
    add("nms", [bx.tolist(), sc.tolist(), thr], {}, keep)
    add("batchedNms", [bx.tolist(), sc.tolist(), ids.tolist(), thr], {}, bkeep)

# ---- COCO bbox evaluation (pycocotools COCOeval, transcribed)
def coco_iou(d, g):
    w = min(d[0] + d[2], g[0] + g[2]) - max(d[0], g[0])
    if w <= 0: return 0.0
    h = min(d[1] + d[3], g[1] + g[3]) - max(d[1], g[1])
    if h <= 0: return 0.0
    i = w * h
    return i / (d[2] * d[3] + g[2] * g[3] - i)

def coco_eval(dets, gts, iou_thrs, max_det=100):
    img_ids = sorted(set([g["imageId"] for g in gts] + [d["imageId"] for d in dets]))
    cat_ids = sorted(set([g["categoryId"] for g in gts] + [d["categoryId"] for d in dets]))
    rec_thrs = np.linspace(.0, 1.00, int(np.round((1.00 - .0) / .01)) + 1, endpoint=True)
    T, K, R = len(iou_thrs), len(cat_ids), len(rec_thrs)
    precision = -np.ones((T, R, K)); recall = -np.ones((T, K))
    for k, cat in enumerate(cat_ids):
        E = []
        for img in img_ids:
            gt = [g for g in gts if g["imageId"] == img and g["categoryId"] == cat]
            dt = [d for d in dets if d["imageId"] == img and d["categoryId"] == cat]
            if len(gt) == 0 and len(dt) == 0: continue
            dtind = np.argsort([-d["score"] for d in dt], kind="mergesort")
            dt = [dt[i] for i in dtind[0:max_det]]
            ious = np.array([[coco_iou(d["box"], g["box"]) for g in gt] for d in dt]).reshape(len(dt), len(gt))
            dtm = np.zeros((T, len(dt))); gtm = np.zeros((T, len(gt)))
            for tind, t in enumerate(iou_thrs):
                for dind, d in enumerate(dt):
                    iou = min([t, 1 - 1e-10]); m = -1
                    for gind, g in enumerate(gt):
                        if gtm[tind, gind] > 0: continue
                        if ious[dind, gind] < iou: continue
                        iou = ious[dind, gind]; m = gind
                    if m == -1: continue
                    dtm[tind, dind] = 1; gtm[tind, m] = 1
            E.append({"dtScores": [d["score"] for d in dt], "dtMatches": dtm, "dtIgnore": np.zeros((T, len(dt))), "gtIgnore": np.zeros(len(gt))})
        if len(E) == 0: continue
        dtScores = np.concatenate([e["dtScores"][0:max_det] for e in E])
        inds = np.argsort(-dtScores, kind="mergesort")
        dtm = np.concatenate([e["dtMatches"][:, 0:max_det] for e in E], axis=1)[:, inds]
        dtIg = np.concatenate([e["dtIgnore"][:, 0:max_det] for e in E], axis=1)[:, inds]
        gtIg = np.concatenate([e["gtIgnore"] for e in E])
        npig = np.count_nonzero(gtIg == 0)
        if npig == 0: continue
        tps = np.logical_and(dtm, np.logical_not(dtIg)); fps = np.logical_and(np.logical_not(dtm), np.logical_not(dtIg))
        tp_sum = np.cumsum(tps, axis=1).astype(dtype=float); fp_sum = np.cumsum(fps, axis=1).astype(dtype=float)
        for t, (tp, fp) in enumerate(zip(tp_sum, fp_sum)):
            tp = np.array(tp); fp = np.array(fp); nd = len(tp)
            rc = tp / npig; pr = tp / (fp + tp + np.spacing(1)); q = np.zeros((R,))
            recall[t, k] = rc[-1] if nd else 0
            pr = pr.tolist(); q = q.tolist()
            for i in range(nd - 1, 0, -1):
                if pr[i] > pr[i - 1]: pr[i - 1] = pr[i]
            ri_inds = np.searchsorted(rc, rec_thrs, side="left")
            try:
                for ri, pi in enumerate(ri_inds): q[ri] = pr[pi]
            except IndexError:
                pass
            precision[t, :, k] = np.array(q)
    ap = np.where(precision[:, 0, :] > -1, precision.mean(axis=1), np.nan)  # [T, K]
    def mean(s):
        s = s[s > -1]
        return float(np.mean(s)) if len(s) else float("nan")
    out = {"categories": cat_ids, "ap": ap.tolist(), "recall": np.where(recall > -1, recall, np.nan).tolist(), "map": mean(precision)}
    thr = list(iou_thrs)
    out["map50"] = mean(precision[thr.index(0.5)]) if 0.5 in thr else float("nan")
    return out

COCO_T = np.linspace(.5, 0.95, int(np.round((0.95 - .5) / .05)) + 1, endpoint=True)
def scene(n_img, n_cat, n_gt, n_dt):
    gts, dets = [], []
    for img in range(n_img):
        for _ in range(rng.randint(0, n_gt + 1)):
            x, y = rng.rand(2) * 50; w, h = rng.rand(2) * 20 + 2
            cat = int(rng.randint(0, n_cat))
            gts.append({"imageId": img, "categoryId": cat, "box": [float(x), float(y), float(w), float(h)]})
            # a noisy detection of this object, sometimes with the wrong category
            if rng.rand() < 0.8:
                j = rng.randn(4) * 2.0
                dets.append({"imageId": img, "categoryId": cat if rng.rand() < 0.9 else int(rng.randint(0, n_cat)),
                             "box": [float(x + j[0]), float(y + j[1]), float(max(0.5, w + j[2])), float(max(0.5, h + j[3]))],
                             "score": float(np.round(rng.rand(), 2))})
        for _ in range(rng.randint(0, n_dt + 1)):  # false positives
            x, y = rng.rand(2) * 50; w, h = rng.rand(2) * 20 + 2
            dets.append({"imageId": img, "categoryId": int(rng.randint(0, n_cat)), "box": [float(x), float(y), float(w), float(h)], "score": float(np.round(rng.rand(), 2))})
    return dets, gts

for args in [(3, 2, 4, 2), (8, 3, 6, 4), (5, 4, 3, 6), (1, 1, 5, 0)]:
    dets, gts = scene(*args)
    add("evaluateDetections", [dets, gts], {"format": "xywh"}, coco_eval(dets, gts, COCO_T))
    r = coco_eval(dets, gts, [0.5])
    add("evaluateDetections", [dets, gts], {"format": "xywh", "iouThresholds": [0.5]}, r)
# a category with ground truth but no detections, and one with detections only
dets = [{"imageId": 1, "categoryId": 0, "box": [0, 0, 10, 10], "score": 0.9}, {"imageId": 1, "categoryId": 2, "box": [0, 0, 10, 10], "score": 0.5}]
gts = [{"imageId": 1, "categoryId": 0, "box": [1, 1, 10, 10]}, {"imageId": 2, "categoryId": 1, "box": [0, 0, 5, 5]}]
add("evaluateDetections", [dets, gts], {"format": "xywh"}, coco_eval(dets, gts, COCO_T))

path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "learn", "detection.json")
with open(path, "w") as f:
    # JSON has no NaN: write null (the test reads null as NaN)
    f.write(json.dumps({"torch": torch.__version__, "torchvision": None if tvops is None else __import__("torchvision").__version__, "cases": cases}).replace("NaN", "null"))
print(len(cases), "cases ->", os.path.normpath(path))
