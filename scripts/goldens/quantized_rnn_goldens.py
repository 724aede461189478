"""Goldens for the dynamic quantized RNNs (QuantizedRnnTest): torch.ao.quantization.quantize_dynamic(model) with the
default qint8 spec swaps nn.LSTM, nn.GRU, nn.LSTMCell, nn.GRUCell and nn.RNNCell for torch.ao.nn.quantized.dynamic's
modules; each case records the float weights (seeded), the input and initial states, the quantized weights, the repr,
the outputs of both engines of Debian's PyTorch 1.13, and torch.randn(4) after quantize_dynamic from seed 123 (the
quantized modules' constructors draw placeholder weights, so the generator moves on).

  /usr/bin/python3 scripts/goldens/quantized_rnn_goldens.py
      writes library/src/test/resources/goldens/quantized_rnn.json, PyTorch's own checkpoint of the "net" model
      (quantized under oneDNN, the last engine run), library/src/test/resources/interop/quantized/pytorch_dynamic_rnn.pt,
      and goldens/aten_cpu_float.json (the gate kernels alone, AtenCpuFloatTest)
  /usr/bin/python3 scripts/goldens/quantized_rnn_goldens.py --verify
      loads interop/quantized/dynamic_rnn.pt (the "net" state dict as torch4j writes it, QuantizedRnnTest) into
      PyTorch's quantize_dynamic model with load_state_dict and checks both engines' outputs against the goldens.

Every gate product is a dynamic quantized linear (quantized::linear_dynamic's arithmetic, reduce_range=True for all
five modules: version 2 of LSTM/GRU and the cell ops set it), the gate arithmetic is ATen's CPU float32 kernels
(sigmoid: SLEEF expf on 16-element vector blocks of each row of a gate chunk, glibc expf on the rest; tanh: SLEEF
tanhf everywhere). As for the dynamic Linear (quantize_dynamic_goldens.py) each case has two outputs:
  * "qnnpack": QNNPACK ignores reduce_range, so torch4j's modules built with reduceRange=false match it bit for bit;
  * "onednn" (the default engine here): reduce_range on, as FBGEMM; oneDNN's own float epilogue differs from
    FBGEMM's in the last bits, and a recurrence feeds those bits back into the next step's quantization.
"""
import json
import os
import sys

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence

sys.path.insert(0, os.path.dirname(__file__))
from common import t2j, write  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
RESOURCES = os.path.join(HERE, "..", "..", "library", "src", "test", "resources")
ENGINES = ("qnnpack", "onednn")


class Net(nn.Module):
    """The interop model (QuantizedRnnTest.Net): LSTM (2 layers, bidirectional) -> GRU -> GRUCell on the last step ->
    Linear."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(4, 8, num_layers=2, bidirectional=True)
        self.gru = nn.GRU(16, 6)
        self.cell = nn.GRUCell(6, 5)
        self.fc = nn.Linear(5, 3)

    def forward(self, x):
        y, _ = self.lstm(x)
        y, _ = self.gru(y)
        return self.fc(self.cell(y[-1]))


def make(kind, cfg):
    if kind == "lstm":
        return nn.Sequential(nn.LSTM(cfg["input"], cfg["hidden"], num_layers=cfg.get("layers", 1),
                                     batch_first=cfg.get("batch_first", False), bidirectional=cfg.get("bidir", False)))
    if kind == "gru":
        return nn.Sequential(nn.GRU(cfg["input"], cfg["hidden"], num_layers=cfg.get("layers", 1),
                                    batch_first=cfg.get("batch_first", False), bidirectional=cfg.get("bidir", False)))
    if kind == "lstm_cell":
        return nn.Sequential(nn.LSTMCell(cfg["input"], cfg["hidden"]))
    if kind == "gru_cell":
        return nn.Sequential(nn.GRUCell(cfg["input"], cfg["hidden"]))
    if kind == "rnn_cell":
        return nn.Sequential(nn.RNNCell(cfg["input"], cfg["hidden"], nonlinearity=cfg.get("nonlinearity", "tanh")))
    if kind == "net":
        return Net()
    raise ValueError(kind)


def run(kind, cfg, q, x, hx):
    """The quantized model's outputs as a list of tensors: (output, h_n[, c_n]) for LSTM/GRU (a packed output as its
    data), the per-step h (and c) stacked for a cell run over the sequence, the model output for "net"."""
    m = q[0] if kind != "net" else q
    if kind == "net":
        return [m(x)]
    if kind in ("lstm", "gru"):
        inp = x
        if "lengths" in cfg:
            inp = pack_padded_sequence(x, torch.tensor(cfg["lengths"]), batch_first=cfg.get("batch_first", False),
                                       enforce_sorted=False)
        if kind == "lstm":
            out, (h, c) = m(inp, hx if hx is None else tuple(hx))
            outs = [out, h, c]
        else:
            out, h = m(inp, hx if hx is None else hx[0])
            outs = [out, h]
        if "lengths" in cfg:
            outs[0] = outs[0].data
        return outs
    hs, cs = [], []
    state = None if hx is None else (tuple(hx) if kind == "lstm_cell" else hx[0])
    for t in range(x.size(0)):
        state = m(x[t], state)
        if kind == "lstm_cell":
            hs.append(state[0])
            cs.append(state[1])
        else:
            hs.append(state)
    return [torch.stack(hs)] + ([torch.stack(cs)] if cs else [])


def weights(kind, q):
    """The quantized weights of the first quantized module, as PyTorch's _weight_bias() names them."""
    m = q.lstm if kind == "net" else q[0]
    wb = m._weight_bias()
    out = []
    for name, w in wb["weight"].items():
        out.append({"name": name, "int_repr": t2j(w.int_repr()), "scale": w.q_scale(), "zero_point": w.q_zero_point(),
                    "bias": t2j(wb["bias"][name.replace("weight", "bias")])})
    return out


CASES = [
    # name, kind, config, input shape, initial states (None or their shapes)
    ("lstm", "lstm", {"input": 4, "hidden": 8}, (5, 3, 4), None),
    ("lstm_hx", "lstm", {"input": 4, "hidden": 8}, (5, 3, 4), [(1, 3, 8), (1, 3, 8)]),
    ("lstm_2layer_bidir", "lstm", {"input": 4, "hidden": 8, "layers": 2, "bidir": True}, (6, 2, 4), [(4, 2, 8), (4, 2, 8)]),
    ("lstm_batch_first_h20", "lstm", {"input": 5, "hidden": 20, "batch_first": True}, (3, 7, 5), None),
    ("lstm_2layer_h21", "lstm", {"input": 6, "hidden": 21, "layers": 2}, (4, 2, 6), [(2, 2, 21), (2, 2, 21)]),
    ("lstm_packed_bidir", "lstm", {"input": 3, "hidden": 5, "bidir": True, "lengths": [4, 6, 2]}, (6, 3, 3),
     [(2, 3, 5), (2, 3, 5)]),
    ("gru", "gru", {"input": 4, "hidden": 8}, (5, 3, 4), None),
    ("gru_hx_2layer_bidir_batch_first", "gru", {"input": 4, "hidden": 8, "layers": 2, "bidir": True, "batch_first": True},
     (2, 6, 4), [(4, 2, 8)]),
    ("gru_h33", "gru", {"input": 6, "hidden": 33}, (4, 3, 6), [(1, 3, 33)]),
    ("gru_packed_batch_first", "gru", {"input": 3, "hidden": 5, "batch_first": True, "lengths": [2, 5, 3, 5]}, (4, 5, 3),
     None),
    ("lstm_cell", "lstm_cell", {"input": 4, "hidden": 8}, (3, 2, 4), None),
    ("lstm_cell_hx_h18", "lstm_cell", {"input": 6, "hidden": 18}, (4, 3, 6), [(3, 18), (3, 18)]),
    ("gru_cell", "gru_cell", {"input": 4, "hidden": 8}, (3, 2, 4), None),
    ("gru_cell_hx_h17", "gru_cell", {"input": 5, "hidden": 17}, (4, 3, 5), [(3, 17)]),
    ("rnn_cell_tanh", "rnn_cell", {"input": 4, "hidden": 8}, (3, 2, 4), [(2, 8)]),
    ("rnn_cell_relu", "rnn_cell", {"input": 4, "hidden": 20, "nonlinearity": "relu"}, (4, 3, 4), None),
    ("net", "net", {}, (5, 2, 4), None),
]


def main():
    torch.manual_seed(0)
    cases = []
    for name, kind, cfg, xshape, hshapes in CASES:
        model = make(kind, cfg)
        x = torch.randn(xshape)
        hx = None if hshapes is None else [torch.randn(s) for s in hshapes]
        c = {"name": name, "kind": kind, "config": cfg, "float_state": {k: t2j(v) for k, v in model.state_dict().items()},
             "x": t2j(x), "hx": None if hx is None else [t2j(h) for h in hx]}
        for engine in ENGINES:
            torch.backends.quantized.engine = engine
            torch.manual_seed(123)  # the quantized modules' constructors draw placeholder weights: the generator moves on
            q = torch.ao.quantization.quantize_dynamic(model)
            c["rng_after_" + engine] = t2j(torch.randn(4))
            with torch.no_grad():
                c[engine] = [t2j(o) for o in run(kind, cfg, q, x, hx)]
        c["repr"] = repr(q)
        c["weights"] = weights(kind, q)
        if name == "net":  # PyTorch's own checkpoint (oneDNN's: reduce_range serialized in each cell), which torch4j loads
            sd = q.state_dict()
            c["state_keys"] = list(sd.keys())
            c["versions"] = {k: v.get("version") for k, v in sd._metadata.items()}
            torch.save(sd, os.path.join(RESOURCES, "interop", "quantized", "pytorch_dynamic_rnn.pt"))
        cases.append(c)
    write("quantized_rnn", cases)
    kernels()


def kernels():
    """ATen's float32 sigmoid and tanh (AtenCpuFloatTest): contiguous runs of several lengths (sigmoid's 16-element
    vector blocks, then its scalar tail), a strided sigmoid (scalar everywhere), over values from tiny to saturated."""
    torch.manual_seed(1)
    x = torch.cat([torch.randn(600) * 4, torch.randn(200) * 30, torch.randn(100) * 1e-3,
                   torch.tensor([0.0, -0.0, 8.664339742, -8.664339742, 9.0, 88.0, -88.0, 104.0, -104.0, 105.0, -105.0])])
    cases = []
    for n in (5, 16, 37, len(x)):
        v = x[:n].clone()
        cases.append({"name": "run%d" % n, "x": t2j(v), "tanh": t2j(torch.tanh(v)), "sigmoid": t2j(torch.sigmoid(v)),
                      "sigmoid_strided": t2j(torch.sigmoid(torch.stack([v, v], 1)[:, 0]))})
    write("aten_cpu_float", cases)


def verify():
    """PyTorch's load_state_dict takes torch4j's file (the CellParamsBase and LinearPackedParamsBase script objects
    pickled as torch.save writes them, reduce_range inside each cell's state) and computes both engines' goldens."""
    with open(os.path.join(RESOURCES, "goldens", "quantized_rnn.json")) as f:
        case = next(c for c in json.load(f)["cases"] if c["name"] == "net")
    x = torch.tensor(case["x"]["data"], dtype=torch.float32).reshape(case["x"]["shape"])
    sd = torch.load(os.path.join(RESOURCES, "interop", "quantized", "dynamic_rnn.pt"))
    rnn = lambda keys: [k for k in keys if not k.startswith("fc.")]  # torch4j writes the Linear in its tensor layout
    assert rnn(sd.keys()) == rnn(case["state_keys"]), list(sd.keys())
    for engine in ENGINES:
        torch.backends.quantized.engine = engine
        q = torch.ao.quantization.quantize_dynamic(Net())
        q.load_state_dict(torch.load(os.path.join(RESOURCES, "interop", "quantized", "dynamic_rnn.pt")))
        want = case[engine][0]
        want = torch.tensor(want["data"], dtype=torch.float32).reshape(want["shape"])
        with torch.no_grad():
            assert torch.equal(q(x), want), "PyTorch's %s output from torch4j's weights differs from the golden" % engine
    print("verified dynamic_rnn.pt with torch", torch.__version__)


if __name__ == "__main__":
    verify() if "--verify" in sys.argv else main()
