"""Goldens for the pretrained-weight presets -> goldens/vision_weights.json.

Run: /usr/bin/python3 scripts/goldens/vision_weights_goldens.py

For a few torchvision 0.14 weights: the repr of weights.transforms() (ImageClassification), and what it makes of a
uint8 and a float image (0.14 does not antialias tensors; see ImageClassification's Javadoc): every 14th pixel
(out[..., ::14, ::14]) and the float64 sum of the whole output. The images are drawn after manual_seed(0) as the test
draws them again (torch4j's generator gives PyTorch's values), so they are not stored.
"""
import torch
import torchvision.models as M

from common import t2j, write

torch.manual_seed(0)
images = {"u8": torch.randint(0, 256, (3, 300, 400), dtype=torch.uint8), "f32": torch.rand(2, 3, 250, 260)}
cases = []
for enum, name in (("ResNet50_Weights", "IMAGENET1K_V2"), ("MobileNet_V3_Small_Weights", "IMAGENET1K_V1"),
                   ("ConvNeXt_Tiny_Weights", "IMAGENET1K_V1"), ("VGG16_Weights", "IMAGENET1K_FEATURES")):
    w = getattr(getattr(M, enum), name)
    t = w.transforms()
    cases.append({"enum": enum, "name": name, "repr": repr(t),
                  "outputs": {k: {"every14": t2j(t(v)[..., ::14, ::14]), "sum": float(t(v).double().sum())} for k, v in images.items()}})
write("vision_weights", cases)
