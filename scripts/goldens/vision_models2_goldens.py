"""Goldens for dev.torch4j.vision.models' second batch (torchvision 0.14's AlexNet, VGG, SqueezeNet, DenseNet,
VisionTransformer and ConvNeXt) -> goldens/vision_models2.json (AlexNet, VGG, SqueezeNet), vision_models2_convnext.json,
vision_models2_densenet.json, vision_models2_densenet2.json (a second file keeps each under 300 KB) and
vision_models2_vit.json.

Run: /usr/bin/python3 scripts/goldens/vision_models2_goldens.py   (needs python3-torchvision; about 2 minutes: vit_h_14 alone is 2.5 GB)

Full-size models are far too big to store, so each build case (built after torch.manual_seed(0), no pretrained
weights) keeps, for every state-dict entry in order, its key, shape, float64 sum and sum of squares and a few
sampled elements (at indices 0, 1, n // 3, n // 2, n - 1): enough to show the same random draws. The repr is kept
whole where it is short, and as a SHA-256 with its length otherwise. Models the test JVM cannot afford to build
(vit_l_*, vit_h_14: 300M-630M parameters; convnext_small/base/large: slow truncated normals on the host) keep their
architecture (read back from the built model) and, for ViT, a build case of the same widths with one encoder layer.

"eval" cases: a seeded model in eval mode on a small input drawn right after it (torch.rand); for models with batch
norm the running statistics are first redrawn as the test redraws them (perturb_buffers), else eval-mode batch norm
would be the identity.

"fixture" cases: reduced configurations built through the general constructors, every floating entry moved off its
initialisation with random noise, then saved with torch.save (base64 in the JSON: the test loads it with Torch.load
and loadStateDict, strict), with the eval-mode output on torch.rand after manual_seed(1), and the train-mode output
on the next draw with every parameter's gradient of out.sum() as sum and sum of squares.
"""
import torch
import torchvision
from torchvision.models import vision_transformer as vt
from torchvision.models.convnext import CNBlockConfig, ConvNeXt
from torchvision.models.densenet import DenseNet

from common import write
from model_cases import build_case, eval_case, fixture_case, seeded

M = torchvision.models
main, convnext, dense, dense2, vit = {}, {}, {}, {}, {}

# ---------------------------------------------------------------- AlexNet, VGG, SqueezeNet
for name in ("alexnet", "vgg11", "vgg11_bn", "vgg13", "vgg13_bn", "vgg16", "vgg16_bn", "vgg19", "vgg19_bn",
             "squeezenet1_0", "squeezenet1_1"):
    main[name] = build_case(seeded(getattr(M, name)))
main["alexnet_eval"] = eval_case(seeded(M.alexnet), (1, 3, 64, 64))
main["vgg11_eval"] = eval_case(seeded(M.vgg11), (1, 3, 32, 32))
main["vgg11_bn_eval"] = eval_case(seeded(M.vgg11_bn), (1, 3, 32, 32), buffers=True)
main["squeezenet1_0_eval"] = eval_case(seeded(M.squeezenet1_0), (1, 3, 64, 64))
main["squeezenet1_1_eval"] = eval_case(seeded(M.squeezenet1_1), (1, 3, 64, 64))
main["alexnet_10_dropout"] = build_case(seeded(lambda: M.alexnet(num_classes=10, dropout=0.25)))

# ---------------------------------------------------------------- ConvNeXt
def convnext_config(m):
    """The block setting read back from a built ConvNeXt: [input_channels, out_channels (0: None), num_layers]."""
    stages = [s for s in m.features[1:] if isinstance(s[0], torchvision.models.convnext.CNBlock)]
    out = []
    for s in stages:
        i = list(m.features).index(s)
        down = m.features[i + 1] if i + 1 < len(m.features) else None
        out.append([s[0].block[0].in_channels, down[1].out_channels if down is not None else 0, len(s)])
    return out


for name in ("convnext_tiny", "convnext_small", "convnext_base", "convnext_large"):
    m = seeded(getattr(M, name))
    sd = [b.stochastic_depth.p for s in m.features if isinstance(s, torch.nn.Sequential) for b in s
          if hasattr(b, "stochastic_depth")]
    # full-size builds are slow in the test (truncated normals on the host): the smallest is checked whole
    convnext[name] = build_case(m) if name == "convnext_tiny" else {"num_params": sum(p.numel() for p in m.parameters())}
    convnext[name].update({"config": convnext_config(m), "stochastic_depth_p": sd})
    del m
convnext["convnext_tiny_eval"] = eval_case(seeded(M.convnext_tiny), (1, 3, 32, 32))
convnext["convnext_reduced"] = fixture_case(
    seeded(lambda: ConvNeXt([CNBlockConfig(8, 16, 1), CNBlockConfig(16, None, 2)], stochastic_depth_prob=0.0,
                            num_classes=10)), (2, 3, 32, 32))

# ---------------------------------------------------------------- DenseNet
for name in ("densenet121", "densenet169"):
    dense[name] = build_case(seeded(getattr(M, name)))
for name in ("densenet161", "densenet201"):  # a second file keeps each under 300 KB
    dense2[name] = build_case(seeded(getattr(M, name)))
dense["densenet121_eval"] = eval_case(seeded(M.densenet121), (1, 3, 32, 32), buffers=True)
dense["densenet_reduced"] = fixture_case(
    seeded(lambda: DenseNet(growth_rate=4, block_config=(2, 3), num_init_features=8, bn_size=2, num_classes=10)),
    (2, 3, 32, 32))

# ---------------------------------------------------------------- VisionTransformer
VIT = {"vit_b_16": (16, 12, 12, 768, 3072), "vit_b_32": (32, 12, 12, 768, 3072), "vit_l_16": (16, 24, 16, 1024, 4096),
       "vit_l_32": (32, 24, 16, 1024, 4096), "vit_h_14": (14, 32, 16, 1280, 5120)}
for name, (patch, layers, heads, hidden, mlp) in VIT.items():
    m = seeded(getattr(M, name))
    enc0 = m.encoder.layers[0]
    vit[name] = {"config": [m.image_size, m.patch_size, len(m.encoder.layers), enc0.num_heads, m.hidden_dim, m.mlp_dim],
                 "num_params": sum(p.numel() for p in m.parameters())}
    if name in ("vit_b_16", "vit_b_32"):
        vit[name].update(build_case(m))
    del m
    if name in ("vit_l_16", "vit_l_32", "vit_h_14"):
        # the same widths with one encoder layer, through the general constructor: what the test can afford to build
        vit[name + "_one_layer"] = build_case(seeded(lambda: vt.VisionTransformer(224, patch, 1, heads, hidden, mlp)))
vit["vit_tiny"] = build_case(seeded(lambda: vt.VisionTransformer(32, 8, 2, 2, 16, 32)))
vit["vit_tiny_fixture"] = fixture_case(seeded(lambda: vt.VisionTransformer(32, 8, 2, 2, 16, 32, num_classes=10)),
                                       (2, 3, 32, 32))
vit["vit_tiny_representation"] = fixture_case(
    seeded(lambda: vt.VisionTransformer(32, 8, 2, 2, 16, 32, num_classes=10, representation_size=12)), (2, 3, 32, 32))

write("vision_models2", main)
write("vision_models2_convnext", convnext)
write("vision_models2_densenet", dense)
write("vision_models2_densenet2", dense2)
write("vision_models2_vit", vit)
