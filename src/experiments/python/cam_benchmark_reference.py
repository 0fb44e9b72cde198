#!/usr/bin/python3
"""Python/PyTorch reference for the CAM throughput benchmark (scripts/benchmark-cam.sh).

`make DIR`  writes a ResNet-18 (random weights, 2 classes) as TorchScript backbone.pt / head.pt /
            model.pt with a MedXAI model card, so both sides run the very same network.
`variants DIR`  from DIR/backbone.pt, the same backbone exported as a user could export it for speed, each
            float32 in and out: frozen and channels-last (backbone-channels-last.pt), and in addition in bfloat16
            (backbone-bf16.pt); with cards polyp-card-channels-last.json and polyp-card-bf16.json (classes
            non-polyp, polyp). Prints the backbone's images per second in this PyTorch for each, for the frozen
            backbone, and for torch.jit.optimize_for_inference (oneDNN), with the largest difference to float32.
`bench DIR N [split]`  classifies and explains N 224x224 images one at a time. Default: the way
            pytorch-grad-cam does it (a classification pass, then a forward pass keeping the target
            layer's output and a full backward pass from the class score). `split`: the way MedXAI
            does it (backbone once without gradients, head with them). Then Grad-CAM weights, ReLU,
            min-max scaling and bilinear resize. Prints images per second. Uses 2 threads (Debian's
            torch starts with 1).
"""
import hashlib
import json
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(cout)
        self.short = None
        if stride != 1 or cin != cout:
            self.short = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.b1(self.c1(x)))
        y = self.b2(self.c2(y))
        s = x if self.short is None else self.short(x)
        return F.relu(y + s)


class Backbone(nn.Module):
    """ResNet-18 up to its last residual stage (7 x 7 at 224)."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU(),
                                  nn.MaxPool2d(3, 2, 1))
        layers = []
        cin = 64
        for cout, stride in ((64, 1), (128, 2), (256, 2), (512, 2)):
            layers += [Block(cin, cout, stride), Block(cout, cout, 1)]
            cin = cout
        self.layers = nn.Sequential(*layers)

    def forward(self, x):
        return self.layers(self.stem(x))


class Head(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(512, 2)

    def forward(self, f):
        return self.fc(f.mean(dim=(2, 3)))


class Whole(nn.Module):
    def __init__(self, backbone, head):
        super().__init__()
        self.backbone = backbone
        self.head = head

    def forward(self, x):
        return self.head(self.backbone(x))


def make(folder):
    torch.manual_seed(0)
    os.makedirs(folder, exist_ok=True)
    backbone, head = Backbone().eval(), Head().eval()
    whole = Whole(backbone, head).eval()
    files = {}
    for name, module in (("model", whole), ("backbone", backbone), ("head", head)):
        path = os.path.join(folder, name + ".pt")
        torch.jit.save(torch.jit.script(module), path)
        files[name] = {"path": name + ".pt", "sha256": hashlib.sha256(open(path, "rb").read()).hexdigest()}
    card = {"format": "medxai-model-card/1", "name": "resnet18-benchmark",
            "description": "ResNet-18 with random weights, for throughput benchmarks only.",
            "engine": "torchscript", "files": files, "classes": ["a", "b"],
            "input": {"width": 224, "height": 224, "channels": 3},
            "normalisation": {"scale": 255.0, "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]},
            "output_activation": "softmax", "target_layer": "layer4"}
    json.dump(card, open(os.path.join(folder, "model-card.json"), "w"), indent=2)


def bench(folder, n, split=False):
    torch.set_num_threads(2)
    whole = torch.jit.load(os.path.join(folder, "model.pt")).eval()
    backbone = torch.jit.load(os.path.join(folder, "backbone.pt")).eval()
    head = torch.jit.load(os.path.join(folder, "head.pt")).eval()
    g = torch.Generator().manual_seed(1)
    images = [torch.randn(1, 3, 224, 224, generator=g) for _ in range(8)]

    def one(x):
        if split:
            # the same shortcut MedXAI takes: backbone once without gradients, head with them
            with torch.no_grad():
                activations = backbone(x)
            activations.requires_grad_(True)
            logits = head(activations)
            target = int(logits.argmax())
            logits[0, target].backward()
        else:
            with torch.no_grad():
                target = int(whole(x).argmax())
            # pytorch-grad-cam style: forward with the target layer's output kept, full backward
            activations = backbone(x)
            activations.retain_grad()
            score = head(activations)[0, target]
            whole.zero_grad()
            score.backward()
        a = activations.detach()[0]
        w = activations.grad[0].mean(dim=(1, 2))
        cam = F.relu((w[:, None, None] * a).sum(0))
        cam = cam - cam.min()
        cam = cam / (1e-7 + cam.max())
        return F.interpolate(cam[None, None], size=(224, 224), mode="bilinear", align_corners=False)

    for i in range(5):
        one(images[i % 8])
    start = time.perf_counter()
    for i in range(n):
        one(images[i % 8])
    seconds = time.perf_counter() - start
    print("python_%s_images_per_second %.2f" % ("split" if split else "full", n / seconds))


class ChannelsLast(nn.Module):
    """A backbone that takes its input in channels-last layout (and bfloat16 when it was converted so)."""

    def __init__(self, net, bf16: bool):
        super().__init__()
        self.net = net
        self.bf16 = bf16

    def forward(self, x):
        x = x.contiguous(memory_format=torch.channels_last)
        if self.bf16:
            x = x.to(torch.bfloat16)
        return self.net(x).float().contiguous()


def variants(folder):
    torch.set_num_threads(2)
    scripted = torch.jit.load(os.path.join(folder, "backbone.pt")).eval()
    card = json.load(open(os.path.join(folder, "model-card.json")))
    card["classes"] = ["non-polyp", "polyp"]
    exported = {}
    for name, bf16 in (("channels-last", False), ("bf16", True)):
        eager = Backbone().eval()
        eager.load_state_dict(scripted.state_dict())
        eager = eager.to(memory_format=torch.channels_last)
        if bf16:
            eager = eager.to(torch.bfloat16)
        module = torch.jit.freeze(torch.jit.script(ChannelsLast(eager, bf16).eval()))
        path = os.path.join(folder, "backbone-%s.pt" % name)
        torch.jit.save(module, path)
        exported[name] = module
        variant = json.loads(json.dumps(card))
        variant["name"] = "resnet18-benchmark-" + name
        variant["files"]["backbone"] = {"path": os.path.basename(path),
                                        "sha256": hashlib.sha256(open(path, "rb").read()).hexdigest()}
        json.dump(variant, open(os.path.join(folder, "polyp-card-%s.json" % name), "w"), indent=2)
    x = torch.randn(8, 3, 224, 224, generator=torch.Generator().manual_seed(3))

    def rate(module, repeats=15):
        for _ in range(3):
            module(x)
        start = time.perf_counter()
        for _ in range(repeats):
            module(x)
        return 8 * repeats / (time.perf_counter() - start)

    with torch.no_grad():
        reference = scripted(x)
        rows = [("float32", scripted), ("frozen", torch.jit.freeze(scripted)),
                ("channels-last, frozen", exported["channels-last"]), ("bf16, channels-last, frozen", exported["bf16"])]
        try:
            rows.append(("optimize_for_inference (oneDNN)",
                         torch.jit.optimize_for_inference(torch.jit.freeze(torch.jit.load(
                             os.path.join(folder, "backbone.pt")).eval()))))
        except RuntimeError as e:
            print("optimize_for_inference: not available here (%s)" % e)
        for name, module in rows:
            print("python_backbone %-32s %6.1f images/s, largest difference to float32 %.2g (largest value %.2g)"
                  % (name, rate(module), float((module(x) - reference).abs().max()), float(reference.abs().max())))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    elif sys.argv[1] == "variants":
        variants(sys.argv[2])
    else:
        bench(sys.argv[2], int(sys.argv[3]), len(sys.argv) > 4 and sys.argv[4] == "split")
