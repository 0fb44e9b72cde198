#!/usr/bin/python3
"""Writes a tiny TorchScript CNN-Transformer video classifier (backbone and head) with its MedXAI
model card, and PyTorch's own reference explanations of one clip, for the Java tests.

The head follows the card's video attention layout: head(embeddings (B, T, F), mask (B, T),
probes (L, B, H, 1 + T, 1 + T)) -> (logits (B, K), attention (L, B, H, 1 + T, 1 + T)), token 0 = CLS,
padded keys masked out, the probes added to the attention (their gradient is the attention's).
The references (CLS attention, rollout, gradient-weighted attention, Grad-CAM per frame) are
computed here independently of the Java code.

Run with Debian's python3-torch:  /usr/bin/python3 src/experiments/python/make_video_torchscript_fixture.py
Output: src/test/resources/fixtures/video-torchscript/
"""
import hashlib
import json
import math
import os

import torch
from typing import List
import torch.nn as nn

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "resources", "fixtures", "video-torchscript")
LAYOUT = ("logits; attention[layer](batch, heads, 1 + frames, 1 + frames), token 0 = CLS, rows sum to 1; "
          "head(embeddings, mask, probes)")
FRAMES, SIZE, WIDTH, HEADS, LAYERS, CLASSES = 5, 12, 8, 2, 2, 2


class Backbone(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(6)
        self.conv2 = nn.Conv2d(6, 6, 3, padding=1)

    def forward(self, x):
        x = torch.relu(self.bn1(self.conv1(x)))
        x = nn.functional.max_pool2d(x, 2)
        return torch.relu(self.conv2(x))


class Layer(nn.Module):
    def __init__(self, width=WIDTH, heads=HEADS):
        super().__init__()
        self.width = width
        self.heads = heads
        self.norm1 = nn.LayerNorm(width)
        self.q = nn.Linear(width, width)
        self.k = nn.Linear(width, width)
        self.v = nn.Linear(width, width)
        self.o = nn.Linear(width, width)
        self.norm2 = nn.LayerNorm(width)
        self.ff1 = nn.Linear(width, 2 * width)
        self.ff2 = nn.Linear(2 * width, width)

    def split(self, x):
        b, t, _ = x.shape
        return x.reshape(b, t, self.heads, self.width // self.heads).transpose(1, 2)

    def forward(self, x, mask, probe):
        b, t, _ = x.shape
        n = self.norm1(x)
        q, k, v = self.split(self.q(n)), self.split(self.k(n)), self.split(self.v(n))
        scores = q @ k.transpose(2, 3) / math.sqrt(self.width // self.heads)
        scores = scores + (1 - mask).reshape(b, 1, 1, t) * -1e9
        attention = torch.softmax(scores, -1) + probe
        mixed = (attention @ v).transpose(1, 2).reshape(b, t, self.width)
        x = x + self.o(mixed)
        x = x + self.ff2(nn.functional.gelu(self.ff1(self.norm2(x))))
        return x, attention


class Head(nn.Module):
    def __init__(self, features=6, width=WIDTH, heads=HEADS, layers=LAYERS, frames=FRAMES, classes=CLASSES):
        super().__init__()
        self.width = width
        self.projection = nn.Linear(features, width)
        self.cls = nn.Parameter(torch.randn(1, 1, width) * 0.5)
        self.positions = nn.Parameter(torch.randn(1, 1 + frames, width) * 0.5)
        self.layers = nn.ModuleList([Layer(width, heads) for _ in range(layers)])
        self.norm = nn.LayerNorm(width)
        self.hidden = nn.Linear(width, width)
        self.classifier = nn.Linear(width, classes)

    def forward(self, embeddings, mask, probes):
        b, t, _ = embeddings.shape
        x = torch.cat([self.cls.expand(b, 1, self.width), self.projection(embeddings)], 1)
        x = x + self.positions[:, :t + 1]
        full = torch.cat([torch.ones(b, 1, dtype=mask.dtype), mask], 1)
        attentions: List[torch.Tensor] = []
        for i, layer in enumerate(self.layers):
            x, a = layer(x, full, probes[i])
            attentions.append(a)
        c = self.norm(x)[:, 0]
        return self.classifier(nn.functional.gelu(self.hidden(c))), torch.stack(attentions)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def save(out, backbone, head, card):
    """backbone.pt and head.pt (TorchScript) in OUT, and the card naming them with their SHA-256."""
    os.makedirs(out, exist_ok=True)
    files = {}
    for name, module in (("backbone", backbone), ("head", head)):
        path = os.path.join(out, name + ".pt")
        torch.jit.save(torch.jit.script(module), path)
        files[name] = {"path": name + ".pt", "sha256": sha256(path)}
    # "files" right after "engine", where the card format lists it
    ordered = {}
    for key, value in card.items():
        ordered[key] = value
        if key == "engine":
            ordered["files"] = files
    card = ordered
    with open(os.path.join(out, "model-card.json"), "w") as f:
        json.dump(card, f, indent=2)


def rollout(attention, frames):
    """Mean over heads, 0.5 A + 0.5 I, rows re-normalised, layers multiplied; CLS row to frames."""
    tokens = frames + 1
    joint = torch.eye(tokens, dtype=torch.float64)
    for layer in attention:
        a = layer.mean(0)[:tokens, :tokens].double()
        a = 0.5 * a + 0.5 * torch.eye(tokens, dtype=torch.float64)
        a = a / a.sum(1, keepdim=True)
        joint = a @ joint
    return joint[0, 1:]


def gradient_weighted(attention, gradients, frames):
    tokens = frames + 1
    r = torch.eye(tokens, dtype=torch.float64)
    for a, g in zip(attention, gradients):
        w = (a.double() * g.double()).clamp(min=0).mean(0)[:tokens, :tokens]
        r = r + w @ r
    return r[0, 1:]


def main():
    torch.manual_seed(2024)
    torch.set_num_threads(1)
    backbone, head = Backbone(), Head()
    backbone.bn1.running_mean.uniform_(-0.3, 0.3)
    backbone.bn1.running_var.uniform_(0.5, 1.5)
    backbone.eval()
    head.eval()
    save(OUT, backbone, head, {
        "format": "medxai-model-card/1",
        "name": "tiny-video-torchscript-fixture",
        "description": "Random-weight CNN-Transformer for engine tests (not a real model).",
        "engine": "torchscript",
        "classes": ["absent", "present"],
        "input": {"width": SIZE, "height": SIZE, "channels": 3},
        "normalisation": {"scale": 255.0, "mean": [0.0, 0.0, 0.0], "std": [1.0, 1.0, 1.0]},
        "output_activation": "softmax",
        "target_layer": "backbone.conv2",
        "video": {"frames": FRAMES, "sampling": "all frames", "backbone": "two convolutions",
                  "layers": LAYERS, "heads": HEADS, "attention_layout": LAYOUT},
    })

    g = torch.Generator().manual_seed(7)
    pixels = torch.randint(0, 256, (FRAMES, 3, SIZE, SIZE), generator=g).float()
    x = pixels / 255.0
    with torch.no_grad():
        maps = backbone(x)
    maps = maps.clone().requires_grad_(True)
    embeddings = maps.mean((2, 3)).unsqueeze(0)
    probes = torch.zeros(LAYERS, 1, HEADS, FRAMES + 1, FRAMES + 1, requires_grad=True)
    logits, attention = head(embeddings, torch.ones(1, FRAMES), probes)
    target = int(logits[0].argmax())
    logits[0, target].backward()
    weights = maps.grad.mean((2, 3), keepdim=True)
    cams = (weights * maps).sum(1).clamp(min=0)
    att = attention[:, 0].detach()
    grads = probes.grad[:, 0]
    cls_mean = att.mean(1)[:, 0, 1:].mean(0)
    reference = {
        "pixels": pixels.flatten().tolist(),
        "target": target,
        "probabilities": torch.softmax(logits.detach(), 1)[0].tolist(),
        "attention": att.flatten().tolist(),
        "cls_attention": cls_mean.tolist(),
        "rollout": rollout(att, FRAMES).tolist(),
        "grad_attention": gradient_weighted(att, grads, FRAMES).tolist(),
        "cam_shape": list(cams.shape),
        "cams": cams.detach().flatten().tolist(),
    }
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump(reference, f)
    print("wrote", OUT, "target", target, "rollout", reference["rollout"])


if __name__ == "__main__":
    main()
