"""Goldens for ResNet's constructor options and the ResNeXt / Wide ResNet builders (torchvision 0.14)
-> goldens/vision_resnet_options.json.

Run: /usr/bin/python3 scripts/goldens/vision_resnet_options_goldens.py   (a few seconds)

Build cases (after torch.manual_seed(0), no weights) keep each state-dict entry's key, shape, sums and sampled
elements (model_cases.build_case); the 101-layer builders keep only their parameter counts, which the test also
checks against the weights enums. Eval cases redraw the batch norms' running statistics (else eval-mode batch norm
is the identity) and run a small input; "reduced" (a grouped, dilated ResNet with a stage of two blocks) adds a
train-mode output with every parameter's gradient as sum and sum of squares. "errors" holds torchvision's messages
for options it refuses.
"""
import torch
import torchvision
from torchvision.models.resnet import BasicBlock, Bottleneck, ResNet
from torchvision.ops import FrozenBatchNorm2d

from common import write
from model_cases import build_case, eval_case, g, out_json, seeded

M = torchvision.models
cases = {}

for name in ("resnext50_32x4d", "wide_resnet50_2"):
    cases[name] = build_case(seeded(getattr(M, name)))
for name in ("resnext101_32x8d", "resnext101_64x4d", "wide_resnet101_2"):
    cases[name] = {"num_params": sum(p.numel() for p in getattr(M, name)().parameters())}
cases["resnext50_32x4d_eval"] = eval_case(seeded(M.resnext50_32x4d), (1, 3, 32, 32), buffers=True)

dilated = lambda: M.resnet50(replace_stride_with_dilation=[False, True, True])
cases["resnet50_dilated"] = build_case(seeded(dilated))
cases["resnet50_dilated_eval"] = eval_case(seeded(dilated), (1, 3, 32, 32), buffers=True)
frozen = lambda: M.resnet50(norm_layer=FrozenBatchNorm2d)
cases["resnet50_frozen_bn"] = build_case(seeded(frozen))
cases["resnet50_frozen_bn_eval"] = eval_case(seeded(frozen), (1, 3, 32, 32), buffers=True)
cases["resnet18_zero_init_residual"] = build_case(seeded(lambda: M.resnet18(zero_init_residual=True, num_classes=10)))
cases["resnet50_zero_init_residual_frozen"] = build_case(
    seeded(lambda: M.resnet50(zero_init_residual=True, norm_layer=FrozenBatchNorm2d)))
reduced = lambda: ResNet(Bottleneck, [1, 1, 2, 1], num_classes=10, groups=4, width_per_group=8,
                         replace_stride_with_dilation=[False, False, True])
cases["reduced"] = build_case(seeded(reduced))
cases["reduced"]["eval"] = eval_case(seeded(reduced), (2, 3, 32, 32), buffers=True)
model = seeded(reduced)  # train mode: batch statistics, and every parameter's gradient of out.sum()
x = torch.rand(2, 3, 32, 32)
out = model(x)
out.sum().backward()
cases["reduced"]["train"] = {"input_sum": float(x.double().sum()), "out": out_json(out),
                             "grads": [[n, g(float(p.grad.double().sum())), g(float((p.grad.double() ** 2).sum()))]
                                       for n, p in model.named_parameters()]}

def message(build):
    try:
        build()
    except (ValueError, NotImplementedError) as e:
        return [type(e).__name__, str(e)]
    raise AssertionError("built")


cases["errors"] = {
    "basic_groups": message(lambda: ResNet(BasicBlock, [1, 1, 1, 1], groups=2)),
    "basic_dilation": message(lambda: M.resnet18(replace_stride_with_dilation=[False, False, True])),
    "dilation_length": message(lambda: M.resnet50(replace_stride_with_dilation=[False, True])),
    "resnext_groups": message(lambda: M.resnext50_32x4d(groups=2)),
}
write("vision_resnet_options", cases)
