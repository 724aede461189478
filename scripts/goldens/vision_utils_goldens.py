"""Goldens for dev.torch4j.vision.Utils (torchvision.utils.make_grid and save_image) -> goldens/vision_utils.json.

Run: /usr/bin/python3 scripts/goldens/vision_utils_goldens.py   (needs python3-torchvision)
"""
import torch
import torchvision

from common import t2j, write

torch.manual_seed(0)
cases = []
batch = torch.randn(5, 3, 4, 6)
gray = torch.rand(3, 1, 3, 3)
for name, x, kw in [
    ("defaults", batch, {}),
    ("nrow2_pad1", batch, {"nrow": 2, "padding": 1}),
    ("pad_value", batch, {"nrow": 3, "pad_value": 0.5}),
    ("normalize", batch, {"nrow": 2, "normalize": True}),
    ("normalize_range", batch, {"normalize": True, "value_range": (-1.0, 1.0)}),
    ("scale_each", batch, {"nrow": 4, "normalize": True, "scale_each": True}),
    ("gray_batch", gray, {"nrow": 2}),
    ("one_image", batch[0], {}),
    ("one_gray_image", gray[0], {}),
    ("hw_image", batch[0, 0], {"normalize": True}),
    ("no_padding", batch, {"nrow": 5, "padding": 0}),
]:
    grid = torchvision.utils.make_grid(x, **kw)
    # what save_image writes: make_grid, then bytes as torchvision rounds them
    saved = grid.mul(255).add_(0.5).clamp_(0, 255).to(torch.uint8)
    cases.append({"name": name, "input": t2j(x), "kwargs": {k: list(v) if isinstance(v, tuple) else v for k, v in kw.items()},
                  "grid": t2j(grid), "saved": t2j(saved)})
write("vision_utils", cases)
