"""Goldens for dev.torch4j.vision.models.video (torchvision 0.14's video classification models) ->
goldens/vision_video.json (VideoResNet: r3d_18, mc3_18, r2plus1d_18, a Bottleneck build; S3D; the VideoClassification
preset).

Run: /usr/bin/python3 scripts/goldens/vision_video_goldens.py   (about a minute)

The cases are model_cases.py's (see vision_models2_goldens.py): "build" cases (after torch.manual_seed(0): every
state-dict entry's shape, sums and first and last elements, the repr whole or as a SHA-256), "eval" cases (running
statistics redrawn, a small clip drawn next, eval-mode output), "train" cases (a seeded model's train-mode output on
the next torch.rand and every gradient of its sum, in float64) and "fixture" cases (a reduced configuration's
perturbed state dict, torch.save'd, with eval- and train-mode outputs and gradients). Clips are (N, C, T, H, W).

S3D's average pool (2x7x7, no padding) needs at least 13 frames of 209x209: its eval case runs there; its training
runs on a reduced stack of its parts (TemporalSeparableConv, SepInceptionBlock3D, a 1x1x1 classifier convolution).

VideoClassification: torchvision 0.14 resizes without antialias, as 0.15+ still does (antialias=False is written out
there since pytorch/vision#7160, to keep the video weights' accuracy), so 0.14's preset is the reference as it is.
"""
from functools import partial

import torch
import torch.nn as nn
import torchvision.models.video as V
import importlib

VR = importlib.import_module("torchvision.models.video.resnet")
S3 = importlib.import_module("torchvision.models.video.s3d")  # the package's s3d is the factory

from common import t2j, write
from model_cases import build_case, eval_case, fixture_case, seeded, train_case

cases = {}
CLIP = (1, 3, 4, 32, 32)

# ---------------------------------------------------------------- VideoResNet
for name in ("r3d_18", "mc3_18", "r2plus1d_18"):
    cases[name] = build_case(seeded(getattr(V, name)), few=True)
    cases[name + "_eval"] = eval_case(seeded(getattr(V, name)), CLIP, buffers=True)
# float64 training at 32x32: layer4 sees 1x2x2 per clip, enough for its train-mode batch norms
cases["r2plus1d_18_train"] = train_case(seeded(lambda: V.r2plus1d_18(num_classes=10)), (2, 3, 4, 32, 32))
cases["mc3_18_train"] = train_case(seeded(lambda: V.mc3_18(num_classes=10)), (2, 3, 4, 32, 32))
bottleneck = lambda: VR.VideoResNet(VR.Bottleneck, [VR.Conv3DSimple] + [VR.Conv2Plus1D] * 3, [1, 1, 1, 1], VR.BasicStem,
                                    num_classes=10)
cases["bottleneck"] = build_case(seeded(bottleneck), few=True)
cases["bottleneck_eval"] = eval_case(seeded(bottleneck), CLIP, buffers=True)

# ---------------------------------------------------------------- S3D
cases["s3d"] = build_case(seeded(V.s3d), few=True)
cases["s3d_eval"] = eval_case(seeded(V.s3d), (1, 3, 13, 209, 209), buffers=True)
norm = partial(nn.BatchNorm3d, eps=0.001, momentum=0.001)
cases["s3d_reduced"] = fixture_case(seeded(lambda: nn.Sequential(
    S3.TemporalSeparableConv(3, 8, 7, 2, 3, norm), nn.MaxPool3d((1, 3, 3), (1, 2, 2), (0, 1, 1)),
    S3.SepInceptionBlock3D(8, 4, 4, 8, 2, 4, 4, norm), nn.Conv3d(20, 5, 1))), (2, 3, 4, 16, 16))

# ---------------------------------------------------------------- VideoClassification
torch.manual_seed(0)
videos = {"u8": torch.randint(0, 256, (3, 3, 60, 80), dtype=torch.uint8), "f32": torch.rand(2, 2, 3, 50, 60)}
presets = []
for enum in ("R3D_18_Weights", "S3D_Weights", "MViT_V1_B_Weights"):
    p = getattr(V, enum).DEFAULT.transforms()
    outs = {}
    for k, v in videos.items():
        out = p(v)
        outs[k] = {"shape": list(out.shape), "every28": t2j(out[..., 3::28, 3::28]), "sum": float(out.double().sum())}
    presets.append({"enum": enum, "repr": repr(p), "outputs": outs})
cases["presets"] = presets

write("vision_video", cases)
