"""Goldens for dev.torch4j.vision.models.video (torchvision 0.14's video classification models) ->
goldens/vision_video.json (VideoResNet: r3d_18, mc3_18, r2plus1d_18, a Bottleneck build; S3D; the VideoClassification
preset) and vision_video_mvit.json (MViT v1 and v2; a second file keeps each under 300 KB).

Run: /usr/bin/python3 scripts/goldens/vision_video_goldens.py   (about a minute)

The cases are model_cases.py's (see vision_models2_goldens.py): "build" cases (after torch.manual_seed(0): every
state-dict entry's shape, sums and first and last elements, the repr whole or as a SHA-256), "eval" cases (running
statistics redrawn, a small clip drawn next, eval-mode output), "train" cases (a seeded model's train-mode output on
the next torch.rand and every gradient of its sum, in float64) and "fixture" cases (a reduced configuration's
perturbed state dict, torch.save'd, with eval- and train-mode outputs and gradients). Clips are (N, C, T, H, W).

S3D's average pool (2x7x7, no padding) needs at least 13 frames of 209x209: its eval case runs there; its training
runs on a reduced stack of its parts (TemporalSeparableConv, SepInceptionBlock3D, a 1x1x1 classifier convolution).

MViT: mvit_v1_b and mvit_v2_s built whole at 16x224x224 (state dicts, reprs), then with the same blocks for 4 frames of
32x32 for their eval cases (torchvision's factories fix the size: the script calls their _mvit with the size changed),
and two reduced configurations (v1's and v2's options, v2's at a size that makes torchvision interpolate the relative
position embeddings) as fixtures.

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

mvit = {}
# ---------------------------------------------------------------- MViT
MV = importlib.import_module("torchvision.models.video.mvit")
_mvit = MV._mvit
captured = {}


def capture(**kw):
    captured[kw["block_setting"][0].output_channels] = kw
    return _mvit(**kw)


MV._mvit = capture  # the factories' own arguments, to build them at another clip size (their signatures fix it)
for name in ("mvit_v1_b", "mvit_v2_s"):
    mvit[name] = build_case(seeded(getattr(V, name)), few=True)
    kw = captured[192 if name == "mvit_v1_b" else 96]
    # 4 frames of 32x32: 2x8x8 tokens; the key/value pools of stride 8 leave 1x1
    mvit[name + "_eval"] = eval_case(seeded(lambda: _mvit(**{**kw, "spatial_size": (32, 32), "temporal_size": 4})), CLIP)
MV._mvit = _mvit
C = MV.MSBlockConfig
# MViTv1's way (absolute position embeddings, projection before the MLP): 2x4x4 tokens
V1_REDUCED = [C(1, 8, 16, [], [3, 3, 3], [], [1, 2, 2]), C(2, 16, 16, [3, 3, 3], [3, 3, 3], [1, 2, 2], [1, 1, 1])]
mvit["mvit_reduced_v1"] = fixture_case(seeded(lambda: MV.MViT((16, 16), 4, V1_REDUCED, False, False, False, False, dropout=0.0,
                                                                num_classes=5)), (2, 3, 4, 16, 16))
# MViTv2's way at 2x5x5 tokens: the strided queries (3x3) outnumber input_size's 5 // 2, so the relative embeddings
# sized for 2 are interpolated, and key/query ratios are not whole (5/3); the pooled residual with the class token
V2_REDUCED = [C(1, 8, 8, [3, 3, 3], [3, 3, 3], [1, 1, 1], [1, 2, 2]), C(2, 8, 16, [3, 3, 3], [3, 3, 3], [1, 2, 2], [1, 1, 1]),
              C(2, 16, 16, [3, 3, 3], [3, 3, 3], [1, 1, 1], [1, 1, 1])]
mvit["mvit_reduced_v2"] = fixture_case(seeded(lambda: MV.MViT((20, 20), 4, V2_REDUCED, True, True, True, True, dropout=0.0,
                                                                num_classes=5)), (2, 3, 4, 20, 20))

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
write("vision_video_mvit", mvit)
