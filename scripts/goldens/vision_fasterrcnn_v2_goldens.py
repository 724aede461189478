"""Goldens for torchvision 0.14's fasterrcnn_resnet50_fpn_v2 in dev.torch4j.vision.models.detection
-> goldens/vision_fasterrcnn_v2.json.

Run: /usr/bin/python3 scripts/goldens/vision_fasterrcnn_v2_goldens.py   (needs python3-torchvision; about 10 s)

No pretrained weights (no network): models are built after torch.manual_seed, as vision_detection_goldens.py does.
Named cases:
- conv_fc_head: FastRCNNConvFCHead((4, 5, 5), [6, 6], [10], norm_layer=BatchNorm2d) after manual_seed(0) (its state
  dict whole) and its output on a random [3, 4, 5, 5] input in training mode (batch statistics) and, after that,
  in evaluation mode (the running statistics it updated); the same without a norm layer.
- rpn_head: RPNHead(8, 3, conv_depth=2) after manual_seed(1): its state dict.
- model_eval: fasterrcnn_resnet50_fpn_v2(weights=None, weights_backbone=None, num_classes=3, min_size=160,
  max_size=256, few proposals) after manual_seed(0) as build_case; then the predictor scaled as in the v1 golden;
  detections on two rand images, checked against the float64 model.
- model_train: the same build in training mode (min_size (144, 160)) after manual_seed(2): the four losses
  (checked against float64) and gradient sums of a few parameters.
"""
import torch
from torch import nn
from torchvision.models.detection import fasterrcnn_resnet50_fpn_v2
from torchvision.models.detection.faster_rcnn import FastRCNNConvFCHead
from torchvision.models.detection.rpn import RPNHead

from common import write
from detection_cases import scaled, t2j
from model_cases import build_case
from torch2x import module_list_repr

torch.nn.ModuleList.__repr__ = module_list_repr  # torch4j prints 2.x's repr (the FPN's equal layer_blocks as one line)



cases = {}

torch.manual_seed(0)
h = FastRCNNConvFCHead((4, 5, 5), [6, 6], [10], norm_layer=nn.BatchNorm2d)
plain = FastRCNNConvFCHead((4, 5, 5), [6], [7, 3])
state = {k: t2j(v) for k, v in h.state_dict().items()}
plain_state = {k: t2j(v) for k, v in plain.state_dict().items()}
x = torch.randn(3, 4, 5, 5)
with torch.no_grad():
    train_out = h(x)
    h.eval()
    eval_out = h(x)
    plain_out = plain(x)
cases["conv_fc_head"] = {"state": state, "repr": repr(h), "input": t2j(x), "train_out": t2j(train_out), "eval_out": t2j(eval_out),
                         "plain_state": plain_state, "plain_out": t2j(plain_out)}

torch.manual_seed(1)
cases["rpn_head"] = {"state": {k: t2j(v) for k, v in RPNHead(8, 3, conv_depth=2).state_dict().items()}}


EVAL_KW = dict(num_classes=3, min_size=160, max_size=256, rpn_pre_nms_top_n_test=200, rpn_post_nms_top_n_test=30, box_detections_per_img=12)
torch.manual_seed(0)
m = fasterrcnn_resnet50_fpn_v2(weights=None, weights_backbone=None, **EVAL_KW)
built = build_case(m, few=True)
m = scaled(m).eval()
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

TRAIN_KW = dict(num_classes=3, min_size=(144, 160), max_size=256, rpn_pre_nms_top_n_train=300, rpn_post_nms_top_n_train=100,
                rpn_batch_size_per_image=64, box_batch_size_per_image=32)
boxes = [torch.tensor([[10.0, 12.0, 60.0, 80.0], [70.0, 20.0, 140.0, 110.0]]), torch.tensor([[5.0, 30.0, 80.0, 95.0]])]
labels = [torch.tensor([1, 2]), torch.tensor([2])]


def train_losses(dtype):
    torch.manual_seed(0)
    m = scaled(fasterrcnn_resnet50_fpn_v2(weights=None, weights_backbone=None, **TRAIN_KW)).to(dtype).train()
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
grad_keys = ["roi_heads.box_predictor.cls_score.weight", "roi_heads.box_head.5.weight", "roi_heads.box_head.0.0.weight",
             "roi_heads.box_head.0.1.weight", "rpn.head.conv.1.0.weight", "backbone.fpn.layer_blocks.0.1.weight", "backbone.body.conv1.weight"]
cases["model_train"] = {"input_sums": [float(i.double().sum()) for i in images], "targets": [t2j(b) for b in boxes],
                        "target_labels": [t2j(l) for l in labels], "losses": {k: float(v) for k, v in losses.items()},
                        "losses64": {k: float(v) for k, v in losses64.items()},
                        "grads": {k: [float(named[k].grad.double().sum()), float((named[k].grad.double() ** 2).sum())] for k in grad_keys}}

write("vision_fasterrcnn_v2", cases)
