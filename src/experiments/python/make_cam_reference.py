#!/usr/bin/python3
"""Independent reference for MedXAI's class activation maps: computes every CAM method with
PyTorch autograd and NumPy on the TorchScript fixture (make_torchscript_fixture.py) and writes
src/test/resources/fixtures/torchscript/reference-cams.json for the Java tests.

Run with Debian's python3-torch:  /usr/bin/python3 src/experiments/python/make_cam_reference.py

Definitions (as in pytorch-grad-cam): gradients of the target logit w.r.t. the backbone output A;
cam = ReLU(sum_k w_k A_k) (Layer-CAM: ReLU(sum_k ReLU(g_k) A_k)); scaled (x - min) / (max + 1e-7)
at layer resolution, then resized bilinearly (align_corners=False) to the input size.
Eigen-CAM's sign: positive correlation with the channel-summed activations.
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures", "torchscript")
EPS = 1e-7


def weights_cam(method, a, g):
    # a, g: (K, h, w) float64
    if method == "layercam":
        return (np.maximum(g, 0) * a).sum(axis=0)
    if method == "gradcam":
        w = g.mean(axis=(1, 2))
    elif method == "xgradcam":
        s = a.sum(axis=(1, 2))
        w = (g * a / (s[:, None, None] + EPS)).sum(axis=(1, 2))
    elif method == "gradcam++":
        g2, g3 = g ** 2, g ** 3
        s = a.sum(axis=(1, 2))
        aij = g2 / (2 * g2 + s[:, None, None] * g3 + EPS)
        aij = np.where(g != 0, aij, 0)
        w = (np.maximum(g, 0) * aij).sum(axis=(1, 2))
    else:
        raise ValueError(method)
    return (w[:, None, None] * a).sum(axis=0)


def eigen_cam(a):
    k = a.shape[0]
    x = a.reshape(k, -1).T
    x = x - x.mean(axis=0)
    _, _, vt = np.linalg.svd(x, full_matrices=True)
    projection = x @ vt[0, :]
    total = a.reshape(k, -1).sum(axis=0)
    if np.dot(projection, total - total.mean()) < 0:
        projection = -projection
    return projection.reshape(a.shape[1:])


def score_cam(whole, xi, a_t, target):
    size = xi.shape[-2:]
    up = F.interpolate(a_t, size=size, mode="bilinear", align_corners=True)[0]  # (K, H, W)
    flat = up.reshape(up.shape[0], -1)
    mins = flat.min(dim=1)[0][:, None, None]
    maxs = flat.max(dim=1)[0][:, None, None]
    up = (up - mins) / (maxs - mins + 1e-8)
    masked = xi * up[:, None, :, :]  # (K, C, H, W)
    with torch.no_grad():
        scores = whole(masked)[:, target].double()
    w = torch.softmax(scores, dim=0).numpy()
    a = a_t[0].double().numpy()
    return (w[:, None, None] * a).sum(axis=0)


def finish(cam, size):
    cam = np.maximum(cam, 0)
    layer = cam.copy()
    scaled = cam - cam.min()
    scaled = scaled / (EPS + scaled.max())
    t = torch.from_numpy(scaled)[None, None]
    full = F.interpolate(t, size=size, mode="bilinear", align_corners=False)[0, 0]
    return layer, full.numpy()


def main():
    torch.set_num_threads(1)
    backbone = torch.jit.load(os.path.join(HERE, "backbone.pt")).eval()
    head = torch.jit.load(os.path.join(HERE, "head.pt")).eval()
    whole = torch.jit.load(os.path.join(HERE, "model.pt")).eval()
    card = json.load(open(os.path.join(HERE, "model-card.json")))
    ref = json.load(open(os.path.join(HERE, "reference.json")))
    pixels = torch.tensor(ref["pixels"], dtype=torch.float32).reshape(2, 3, 12, 16)
    mean = torch.tensor(card["normalisation"]["mean"]).view(1, 3, 1, 1)
    std = torch.tensor(card["normalisation"]["std"]).view(1, 3, 1, 1)
    x = (pixels / 255.0 - mean) / std
    cases = []
    for n in range(2):
        xi = x[n:n + 1]
        with torch.no_grad():
            a_t = backbone(xi)
            logits = head(a_t)
        predicted = int(logits.argmax())
        for target in (predicted, (predicted + 1) % 3):
            feats = a_t.clone().requires_grad_(True)
            head(feats)[0, target].backward()
            a = a_t[0].double().numpy()
            g = feats.grad[0].double().numpy()
            for method in ("gradcam", "gradcam++", "xgradcam", "layercam", "scorecam", "eigencam"):
                if method == "scorecam":
                    cam = score_cam(whole, xi, a_t, target)
                elif method == "eigencam":
                    cam = eigen_cam(a)
                else:
                    cam = weights_cam(method, a, g)
                layer, full = finish(cam, (12, 16))
                cases.append({"image": n, "target": target, "predicted": predicted, "method": method,
                              "layer_map": layer.flatten().tolist(), "map": full.flatten().tolist()})
    with open(os.path.join(HERE, "reference-cams.json"), "w") as f:
        json.dump({"cases": cases}, f)
    print("wrote", len(cases), "reference maps")


if __name__ == "__main__":
    main()
