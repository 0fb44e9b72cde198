#!/usr/bin/env python3
"""A hand-made baseline for B-lines in the COVID-BLUES videos, to set the CNN-Transformer's figures beside.

Reads what `BLinesFrameDump` writes (grey frames and index.csv) and cross-validates, by patient (5 folds, five
different patient shuffles), two kinds of per-video features with a logistic regression and a random forest:
  - streak: per frame the brightness of the top, middle and deep bands, the deep/top ratio, how much the deep
    column profile stands out above its local mean (a bright vertical artefact), whether the middle and deep column
    profiles agree (one artefact running down), and the row profile's ripple (horizontal A-lines); per video their
    mean, maximum and spread over the frames;
  - grid: the video's mean frame and its spread over time, averaged in 8 x 8 cells (its overall look).
Prints the pooled ROC AUC over all videos (mean and spread over the shuffles).

Usage: python3 blines_feature_baseline.py DUMP_DIR   (Debian python3-numpy, -scipy, -sklearn)
"""
import csv
import sys

import numpy as np
from scipy.ndimage import uniform_filter1d
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

SIZE = 112


def read(folder):
    rows = list(csv.DictReader(open(f"{folder}/index.csv")))
    raw = np.fromfile(f"{folder}/frames.u8", dtype=np.uint8)
    videos, at = [], 0
    for row in rows:
        n = int(row["frames"]) * SIZE * SIZE
        videos.append(raw[at:at + n].reshape(-1, SIZE, SIZE).astype(np.float32) / 255)
        at += n
    if at != raw.size:
        raise SystemExit("index.csv and frames.u8 disagree")
    return videos, np.array([int(r["label"]) for r in rows]), np.array([r["group"] for r in rows])


def detrended(profile, width):
    return profile - uniform_filter1d(profile, width)


def frame_features(f):
    top, middle, deep = f[10:35].mean(), f[35:60].mean(), f[60:105].mean()
    columns = detrended(f[50:105, 15:97].mean(0), 15)
    upper, lower = detrended(f[40:70, 15:97].mean(0), 15), detrended(f[75:105, 15:97].mean(0), 15)
    agreement = np.corrcoef(upper, lower)[0, 1] if upper.std() > 0 and lower.std() > 0 else 0.0
    ripple = detrended(f[30:105, 30:82].mean(1), 11)
    return [top, middle, deep, deep / (top + 1e-3), columns.max(), columns.std(), agreement, ripple.std(),
            ripple.max()]


def streak_features(video):
    per_frame = np.array([frame_features(f) for f in video])
    return np.concatenate([per_frame.mean(0), per_frame.max(0), per_frame.std(0)])


def grid_features(video):
    cells = SIZE // 8
    return np.concatenate([video.mean(0).reshape(cells, 8, cells, 8).mean((1, 3)).ravel(),
                           video.std(0).reshape(cells, 8, cells, 8).mean((1, 3)).ravel()])


def cross_validated_auc(x, y, groups, make_model, shuffles=5, folds=5):
    aucs = []
    for shuffle in range(shuffles):
        order = np.random.RandomState(shuffle).permutation(np.unique(groups))
        fold_of = {p: i % folds for i, p in enumerate(order)}
        fold = np.array([fold_of[p] for p in groups])
        predicted = np.zeros(len(y))
        for k in range(folds):
            model = make_model().fit(x[fold != k], y[fold != k])
            predicted[fold == k] = model.predict_proba(x[fold == k])[:, 1]
        aucs.append(roc_auc_score(y, predicted))
    return np.mean(aucs), np.std(aucs)


def main():
    videos, y, groups = read(sys.argv[1])
    features = {"streak": np.array([streak_features(v) for v in videos]),
                "grid": np.array([grid_features(v) for v in videos])}
    models = {"logistic regression": lambda: make_pipeline(StandardScaler(), LogisticRegression(C=0.1,
                                                                                                 max_iter=2000)),
              "random forest": lambda: RandomForestClassifier(300, min_samples_leaf=3, random_state=0)}
    print(f"{len(videos)} videos of {len(np.unique(groups))} patients, {y.sum()} with B-lines")
    for name, x in features.items():
        for model_name, make in models.items():
            mean, spread = cross_validated_auc(x, y, groups, make)
            print(f"{name:6s} {model_name:20s} pooled ROC AUC {mean:.3f} +- {spread:.3f} (5 patient shuffles)")


if __name__ == "__main__":
    main()
