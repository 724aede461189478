"""Goldens for dev.torch4j.vision.models' third batch (torchvision 0.14's EfficientNet and EfficientNetV2, RegNet,
ShuffleNetV2 and MNASNet, GoogLeNet and Inception3, Swin and Swin V2) -> goldens/vision_models3_efficientnet.json,
vision_models3_regnet.json, vision_models3_mobile.json, vision_models3_inception.json, vision_models3_swin.json and
vision_models3_swin_v2.json (the V2 cases: a second file keeps each under 300 KB).

Run: /usr/bin/python3 scripts/goldens/vision_models3_goldens.py   (about a minute)

The cases are model_cases.py's (see vision_models2_goldens.py): "build" cases (after torch.manual_seed(0): every
state-dict entry's shape, sums and sampled elements, the repr), "eval" cases (running statistics redrawn, a small
input drawn next) and "fixture" cases (a reduced configuration's perturbed state dict, eval- and train-mode outputs
and gradients). Models the test does not build whole keep their configuration (torchvision's _efficientnet_conf,
the dropout, last channels and batch norm read back from the built model) and their parameter count (RegNet: the BlockParams its from_init_params derives). "train" cases: a seeded model's
train-mode output on the next torch.rand and every gradient of its sum, in float64.

MNASNet's version-1 state dict (its stem of 32 and 16 channels whatever alpha) is made of deterministic values
(entry i: 0.1 * sin(arange(n) + i), running variances 1 + 0.5 * sin(...)) the test rebuilds from the keys and shapes,
loaded with _metadata version 1 into mnasnet0_5 (which swaps the stem in), then the eval-mode output.
"""
import math
import torch
import torchvision
from torchvision.models import efficientnet as E
from torchvision.models import mnasnet as MN
from torchvision.models import regnet as R
from torchvision.models.googlenet import GoogLeNet
from torchvision.models.inception import Inception3
from torchvision.models.shufflenetv2 import InvertedResidual, ShuffleNetV2
from torchvision.models import swin_transformer as SW

from common import write
from model_cases import (build_case, deterministic, deterministic_fill, eval_case, fixture_case, grads_json, message,
                         out_json, seeded, train_case)

M = torchvision.models
eff = {}

# ---------------------------------------------------------------- EfficientNet
V1 = {"efficientnet_b0": (1.0, 1.0), "efficientnet_b1": (1.0, 1.1), "efficientnet_b2": (1.1, 1.2),
      "efficientnet_b3": (1.2, 1.4), "efficientnet_b4": (1.4, 1.8), "efficientnet_b5": (1.6, 2.2),
      "efficientnet_b6": (1.8, 2.6), "efficientnet_b7": (2.0, 3.1)}
for name in list(V1) + ["efficientnet_v2_s", "efficientnet_v2_m", "efficientnet_v2_l"]:
    kw = {"width_mult": V1[name][0], "depth_mult": V1[name][1]} if name in V1 else {}
    setting, _ = E._efficientnet_conf(name, **kw)
    m = seeded(getattr(M, name))
    bn = m.features[0][1]
    case = {"config": [[c.expand_ratio, c.kernel, c.stride, c.input_channels, c.out_channels, c.num_layers,
                        isinstance(c, E.FusedMBConvConfig)] for c in setting],
            "dropout": m.classifier[0].p, "last_channel": m.features[-1][0].out_channels, "bn": [bn.eps, bn.momentum],
            "stochastic_depth_p": [b.stochastic_depth.p for s in m.features[1:-1] for b in s],
            "num_params": sum(p.numel() for p in m.parameters())}
    if name == "efficientnet_b0":
        case.update(build_case(m))
    elif name == "efficientnet_v2_s":
        case.update(build_case(m, few=True))
    eff[name] = case
    del m
eff["efficientnet_b0_eval"] = eval_case(seeded(M.efficientnet_b0), (1, 3, 64, 64), buffers=True)
eff["efficientnet_v2_s_eval"] = eval_case(seeded(M.efficientnet_v2_s), (1, 3, 64, 64), buffers=True)
REDUCED = [E.FusedMBConvConfig(1, 3, 1, 8, 8, 1), E.FusedMBConvConfig(2, 3, 2, 8, 16, 1),
           E.MBConvConfig(2, 3, 2, 16, 16, 1), E.MBConvConfig(1, 5, 1, 16, 16, 1)]
eff["efficientnet_reduced"] = fixture_case(
    seeded(lambda: E.EfficientNet(REDUCED, 0.0, stochastic_depth_prob=0.0, num_classes=10, last_channel=32)), (2, 3, 32, 32))

write("vision_models3_efficientnet", eff)

# ---------------------------------------------------------------- RegNet
def block_params(p):
    return {"depths": p.depths, "widths": p.widths, "group_widths": p.group_widths,
            "bottleneck_multipliers": p.bottleneck_multipliers, "strides": p.strides, "se_ratio": p.se_ratio}


REGNET_ARGS = {
    "regnet_y_400mf": (16, 48, 27.89, 2.09, 8, 0.25), "regnet_y_800mf": (14, 56, 38.84, 2.4, 16, 0.25),
    "regnet_y_1_6gf": (27, 48, 20.71, 2.65, 24, 0.25), "regnet_y_3_2gf": (21, 80, 42.63, 2.66, 24, 0.25),
    "regnet_y_8gf": (17, 192, 76.82, 2.19, 56, 0.25), "regnet_y_16gf": (18, 200, 106.23, 2.48, 112, 0.25),
    "regnet_y_32gf": (20, 232, 115.89, 2.53, 232, 0.25), "regnet_y_128gf": (27, 456, 160.83, 2.52, 264, 0.25),
    "regnet_x_400mf": (22, 24, 24.48, 2.54, 16, None), "regnet_x_800mf": (16, 56, 35.73, 2.28, 16, None),
    "regnet_x_1_6gf": (18, 80, 34.01, 2.25, 24, None), "regnet_x_3_2gf": (25, 88, 26.31, 2.25, 48, None),
    "regnet_x_8gf": (23, 80, 49.56, 2.88, 120, None), "regnet_x_16gf": (22, 216, 55.59, 2.1, 128, None),
    "regnet_x_32gf": (23, 320, 69.86, 2.0, 168, None)}
reg = {}
for name, (depth, w_0, w_a, w_m, gw, se) in REGNET_ARGS.items():
    m = seeded(getattr(M, name))
    # the factory's arguments, checked against the built model's stages
    p = R.BlockParams.from_init_params(depth=depth, w_0=w_0, w_a=w_a, w_m=w_m, group_width=gw, se_ratio=se)
    assert [len(s) for s in m.trunk_output] == p.depths, name
    case = {"args": [depth, w_0, w_a, w_m, gw, se], "block_params": block_params(p),
            "num_params": sum(q.numel() for q in m.parameters())}
    if name == "regnet_y_400mf":
        case.update(build_case(m))
    elif name == "regnet_x_400mf":
        case.update(build_case(m, few=True))
    reg[name] = case
    del m
reg["regnet_y_400mf_eval"] = eval_case(seeded(M.regnet_y_400mf), (1, 3, 64, 64), buffers=True)
reg["regnet_x_400mf_eval"] = eval_case(seeded(M.regnet_x_400mf), (1, 3, 64, 64), buffers=True)
# from_init_params beyond the factories: bottleneck multipliers that make _adjust_widths_groups_compatibilty work
CUSTOM = [dict(depth=4, w_0=8, w_a=8, w_m=2, group_width=8, bottleneck_multiplier=1.0, se_ratio=0.25),
          dict(depth=5, w_0=16, w_a=6.5, w_m=1.7, group_width=4, bottleneck_multiplier=0.5, se_ratio=None),
          dict(depth=12, w_0=24, w_a=11.3, w_m=2.2, group_width=6, bottleneck_multiplier=2.25, se_ratio=0.5),
          dict(depth=30, w_0=64, w_a=0.0, w_m=3.0, group_width=16, bottleneck_multiplier=1.0, se_ratio=None)]
reg["block_params_custom"] = [{"args": a, "block_params": block_params(R.BlockParams.from_init_params(**a))} for a in CUSTOM]
reg["regnet_invalid"] = message(lambda: R.BlockParams.from_init_params(depth=4, w_0=12, w_a=8, w_m=2, group_width=8))
reg["regnet_bottleneck_half"] = build_case(seeded(lambda: R.RegNet(R.BlockParams.from_init_params(**CUSTOM[1]), num_classes=10,
                                                                    stem_width=8)))
reg["regnet_reduced"] = fixture_case(
    seeded(lambda: R.RegNet(R.BlockParams.from_init_params(**CUSTOM[0]), num_classes=10, stem_width=8)), (2, 3, 32, 32))
write("vision_models3_regnet", reg)

# ---------------------------------------------------------------- ShuffleNetV2, MNASNet
mob = {}
for name in ("shufflenet_v2_x0_5", "shufflenet_v2_x1_0", "shufflenet_v2_x1_5", "shufflenet_v2_x2_0"):
    m = seeded(getattr(M, name))
    mob[name] = build_case(m) if name == "shufflenet_v2_x0_5" else {"num_params": sum(p.numel() for p in m.parameters())}
mob["shufflenet_v2_x0_5_eval"] = eval_case(seeded(M.shufflenet_v2_x0_5), (1, 3, 64, 64), buffers=True)
mob["shufflenet_v2_x0_5_train"] = train_case(seeded(lambda: M.shufflenet_v2_x0_5(num_classes=10)), (2, 3, 128, 128))
# 64x64: the last stage sees 2x2 (at 1x1 its train-mode batch norm of two values leaves only float32 noise as gradient)
mob["shufflenet_reduced"] = fixture_case(seeded(lambda: ShuffleNetV2([1, 2, 1], [8, 16, 16, 32, 32], num_classes=10)),
                                         (2, 3, 64, 64))
mob["shufflenet_errors"] = [message(lambda: ShuffleNetV2([1, 2], [8, 16, 16, 32, 32])),
                            message(lambda: ShuffleNetV2([1, 2, 1], [8, 16, 16, 32])),
                            message(lambda: InvertedResidual(8, 8, 4)),
                            message(lambda: InvertedResidual(8, 12, 1))]
for name in ("mnasnet0_5", "mnasnet0_75", "mnasnet1_0", "mnasnet1_3"):
    m = seeded(getattr(M, name))
    mob[name] = build_case(m) if name == "mnasnet0_5" else {"num_params": sum(p.numel() for p in m.parameters())}
    mob[name]["depths"] = MN._get_depths(m.alpha)
mob["mnasnet0_5_eval"] = eval_case(seeded(M.mnasnet0_5), (1, 3, 64, 64), buffers=True)
mob["mnasnet0_5_train"] = train_case(seeded(lambda: MN.MNASNet(0.5, num_classes=10, dropout=0.0)), (2, 3, 128, 128))
mob["mnasnet_errors"] = [message(lambda: MN.MNASNet(0.0)), message(lambda: MN._InvertedResidual(8, 8, 3, 3, 3)),
                         message(lambda: MN._InvertedResidual(8, 8, 7, 1, 3)), message(lambda: MN._stack(8, 8, 3, 1, 3, 0, 0.1))]


def deterministic_v1_state_dict():
    """mnasnet0_5's state dict as torchvision before 0.6 saved it (the old stem), filled with values the test rebuilds."""
    old = MN.MNASNet(0.5, num_classes=10)
    # torchvision's own loader swaps the old stem in on a version-1 load (of nothing here)
    old._load_from_state_dict({}, "", {"version": 1}, False, [], [], [])
    v1 = old.state_dict()
    out = type(v1)()
    out._metadata = v1._metadata
    out._metadata[""]["version"] = 1
    for i, (k, v) in enumerate(v1.items()):
        out[k] = deterministic(k, v, i)
    return out


v1 = deterministic_v1_state_dict()
target = MN.MNASNet(0.5, num_classes=10)
target.load_state_dict(v1)
target.eval()
torch.manual_seed(2)
x = torch.rand(1, 3, 64, 64)
with torch.no_grad():
    mob["mnasnet_v1"] = {"keys": [[k, list(v.shape)] for k, v in v1.items()], "repr": repr(target), "version": target._version,
                         "input_sum": float(x.double().sum()), "out": out_json(target(x))}
write("vision_models3_mobile", mob)

# ---------------------------------------------------------------- GoogLeNet, Inception3
inc = {}
inc["googlenet"] = build_case(seeded(M.googlenet), few=True)
inc["googlenet_eval"] = eval_case(seeded(M.googlenet), (1, 3, 64, 64), buffers=True)
inc["googlenet_transform_eval"] = eval_case(
    seeded(lambda: GoogLeNet(num_classes=10, aux_logits=False, transform_input=True, init_weights=True)), (1, 3, 64, 64),
    buffers=True)
inc["googlenet_no_aux_num_params"] = sum(p.numel() for p in GoogLeNet(aux_logits=False, init_weights=False).parameters())


def aux_train_case(model, shape, dtype):
    """Train mode with the auxiliary classifiers: torchvision's outputs tuple, and (float64) every gradient of
    logits.sum() + 0.3 * (each auxiliary output's sum). 0.14's GoogLeNetOutputs holds aux1's output in aux_logits2 and
    aux2's in aux_logits1 (fixed in torchvision 0.21, pytorch/vision#8743): the test reads them crosswise."""
    x = torch.rand(*shape)
    model = model.to(dtype).train()
    out = model(x.to(dtype))
    case = {"input_sum": float(x.double().sum()), "outputs": [out_json(t) for t in out]}
    loss = out[0].sum() + 0.3 * sum(t.sum() for t in out[1:])
    if dtype == torch.float64:
        loss.backward()
        case["grads"] = grads_json(model)
    return case


def filled(model):
    """model_cases.deterministic_fill's values (float64 then sees no last-bit differences of the truncated normals, and
    the test builds without drawing), then manual_seed(0) for the input."""
    deterministic_fill(model)
    torch.manual_seed(0)
    return model


inc["googlenet_train"] = aux_train_case(
    filled(GoogLeNet(num_classes=10, aux_logits=True, init_weights=False, dropout=0.0, dropout_aux=0.0)), (2, 3, 64, 64),
    torch.float64)
# 27M truncated normals: kept few-sampled; the eval case at 80x80 (min_size 75 without the auxiliary classifier)
inc["inception_v3"] = build_case(seeded(M.inception_v3), few=True)
inc["inception_v3_eval"] = eval_case(seeded(M.inception_v3), (1, 3, 80, 80), buffers=True)
inc["inception_v3_no_aux_train"] = train_case(
    filled(Inception3(num_classes=10, aux_logits=False, init_weights=False, dropout=0.0)), (2, 3, 80, 80))
# the auxiliary classifier needs the full 299x299 (17x17 at Mixed_6e): float32 outputs only, to keep the test short
inc["inception_v3_aux_train"] = aux_train_case(
    filled(Inception3(num_classes=10, aux_logits=True, init_weights=False, dropout=0.0)), (2, 3, 299, 299), torch.float32)
write("vision_models3_inception", inc)

# ---------------------------------------------------------------- Swin, Swin V2
swin, swin2 = {}, {}
for name in ("swin_t", "swin_s", "swin_b", "swin_v2_t", "swin_v2_s", "swin_v2_b"):
    m = seeded(getattr(M, name))
    blocks = [b for st in m.features[1::2] for b in st]
    case = {"config": [m.features[0][0].out_channels, [len(st) for st in m.features[1::2]],
                       [st[0].attn.num_heads for st in m.features[1::2]], blocks[0].attn.window_size[0]],
            "stochastic_depth_p": [b.stochastic_depth.p for b in blocks],
            "num_params": sum(p.numel() for p in m.parameters())}
    if name in ("swin_t", "swin_v2_t"):
        case.update(build_case(m, few=True))
    (swin2 if "v2" in name else swin)[name] = case
    del m
# 64x64: 16x16 patches, padded to the 7-windows (V2: 8, unpadded), shifted; the later stages smaller than a window
swin["swin_t_eval"] = eval_case(seeded(M.swin_t), (1, 3, 64, 64))
swin2["swin_v2_t_eval"] = eval_case(seeded(M.swin_v2_t), (1, 3, 64, 64))
# 36x36: 9x9 patches padded to 12 and shifted, odd patch merging (padded to 10), then 5x5 padded to 8
for v2 in (False, True):
    kw = {"block": SW.SwinTransformerBlockV2, "downsample_layer": SW.PatchMergingV2} if v2 else {}
    (swin2 if v2 else swin)["swin_reduced" + ("_v2" if v2 else "")] = fixture_case(
        seeded(lambda: SW.SwinTransformer([4, 4], 8, [2, 2], [1, 2], [4, 4], stochastic_depth_prob=0.0, num_classes=10, **kw)),
        (2, 3, 36, 36))
write("vision_models3_swin", swin)
write("vision_models3_swin_v2", swin2)
