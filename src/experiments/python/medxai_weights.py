"""MedXAI (DJL) weights in a PyTorch network rebuilt for a Python peer: what `ExportDjlWeights` wrote.

weights.json lists the arrays (name, shape) in MedXAI's block order; weights.f32 holds them one after another
(little-endian float32); check-input.f32 with the logits it gives in MedXAI checks the rebuilt network.
"""
import json
import os

import numpy as np
import torch


def index(weights_dir):
    return json.load(open(os.path.join(weights_dir, "weights.json")))


def load(weights_dir, targets):
    """Copies the exported arrays into `targets` (the network's tensors in MedXAI's order), checking every shape."""
    entries = index(weights_dir)["parameters"]
    if len(targets) != len(entries):
        raise SystemExit("weights.json has %d arrays, the network %d" % (len(entries), len(targets)))
    values = np.fromfile(os.path.join(weights_dir, "weights.f32"), dtype="<f4")
    offset = 0
    with torch.no_grad():
        for target, entry in zip(targets, entries):
            shape = tuple(entry["shape"])
            if tuple(target.shape) != shape:
                raise SystemExit("%s: shape %s, the network's %s" % (entry["name"], shape, tuple(target.shape)))
            n = int(np.prod(shape))
            target.copy_(torch.from_numpy(values[offset:offset + n].reshape(shape)))
            offset += n


def check(weights_dir, network, shape):
    """The rebuilt network's logits for MedXAI's check input, against MedXAI's (largest difference at most 1e-3)."""
    check = index(weights_dir)["check"]
    x = torch.from_numpy(np.fromfile(os.path.join(weights_dir, check["input"]), dtype="<f4")).view(*shape)
    with torch.no_grad():
        logits = network(x).flatten().numpy()
    expected = np.array(check["logits"], dtype=np.float32)
    difference = float(np.abs(logits[::check["logits_step"]] - expected).max())
    print("largest_logit_difference %.3g" % difference)
    if difference > 1e-3:
        raise SystemExit("the rebuilt network does not reproduce MedXAI's logits")
    return x
