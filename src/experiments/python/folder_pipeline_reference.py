#!/usr/bin/python3
"""Python peers of MedXAI's polyp folder pipeline, for the folder benchmark (scripts/benchmark-folder-pipeline.sh).

Both do the work of `macros/polyp_segment_folder.ijm` with the same TorchScript model (a MedXAI model card naming
backbone.pt, head.pt and model.pt beside it): read each image with PIL, resize to the model's input, normalise, classify,
Grad-CAM of the class `polyp` (else the second class), bilinear up-sampling to the image's size, mask = the map above
its 75th percentile, parts under 1 % of the image removed, holes filled, the largest part kept; then NAME_mask.png
(0/255), NAME_cam.tif (32-bit) and one CSV row per image.

`gradcam CARD INPUT OUTPUT`      the way pytorch-grad-cam does it, one image at a time: a classification pass, then
                                  a forward pass keeping the target layer's output and a full backward pass.
`tuned CARD INPUT OUTPUT [BATCH=8]`      hand-tuned: batches of files, the backbone once without gradients, the head
                                  with them (one backward for the batch), no second head pass.
`classify CARD INPUT OUTPUT [BATCH=8]`   the classification folder's peer (`macros/classify_folder.ijm`): batches of
                                  files read with PIL, resized, normalised, one no-gradient pass of the whole model,
                                  softmax, one CSV row per file (file, status, label, p_<class>...).
`rebuild WEIGHTS OUT`             MedXAI's bundled polyp classifier (a DJL model) rebuilt in PyTorch from the weights
                                  `ExportDjlWeights` wrote (checked: the same logits), saved as TorchScript backbone.pt,
                                  head.pt and model.pt with OUT/polyp-card.json, so that the peers run the same model.
`peak [THREADS=2]`                GFLOP/s of a large float32 matrix multiply in this libtorch.
Prints `images_per_second` (files over the whole run after start-up) and `images`. Uses 2 threads unless
MEDXAI_BENCH_THREADS says otherwise.
"""
import csv
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from scipy import ndimage
from torch import nn

import medxai_weights

EXTENSIONS = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp")


def load(card_file):
    card = json.load(open(card_file))
    folder = os.path.dirname(card_file)
    part = lambda name: torch.jit.load(os.path.join(folder, card["files"][name]["path"])).eval()
    classes = card["classes"]
    target = classes.index("polyp") if "polyp" in classes else 1
    norm = card["normalisation"]
    mean = torch.tensor(norm["mean"]).view(3, 1, 1)
    std = torch.tensor(norm["std"]).view(3, 1, 1)
    size = (card["input"]["width"], card["input"]["height"])
    # what turns an image into the network's input: size, scale, mean, std, the card's boxes to black out
    prep = (size, float(norm["scale"]), mean, std, card["input"].get("mask_regions") or [])
    return part("model"), part("backbone"), part("head"), target, prep


def tensor(image, prep):
    size, scale, mean, std, regions = prep
    if regions:
        # the card's boxes (fractions of the image) blacked out before resizing, with MedXAI's rounding
        image = image.copy()
        for r in regions:
            box = [math.ceil(r[k] * (image.width if k % 2 == 0 else image.height) - 0.5) for k in range(4)]
            image.paste((0, 0, 0), tuple(box))
    resized = image.resize(size, Image.BILINEAR)
    x = torch.from_numpy(np.asarray(resized, dtype=np.float32)).permute(2, 0, 1) / scale
    return (x - mean) / std


def grad_cam(activations, gradients):
    weights = gradients.mean(dim=(2, 3), keepdim=True)
    cam = F.relu((weights * activations).sum(1))
    flat = cam.view(cam.shape[0], -1)
    low = flat.min(1)[0].view(-1, 1, 1)
    high = flat.max(1)[0].view(-1, 1, 1)
    return (cam - low) / (high - low + 1e-7)


def mask_of(cam):
    mask = cam > np.percentile(cam, 75)
    labels, n = ndimage.label(mask, structure=np.ones((3, 3)))
    if n > 0:
        sizes = ndimage.sum(mask, labels, range(1, n + 1))
        keep = int(np.argmax(sizes)) + 1
        mask = labels == keep if sizes[keep - 1] >= 0.01 * mask.size else np.zeros_like(mask)
    return ndimage.binary_fill_holes(mask)


def finish(name, image, cam, probabilities, target, output, rows):
    full = F.interpolate(cam[None, None], size=(image.height, image.width), mode="bilinear",
                         align_corners=False)[0, 0].numpy()
    mask = mask_of(full)
    stem = os.path.splitext(name)[0]
    Image.fromarray((mask * 255).astype(np.uint8)).save(os.path.join(output, stem + "_mask.png"))
    Image.fromarray(full.astype(np.float32), mode="F").save(os.path.join(output, stem + "_cam.tif"))
    rows.append([name, "ok", int(np.argmax(probabilities))] + ["%.6f" % p for p in probabilities] +
                [target, "%.6f" % mask.mean()])


def files(folder):
    return sorted(f for f in os.listdir(folder) if f.lower().endswith(EXTENSIONS))


def run(mode, card_file, input_dir, output, batch=8):
    torch.set_num_threads(int(os.environ.get("MEDXAI_BENCH_THREADS", "2")))
    whole, backbone, head, target, prep = load(card_file)
    os.makedirs(output, exist_ok=True)
    names = files(input_dir)
    rows = []
    start = time.perf_counter()
    if mode == "classify":
        classes = json.load(open(card_file))["classes"]
        for first in range(0, len(names), batch):
            part = names[first:first + batch]
            x = torch.stack([tensor(Image.open(os.path.join(input_dir, n)).convert("RGB"), prep)
                             for n in part])
            with torch.no_grad():
                probabilities = F.softmax(whole(x), 1).numpy()
            for k, name in enumerate(part):
                rows.append([name, "ok", classes[int(np.argmax(probabilities[k]))]] +
                            ["%.6f" % p for p in probabilities[k]])
        with open(os.path.join(output, "predictions.csv"), "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["file", "status", "label"] + ["p_" + c for c in classes])
            writer.writerows(rows)
        seconds = time.perf_counter() - start
        print("images %d" % len(names))
        print("images_per_second %.3f" % (len(names) / seconds))
        return
    if mode == "gradcam":
        for name in names:
            image = Image.open(os.path.join(input_dir, name)).convert("RGB")
            x = tensor(image, prep)[None]
            with torch.no_grad():
                probabilities = F.softmax(whole(x), 1)[0].numpy()
            activations = backbone(x)
            activations.retain_grad()
            score = head(activations)[0, target]
            backbone.zero_grad()
            score.backward()
            cam = grad_cam(activations.detach(), activations.grad)[0]
            finish(name, image, cam, probabilities, target, output, rows)
    else:
        for first in range(0, len(names), batch):
            part = names[first:first + batch]
            images = [Image.open(os.path.join(input_dir, n)).convert("RGB") for n in part]
            x = torch.stack([tensor(i, prep) for i in images])
            with torch.no_grad():
                features = backbone(x)
            features.requires_grad_(True)
            logits = head(features)
            logits[:, target].sum().backward()
            probabilities = F.softmax(logits.detach(), 1).numpy()
            cams = grad_cam(features.detach(), features.grad)
            for k, name in enumerate(part):
                finish(name, images[k], cams[k], probabilities[k], target, output, rows)
    with open(os.path.join(output, "segmentation.csv"), "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["file", "status", "label"] + ["p_%d" % c for c in range(len(rows[0]) - 5)] +
                        ["explained_class", "mask_area_fraction"])
        writer.writerows(rows)
    seconds = time.perf_counter() - start
    print("images %d" % len(names))
    print("images_per_second %.3f" % (len(names) / seconds))


class Residual(nn.Module):
    """MedXAI's residual unit: conv3x3(stride)-BN-ReLU-conv3x3-BN plus a projected shortcut, then ReLU."""

    def __init__(self, inputs, filters, stride):
        super().__init__()
        self.main = nn.Sequential(nn.Conv2d(inputs, filters, 3, stride, 1, bias=False), nn.BatchNorm2d(filters),
                                  nn.ReLU(), nn.Conv2d(filters, filters, 3, 1, 1, bias=False),
                                  nn.BatchNorm2d(filters))
        self.shortcut = nn.Sequential(nn.Conv2d(inputs, filters, 1, stride, bias=False), nn.BatchNorm2d(filters))

    def forward(self, x):
        return F.relu(self.main(x) + self.shortcut(x))


def resnet_small(width, outputs):
    """MedXAI's medxai-resnet-small: stem (stride 2), residual stages w, 2w, 4w, 8w with strides 2, 2, 2, 1."""
    backbone = nn.Sequential(nn.Conv2d(3, width, 3, 2, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU(),
                             Residual(width, width, 2), Residual(width, 2 * width, 2),
                             Residual(2 * width, 4 * width, 2), Residual(4 * width, 8 * width, 1))
    head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.2), nn.Linear(8 * width, outputs))
    return backbone, head


def medxai_order(module):
    """Parameters in MedXAI's block order: conv weight (and bias), BatchNorm gamma, beta, running mean and variance."""
    out = []
    for m in module.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            out += [m.weight] + ([m.bias] if m.bias is not None else [])
        elif isinstance(m, nn.BatchNorm2d):
            out += [m.weight, m.bias, m.running_mean, m.running_var]
    return out


def rebuild(weights_dir, out):
    index = medxai_weights.index(weights_dir)
    card = json.load(open(os.path.join(weights_dir, "card.json")))
    if index["architecture"] != "medxai-resnet-small":
        raise SystemExit("rebuild knows medxai-resnet-small, not " + index["architecture"])
    backbone, head = resnet_small(int(index["architecture_options"].get("width", 32)), len(card["classes"]))
    medxai_weights.load(weights_dir, medxai_order(backbone) + medxai_order(head))
    backbone.eval()
    head.eval()
    whole = nn.Sequential(backbone, head).eval()
    x = medxai_weights.check(weights_dir, whole, (1, 3, card["input"]["height"], card["input"]["width"]))
    os.makedirs(out, exist_ok=True)
    with torch.no_grad():
        features = backbone(x)
        torch.jit.trace(backbone, x).save(os.path.join(out, "backbone.pt"))
        torch.jit.trace(head, features).save(os.path.join(out, "head.pt"))
        torch.jit.trace(whole, x).save(os.path.join(out, "model.pt"))
    peer_card = {"name": card["name"] + " (rebuilt in PyTorch)", "classes": card["classes"], "input": card["input"],
                 "normalisation": card["normalisation"],
                 "files": {k: {"path": k + ".pt"} for k in ("model", "backbone", "head")}}
    json.dump(peer_card, open(os.path.join(out, "polyp-card.json"), "w"), indent=2)


def peak(threads):
    torch.set_num_threads(threads)
    n = 2048
    a, b = torch.randn(n, n), torch.randn(n, n)
    for _ in range(3):
        a @ b
    repeats = 10
    start = time.perf_counter()
    for _ in range(repeats):
        a @ b
    seconds = time.perf_counter() - start
    print("matmul_gflops %.1f" % (2.0 * n ** 3 * repeats / seconds / 1e9))


if __name__ == "__main__":
    if sys.argv[1] == "peak":
        peak(int(sys.argv[2]) if len(sys.argv) > 2 else 2)
    elif sys.argv[1] == "rebuild":
        rebuild(sys.argv[2], sys.argv[3])
    else:
        run(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]) if len(sys.argv) > 5 else 8)
