"""Golden for the ClassifyImage example -> examples/src/test/resources/classify_image.tsv.

Run: /usr/bin/python3 scripts/goldens/classify_image_goldens.py

torchvision's resnet50 initialised after torch.manual_seed(0) (torch4j's ResNet.resnet50() draws the same weights),
a uint8 image drawn after torch.manual_seed(1), ResNet50_Weights.DEFAULT's preset (torchvision 0.14: no antialias
on tensors), and the top-5 classes with their probabilities, one "category<TAB>probability" line each (the examples
module has no JSON parser).
"""
import os

import torch
import torchvision

torch.manual_seed(0)
model = torchvision.models.resnet50().eval()
torch.manual_seed(1)
image = torch.randint(0, 256, (3, 180, 240), dtype=torch.uint8)
weights = torchvision.models.ResNet50_Weights.DEFAULT
with torch.no_grad():
    p = model(weights.transforms()(image).unsqueeze(0)).squeeze(0).softmax(0)
top = p.topk(5)
lines = [f"{weights.meta['categories'][i]}\t{float(v)!r}" for i, v in zip(top.indices.tolist(), top.values.double().tolist())]
path = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "src", "test", "resources", "classify_image.tsv")
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path, "w") as f:
    f.write("\n".join(lines) + "\n")
print(*lines, sep="\n")
