#!/usr/bin/python3
"""Writes the small TorchScript modules MedXAI's TorchScript path and its tests use.

Run with Debian's python3-torch:  /usr/bin/python3 src/experiments/python/make_layout_modules.py
- src/main/resources/org/medxai/engine/to-channels-last.pt: returns its input in channels-last memory layout (the
  same values), so a user's convolutional network takes its faster channels-last path on the CPU.
- src/test/resources/fixtures/torchscript-view/: a tiny classifier whose code assumes the default layout (it
  `view`s a feature map, which channels-last input makes fail), with its card and reference logits: MedXAI must
  fall back to the default layout and give the same logits.
"""
import hashlib
import json
import os

import torch
import torch.nn as nn

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")


class ToChannelsLast(nn.Module):
    def forward(self, x):
        return x.contiguous(memory_format=torch.channels_last)


class ViewClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.fc = nn.Linear(4 * 6 * 8, 2)

    def forward(self, x):
        f = torch.relu(self.conv(x))
        f = nn.functional.max_pool2d(f, 2)
        return self.fc(f.view(f.size(0), -1))


def main():
    engine = os.path.join(ROOT, "src", "main", "resources", "org", "medxai", "engine")
    os.makedirs(engine, exist_ok=True)
    torch.jit.save(torch.jit.script(ToChannelsLast()), os.path.join(engine, "to-channels-last.pt"))

    torch.manual_seed(77)
    model = ViewClassifier().eval()
    out = os.path.join(ROOT, "src", "test", "resources", "fixtures", "torchscript-view")
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, "model.pt")
    torch.jit.save(torch.jit.script(model), path)
    x = torch.rand(4, 3, 12, 16, generator=torch.Generator().manual_seed(5))
    with torch.no_grad():
        logits = model(x)
        try:
            model(x.contiguous(memory_format=torch.channels_last))
            raise SystemExit("the view fixture must fail on channels-last input")
        except RuntimeError:
            pass
    card = {"format": "medxai-model-card/1", "name": "view-fixture",
            "description": "Random-weight network that views a feature map (engine tests only).",
            "engine": "torchscript",
            "files": {"model": {"path": "model.pt", "sha256": hashlib.sha256(open(path, "rb").read()).hexdigest()}},
            "classes": ["a", "b"], "input": {"width": 16, "height": 12, "channels": 3},
            "normalisation": {"scale": 1.0, "mean": [0, 0, 0], "std": [1, 1, 1]}, "output_activation": "softmax",
            "target_layer": "none"}
    json.dump(card, open(os.path.join(out, "model-card.json"), "w"), indent=2)
    json.dump({"input": x.flatten().tolist(), "shape": list(x.shape), "logits": logits.flatten().tolist()},
              open(os.path.join(out, "reference.json"), "w"))


if __name__ == "__main__":
    main()
