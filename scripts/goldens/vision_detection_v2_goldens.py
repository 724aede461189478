"""Goldens for torchvision 0.14's retinanet_resnet50_fpn_v2 and maskrcnn_resnet50_fpn_v2 in
dev.torch4j.vision.models.detection -> goldens/vision_detection_v2.json.

Run: /usr/bin/python3 scripts/goldens/vision_detection_v2_goldens.py   (needs python3-torchvision; about 30 s)

No pretrained weights (no network): models are built after torch.manual_seed, as vision_detection_goldens.py does.
Named cases:
- retina_head: RetinaNetHead(8, 3, 4, norm_layer=partial(GroupNorm, 4)) after manual_seed(0) (its state dict whole)
  with the regression loss "giou", its outputs on two random levels, compute_loss with matched indices (the deltas
  times 20) and the head's gradients of the loss sum; then the regression loss for each of _box_loss's types.
- mask_heads: MaskRCNNHeads(8, (6, 6), 2, norm_layer=BatchNorm2d) after manual_seed(1) (its state dict whole, repr) and
  its output on a random [3, 8, 7, 7] input in training mode, then in evaluation mode.
- retina_eval / retina_train: retinanet_resnet50_fpn_v2(weights=None, weights_backbone=None, num_classes=3,
  min_size=160, max_size=256, ...) after manual_seed(0) recorded as build_case; detections on two rand images
  (checked against float64) and, in training mode after manual_seed(2), the two losses (checked against float64) and
  gradient sums of a few parameters. As in vision_retinanet_goldens.py the random head's scores sit near the 0.01
  prior, hence the low score threshold.
- mask_eval / mask_train: maskrcnn_resnet50_fpn_v2 the same way, its box predictor scaled as in the Faster R-CNN
  goldens; masks kept as sums, sums of squares and every 7th row and column, as vision_maskrcnn_goldens.py does.
"""
from functools import partial

import torch
from torch import nn
from torchvision.models.detection import maskrcnn_resnet50_fpn_v2, retinanet_resnet50_fpn_v2
from torchvision.models.detection.mask_rcnn import MaskRCNNHeads
from torchvision.models.detection.retinanet import RetinaNetHead

from common import write
from detection_cases import box_masks, mask_summary, scaled, t2j
from model_cases import build_case
from torch2x import module_list_repr

torch.nn.ModuleList.__repr__ = module_list_repr  # torch4j prints 2.x's repr (the FPN's equal layer_blocks as one line)



cases = {}

# ---------------------------------------------------------------- RetinaNet's head with GroupNorm and GIoU
torch.manual_seed(0)
head = RetinaNetHead(8, 3, 4, norm_layer=partial(nn.GroupNorm, 4))
head.regression_head._loss_type = "giou"
feats = [torch.randn(2, 8, 4, 5), torch.randn(2, 8, 2, 3)]
out = head(feats)
n = out["cls_logits"].shape[1]  # 3 * (20 + 6) = 78 anchors
anchors = [torch.rand(n, 2) * 40, torch.rand(n, 2) * 40]
anchors = [torch.cat([a, a + 5 + torch.rand(n, 2) * 10], 1) for a in anchors]
matched = [torch.randint(-2, 2, (n,)), torch.randint(-2, 1, (n,))]
targets = [{"boxes": torch.tensor([[1.0, 2.0, 20.0, 30.0], [10.0, 5.0, 40.0, 25.0]]), "labels": torch.tensor([1, 3])},
           {"boxes": torch.tensor([[4.0, 4.0, 30.0, 33.0]]), "labels": torch.tensor([2])}]
# the random head's deltas (about 0.05) scaled by 20, so that the decoded boxes move off their anchors
reg = (out["bbox_regression"] * 20).detach()
losses = head.compute_loss(targets, {"cls_logits": out["cls_logits"], "bbox_regression": out["bbox_regression"] * 20}, anchors, matched)
sum(losses.values()).backward()
by_type = {}
for kind in ["l1", "smooth_l1", "giou", "diou", "ciou"]:
    head.regression_head._loss_type = kind
    by_type[kind] = float(head.regression_head.compute_loss(targets, {"bbox_regression": reg}, anchors, matched))
cases["retina_head"] = {"state": {k: t2j(v) for k, v in head.state_dict().items()}, "repr": repr(head), "features": [t2j(f) for f in feats],
                        "cls_logits": t2j(out["cls_logits"]), "bbox_regression": t2j(out["bbox_regression"]),
                        "anchors": [t2j(a) for a in anchors], "matched": [t2j(m) for m in matched],
                        "targets": [t2j(t["boxes"]) for t in targets], "target_labels": [t2j(t["labels"]) for t in targets],
                        "losses": {k: float(v) for k, v in losses.items()}, "grads": {k: t2j(p.grad) for k, p in head.named_parameters()},
                        "loss_by_type": by_type}

# ---------------------------------------------------------------- MaskRCNNHeads with batch norm
torch.manual_seed(1)
mh = MaskRCNNHeads(8, (6, 6), 2, norm_layer=nn.BatchNorm2d)
state = {k: t2j(v) for k, v in mh.state_dict().items()}
x = torch.randn(3, 8, 7, 7)
with torch.no_grad():
    train_out = mh(x)
    mh.eval()
    eval_out = mh(x)
cases["mask_heads"] = {"state": state, "repr": repr(mh), "input": t2j(x), "train_out": t2j(train_out), "eval_out": t2j(eval_out)}

# ---------------------------------------------------------------- the whole models
boxes = [torch.tensor([[10.0, 12.0, 60.0, 80.0], [70.0, 20.0, 140.0, 110.0]]), torch.tensor([[5.0, 30.0, 80.0, 95.0]])]
labels = [torch.tensor([1, 2]), torch.tensor([2])]


def eval_case(factory, kw):
    torch.manual_seed(0)
    m = factory(weights=None, weights_backbone=None, **kw)
    built = build_case(m, few=True)
    m = (scaled(m) if hasattr(m, "roi_heads") else m).eval()
    torch.manual_seed(1)
    imgs = [torch.rand(3, 120, 150), torch.rand(3, 100, 90)]
    with torch.no_grad():
        out = m(imgs)
        out64 = m.double()([i.double() for i in imgs])
    dets = []
    for a, b in zip(out, out64):
        assert len(a["labels"]) > 0
        assert torch.equal(a["labels"], b["labels"]) and (a["boxes"].double() - b["boxes"]).abs().max() < 1e-3, "fragile eval case"
        d = {"boxes": t2j(a["boxes"]), "labels": t2j(a["labels"]), "scores": t2j(a["scores"])}
        if "masks" in a:
            assert (a["masks"].double() - b["masks"]).abs().max() < 1e-3, "fragile masks"
            d.update(mask_shape=list(a["masks"].shape), masks=mask_summary(a["masks"]))
        dets.append(d)
    return {**built, "input_sums": [float(i.double().sum()) for i in imgs], "detections": dets}


def train_case(factory, kw, grad_keys, masks):
    def run(dtype):
        torch.manual_seed(0)
        m = factory(weights=None, weights_backbone=None, **kw)
        m = (scaled(m) if hasattr(m, "roi_heads") else m).to(dtype).train()
        torch.manual_seed(2)
        images = [torch.rand(3, 120, 150).to(dtype), torch.rand(3, 100, 90).to(dtype)]
        tg = [{"boxes": b.to(dtype), "labels": l} for b, l in zip(boxes, labels)]
        if masks:
            for t, i in zip(tg, images):
                t["masks"] = box_masks(t["boxes"], i.shape[1], i.shape[2])
        return m, images, m(images, tg)

    m, images, losses = run(torch.float32)
    losses64 = run(torch.float64)[2]
    for k in losses:
        assert abs(float(losses[k]) - float(losses64[k])) < 1e-3 * max(1.0, abs(float(losses64[k]))), ("fragile train case", k)
    sum(losses.values()).backward()
    named = dict(m.named_parameters())
    return {"input_sums": [float(i.double().sum()) for i in images], "targets": [t2j(b) for b in boxes],
            "target_labels": [t2j(l) for l in labels], "losses": {k: float(v) for k, v in losses.items()},
            "losses64": {k: float(v) for k, v in losses64.items()},
            "grads": {k: [float(named[k].grad.double().sum()), float((named[k].grad.double() ** 2).sum())] for k in grad_keys}}


cases["retina_eval"] = eval_case(retinanet_resnet50_fpn_v2, dict(num_classes=3, min_size=160, max_size=256, score_thresh=0.009,
                                                                 topk_candidates=40, detections_per_img=10))
cases["retina_train"] = train_case(retinanet_resnet50_fpn_v2, dict(num_classes=3, min_size=(144, 160), max_size=256),
                                   ["head.classification_head.cls_logits.weight", "head.classification_head.conv.0.1.weight",
                                    "head.regression_head.bbox_reg.bias", "head.regression_head.conv.3.0.weight",
                                    "backbone.fpn.extra_blocks.p6.weight", "backbone.fpn.layer_blocks.0.0.weight", "backbone.body.conv1.weight"],
                                   masks=False)
cases["mask_eval"] = eval_case(maskrcnn_resnet50_fpn_v2, dict(num_classes=3, min_size=160, max_size=256, rpn_pre_nms_top_n_test=200,
                                                              rpn_post_nms_top_n_test=30, box_detections_per_img=8))
cases["mask_train"] = train_case(maskrcnn_resnet50_fpn_v2, dict(num_classes=3, min_size=(144, 160), max_size=256, rpn_pre_nms_top_n_train=300,
                                                                rpn_post_nms_top_n_train=100, rpn_batch_size_per_image=64,
                                                                box_batch_size_per_image=32),
                                 ["roi_heads.mask_predictor.mask_fcn_logits.weight", "roi_heads.mask_head.3.0.weight",
                                  "roi_heads.mask_head.0.1.weight", "roi_heads.box_head.0.1.weight", "rpn.head.conv.1.0.weight",
                                  "backbone.fpn.layer_blocks.0.1.weight", "backbone.body.conv1.weight"],
                                 masks=True)

write("vision_detection_v2", cases)
