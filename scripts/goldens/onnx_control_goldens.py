"""ONNX control flow and detection operators: files from torch.onnx.export (scripted modules for If/Loop and list
sequences; torchvision ops for NonMaxSuppression/RoiAlign) and a few built with onnx.helper where PyTorch's exporter
emits no such node (Scan, Loop scan outputs, NonMaxSuppression over batches and classes, GatherND's batch_dims), with
outputs computed by PyTorch -> resources/onnx/*.onnx and goldens/onnx_control.json.

Run: /usr/bin/python3 scripts/goldens/onnx_control_goldens.py   (needs torchvision and python3-onnx)

OnnxControlFlowTest runs each file with dev.torch4j.onnx.OnnxModel against these outputs. Files stay small: the
test resources travel to the GPU machine.
"""
import io
import os
from typing import List

import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from onnx import TensorProto, helper, numpy_helper

from common import t2j, write

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "library", "src", "test", "resources", "onnx")
cases = []


def flatten(out):
    if isinstance(out, (tuple, list)):
        return [t for o in out for t in flatten(o)]
    return [out]


def case(name, opset, runs):
    cases.append({"name": name, "file": name + ".onnx", "opset": opset, "runs": runs})


def export(name, model, inputs, opset, more_inputs=(), **kw):
    model.eval()
    f = io.BytesIO()
    torch.onnx.export(model, inputs, f, opset_version=opset, do_constant_folding=True, **kw)
    with open(os.path.join(OUT, name + ".onnx"), "wb") as fh:
        fh.write(f.getvalue())
    runs = []
    for args in [inputs] + list(more_inputs):
        with torch.no_grad():
            outs = flatten(model(*args))
        runs.append({"inputs": [t2j(a) for a in args], "outputs": [t2j(o) for o in outs]})
    case(name, opset, runs)


def save(name, graph, opset):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="onnx_control_goldens")
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(OUT, name + ".onnx"))


torch.manual_seed(0)


# --- a scripted module: If whose then-branch reads an initializer and the input from the outer graph, a for loop
# (Loop with a trip count from an input, zero trips in the second run), a while loop (Loop with a condition, an If
# inside its body) and a list appended in a loop (SequenceEmpty, SequenceInsert, ConcatFromSequence)
class Control(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(4, 4)

    def forward(self, x, steps):
        h = x
        if bool(x.sum() > 0):
            h = self.lin(h)
        else:
            h = -h * 2
        for i in range(int(steps)):
            h = torch.tanh(self.lin(h)) + i
        k = 0
        while bool(h.abs().max() > 0.5) and k < 6:
            h = h * 0.5
            k += 1
        outs = []
        for j in range(x.shape[0]):
            outs.append(h[j] * j)
        return h, torch.stack(outs), torch.tensor(k)


x0 = torch.randn(3, 4)
x0 = x0 if x0.sum() > 0 else -x0
export("control", torch.jit.script(Control()), (x0, torch.tensor(2)), 14,
       more_inputs=[(-x0[:2] * 3, torch.tensor(0))], input_names=["x", "steps"], dynamic_axes={"x": {0: "n"}})


# --- scripted list operations: torch.split and unbind (SplitToSequence, with and without sizes), len
# (SequenceLength), indexing (SequenceAt, negative too), a list literal (SequenceConstruct), pop (SequenceErase),
# stack and cat of lists (ConcatFromSequence with and without a new axis)
class Seqs(nn.Module):
    def forward(self, x):
        parts = torch.split(x, 2)
        n = len(parts)
        acc = parts[n - 1] * 2
        ys: List[torch.Tensor] = [x[0], x[1] + 1]
        ys.append(acc.sum(0))
        ys.pop(0)
        chunks = torch.unbind(x, 1)
        return torch.stack(ys), ys[0], torch.tensor(n), chunks[0] + chunks[-1], torch.cat(list(chunks), 0)


export("sequences", torch.jit.script(Seqs()), (torch.randn(5, 3),), 14, more_inputs=[(torch.randn(6, 3),)],
       input_names=["x"], dynamic_axes={"x": {0: "n"}})

# --- Scan (opset 16): a running sum state and a reversed scan input, outputs stacked along axis 1 and reversed
def scan_model():
    body = helper.make_graph(
        [helper.make_node("Add", ["s_in", "a"], ["s_out"]),
         helper.make_node("Mul", ["s_out", "b"], ["y1"]),
         helper.make_node("Mul", ["a", "w"], ["y2"])],  # w: an outer-scope value
        "scan_body",
        [helper.make_tensor_value_info("s_in", TensorProto.FLOAT, [3]), helper.make_tensor_value_info("a", TensorProto.FLOAT, [3]),
         helper.make_tensor_value_info("b", TensorProto.FLOAT, [3])],
        [helper.make_tensor_value_info("s_out", TensorProto.FLOAT, [3]), helper.make_tensor_value_info("y1", TensorProto.FLOAT, [3]),
         helper.make_tensor_value_info("y2", TensorProto.FLOAT, [3])])
    scan = helper.make_node("Scan", ["s0", "xa", "xb"], ["s", "ys1", "ys2"], body=body, num_scan_inputs=2,
                            scan_input_axes=[0, 1], scan_input_directions=[0, 1], scan_output_axes=[1, 0],
                            scan_output_directions=[0, 1])
    g = helper.make_graph(
        [helper.make_node("Mul", ["s0", "s0"], ["w"]), scan], "scan",
        [helper.make_tensor_value_info("s0", TensorProto.FLOAT, [3]), helper.make_tensor_value_info("xa", TensorProto.FLOAT, [5, 3]),
         helper.make_tensor_value_info("xb", TensorProto.FLOAT, [3, 5])],
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, d) for n, d in [("s", [3]), ("ys1", [3, 5]), ("ys2", [5, 3])]])
    save("scan", g, 16)
    s0, xa, xb = torch.randn(3), torch.randn(5, 3), torch.randn(3, 5)
    w, s, y1, y2 = s0 * s0, s0.clone(), [], []
    for i in range(5):
        s = s + xa[i]
        y1.append(s * xb[:, 4 - i])
        y2.append(xa[i] * w)
    case("scan", 16, [{"inputs": [t2j(s0), t2j(xa), t2j(xb)],
                       "outputs": [t2j(s), t2j(torch.stack(y1, 1)), t2j(torch.stack(y2[::-1], 0))]}])


scan_model()


# --- Loop with scan outputs and no trip count, ending on its condition, with an If in the body that reads a value
# two scopes up (the main graph's input and a value computed there) and one of the body's
def loop_model():
    then_g = helper.make_graph([helper.make_node("Add", ["v_in", "x"], ["t"])], "then", [],
                               [helper.make_tensor_value_info("t", TensorProto.FLOAT, [4])])
    else_g = helper.make_graph([helper.make_node("Add", ["v_in", "xx"], ["e"])], "else", [],
                               [helper.make_tensor_value_info("e", TensorProto.FLOAT, [4])])
    body = helper.make_graph(
        [helper.make_node("Cast", ["i"], ["fi"], to=TensorProto.FLOAT),
         helper.make_node("Mod", ["i", "two"], ["odd"]),
         helper.make_node("Cast", ["odd"], ["odd_b"], to=TensorProto.BOOL),
         helper.make_node("If", ["odd_b"], ["v_out"], then_branch=then_g, else_branch=else_g),
         helper.make_node("Mul", ["v_out", "fi"], ["scan1"]),
         helper.make_node("ReduceSum", ["v_out"], ["total"], keepdims=0),
         helper.make_node("Less", ["total", "limit"], ["c_out"])],
        "body",
        [helper.make_tensor_value_info("i", TensorProto.INT64, []), helper.make_tensor_value_info("c_in", TensorProto.BOOL, []),
         helper.make_tensor_value_info("v_in", TensorProto.FLOAT, [4])],
        [helper.make_tensor_value_info("c_out", TensorProto.BOOL, []), helper.make_tensor_value_info("v_out", TensorProto.FLOAT, [4]),
         helper.make_tensor_value_info("scan1", TensorProto.FLOAT, [4])],
        [numpy_helper.from_array(torch.tensor(2).numpy(), "two")])
    g = helper.make_graph(
        [helper.make_node("Constant", [], ["cond"], value=numpy_helper.from_array(torch.tensor(True).numpy())),
         helper.make_node("Mul", ["x", "x"], ["xx"]),
         helper.make_node("Loop", ["", "cond", "v0"], ["v", "scans"], body=body)], "loop",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [4]), helper.make_tensor_value_info("v0", TensorProto.FLOAT, [4]),
         helper.make_tensor_value_info("limit", TensorProto.FLOAT, [])],
        [helper.make_tensor_value_info("v", TensorProto.FLOAT, [4]), helper.make_tensor_value_info("scans", TensorProto.FLOAT, ["n", 4])])
    save("loop_scan", g, 14)
    x, v0 = torch.rand(4) + 0.5, torch.randn(4)
    runs = []
    for limit in (torch.tensor(9.0), torch.tensor(-100.0)):
        v, ys, i = v0.clone(), [], 0
        while True:
            v = v + x if i % 2 else v + x * x
            ys.append(v * i)
            i += 1
            if not v.sum() < limit:
                break
        runs.append({"inputs": [t2j(x), t2j(v0), t2j(limit)], "outputs": [t2j(v), t2j(torch.stack(ys))]})
    case("loop_scan", 14, runs)


loop_model()


# --- detection operators as torchvision exports them (opset 16): nms and batched_nms (NonMaxSuppression),
# roi_align aligned (RoiAlign, whose opset-16 default is half_pixel), boolean-mask indexing (GatherND), one_hot
# (OneHot), unique with inverse and counts, over all elements and along a dim (Unique), det (Det), grid_sample
# (GridSample). torchvision 0.14 writes no coordinate_transformation_mode, so an unaligned roi_align exported at
# opset 16 reads as aligned (as onnxruntime reads it too); the unaligned one is exported at opset 11 below.
class Detect(nn.Module):
    def forward(self, boxes, scores, labels, feat, rois, grid, mats):
        keep = torchvision.ops.nms(boxes, scores, 0.2)
        kept = torchvision.ops.batched_nms(boxes, scores, labels, 0.3)
        a = torchvision.ops.roi_align(feat, rois, (3, 2), 0.5, 2, aligned=True)
        masked = feat[feat > 0.5]
        hot = F.one_hot(labels, 4)
        u, inv, cnt = torch.unique(labels, sorted=True, return_inverse=True, return_counts=True)
        ud, dinv = torch.unique(labels.view(-1, 2) % 2, dim=0, return_inverse=True)
        det = torch.det(mats)
        g1 = F.grid_sample(feat, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
        g2 = F.grid_sample(feat, grid, mode="nearest", padding_mode="border", align_corners=True)
        g3 = F.grid_sample(feat, grid, mode="bicubic", padding_mode="reflection", align_corners=False)
        return keep, kept, a, masked, hot, u, inv, cnt, ud, dinv, det, g1, g2, g3


def boxes_scores(n):
    xy = torch.rand(n, 2) * 8
    wh = torch.rand(n, 2) * 10 + 1
    return torch.cat([xy, xy + wh], 1), torch.rand(n)


bx, sc = boxes_scores(12)
feat = torch.randn(2, 3, 8, 10)
rois = torch.tensor([[0, 1.0, 1.5, 12.0, 9.0], [1, 0.0, 0.0, 19.0, 15.0], [0, 6.5, 2.0, 7.0, 4.0], [1, 10.0, 3.0, 4.0, 14.0]])
grid = torch.rand(2, 5, 4, 2) * 2.4 - 1.2
export("detect", Detect(), (bx, sc, torch.randint(0, 4, (12,)), feat, rois, grid, torch.randn(3, 3, 3)), 16,
       input_names=["boxes", "scores", "labels", "feat", "rois", "grid", "mats"])



# --- roi_align unaligned at opset 11 (RoiAlign 10: output_half_pixel), adaptive sampling, as Faster R-CNN exports it
class RoiAlign11(nn.Module):
    def forward(self, feat, rois):
        return torchvision.ops.roi_align(feat, rois, 4, 0.25, 0, aligned=False)


export("roialign11", RoiAlign11(), (feat, rois), 11)


# --- NonMaxSuppression over 2 batches x 2 classes, with a score threshold, a cap of 5 per class and centre boxes;
# expected: torchvision's nms per (batch, class) on the boxes above the threshold, rows (batch, class, box)
def nms_model():
    g = helper.make_graph(
        [helper.make_node("NonMaxSuppression", ["b", "s", "max", "iou", "thr"], ["sel"], center_point_box=1)], "nms",
        [helper.make_tensor_value_info("b", TensorProto.FLOAT, [2, 10, 4]), helper.make_tensor_value_info("s", TensorProto.FLOAT, [2, 2, 10]),
         helper.make_tensor_value_info("max", TensorProto.INT64, [1]), helper.make_tensor_value_info("iou", TensorProto.FLOAT, [1]),
         helper.make_tensor_value_info("thr", TensorProto.FLOAT, [1])],
        [helper.make_tensor_value_info("sel", TensorProto.INT64, [None, 3])])
    save("nms", g, 11)
    centre = torch.cat([torch.rand(2, 10, 2) * 12, torch.rand(2, 10, 2) * 6 + 1], 2)
    s = torch.rand(2, 2, 10)
    corners = torch.cat([centre[..., :2] - centre[..., 2:] / 2, centre[..., :2] + centre[..., 2:] / 2], 2)
    mx, iou, thr = torch.tensor([5]), torch.tensor([0.2]), torch.tensor([0.25])
    rows = []
    for b in range(2):
        for c in range(2):
            ids = (s[b, c] > thr).nonzero().flatten()
            keep = torchvision.ops.nms(corners[b, ids], s[b, c, ids], float(iou))[:int(mx)]
            rows += [[b, c, int(ids[k])] for k in keep]
    case("nms", 11, [{"inputs": [t2j(centre), t2j(s), t2j(mx), t2j(iou), t2j(thr)],
                      "outputs": [t2j(torch.tensor(rows, dtype=torch.long).reshape(-1, 3))]}])


nms_model()


# --- GatherND with batch_dims 1 (and negative indices): expected by PyTorch's advanced indexing per batch
def gather_nd_model():
    g = helper.make_graph([helper.make_node("GatherND", ["d", "i"], ["y"], batch_dims=1)], "gathernd",
                          [helper.make_tensor_value_info("d", TensorProto.FLOAT, [2, 3, 4, 5]),
                           helper.make_tensor_value_info("i", TensorProto.INT64, [2, 6, 2])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 6, 5])])
    save("gathernd", g, 13)
    d, i = torch.randn(2, 3, 4, 5), torch.stack([torch.randint(-3, 3, (2, 6)), torch.randint(-4, 4, (2, 6))], 2)
    y = torch.stack([d[b][i[b, :, 0], i[b, :, 1]] for b in range(2)])
    case("gathernd", 13, [{"inputs": [t2j(d), t2j(i)], "outputs": [t2j(y)]}])


gather_nd_model()

write("onnx_control", cases)
print("sizes:", {f: os.path.getsize(os.path.join(OUT, f)) for f in ["control.onnx", "sequences.onnx", "scan.onnx", "loop_scan.onnx", "detect.onnx", "roialign11.onnx", "nms.onnx", "gathernd.onnx"]})
