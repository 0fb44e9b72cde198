#!/usr/bin/python3
"""Python peer of MedXAI's video explanation, for scripts/benchmark-video-explanation.sh.

`make OUT [FRAMES=100] [SIZE=224]`  writes a random-weight TorchScript CNN-Transformer at the paper's shape (a
    four-stage CNN, 16-32-64-128 channels, each stage halving the frame; d = 128 tokens, 4 layers of 4 heads, CLS,
    learned positions, an MLP head) as backbone.pt + head.pt with its MedXAI model card, in the layout MedXAI reads:
    head(embeddings (B, T, F), mask (B, T), probes (L, B, H, 1 + T, 1 + T)) -> (logits, attention).
`time CARD [REPEATS=3]`  explains one random clip of FRAMES frames the way MedXAI's `Explain Video with MedXAI`
    does: pixels normalised, the backbone over every frame without gradients, the head with gradients to the frame
    maps and to the attention (one backward of the predicted class), the CLS attention per layer and fused, the
    rollout (0.5 A + 0.5 I, rows re-normalised), the gradient-weighted attention, and Grad-CAM of every frame
    up-sampled to the frame's size and scaled to 0-1; prints the median seconds.
Uses 2 threads unless MEDXAI_BENCH_THREADS says otherwise. Own code of this project.
"""
import json
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

# the transformer head, the card writer and the reference importances of the test fixture's generator
from make_video_torchscript_fixture import LAYOUT, Head, gradient_weighted, rollout, save

WIDTH, HEADS, LAYERS, CLASSES = 128, 4, 4, 2


class Backbone(nn.Module):
    def __init__(self):
        super().__init__()
        chans = [3, 16, 32, 64, 128]
        self.stages = nn.ModuleList([nn.Sequential(nn.Conv2d(chans[i], chans[i + 1], 3, stride=2, padding=1),
                                                   nn.BatchNorm2d(chans[i + 1]), nn.ReLU(),
                                                   nn.Conv2d(chans[i + 1], chans[i + 1], 3, padding=1),
                                                   nn.BatchNorm2d(chans[i + 1]), nn.ReLU()) for i in range(4)])

    def forward(self, x):
        for stage in self.stages:
            x = stage(x)
        return x


def make(out, frames, size):
    torch.manual_seed(2026)
    backbone = Backbone().eval()
    head = Head(features=128, width=WIDTH, heads=HEADS, layers=LAYERS, frames=frames, classes=CLASSES).eval()
    save(out, backbone, head, {
        "format": "medxai-model-card/1",
        "name": "video-explanation-benchmark",
        "description": "Random-weight CNN-Transformer at the paper's shape, for the explanation benchmark only.",
        "engine": "torchscript",
        "classes": ["absent", "present"],
        "input": {"width": size, "height": size, "channels": 3},
        "normalisation": {"scale": 255.0, "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]},
        "output_activation": "softmax",
        "target_layer": "backbone.stages.3",
        "video": {"frames": frames, "sampling": "all frames", "backbone": "four-stage CNN 16-32-64-128",
                  "layers": LAYERS, "heads": HEADS, "attention_layout": LAYOUT},
    })
    print("wrote", out)


def explain(backbone, head, pixels, mean, std):
    frames, _, height, width = pixels.shape
    x = (pixels / 255.0 - mean) / std
    with torch.no_grad():
        maps = backbone(x)
    maps.requires_grad_(True)
    embeddings = maps.mean((2, 3)).unsqueeze(0)
    probes = torch.zeros(LAYERS, 1, HEADS, frames + 1, frames + 1, requires_grad=True)
    logits, attention = head(embeddings, torch.ones(1, frames), probes)
    target = int(logits[0].argmax())
    logits[0, target].backward()
    att = attention[:, 0].detach()
    cls_per_layer = att.mean(1)[:, 0, 1:]
    fused = cls_per_layer.mean(0)
    roll = rollout(att, frames)
    weighted = gradient_weighted(att, probes.grad[:, 0], frames)
    weights = maps.grad.mean((2, 3), keepdim=True)
    cams = (weights * maps.detach()).sum(1).clamp(min=0)
    cams = F.interpolate(cams[:, None], size=(height, width), mode="bilinear", align_corners=False)[:, 0]
    flat = cams.reshape(frames, -1)
    low, high = flat.min(1)[0].view(-1, 1, 1), flat.max(1)[0].view(-1, 1, 1)
    cams = (cams - low) / (high - low + 1e-7)
    return torch.softmax(logits.detach(), 1), fused, roll, weighted, cams


def time_it(card_file, repeats):
    torch.set_num_threads(int(os.environ.get("MEDXAI_BENCH_THREADS", "2")))
    card = json.load(open(card_file))
    folder = os.path.dirname(card_file)
    backbone = torch.jit.load(os.path.join(folder, card["files"]["backbone"]["path"])).eval()
    head = torch.jit.load(os.path.join(folder, card["files"]["head"]["path"])).eval()
    frames, size = card["video"]["frames"], card["input"]["width"]
    mean = torch.tensor(card["normalisation"]["mean"]).view(1, 3, 1, 1)
    std = torch.tensor(card["normalisation"]["std"]).view(1, 3, 1, 1)
    pixels = torch.randint(0, 256, (frames, 3, size, size), generator=torch.Generator().manual_seed(1)).float()
    explain(backbone, head, pixels[:10], mean, std)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        explain(backbone, head, pixels, mean, std)
        times.append(time.perf_counter() - start)
    times.sort()
    print("python_explain_seconds %.3f" % times[len(times) // 2])


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 100, int(sys.argv[4]) if len(sys.argv) > 4 else 224)
    else:
        time_it(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 3)
