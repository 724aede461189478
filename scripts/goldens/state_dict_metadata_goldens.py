"""Goldens for state dict version metadata -> goldens/state_dict_metadata.json.

Run: /usr/bin/python3 scripts/goldens/state_dict_metadata_goldens.py

For each model, state_dict()._metadata as an ordered list of [prefix, version]: every module of the tree (parameter-
less ones too), in the order state_dict visits them, with its class's _version. torch.save writes it and PyTorch's
load_state_dict hands each module its version (torchvision's MNASNet refuses a state dict without one). The Java test
builds the same models and compares Module.stateDict().metadata(), which also checks the module trees match.
Quantized Linear modules are left out: torch4j writes their version-1 layout (tensors only), so it records version 1.
"""
import torch
import torch.nn as nn
import torchvision
from torchvision.models import detection

from common import write

torch.manual_seed(0)


def norms():
    return nn.Sequential(nn.Linear(4, 6), nn.BatchNorm1d(6), nn.ReLU(), nn.Dropout(0.1),
                         nn.Sequential(nn.Unflatten(1, (2, 3)), nn.InstanceNorm1d(2, affine=True), nn.Flatten()),
                         nn.LayerNorm(6), nn.Linear(6, 4), nn.GroupNorm(2, 4), nn.Linear(4, 2))


MODELS = {
    "norms": norms,
    "lstm": lambda: nn.LSTM(3, 4, 2),
    "transformer_encoder": lambda: nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2), 2),
    "resnet18": lambda: torchvision.models.resnet18(),
    "densenet121": lambda: torchvision.models.densenet121(),
    "mnasnet0_5": lambda: torchvision.models.mnasnet0_5(),
    "vit_tiny": lambda: torchvision.models.VisionTransformer(32, 8, 2, 2, 16, 32),
    "fasterrcnn_mobilenet_v3_large_320_fpn": lambda: detection.fasterrcnn_mobilenet_v3_large_320_fpn(
        weights=None, weights_backbone=None, num_classes=3),
    "retinanet_resnet50_fpn": lambda: detection.retinanet_resnet50_fpn(weights=None, weights_backbone=None, num_classes=3),
    "maskrcnn_resnet50_fpn": lambda: detection.maskrcnn_resnet50_fpn(weights=None, weights_backbone=None, num_classes=3),
    "minmax_observer": lambda: torch.ao.quantization.MinMaxObserver(),
}

cases = []
for name, build in MODELS.items():
    m = build()
    cases.append({"name": name, "metadata": [[k, v["version"]] for k, v in m.state_dict()._metadata.items()]})
write("state_dict_metadata", cases)
