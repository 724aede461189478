"""ONNX files written by torch.onnx.export, with PyTorch's outputs -> resources/onnx/*.onnx and goldens/onnx.json.

Run: /usr/bin/python3 scripts/goldens/onnx_goldens.py

OnnxModelTest loads each file with dev.torch4j.onnx.OnnxModel and compares its outputs with the PyTorch module's
that was exported. Small random models (seeded) that together use the operators PyTorch 1.13's exporter emits for
MLPs, CNNs (BatchNorm, pooling, depthwise and grouped convolutions, SE blocks, upsampling, pixel shuffle),
transformer encoders (attention's shape arithmetic, with dynamic axes) and assorted tensor ops, at opsets 13, 14
and 17 (LayerNormalization). The files stay small: the test resources travel to the GPU machine.
"""
import io
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

from common import t2j, write

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "library", "src", "test", "resources", "onnx")
os.makedirs(OUT, exist_ok=True)
cases = []


def flatten(out):
    if isinstance(out, (tuple, list)):
        return [t for o in out for t in flatten(o)]
    return [out]


def export(name, model, inputs, opset, more_inputs=None, dynamic_axes=None, input_names=None, output_names=None):
    model.eval()
    f = io.BytesIO()
    torch.onnx.export(model, inputs, f, opset_version=opset, input_names=input_names, output_names=output_names,
                      dynamic_axes=dynamic_axes, do_constant_folding=True)
    with open(os.path.join(OUT, name + ".onnx"), "wb") as fh:
        fh.write(f.getvalue())
    runs = []
    for args in [inputs] + (more_inputs or []):
        args = args if isinstance(args, tuple) else (args,)
        with torch.no_grad():
            out = model(*args)
        outs = flatten(out)
        runs.append({"inputs": [t2j(a) for a in args], "outputs": [t2j(o) for o in outs]})
    cases.append({"name": name, "file": name + ".onnx", "opset": opset, "runs": runs,
                  "state_keys": list(model.state_dict().keys())})


torch.manual_seed(0)

# --- an MLP: Gemm, BatchNormalization, Relu, LogSoftmax; its initializers keep the state-dict names
mlp = nn.Sequential(nn.Linear(8, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, 4), nn.LogSoftmax(dim=1))
for _ in range(3):
    mlp(torch.randn(6, 8))
export("mlp", mlp, torch.randn(3, 8), 14, input_names=["x"], output_names=["logp"])


# --- a CNN: Conv, BatchNormalization (running statistics from a few training steps), MaxPool, grouped Conv,
# AveragePool with ceil_mode, GlobalAveragePool, Flatten, Gemm
class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(8)
        self.conv2 = nn.Conv2d(8, 8, 3, stride=2, padding=1, groups=2)
        self.pool = nn.AvgPool2d(3, stride=2, ceil_mode=True, count_include_pad=False)
        self.head = nn.Linear(8, 5)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = self.pool(F.relu(self.conv2(x)))
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)
        return self.head(F.dropout(x, 0.5, self.training))


cnn = Cnn()
for _ in range(3):
    cnn(torch.randn(4, 3, 16, 16))
export("cnn", cnn, torch.randn(2, 3, 16, 16), 13)


# --- MobileNet-style pieces: depthwise Conv, HardSwish, squeeze-excitation (HardSigmoid, Mul), residual Add,
# ReLU6 (Clip), nearest Resize, PixelShuffle (DepthToSpace), LeakyRelu, Elu, Sigmoid, Tanh, PRelu
class Mobile(nn.Module):
    def __init__(self):
        super().__init__()
        self.expand = nn.Conv2d(4, 16, 1)
        self.dw = nn.Conv2d(16, 16, 3, padding=1, groups=16)
        self.se1 = nn.Conv2d(16, 4, 1)
        self.se2 = nn.Conv2d(4, 16, 1)
        self.project = nn.Conv2d(16, 4, 1)
        self.prelu = nn.PReLU(4)
        self.up = nn.Conv2d(4, 16, 3, padding=1)

    def forward(self, x):
        h = F.hardswish(self.expand(x))
        h = F.relu6(self.dw(h))
        s = F.hardsigmoid(self.se2(F.relu(self.se1(F.adaptive_avg_pool2d(h, 1)))))
        y = self.project(h * s) + x
        y = self.prelu(y)
        y = F.interpolate(y, scale_factor=2, mode="nearest")
        y = F.pixel_shuffle(self.up(y), 2)
        return torch.sigmoid(F.leaky_relu(y, 0.1)) + torch.tanh(F.elu(y, 0.5))


export("mobile", Mobile(), torch.randn(1, 4, 6, 6), 14)

# --- a transformer encoder layer with GELU, batch and sequence axes dynamic: attention's Shape/Gather/Concat/
# Reshape arithmetic, MatMul, Softmax, LayerNorm decomposed (ReduceMean, Pow, Sqrt), Erf
tel = nn.TransformerEncoderLayer(16, 2, 32, dropout=0.0, activation="gelu", batch_first=True)
export("transformer", tel, torch.randn(2, 5, 16), 14, more_inputs=[torch.randn(3, 7, 16)],
       dynamic_axes={"src": {0: "batch", 1: "seq"}}, input_names=["src"])


# --- assorted tensor ops
class Ops(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(10, 5)
        self.register_buffer("idx", torch.tensor([3, 0, 2]))

    def forward(self, x, tokens):
        a, b = torch.split(x, [1, 2], dim=1)
        y = torch.cat([b, a * 2], dim=1).permute(0, 2, 3, 1)          # Split, Concat, Transpose
        y = y.unsqueeze(1).expand(-1, 2, -1, -1, -1).squeeze(0) if y.shape[0] == 1 else y
        s = x.sum(dim=(1, 2), keepdim=True) + x.amax(dim=1).unsqueeze(1) - x.mean(dim=3, keepdim=True)
        w = torch.where(x > 0, x.abs().sqrt(), torch.exp(x) - 1)
        c = torch.cumsum(x, dim=3)
        top = torch.topk(x.flatten(1), 3).values
        arg = x.argmax(dim=2).float()
        p = F.pad(x, (1, 2, 2, 1), mode="reflect")
        r = F.interpolate(x, size=(6, 7), mode="bilinear", align_corners=False)
        r2 = F.interpolate(x, scale_factor=2.0, mode="bilinear", align_corners=True)
        sel = torch.index_select(x, 3, self.idx)
        e = self.emb(tokens)
        es = torch.einsum("bij,bkj->bik", e, e)
        sl = x[:, :, 1:4:2, ::2]
        fl = torch.flip(x, [3])
        cl = torch.clamp(x, -0.5, 0.7) ** 2
        sp = F.softplus(x) + F.log_softmax(x, dim=-1)
        ln = F.layer_norm(x, (5,))
        m = (x.long() % 3).float() + (x > 0.2).float() * (x < 0.9).float()
        return (y, s, w, c, top, arg, p, r, r2, sel, es, sl, fl, cl, sp, ln, m)


ops = Ops()
export("ops", ops, (torch.randn(2, 3, 4, 5), torch.tensor([[1, 2, 3], [4, 5, 9]])), 13)


# --- opset 17: LayerNormalization; GroupNorm (InstanceNormalization); ConvTranspose with output_padding;
# 1-d and 3-d convolutions and pools
class Opset17(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln = nn.LayerNorm(6)
        self.gn = nn.GroupNorm(2, 4)
        self.deconv = nn.ConvTranspose2d(4, 3, 3, stride=2, padding=1, output_padding=1)
        self.conv1d = nn.Conv1d(4, 6, 3, padding=2, dilation=2)
        self.bn1d = nn.BatchNorm1d(6)
        self.conv3d = nn.Conv3d(2, 3, 3, padding=1)
        self.deconv1d = nn.ConvTranspose1d(6, 2, 4, stride=2, padding=1)

    def forward(self, x, v, vol):
        a = self.deconv(self.gn(x))
        b = self.ln(F.max_pool1d(self.bn1d(self.conv1d(v)), 2, ceil_mode=True))
        c = F.avg_pool3d(self.conv3d(vol), 2)
        d = self.deconv1d(b)
        return a, b, c, d


o17 = Opset17()
with torch.no_grad():
    o17.bn1d.running_mean.uniform_(-0.5, 0.5)
    o17.bn1d.running_var.uniform_(0.5, 2.0)
    o17.ln.weight.uniform_(0.5, 1.5)
    o17.gn.bias.uniform_(-0.5, 0.5)
export("opset17", o17, (torch.randn(2, 4, 5, 5), torch.randn(2, 4, 12), torch.randn(1, 2, 4, 4, 4)), 17)


# --- more operators: elementwise and logic, reductions, scatter/gather, shape builders, 3-d and replicate
# padding, bicubic/trilinear/nearest resizing, pixel_unshuffle, triu/tril, repeat, nonzero. Not circular padding:
# 1.13 exports it as slices that take the wrong rows (its own graph disagrees with its eager result)
class Ops2(nn.Module):
    def forward(self, x, v, i):
        u = [torch.sign(x), torch.round(x * 3), torch.floor(x), torch.ceil(x), torch.reciprocal(x + 3), -x,
             torch.sin(x), torch.cos(x), torch.atan(x), torch.asin(x.clamp(-0.9, 0.9)),
             F.selu(x), F.celu(x, 0.7), F.softsign(x), F.mish(x), F.silu(x), F.gelu(x, approximate="tanh"),
             F.hardtanh(x, -0.3, 0.4), F.logsigmoid(x), torch.erf(x)]
        logic = [(x > 0) ^ (v > 0), (x >= 0.1) | (v <= -0.2), ~(x == x.round()), torch.isnan(x.log()), torch.isinf(1 / x.round())]
        red = [x.prod(dim=2), x.norm(p=1, dim=1), x.norm(dim=3, keepdim=True), torch.logsumexp(x, dim=1), x.amin(dim=(1, 3)),
               x.argmin(dim=1), torch.max(x, v), torch.min(x, v), x.std(dim=2), x.var(dim=1, unbiased=False)]
        g = [torch.gather(x, 2, i), torch.scatter(x, 2, i, v[:, :, :2, :]), x.scatter_add(1, i[:, :2, :1, :] % 3, v[:, :2, :1, :]),
             x.new_zeros(x.shape[0], 2).index_put((torch.tensor([0, 1]), torch.tensor([1, 0])), torch.tensor([5.0, 7.0]))]
        shp = [torch.arange(x.shape[2]).float() * 0.5, F.adaptive_max_pool2d(x, 1), torch.full((x.numel() // 30,), 2.0), x.repeat(1, 1, 2, 1), torch.triu(x, 1), torch.tril(x, -1),
               torch.nonzero(x > 0.5).float(), x.new_ones(x.shape[1:]) * x.numel(), x[:, :, None].expand(-1, -1, 2, -1, -1)]
        img = x[:, :, :4, :4]
        vol = x.unsqueeze(2).expand(-1, -1, 2, -1, -1)
        rs = [F.interpolate(img, size=(7, 5), mode="bicubic", align_corners=False),
              F.interpolate(vol, scale_factor=(1.0, 1.5, 2.0), mode="trilinear", align_corners=False),
              F.interpolate(v[:, :, 0, :], size=9, mode="linear", align_corners=True),
              F.interpolate(img, size=(5, 3), mode="nearest"),
              F.pixel_unshuffle(img, 2),
              F.pad(img, (2, 1, 0, 3), mode="replicate"),
              F.pad(vol, (1, 0, 0, 1, 1, 1), value=0.25), F.instance_norm(x), F.avg_pool2d(x, 3, 1, 1, count_include_pad=True),
              F.max_pool2d(x, 2, 1, 1, dilation=2), F.conv_transpose3d(vol, torch.ones(3, 2, 2, 2, 2) * 0.1, stride=2)]
        return tuple(u + [t.float() for t in logic] + [t.float() for t in red] + g + shp + rs)


torch.manual_seed(1)
ix = torch.randint(0, 4, (2, 3, 2, 5))
# the last dim of x dynamic: arange, repeat and the reductions over it go through Shape/Range/Size arithmetic
export("ops2", Ops2(), (torch.randn(2, 3, 4, 5), torch.randn(2, 3, 4, 5), ix), 17,
       input_names=["x", "v", "i"], dynamic_axes={"x": {2: "h"}})



# --- recurrent layers: ONNX's LSTM/GRU/RNN operators (one per layer and direction pair), batch-first transposes
class Recurrent(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 4, num_layers=2, bidirectional=True, batch_first=True)
        self.gru = nn.GRU(3, 5)
        self.rnn = nn.RNN(3, 4, nonlinearity="relu", bidirectional=True)

    def forward(self, x, h0, c0):
        y, (h, c) = self.lstm(x, (h0, c0))
        g, gh = self.gru(x.transpose(0, 1))
        r, rh = self.rnn(x.transpose(0, 1))
        return y, h, c, g, gh, r, rh


export("recurrent", Recurrent(), (torch.randn(2, 6, 3), torch.randn(4, 2, 4), torch.randn(4, 2, 4)), 14)


# --- an eager-mode quantized CNN (QNNPACK qconfig), which the exporter writes in QDQ form: QuantizeLinear and
# DequantizeLinear around float Conv/Gemm. The QDQ graph computes in float where PyTorch's quantized ops sum int32s,
# so an output may land one quantization step away (the test's tolerance is the output's scale)
class QuantCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.q = torch.quantization.QuantStub()
        self.conv = nn.Conv2d(3, 4, 3)
        self.relu = nn.ReLU()
        self.fc = nn.Linear(4 * 6 * 6, 5)
        self.dq = torch.quantization.DeQuantStub()

    def forward(self, x):
        x = self.relu(self.conv(self.q(x)))
        return self.dq(self.fc(x.flatten(1)))


torch.backends.quantized.engine = "qnnpack"
qcnn = QuantCnn().eval()
qcnn.qconfig = torch.quantization.get_default_qconfig("qnnpack")
torch.quantization.prepare(qcnn, inplace=True)
qcnn(torch.randn(8, 3, 8, 8))
torch.quantization.convert(qcnn, inplace=True)
export("quantized", qcnn, torch.randn(2, 3, 8, 8), 13)
cases[-1]["output_scale"] = float(qcnn.fc.scale)

# --- torch.unique: ONNX's Unique
class Uniq(nn.Module):
    def forward(self, x):
        return torch.unique(x)


export("unique", Uniq(), torch.tensor([3.0, 1.0, 3.0]), 14)

# --- the MLP again with its initializers in an external file (onnx.save_model's external data, as for models over
# 2 GB), and a copy whose location leaves the model's folder, which loading must refuse. Needs the onnx package
# (Debian's python3-onnx); without it the committed files stay as they are.
try:
    import onnx
    from onnx.external_data_helper import convert_model_to_external_data

    ext = os.path.join(OUT, "external")
    os.makedirs(ext, exist_ok=True)
    for f in os.listdir(ext):  # onnx.save_model appends to an existing data file
        os.remove(os.path.join(ext, f))
    model = onnx.load(os.path.join(OUT, "mlp.onnx"))
    convert_model_to_external_data(model, all_tensors_to_one_file=True, location="mlp_ext.data", size_threshold=0)
    onnx.save_model(model, os.path.join(ext, "mlp_ext.onnx"))
    for t in model.graph.initializer:
        for e in t.external_data:
            if e.key == "location":
                e.value = "../cnn.onnx"  # a file that exists, outside the folder
    with open(os.path.join(ext, "escape.onnx"), "wb") as fh:
        fh.write(model.SerializeToString())
    # a hand-made graph whose Unsqueeze (opset 13) lacks its axes input: running it must name the node
    from onnx import TensorProto, helper
    bad = helper.make_model(helper.make_graph(
        [helper.make_node("Unsqueeze", ["x"], ["y"], name="grow")], "bad",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 2])]), opset_imports=[helper.make_opsetid("", 13)])
    with open(os.path.join(OUT, "bad_unsqueeze.onnx"), "wb") as fh:
        fh.write(bad.SerializeToString())
    # Dropout in training mode (ratio 0.5, training_mode true as initializers): random, checked by its properties
    drop = helper.make_model(helper.make_graph(
        [helper.make_node("Dropout", ["x", "ratio", "training"], ["y", "mask"], name="drop")], "drop",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [64])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [64]), helper.make_tensor_value_info("mask", TensorProto.BOOL, [64])],
        [helper.make_tensor("ratio", TensorProto.FLOAT, [], [0.5]), helper.make_tensor("training", TensorProto.BOOL, [], [True])]),
        opset_imports=[helper.make_opsetid("", 13)])
    with open(os.path.join(OUT, "dropout_train.onnx"), "wb") as fh:
        fh.write(drop.SerializeToString())
    # opset 18's GroupNormalization (1.13 cannot export it): scale and bias per group; expected from F.group_norm
    # without affine, then each group's scale and bias
    gx = torch.randn(2, 6, 3, 2)
    gs, gb = torch.randn(3), torch.randn(3)
    gy = (F.group_norm(gx, 3, eps=1e-4).reshape(2, 3, -1) * gs.reshape(1, 3, 1) + gb.reshape(1, 3, 1)).reshape(gx.shape)
    gn = helper.make_model(helper.make_graph(
        [helper.make_node("GroupNormalization", ["x", "s", "b"], ["y"], name="gn", num_groups=3, epsilon=1e-4)], "gn",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 6, 3, 2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 6, 3, 2])],
        [helper.make_tensor("s", TensorProto.FLOAT, [3], gs.tolist()), helper.make_tensor("b", TensorProto.FLOAT, [3], gb.tolist())]),
        opset_imports=[helper.make_opsetid("", 18)])
    with open(os.path.join(OUT, "groupnorm18.onnx"), "wb") as fh:
        fh.write(gn.SerializeToString())
    cases.append({"name": "groupnorm18", "file": "groupnorm18.onnx", "opset": 18, "state_keys": [],
                  "runs": [{"inputs": [t2j(gx)], "outputs": [t2j(gy)]}]})
    # opsets 20 and 21, beyond 1.13's exporter: Gelu (both approximations) and GroupNormalization with per-channel
    # scale and bias, expected from F.gelu and F.group_norm
    cs, cb = torch.randn(6), torch.randn(6)
    new = helper.make_model(helper.make_graph(
        [helper.make_node("Gelu", ["x"], ["g"], name="gelu"),
         helper.make_node("Gelu", ["x"], ["t"], name="gelu_tanh", approximate="tanh"),
         helper.make_node("GroupNormalization", ["x", "s", "b"], ["n"], name="gn21", num_groups=2, epsilon=1e-5)], "new",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 6, 3, 2])],
        [helper.make_tensor_value_info(o, TensorProto.FLOAT, [2, 6, 3, 2]) for o in ["g", "t", "n"]],
        [helper.make_tensor("s", TensorProto.FLOAT, [6], cs.tolist()), helper.make_tensor("b", TensorProto.FLOAT, [6], cb.tolist())]),
        opset_imports=[helper.make_opsetid("", 21)])
    new.ir_version = 10
    with open(os.path.join(OUT, "opset21.onnx"), "wb") as fh:
        fh.write(new.SerializeToString())
    cases.append({"name": "opset21", "file": "opset21.onnx", "opset": 21, "state_keys": [],
                  "runs": [{"inputs": [t2j(gx)], "outputs": [t2j(F.gelu(gx)), t2j(F.gelu(gx, approximate="tanh")),
                                                             t2j(F.group_norm(gx, 2, cs, cb, 1e-5))]}]})
except ImportError:
    print("onnx not installed: external-data and hand-made fixtures left as they are")

write("onnx", cases)
print("sizes:", {f: os.path.getsize(os.path.join(OUT, f)) for f in sorted(os.listdir(OUT))})
