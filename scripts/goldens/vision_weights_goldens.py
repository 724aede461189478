"""Goldens for the pretrained-weight presets -> goldens/vision_weights.json.

Run: /usr/bin/python3 scripts/goldens/vision_weights_goldens.py

For a few torchvision 0.14 weights: the repr of weights.transforms() (ImageClassification), and what the preset
makes of a uint8 and a float image as torchvision 0.17+ runs it, with antialias=True (0.14's preset passes
antialias=None, which for tensors means off; 0.17 turned it on): resize, center crop, convert, normalize written
out here with 0.14's functions and antialias=True. Every 14th pixel
(out[..., ::14, ::14]) and the float64 sum of the whole output. The images are drawn after manual_seed(0) as the test
draws them again (torch4j's generator gives PyTorch's values), so they are not stored.
"""
import torch
import torchvision.models as M
import torchvision.transforms.functional as F

from common import t2j, write

torch.manual_seed(0)
images = {"u8": torch.randint(0, 256, (3, 300, 400), dtype=torch.uint8), "f32": torch.rand(2, 3, 250, 260)}
cases = []
for enum, name in (("ResNet50_Weights", "IMAGENET1K_V2"), ("MobileNet_V3_Small_Weights", "IMAGENET1K_V1"),
                   ("ConvNeXt_Tiny_Weights", "IMAGENET1K_V1"), ("VGG16_Weights", "IMAGENET1K_FEATURES"),
                   ("ViT_B_16_Weights", "IMAGENET1K_SWAG_LINEAR_V1"), ("EfficientNet_B1_Weights", "IMAGENET1K_V2"),
                   ("EfficientNet_V2_L_Weights", "IMAGENET1K_V1"), ("RegNet_Y_16GF_Weights", "IMAGENET1K_SWAG_E2E_V1")):
    w = getattr(getattr(M, enum), name)
    p = w.transforms()

    def t(img, p=p):
        x = F.resize(img, p.resize_size, interpolation=p.interpolation, antialias=True)
        x = F.center_crop(x, p.crop_size)
        return F.normalize(F.convert_image_dtype(x, torch.float), mean=p.mean, std=p.std)
    cases.append({"enum": enum, "name": name, "repr": repr(p),
                  "outputs": {k: {"every14": t2j(t(v)[..., ::14, ::14]), "sum": float(t(v).double().sum())} for k, v in images.items()}})
write("vision_weights", cases)
