"""Golden for the ClassifyImage example -> examples/src/test/resources/classify_image.tsv.

Run: /usr/bin/python3 scripts/goldens/classify_image_goldens.py

torchvision's resnet50 initialised after torch.manual_seed(0) (torch4j's ResNet.resnet50() draws the same weights),
a uint8 image drawn after torch.manual_seed(1), ResNet50_Weights.DEFAULT's preset as torchvision 0.17+ runs it
(antialias=True; written out with 0.14's functions), and the top-5 classes with their probabilities, one "category<TAB>probability" line each (the examples
module has no JSON parser).
"""
import os

import torch
import torchvision
import torchvision.transforms.functional as F

torch.manual_seed(0)
model = torchvision.models.resnet50().eval()
torch.manual_seed(1)
image = torch.randint(0, 256, (3, 180, 240), dtype=torch.uint8)
weights = torchvision.models.ResNet50_Weights.DEFAULT
preset = weights.transforms()
x = F.resize(image, preset.resize_size, interpolation=preset.interpolation, antialias=True)
x = F.normalize(F.convert_image_dtype(F.center_crop(x, preset.crop_size), torch.float), mean=preset.mean, std=preset.std)
with torch.no_grad():
    p = model(x.unsqueeze(0)).squeeze(0).softmax(0)
top = p.topk(5)
lines = [f"{weights.meta['categories'][i]}\t{float(v)!r}" for i, v in zip(top.indices.tolist(), top.values.double().tolist())]
path = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "src", "test", "resources", "classify_image.tsv")
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path, "w") as f:
    f.write("\n".join(lines) + "\n")
print(*lines, sep="\n")
