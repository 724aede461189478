"""Goldens for torchvision 0.14's RetinaNet in dev.torch4j.vision.models.detection -> goldens/vision_retinanet.json.

Run: /usr/bin/python3 scripts/goldens/vision_retinanet_goldens.py   (needs python3-torchvision; about 10 s)

No pretrained weights (no network): models are built after torch.manual_seed, as vision_detection_goldens.py does.
Named cases:
- head: RetinaNetHead(4, 3, 4) after manual_seed(0) (its state dict whole: N(0, 0.01) weights, the prior bias), its
  outputs on two random levels, and compute_loss with matched indices (foreground, background and between
  thresholds) and the head's gradients of the loss sum.
- anchors: the default anchor generator's cell anchors (three truncated sizes per level).
- postprocess: RetinaNet.postprocess_detections on random logits, deltas and anchors of two levels, with a small
  topk_candidates so that the per-level cut matters.
- model_eval: retinanet_resnet50_fpn(weights=None, weights_backbone=None, num_classes=3, min_size=160,
  max_size=256, score_thresh=0.009, topk_candidates=40, detections_per_img=10) after manual_seed(0) as build_case
  (the random head's scores sit near the 0.01 prior, hence the low threshold; class 0 happens to win everywhere);
  detections on two rand images, checked against the float64 model (same labels, boxes within 1e-3).
- model_train: the same build in training mode (min_size (144, 160)) after manual_seed(2): the two losses (checked
  against float64) and gradient sums of a few parameters after backward of their sum.
"""
import torch
from torchvision.models.detection import retinanet_resnet50_fpn
from torchvision.models.detection.retinanet import RetinaNetHead, RetinaNet, _default_anchorgen

from common import write
from detection_cases import t2j
from model_cases import build_case
from torch2x import module_list_repr

torch.nn.ModuleList.__repr__ = module_list_repr  # torch4j prints 2.x's repr (the FPN's equal layer_blocks as one line)



cases = {}

# ---------------------------------------------------------------- head
torch.manual_seed(0)
head = RetinaNetHead(4, 3, 4)
feats = [torch.randn(2, 4, 4, 5), torch.randn(2, 4, 2, 3)]
out = head(feats)
n = out["cls_logits"].shape[1]  # 3 * (20 + 6) = 78 anchors
anchors = [torch.rand(n, 2) * 40, torch.rand(n, 2) * 40]
anchors = [torch.cat([a, a + 5 + torch.rand(n, 2) * 10], 1) for a in anchors]
matched = [torch.randint(-2, 2, (n,)), torch.randint(-2, 1, (n,))]
targets = [{"boxes": torch.tensor([[1.0, 2.0, 20.0, 30.0], [10.0, 5.0, 40.0, 25.0]]), "labels": torch.tensor([1, 3])},
           {"boxes": torch.tensor([[4.0, 4.0, 30.0, 33.0]]), "labels": torch.tensor([2])}]
losses = head.compute_loss(targets, out, anchors, matched)
sum(losses.values()).backward()
cases["head"] = {"state": {k: t2j(v) for k, v in head.state_dict().items()}, "repr": repr(head), "features": [t2j(f) for f in feats],
                 "cls_logits": t2j(out["cls_logits"]), "bbox_regression": t2j(out["bbox_regression"]),
                 "anchors": [t2j(a) for a in anchors], "matched": [t2j(m) for m in matched],
                 "targets": [t2j(t["boxes"]) for t in targets], "target_labels": [t2j(t["labels"]) for t in targets],
                 "losses": {k: float(v) for k, v in losses.items()}, "grads": {k: t2j(p.grad) for k, p in head.named_parameters()}}

# ---------------------------------------------------------------- anchors
cases["anchors"] = {"sizes": [list(s) for s in _default_anchorgen().sizes], "cell": [t2j(c) for c in _default_anchorgen().cell_anchors]}

# ---------------------------------------------------------------- postprocess
torch.manual_seed(1)


class Stub(torch.nn.Module):
    out_channels = 4


r = RetinaNet(Stub(), 4, head=head, score_thresh=0.3, topk_candidates=7, detections_per_img=9, nms_thresh=0.4)
levels = [30, 12]
logits = [[torch.randn(k, 4) for k in levels] for _ in range(2)]
deltas = [[torch.randn(k, 4) * 0.3 for k in levels] for _ in range(2)]
ancs = []
for _ in range(2):
    a = torch.rand(42, 2) * 40
    a = torch.cat([a, a + 4 + torch.rand(42, 2) * 12], 1)
    ancs.append([a[:30], a[30:]])
shapes = [(48, 50), (45, 60)]
heads = {"cls_logits": [torch.stack([logits[0][l], logits[1][l]]) for l in range(2)],
         "bbox_regression": [torch.stack([deltas[0][l], deltas[1][l]]) for l in range(2)]}
dets = r.postprocess_detections(heads, ancs, shapes)
cases["postprocess"] = {"logits": [[t2j(x) for x in im] for im in logits], "deltas": [[t2j(x) for x in im] for im in deltas],
                        "anchors": [[t2j(x) for x in im] for im in ancs], "shapes": [list(s) for s in shapes],
                        "detections": [{k: t2j(v) for k, v in d.items()} for d in dets]}


# ---------------------------------------------------------------- the whole model
EVAL_KW = dict(num_classes=3, min_size=160, max_size=256, score_thresh=0.009, topk_candidates=40, detections_per_img=10)
torch.manual_seed(0)
m = retinanet_resnet50_fpn(weights=None, weights_backbone=None, **EVAL_KW)
built = build_case(m, few=True)
m = m.eval()
torch.manual_seed(1)
imgs = [torch.rand(3, 120, 150), torch.rand(3, 100, 90)]
with torch.no_grad():
    out = m(imgs)
    out64 = m.double()([i.double() for i in imgs])
for a, b in zip(out, out64):
    assert len(a["labels"]) > 0
    assert torch.equal(a["labels"], b["labels"]) and (a["boxes"].double() - b["boxes"]).abs().max() < 1e-3, "fragile eval case"
cases["model_eval"] = {**built, "input_sums": [float(i.double().sum()) for i in imgs],
                       "detections": [{k: t2j(v) for k, v in o.items()} for o in out]}

TRAIN_KW = dict(num_classes=3, min_size=(144, 160), max_size=256)
boxes = [torch.tensor([[10.0, 12.0, 60.0, 80.0], [70.0, 20.0, 140.0, 110.0]]), torch.tensor([[5.0, 30.0, 80.0, 95.0]])]
labels = [torch.tensor([1, 2]), torch.tensor([2])]


def train_losses(dtype):
    torch.manual_seed(0)
    m = retinanet_resnet50_fpn(weights=None, weights_backbone=None, **TRAIN_KW).to(dtype).train()
    torch.manual_seed(2)
    images = [torch.rand(3, 120, 150).to(dtype), torch.rand(3, 100, 90).to(dtype)]
    tg = [{"boxes": b.to(dtype), "labels": l} for b, l in zip(boxes, labels)]
    return m, images, m(images, tg)


m, images, losses = train_losses(torch.float32)
losses64 = train_losses(torch.float64)[2]
for k in losses:
    assert abs(float(losses[k]) - float(losses64[k])) < 1e-3 * max(1.0, abs(float(losses64[k]))), ("fragile train case", k)
sum(losses.values()).backward()
named = dict(m.named_parameters())
grad_keys = ["head.classification_head.cls_logits.weight", "head.classification_head.conv.0.0.weight", "head.regression_head.bbox_reg.bias",
             "head.regression_head.conv.3.0.weight", "backbone.fpn.extra_blocks.p6.weight", "backbone.fpn.layer_blocks.0.0.weight",
             "backbone.body.conv1.weight"]
cases["model_train"] = {"input_sums": [float(i.double().sum()) for i in images], "targets": [t2j(b) for b in boxes],
                        "target_labels": [t2j(l) for l in labels], "losses": {k: float(v) for k, v in losses.items()},
                        "losses64": {k: float(v) for k, v in losses64.items()},
                        "grads": {k: [float(named[k].grad.double().sum()), float((named[k].grad.double() ** 2).sum())] for k in grad_keys}}

write("vision_retinanet", cases)
