"""Goldens for dev.torch4j.vision.models' third batch (torchvision 0.14's EfficientNet and EfficientNetV2)
-> goldens/vision_models3_efficientnet.json.

Run: /usr/bin/python3 scripts/goldens/vision_models3_goldens.py   (about a minute)

The cases are model_cases.py's (see vision_models2_goldens.py): "build" cases (after torch.manual_seed(0): every
state-dict entry's shape, sums and sampled elements, the repr), "eval" cases (running statistics redrawn, a small
input drawn next) and "fixture" cases (a reduced configuration's perturbed state dict, eval- and train-mode outputs
and gradients). Models the test does not build whole keep their configuration (torchvision's _efficientnet_conf,
the dropout, last channels and batch norm read back from the built model) and their parameter count.
"""
import torch
import torchvision
from torchvision.models import efficientnet as E

from common import write
from model_cases import build_case, eval_case, fixture_case, seeded

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
