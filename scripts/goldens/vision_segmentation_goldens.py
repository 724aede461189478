"""Goldens for dev.torch4j.vision.models.segmentation (torchvision 0.14's FCN, DeepLabV3, LRASPP), the
IntermediateLayerGetter and the SemanticSegmentation preset -> goldens/vision_segmentation.json, with the ResNet-based
models in vision_segmentation_resnet.json (two files keep each under 300 KB).

Run: /usr/bin/python3 scripts/goldens/vision_segmentation_goldens.py   (about half a minute)

Each model is built as its builder builds it with weights_backbone=None (and aux_loss=True where there is one, as
the pretrained weights are), after torch.manual_seed(0): per state-dict entry its key, shape, sums and first and
last elements (model_cases.build_case with few=True), the repr (or its SHA-256) and the parameter count. The eval
case rebuilds it, redraws the batch norms' running statistics (model_cases.perturb_buffers), and runs torch.rand(1,
3, 48, 64) drawn next; each output ("out", "aux") is stored as its sum and sum of squares and a strided slice
[:, ::4, ::5, ::7] (a full 21 x 48 x 64 map per model would be large). "lraspp_train" is the LRASPP in train mode, in
float64, on a batch of two with every parameter's gradient of out.sum(). "default_*" are the builders without aux_loss;
"mobilenet_v3_small_dilated" is mobilenet_v3_small(dilated=True) (build and eval, as model_cases makes them).
"""
import torch
import torchvision
import torchvision.models.segmentation as S
from torchvision.models._utils import IntermediateLayerGetter

from common import t2j, write
from model_cases import build_case, eval_case, g, message, out_json, perturb_buffers, seeded

SHAPE = (1, 3, 48, 64)


def reduced(t):
    d = t.detach().double()
    return {"sum": g(float(d.sum())), "sumsq": g(float((d * d).sum())), "shape": list(t.shape),
            "slice": out_json(t[:, ::4, ::5, ::7])}


def outputs(model, x):
    with torch.no_grad():
        out = model(x)
    return {k: reduced(v) for k, v in out.items()}


cases, resnet_cases = {}, {}
BUILDERS = {
    "fcn_resnet50": lambda: S.fcn_resnet50(weights_backbone=None, aux_loss=True),
    "fcn_resnet101": lambda: S.fcn_resnet101(weights_backbone=None, aux_loss=True),
    "deeplabv3_resnet50": lambda: S.deeplabv3_resnet50(weights_backbone=None, aux_loss=True),
    "deeplabv3_resnet101": lambda: S.deeplabv3_resnet101(weights_backbone=None, aux_loss=True),
    "deeplabv3_mobilenet_v3_large": lambda: S.deeplabv3_mobilenet_v3_large(weights_backbone=None, aux_loss=True),
    "lraspp_mobilenet_v3_large": lambda: S.lraspp_mobilenet_v3_large(weights_backbone=None),
}
for name, build in BUILDERS.items():
    c = resnet_cases if "resnet" in name else cases
    c[name] = build_case(seeded(build), few=True)
    model = seeded(build)
    perturb_buffers(model)
    model.eval()
    x = torch.rand(*SHAPE)
    c[name]["eval"] = {"input_sum": float(x.double().sum()), "out": outputs(model, x)}

# the small MobileNetV3 dilated too (the builders use the large one)
small = lambda: torchvision.models.mobilenet_v3_small(dilated=True)
cases["mobilenet_v3_small_dilated"] = build_case(seeded(small), few=True)
cases["mobilenet_v3_small_dilated"]["eval"] = eval_case(seeded(small), SHAPE, buffers=True)

for name, build in (("fcn_resnet50", lambda: S.fcn_resnet50(weights_backbone=None)),
                    ("deeplabv3_mobilenet_v3_large", lambda: S.deeplabv3_mobilenet_v3_large(weights_backbone=None))):
    m = seeded(build)
    cases["default_" + name] = {"num_params": sum(p.numel() for p in m.parameters()), "keys": len(m.state_dict()),
                                "aux_classifier": m.aux_classifier is not None}

# in float64: several gradients are zero in exact arithmetic (a batch-norm bias feeding a train-mode batch norm), and
# float32 leaves only rounding noise there
model = seeded(lambda: S.lraspp_mobilenet_v3_large(weights_backbone=None, num_classes=5)).double()
x = torch.rand(2, 3, 48, 64)
out = model(x.double())["out"]
out.sum().backward()
cases["lraspp_train"] = {"input_sum": float(x.double().sum()), "out": reduced(out),
                         "grads": [[n, g(float(p.grad.double().sum())), g(float((p.grad.double() ** 2).sum()))]
                                   for n, p in model.named_parameters()]}

# IntermediateLayerGetter on resnet18: layer4 onwards dropped; the named outputs in eval mode
m = seeded(torchvision.models.resnet18)
getter = IntermediateLayerGetter(m, {"layer1": "feat1", "layer3": "feat2"})
x = torch.rand(1, 3, 64, 64)
getter.eval()
with torch.no_grad():
    feats = getter(x)
cases["getter"] = build_case(getter, few=True)
cases["getter"]["eval"] = {"input_sum": float(x.double().sum()),
                           "out": {k: {"shape": list(v.shape), "sum": g(float(v.double().sum())),
                                       "sumsq": g(float((v.double() ** 2).sum()))} for k, v in feats.items()}}

# the SemanticSegmentation preset on a small image, upscaled to 520 (antialiasing plays no part): as uint8 and as
# float. PyTorch 2.x resamples uint8 in fixed point (as torch4j) where 1.13 interpolated in float and rounded, so the
# test allows the uint8 result one level; the float one is compared closely.
torch.manual_seed(0)
img = torch.randint(0, 256, (3, 20, 30), dtype=torch.uint8)
t = S.FCN_ResNet50_Weights.DEFAULT.transforms()
for name, im in (("preset", img), ("preset_float", img.float() / 255)):
    y = t(im)
    cases[name] = {"repr": repr(t), "image": t2j(im), "shape": list(y.shape), "sum": g(float(y.double().sum())),
                   "sumsq": g(float((y.double() ** 2).sum())), "slice": out_json(y[:, ::37, ::53])}

cases["errors"] = {
    "num_classes": message(lambda: S.fcn_resnet50(weights=S.FCN_ResNet50_Weights.DEFAULT, num_classes=10)),
    "aux_loss": message(lambda: S.deeplabv3_resnet50(weights=S.DeepLabV3_ResNet50_Weights.DEFAULT, aux_loss=False)),
    "return_layers": message(lambda: IntermediateLayerGetter(torchvision.models.resnet18(), {"layer5": "x"})),
}
write("vision_segmentation", cases)
write("vision_segmentation_resnet", resnet_cases)
