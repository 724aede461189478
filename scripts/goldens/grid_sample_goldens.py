"""Goldens for F.affine_grid and F.grid_sample (2-d) -> goldens/grid_sample.json.

Run: /usr/bin/python3 scripts/goldens/grid_sample_goldens.py

Each case: input, grid (partly outside [-1, 1]), mode, padding mode, align_corners, the output and the gradients of
(out * w).sum() for input and grid; affine cases: theta, size, align_corners, the grid and theta's gradient.
"""
import torch
import torch.nn.functional as F

from common import t2j, write

torch.manual_seed(0)
D = torch.float64
cases = []
for mode in ["bilinear", "nearest"]:
    for padding in ["zeros", "border", "reflection"]:
        for align in [False, True]:
            x = torch.randn(2, 3, 4, 5, dtype=D, requires_grad=True)
            grid = (torch.rand(2, 3, 6, 2, dtype=D) * 2.8 - 1.4).requires_grad_(True)
            out = F.grid_sample(x, grid, mode=mode, padding_mode=padding, align_corners=align)
            w = torch.randn(out.shape, dtype=D)
            (out * w).sum().backward()
            cases.append({"kind": "grid_sample", "mode": mode, "padding": padding, "align_corners": align, "input": t2j(x),
                          "grid": t2j(grid), "out": t2j(out), "w": t2j(w), "grad_input": t2j(x.grad), "grad_grid": t2j(grid.grad)})
for align in [False, True]:
    theta = torch.randn(2, 2, 3, dtype=D, requires_grad=True)
    g = F.affine_grid(theta, [2, 3, 4, 5], align_corners=align)
    w = torch.randn(g.shape, dtype=D)
    (g * w).sum().backward()
    cases.append({"kind": "affine_grid", "align_corners": align, "theta": t2j(theta), "size": [2, 3, 4, 5], "grid": t2j(g),
                  "w": t2j(w), "grad_theta": t2j(theta.grad)})
# a spatial transformer step: rotate an image by affine_grid + grid_sample, gradient to theta
theta = torch.tensor([[[0.8, -0.6, 0.1], [0.6, 0.8, -0.2]]], dtype=D, requires_grad=True)
img = torch.randn(1, 1, 6, 6, dtype=D)
out = F.grid_sample(img, F.affine_grid(theta, [1, 1, 5, 5], align_corners=False), align_corners=False)
out.sum().backward()
cases.append({"kind": "stn", "theta": t2j(theta), "image": t2j(img), "out": t2j(out), "grad_theta": t2j(theta.grad)})
write("grid_sample", cases)
