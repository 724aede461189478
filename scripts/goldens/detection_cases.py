"""Helpers shared by the detection golden scripts after vision_detection_goldens.py (Faster R-CNN v2, Mask R-CNN,
Keypoint R-CNN, RetinaNet and the v2 models): compact tensors, the scaled box predictor and Mask R-CNN's target and
output masks."""
import torch

from common import t2j as t2j_exact


def t2j(t):
    """float32 tensors at 9 significant digits (round-trips float32) to keep the files small."""
    j = t2j_exact(t)
    if j["dtype"] == "float32":
        j["data"] = [float(f"{v:.9g}") for v in j["data"]]
    return j


def scaled(m):
    """The random box predictor's weights scaled (cls_score by 0.02, bbox_pred by 0.1) so that its softmax does not
    saturate at 1.0 (tied scores), as vision_detection_goldens.py explains."""
    with torch.no_grad():
        m.roi_heads.box_predictor.cls_score.weight.mul_(0.02)
        m.roi_heads.box_predictor.bbox_pred.weight.mul_(0.1)
    return m


def box_masks(b, h, w):
    """A filled ellipse inside each box, as uint8 [N, h, w]."""
    ys, xs = torch.meshgrid(torch.arange(h) + 0.5, torch.arange(w) + 0.5, indexing="ij")
    out = []
    for x0, y0, x1, y1 in b.tolist():
        cx, cy, rx, ry = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
        out.append((((xs - cx) / rx) ** 2 + ((ys - cy) / ry) ** 2 <= 1).to(torch.uint8))
    return torch.stack(out)


def mask_summary(masks):
    """[N, 1, H, W] -> per mask: sum, sum of squares, every 7th row and column."""
    return [{"sum": float(m.double().sum()), "sumsq": float((m.double() ** 2).sum()), "strided": t2j(m[0, ::7, ::7])} for m in masks]
