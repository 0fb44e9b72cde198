#!/usr/bin/python3
"""Writes a tiny TorchScript classifier (whole, backbone and head) with its MedXAI
model card and reference outputs, for the Java tests.

Run with Debian's python3-torch:  /usr/bin/python3 src/experiments/python/make_torchscript_fixture.py
Output: src/test/resources/fixtures/torchscript/
"""
import hashlib
import json
import os

import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures", "torchscript")


class Backbone(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(6)
        self.conv2 = nn.Conv2d(6, 8, 3, padding=1)
        self.drop = nn.Dropout(0.5)  # must be inactive once loaded for inference

    def forward(self, x):
        x = torch.relu(self.bn1(self.conv1(x)))
        x = nn.functional.max_pool2d(x, 2)
        return torch.relu(self.drop(self.conv2(x)))


class Head(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 3)

    def forward(self, f):
        return self.fc(f.mean(dim=(2, 3)))


class Whole(nn.Module):
    def __init__(self, backbone, head):
        super().__init__()
        self.backbone = backbone
        self.head = head

    def forward(self, x):
        return self.head(self.backbone(x))


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    torch.manual_seed(1234)
    torch.set_num_threads(1)
    backbone, head = Backbone(), Head()
    # Non-trivial batch-norm statistics so eval mode is visible in the outputs.
    backbone.bn1.running_mean.uniform_(-0.5, 0.5)
    backbone.bn1.running_var.uniform_(0.5, 2.0)
    whole = Whole(backbone, head).eval()
    os.makedirs(OUT, exist_ok=True)
    files = {}
    for name, module in (("model", whole), ("backbone", backbone.eval()), ("head", head.eval())):
        path = os.path.join(OUT, name + ".pt")
        torch.jit.save(torch.jit.script(module), path)
        files[name] = {"path": name + ".pt", "sha256": sha256(path)}

    card = {
        "format": "medxai-model-card/1",
        "name": "tiny-torchscript-fixture",
        "description": "Random-weight 3-class network for engine tests (not a real model).",
        "engine": "torchscript",
        "files": files,
        "classes": ["a", "b", "c"],
        "input": {"width": 16, "height": 12, "channels": 3},
        "normalisation": {"scale": 255.0, "mean": [0.5, 0.4, 0.3], "std": [0.2, 0.25, 0.3]},
        "output_activation": "softmax",
        "target_layer": "backbone.conv2",
    }
    with open(os.path.join(OUT, "model-card.json"), "w") as f:
        json.dump(card, f, indent=2)

    # A deterministic input on the 0..255 scale, its normalised tensor and the outputs.
    g = torch.Generator().manual_seed(99)
    pixels = torch.randint(0, 256, (2, 3, 12, 16), generator=g).float()
    mean = torch.tensor(card["normalisation"]["mean"]).view(1, 3, 1, 1)
    std = torch.tensor(card["normalisation"]["std"]).view(1, 3, 1, 1)
    x = (pixels / 255.0 - mean) / std
    with torch.no_grad():
        logits = whole(x)
        features = backbone(x)
    reference = {
        "pixels": pixels.flatten().tolist(),
        "logits": logits.flatten().tolist(),
        "probabilities": torch.softmax(logits, 1).flatten().tolist(),
        "features_shape": list(features.shape),
        "features_sum": float(features.sum()),
    }
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump(reference, f)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
