#!/usr/bin/python3
"""Python peer of MedXAI's meibography folder (`macros/meibography_folder.ijm`), for
scripts/benchmark-meibography-folder.sh.

The same network: MedXAI's small U-Net rebuilt in PyTorch and filled with the weights that
`ExportDjlWeights` wrote (weights.json + weights.f32). The same work per image, written the way a Python user
would: PIL reads the image as grey, resizes it to the network's input (bilinear), normalises; one forward pass;
sigmoid; both maps up-sampled (bilinear) to the image; eyelid = map >= 0.5, its largest 8-connected part, holes filled
(SciPy); glands = gland map >= the grading's threshold inside the eyelid, 8-connected parts under 0.01 % of the image
dropped; gland area ratio; the gland envelope (row gaps, then column gaps, closed) at three gap widths; dropout %,
meiboscore (the grading's multinomial logistic model) and meiboscale; per gland (scikit-image's skeleton) length,
width, tortuosity, centroid; NAME_eyelid.png, NAME_glands.png, meibography.csv and glands.csv.

`check WEIGHTS`                         the rebuilt network against the logits MedXAI wrote: prints the largest
                                        difference (and fails above 1e-3).
`run WEIGHTS GRADING INPUT OUTPUT`      the folder; prints `images` and `seconds_per_image` (after start-up).
Uses 2 threads unless MEDXAI_BENCH_THREADS says otherwise.
"""
import csv
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image
from scipy import ndimage
from scipy.spatial.distance import pdist
from skimage.morphology import skeletonize

import medxai_weights

EXTENSIONS = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp")
EIGHT = np.ones((3, 3), dtype=bool)
ENVELOPE_GAP = 20.0 / 1280
MIN_GLAND_FRACTION = 1e-4


def double_conv(inputs, filters):
    layers = []
    for i in range(2):
        layers += [nn.Conv2d(inputs if i == 0 else filters, filters, 3, padding=1, bias=False),
                   nn.BatchNorm2d(filters, eps=1e-5), nn.ReLU(inplace=True)]
    return nn.Sequential(*layers)


class Level(nn.Module):
    """One U-Net level as MedXAI builds it: double conv, [skip | pool, deeper level, up x2, conv 3x3], double conv."""

    def __init__(self, inputs, width, level, depth):
        super().__init__()
        self.filters = width << level
        self.bottom = level == depth
        self.first = double_conv(inputs, self.filters)
        if not self.bottom:
            self.deeper = Level(self.filters, width, level + 1, depth)
            self.up = nn.Conv2d(self.deeper.filters, self.filters, 3, padding=1)
            self.second = double_conv(2 * self.filters, self.filters)

    def forward(self, x):
        x = self.first(x)
        if self.bottom:
            return x
        inner = self.up(F.interpolate(self.deeper(F.max_pool2d(x, 2)), scale_factor=2, mode="nearest"))
        return self.second(torch.cat([x, inner], 1))

    def parameters_in_medxai_order(self):
        """Conv weight (and bias), BatchNorm gamma, beta, running mean and variance, in MedXAI's block order."""
        out = modules_order(self.first)
        if not self.bottom:
            out += self.deeper.parameters_in_medxai_order() + [self.up.weight, self.up.bias] + modules_order(
                self.second)
        return out


def modules_order(sequential):
    out = []
    for m in sequential:
        if isinstance(m, nn.Conv2d):
            out += [m.weight] + ([m.bias] if m.bias is not None else [])
        elif isinstance(m, nn.BatchNorm2d):
            out += [m.weight, m.bias, m.running_mean, m.running_var]
    return out


class UNet(nn.Module):
    def __init__(self, width, depth, outputs, channels=1):
        super().__init__()
        self.body = Level(channels, width, 0, depth)
        self.out = nn.Conv2d(width, outputs, 1)

    def forward(self, x):
        return self.out(self.body(x))


def load_network(weights_dir):
    index = medxai_weights.index(weights_dir)
    options = index["architecture_options"]
    net = UNet(int(options.get("width", 16)), int(options.get("depth", 4)), 2)
    medxai_weights.load(weights_dir, net.body.parameters_in_medxai_order() + [net.out.weight, net.out.bias])
    return net.eval(), index


def check(weights_dir):
    net, _ = load_network(weights_dir)
    options = json.load(open(os.path.join(weights_dir, "card.json")))["input"]
    medxai_weights.check(weights_dir, net, (1, 1, options["height"], options["width"]))


def largest(mask):
    labels, n = ndimage.label(mask, structure=EIGHT)
    if n == 0:
        return mask
    sizes = np.bincount(labels.ravel())
    sizes[0] = 0
    return labels == sizes.argmax()


def remove_small(mask, min_area):
    labels, n = ndimage.label(mask, structure=EIGHT)
    sizes = np.bincount(labels.ravel())
    keep = sizes >= min_area
    keep[0] = False
    return keep[labels]


def close_gaps(mask, gap, axis):
    """Gaps of at most `gap` pixels between mask pixels along `axis` filled (both ends must be mask)."""
    m = mask if axis == 1 else mask.T
    index = np.arange(m.shape[1])
    left = np.maximum.accumulate(np.where(m, index, -1), axis=1)
    right = np.minimum.accumulate(np.where(m, index, m.shape[1])[:, ::-1], axis=1)[:, ::-1]
    filled = m | ((left >= 0) & (right < m.shape[1]) & (right - left - 1 <= gap))
    return filled if axis == 1 else filled.T


def envelope(glands, eyelid, gap):
    return close_gaps(close_gaps(glands, gap, 1), gap // 2, 0) & eyelid


def morphometry(glands, min_area):
    labels, n = ndimage.label(glands, structure=EIGHT)
    rows = []
    for label, box in enumerate(ndimage.find_objects(labels), start=1):
        part = labels[box] == label
        area = int(part.sum())
        if area < min_area:
            continue
        skeleton = skeletonize(np.pad(part, 1))
        s = skeleton
        right = s[:, :-1] & s[:, 1:]
        down = s[:-1, :] & s[1:, :]
        diagonal = s[:-1, :-1] & s[1:, 1:] & ~s[:-1, 1:] & ~s[1:, :-1]
        anti = s[:-1, 1:] & s[1:, :-1] & ~s[:-1, :-1] & ~s[1:, 1:]
        skeleton_length = max(1.0, right.sum() + down.sum() + math.sqrt(2) * (diagonal.sum() + anti.sum()))
        length = (skeleton_length + math.sqrt(skeleton_length ** 2 + 4.0 * area)) / 2
        points = np.argwhere(s)
        if len(points) > 2000:
            chord = math.hypot(box[0].stop - box[0].start - 1, box[1].stop - box[1].start - 1)
        else:
            chord = float(pdist(points).max()) if len(points) > 1 else 0.0
        ys, xs = np.nonzero(part)
        rows.append((len(rows) + 1, area, length, area / length,
                     max(1.0, skeleton_length / chord) if chord > 0 else 1.0,
                     xs.mean() + box[1].start, ys.mean() + box[0].start))
    return rows


def side_of(name):
    n = name.upper()
    upper, lower = "UPPER" in n, "LOWER" in n
    return "unknown" if upper == lower else "upper" if upper else "lower"


class Grading:
    def __init__(self, grading):
        self.healthy = {"upper": grading["healthy_ratio_upper"], "lower": grading["healthy_ratio_lower"]}
        self.healthy["unknown"] = (self.healthy["upper"] + self.healthy["lower"]) / 2
        model = grading["meiboscore_model"]
        self.classes = [int(c) for c in model["classes"]]
        self.mean = np.array(model["mean"])
        self.scale = np.array(model["scale"])
        self.coefficients = np.array(model["coefficients"])
        self.threshold = float(grading.get("gland_threshold", 0.5))

    def dropout(self, envelope20, side):
        return max(0.0, min(100.0, 100 * (1 - envelope20 / self.healthy[side])))

    def meiboscore(self, features):
        z = (np.array(features) - self.mean) / self.scale
        logits = self.coefficients[:, 0] + self.coefficients[:, 1:] @ z
        return self.classes[int(np.argmax(logits))]


def meiboscale(dropout):
    return 0 if dropout < 1 else 1 if dropout <= 25 else 2 if dropout <= 50 else 3 if dropout <= 75 else 4


def run(weights_dir, grading_file, input_dir, output_dir):
    torch.set_num_threads(int(os.environ.get("MEDXAI_BENCH_THREADS", "2")))
    net, _ = load_network(weights_dir)
    card = json.load(open(os.path.join(weights_dir, "card.json")))
    size = (card["input"]["width"], card["input"]["height"])
    norm = card["normalisation"]
    grading = Grading(json.load(open(grading_file)))
    os.makedirs(output_dir, exist_ok=True)
    names = sorted(n for n in os.listdir(input_dir) if n.lower().endswith(EXTENSIONS))
    start = time.perf_counter()
    with open(os.path.join(output_dir, "meibography.csv"), "w", newline="") as images_file, \
            open(os.path.join(output_dir, "glands.csv"), "w", newline="") as glands_file:
        images = csv.writer(images_file)
        glands_table = csv.writer(glands_file)
        images.writerow(["file", "status", "side", "eyelid_area", "gland_area", "gland_area_ratio",
                         "dropout_percent", "meiboscore", "meiboscale", "gland_count", "mean_gland_length",
                         "mean_gland_width", "mean_gland_tortuosity"])
        glands_table.writerow(["file", "gland", "area", "length", "width", "tortuosity", "centroid_x", "centroid_y"])
        for name in names:
            image = Image.open(os.path.join(input_dir, name)).convert("L")
            w, h = image.size
            x = np.asarray(image.resize(size, Image.BILINEAR), dtype=np.float32) / norm["scale"]
            x = (x - norm["mean"][0]) / norm["std"][0]
            with torch.no_grad():
                maps = torch.sigmoid(net(torch.from_numpy(x).view(1, 1, size[1], size[0])))
                maps = F.interpolate(maps, size=(h, w), mode="bilinear", align_corners=False)[0].numpy()
            eyelid = ndimage.binary_fill_holes(largest(maps[0] >= 0.5))
            eyelid_area = int(eyelid.sum())
            if eyelid_area < 0.005 * w * h:
                images.writerow([name, "error"] + [""] * 11)
                continue
            min_area = max(4, round(MIN_GLAND_FRACTION * w * h))
            glands = remove_small((maps[1] >= grading.threshold) & eyelid, min_area)
            gland_area = int(glands.sum())
            ratio = gland_area / eyelid_area
            envelopes = [envelope(glands, eyelid, int(max(1, round(ENVELOPE_GAP * w * (1 << k))))).sum() / eyelid_area
                         for k in range(3)]
            side = side_of(name)
            dropout = grading.dropout(envelopes[0], side)
            score = grading.meiboscore([ratio] + envelopes + [1 if side == "upper" else 0])
            rows = morphometry(glands, min_area)
            stem = os.path.splitext(name)[0]
            Image.fromarray(eyelid.astype(np.uint8) * 255).save(os.path.join(output_dir, stem + "_eyelid.png"))
            Image.fromarray(glands.astype(np.uint8) * 255).save(os.path.join(output_dir, stem + "_glands.png"))
            means = ["%.4f" % np.mean([r[k] for r in rows]) if rows else "" for k in (2, 3, 4)]
            images.writerow([name, "ok", side, eyelid_area, gland_area, "%.5f" % ratio, "%.2f" % dropout, score,
                             meiboscale(dropout), len(rows)] + means)
            for r in rows:
                glands_table.writerow([name, r[0], r[1]] + ["%.4f" % v for v in r[2:]])
    seconds = time.perf_counter() - start
    print("images %d" % len(names))
    print("seconds_per_image %.4f" % (seconds / max(1, len(names))))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "check":
        check(sys.argv[2])
    elif len(sys.argv) == 6 and sys.argv[1] == "run":
        run(*sys.argv[2:])
    else:
        raise SystemExit(__doc__)
