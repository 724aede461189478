"""Exports torchvision detection models to ONNX for benchmarks/onnx_detection.sh, with an image and PyTorch's outputs.

usage: onnx_detection.py OUTDIR THREADS MODEL...
Writes OUTDIR/<model>.onnx (opset 11, as torchvision's own ONNX tests), <model>_x.npy (one 3x300x400 image) and
<model>_<output>.npy for each output PyTorch gives (boxes, labels, scores, masks), and prints "RESULT <model>
pytorch <ms>". Random weights (no downloads), eval mode; parameters torchvision initialises to zero are drawn from
N(0, 0.02) and the frozen batch norms get random statistics, so that features vary; the class layers are scaled to
spread the scores (spread); the R-CNNs keep every box score (box_score_thresh 0). Random heads still give many nearly tied scores, so the check
matches detections regardless of order.
"""
import os
import sys
import time

import numpy as np
import torch
import torchvision



def spread(m, name, x):
    """Scales the class layers' weights so that their logits on x have standard deviation 3: random heads otherwise
    tie most scores (or saturate them), and which of tied detections a model keeps is arbitrary."""
    if "rcnn" in name:
        layers = [m.roi_heads.box_predictor.cls_score]
    elif name.startswith("ssd"):
        layers = [b[-1] for b in m.head.classification_head.module_list]
    else:
        layers = [m.head.classification_head.cls_logits]
    outs = []
    hooks = [layer.register_forward_hook(lambda mod, i, o: outs.append(o.flatten())) for layer in layers]
    with torch.no_grad():
        m([x])
        for h in hooks:
            h.remove()
        s = 3 / torch.cat(outs).std()
        for layer in layers:
            layer.weight.mul_(s)


out, threads = sys.argv[1], int(sys.argv[2])
torch.set_num_threads(threads)
for name in sys.argv[3:]:
    torch.manual_seed(0)
    kw = {"weights": None, "weights_backbone": None}
    if "rcnn" in name:
        kw["box_score_thresh"] = 0.0
    m = getattr(torchvision.models.detection, name)(**kw).eval()
    x = torch.rand(3, 300, 400)
    with torch.no_grad():
        for p in m.parameters():
            if p.abs().max() == 0:
                p.normal_(0, 0.02)
        for mod in m.modules():
            if isinstance(mod, torchvision.ops.FrozenBatchNorm2d):
                mod.weight.uniform_(0.5, 1.5)
                mod.bias.uniform_(-0.2, 0.2)
                mod.running_mean.uniform_(-0.1, 0.1)
                mod.running_var.uniform_(0.5, 1.5)
    spread(m, name, x)
    with torch.no_grad():
        t = time.perf_counter()
        y = m([x])[0]
        ms = (time.perf_counter() - t) * 1e3
    torch.onnx.export(m, ([x],), os.path.join(out, name + ".onnx"), opset_version=11, input_names=["image"],
                      output_names=list(y.keys()))
    np.save(os.path.join(out, name + "_x.npy"), x.numpy())
    for k, v in y.items():
        np.save(os.path.join(out, f"{name}_{k}.npy"), v.numpy())
    print(f"RESULT {name} pytorch {ms:.1f}", flush=True)
