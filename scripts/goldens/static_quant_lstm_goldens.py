"""Goldens for the static (eager-mode post-training) quantized LSTM (StaticQuantLstmTest), with PyTorch 1.13 on the
QNNPACK engine.

  /usr/bin/python3 scripts/goldens/static_quant_lstm_goldens.py
      writes library/src/test/resources/goldens/static_quant_lstm.json and PyTorch's checkpoint of the converted
      "deep_bidirectional_batch_first" model, interop/quantized/pytorch_static_lstm.pt
  /usr/bin/python3 scripts/goldens/static_quant_lstm_goldens.py --verify
      loads interop/quantized/static_lstm.pt (that model's state dict as torch4j writes it, StaticQuantLstmTest) into
      PyTorch's converted model and checks its output against the golden

prepare swaps an nn.LSTM that has a qconfig for torch.ao.nn.quantizable.LSTM (get_default_custom_config_dict's
float_to_observed_custom_module_class): the same recurrence as Linear layers (igates, hgates) and FloatFunctional ops
(gates, fgate_cx, igate_cgate, fgate_cx_igate_cgate, ogate_cy), which the inner prepare observes; the LSTM itself gets
no observer (no_observer_set). convert swaps it for torch.ao.nn.quantized.LSTM (observed_to_quantized_custom_module_class),
whose cells run quantized Linear and QFunctional ops, QNNPACK's sigmoid/tanh tables, and quantized cat/stack.

PyTorch 2.x differs from 1.13 in the module tree only: each QuantizableLSTMCell has the gate activations as modules
(input_gate, forget_gate, output_gate: Sigmoid; cell_gate: Tanh) after `gates`. They get no observer (prepare runs in
eval mode, where nn.Sigmoid/nn.Tanh have no special post-process and are no quantized mapping), so the arithmetic is
1.13's; this script patches 1.13's cell to 2.x's layout (_init2x, _forward2x) so that reprs and keys are 2.x's, which
torch4j follows. 2.x's split_gates option (one Linear and one FloatFunctional per gate, in ModuleDicts) is written
here on 1.13's modules (SplitCell, split_from_float) for the "split_gates" case. HistogramObserver is 2.x's algorithm (histogram2x.py), as in static_quant_goldens.py.

Calibration runs the float model, whose float32 sums torch4j adds in another order: the test compares the observers
within 1e-6 and loads "prepared_state" (PyTorch's calibrated observers) before convert, so that the converted model's
outputs are compared bit for bit.
"""
import copy
import os
import sys
import warnings

import torch
import torch.nn as nn
from torch.ao.quantization import DeQuantStub, QConfig, QuantStub, convert, default_weight_observer, prepare
import torch.ao.nn.quantizable as nnqa
import torch.ao.nn.quantized as nnq
from torch.ao.nn.quantizable.modules import rnn as qrnn

sys.path.insert(0, os.path.dirname(__file__))
from common import err, t2j, write  # noqa: E402
from histogram2x import Histogram2x  # noqa: E402

warnings.filterwarnings("ignore")
torch.backends.quantized.engine = "qnnpack"
QCONFIG = QConfig(activation=Histogram2x.with_args(reduce_range=False), weight=default_weight_observer)

_init13 = qrnn.LSTMCell.__init__


def _init2x(self, input_dim, hidden_dim, bias=True, device=None, dtype=None):
    """2.x's LSTMCell: the gate activations are modules, registered after `gates` (split_gates=False)."""
    _init13(self, input_dim, hidden_dim, bias, device, dtype)
    mods = list(self._modules.items())
    self._modules.clear()
    for k, v in mods:
        self._modules[k] = v
        if k == "gates":
            self.input_gate, self.forget_gate, self.cell_gate, self.output_gate = nn.Sigmoid(), nn.Sigmoid(), nn.Tanh(), nn.Sigmoid()


def _forward2x(self, x, hidden=None):
    if hidden is None or hidden[0] is None or hidden[1] is None:
        hidden = self.initialize_hidden(x.shape[0], x.is_quantized)
    hx, cx = hidden
    gates = self.gates.add(self.igates(x), self.hgates(hx))
    i, f, g, o = gates.chunk(4, 1)
    i, f, g, o = self.input_gate(i), self.forget_gate(f), self.cell_gate(g), self.output_gate(o)
    cy = self.fgate_cx_igate_cgate.add(self.fgate_cx.mul(f, cx), self.igate_cgate.mul(i, g))
    return self.ogate_cy.mul(o, torch.tanh(cy)), cy


qrnn.LSTMCell.__init__ = _init2x
qrnn.LSTMCell.forward = _forward2x


GATES = ["input", "forget", "cell", "output"]


class SplitCell(qrnn.LSTMCell):
    """2.x's LSTMCell(split_gates=True): igates, hgates and gates are ModuleDicts of one Linear (FloatFunctional) per gate."""

    def __init__(self, input_dim, hidden_dim, bias=True):
        nn.Module.__init__(self)
        self.input_size, self.hidden_size, self.bias, self.split_gates = input_dim, hidden_dim, bias, True
        self.igates, self.hgates, self.gates = nn.ModuleDict(), nn.ModuleDict(), nn.ModuleDict()
        for g in GATES:
            self.igates[g] = nn.Linear(input_dim, hidden_dim, bias=bias)
            self.hgates[g] = nn.Linear(hidden_dim, hidden_dim, bias=bias)
            self.gates[g] = nnq.FloatFunctional()
        self.input_gate, self.forget_gate, self.cell_gate, self.output_gate = nn.Sigmoid(), nn.Sigmoid(), nn.Tanh(), nn.Sigmoid()
        self.fgate_cx, self.igate_cgate = nnq.FloatFunctional(), nnq.FloatFunctional()
        self.fgate_cx_igate_cgate, self.ogate_cy = nnq.FloatFunctional(), nnq.FloatFunctional()

    def forward(self, x, hidden=None):
        if hidden is None or hidden[0] is None or hidden[1] is None:
            hidden = self.initialize_hidden(x.shape[0], x.is_quantized)
        hx, cx = hidden
        i, f, g, o = [self.gates[k].add(self.igates[k](x), self.hgates[k](hx)) for k in GATES]
        i, f, g, o = self.input_gate(i), self.forget_gate(f), self.cell_gate(g), self.output_gate(o)
        cy = self.fgate_cx_igate_cgate.add(self.fgate_cx.mul(f, cx), self.igate_cgate.mul(i, g))
        return self.ogate_cy.mul(o, torch.tanh(cy)), cy

    @classmethod
    def from_params(cls, wi, wh, bi=None, bh=None):
        cell = cls(wi.shape[1], wh.shape[1], bias=bi is not None)
        for w, b, gates in [(wi, bi, cell.igates), (wh, bh, cell.hgates)]:
            for k, wc in zip(GATES, w.chunk(4, 0)):
                gates[k].weight = nn.Parameter(wc)
            if b is not None:
                for k, bc in zip(GATES, b.chunk(4, 0)):
                    gates[k].bias = nn.Parameter(bc)
        return cell


def split_from_float(other):
    """2.x's quantizable LSTM.from_float(other, split_gates=True) for an eval-mode LSTM."""
    observed = nnqa.LSTM(other.input_size, other.hidden_size, other.num_layers, other.bias, other.batch_first, other.dropout,
                         other.bidirectional)
    observed.qconfig = other.qconfig
    for idx in range(other.num_layers):
        layer = qrnn._LSTMLayer.from_float(other, idx, None, batch_first=False)
        for d in ["layer_fw", "layer_bw"] if other.bidirectional else ["layer_fw"]:
            c = getattr(layer, d).cell
            getattr(layer, d).cell = SplitCell.from_params(c.igates.weight, c.hgates.weight, c.igates.bias, c.hgates.bias)
        observed.layers[idx] = layer
    observed.eval()
    return prepare(observed, inplace=True)


def split_case():
    """The quantizable LSTM with split gates, made by from_float, calibrated and converted by from_observed directly."""
    torch.manual_seed(9)
    lstm = nn.LSTM(3, 4, bidirectional=True).eval()
    float_state = {k: t2j(v) for k, v in lstm.state_dict().items()}
    calib = [torch.randn(5, 2, 3) * 2 for _ in range(3)]
    x = torch.randn(5, 2, 3) * 2
    with torch.no_grad():
        float_out = triple(lstm(x))
        lstm.qconfig = QCONFIG
        observed = split_from_float(lstm)
        prepared_repr = repr(observed).replace("Histogram2x", "HistogramObserver")
        prepared_keys = list(observed.state_dict().keys())
        observed_out = triple(copy.deepcopy(observed)(x))
        for b in calib:
            observed(b)
        prepared_state = {k: t2j(v) for k, v in observed.state_dict().items()}
        q = nnq.LSTM.from_observed(observed)
        qx = torch.quantize_per_tensor(x, 0.03, 128, torch.quint8)
        out = triple(q(qx), True)
    return {"name": "split_gates", "float_state": float_state, "calib": [t2j(b) for b in calib], "x": t2j(x), "float_out": float_out,
            "observed_out": observed_out, "prepared_repr": prepared_repr, "prepared_keys": prepared_keys, "prepared_state": prepared_state,
            "repr": repr(q), "state_keys": list(q.state_dict().keys()), "qx": qt(qx), "lstm_out": out}


class Model(nn.Module):
    """QuantStub -> LSTM -> DeQuantStub, with stubs for the initial states."""

    def __init__(self, input_size, hidden_size, **kw):
        super().__init__()
        self.quant = QuantStub()
        self.quant_h = QuantStub()
        self.quant_c = QuantStub()
        self.lstm = nn.LSTM(input_size, hidden_size, **kw)
        self.dequant = DeQuantStub()

    def forward(self, x, h0=None, c0=None):
        x = self.quant(x)
        y, _ = self.lstm(x) if h0 is None else self.lstm(x, (self.quant_h(h0), self.quant_c(c0)))
        return self.dequant(y)


def qt(t):
    return {"int_repr": t2j(t.int_repr()), "scale": t.q_scale(), "zero_point": t.q_zero_point(), "dtype": str(t.dtype)}


def triple(out, q=False):
    y, (h, c) = out
    f = qt if q else t2j
    return {"y": f(y), "h": f(h), "c": f(c)}


def lstm_call(m, x, h0, c0, q=False):
    """m.lstm on the stubs' outputs, as Model.forward calls it: (y, h_n, c_n)."""
    x = m.quant(x)
    out = m.lstm(x) if h0 is None else m.lstm(x, (m.quant_h(h0), m.quant_c(c0)))
    return triple(out, q)


FIXTURES = os.path.join(os.path.dirname(__file__), "..", "..", "library", "src", "test", "resources", "interop", "quantized")
CHECKPOINT_CASE = "deep_bidirectional_batch_first"


def case(name, kw, seed, states, seq=5, batch=2, input_size=3, hidden_size=4):
    torch.manual_seed(seed)
    model = Model(input_size, hidden_size, **kw).eval()
    bf = kw.get("batch_first", False)
    layers = kw.get("num_layers", 1) * (2 if kw.get("bidirectional", False) else 1)

    def draw(n):
        return torch.randn(n, seq, input_size) if bf else torch.randn(seq, n, input_size)
    calib = [draw(batch) * 2 for _ in range(3)]
    x = draw(batch) * 2
    h0, c0 = (torch.randn(layers, batch, hidden_size), torch.randn(layers, batch, hidden_size)) if states else (None, None)
    calib_states = [(torch.randn(layers, batch, hidden_size), torch.randn(layers, batch, hidden_size)) for _ in calib] if states else [(None, None)] * 3
    float_state = {k: t2j(v) for k, v in model.state_dict().items()}
    with torch.no_grad():
        float_out = triple(model.lstm(x) if h0 is None else model.lstm(x, (h0, c0)))
        model.qconfig = QCONFIG
        prepared = prepare(model)
        prepared_repr = repr(prepared).replace("Histogram2x", "HistogramObserver")
        prepared_keys = list(prepared.state_dict().keys())
        observed_out = lstm_call(copy.deepcopy(prepared), x, h0, c0)  # a copy: its observers see x, not the calibration's
        for b, (h, c) in zip(calib, calib_states):
            prepared(b, h, c)
        observers = {}
        for n, m in prepared.named_modules():
            o = getattr(m, "activation_post_process", None)
            if o is not None and not isinstance(o, nn.Identity):
                s, z = o.calculate_qparams()
                observers[n] = {"min_val": float(o.min_val), "max_val": float(o.max_val), "scale": t2j(s), "zero_point": t2j(z)}
        prepared_state = {k: t2j(v) for k, v in prepared.state_dict().items()}
        q = convert(prepared)
        if name == CHECKPOINT_CASE:
            torch.save(q.state_dict(), os.path.join(FIXTURES, "pytorch_static_lstm.pt"))
        out = q(x, h0, c0)
        qout = lstm_call(q, x, h0, c0, q=True)
    return {"name": name, "kw": kw, "states": states, "input_size": input_size, "hidden_size": hidden_size,
            "float_state": float_state, "x": t2j(x), "h0": t2j(h0) if states else None, "c0": t2j(c0) if states else None,
            "calib": [t2j(b) for b in calib], "calib_states": [[t2j(h), t2j(c)] for h, c in calib_states] if states else None,
            "float_out": float_out, "observed_out": observed_out, "prepared_repr": prepared_repr, "prepared_keys": prepared_keys,
            "observers": observers, "prepared_state": prepared_state, "repr": repr(q), "state_keys": list(q.state_dict().keys()),
            "out": t2j(out), "lstm_out": qout}


def main():
    cases = [
        case("single", {}, 1, False),
        case("single_states", {}, 2, True),
        case("no_bias", {"bias": False}, 3, False),
        case("two_layers", {"num_layers": 2}, 4, True),
        case("bidirectional", {"bidirectional": True}, 5, False),
        case("batch_first", {"batch_first": True}, 6, False),
        case("deep_bidirectional_batch_first", {"num_layers": 2, "bidirectional": True, "batch_first": True}, 7, True, seq=4, batch=3),
    ]
    # generator draws: prepare builds the quantizable layers as PyTorch's constructors do (each Linear drawn, then replaced)
    torch.manual_seed(8)
    m = Model(3, 4, num_layers=2, bidirectional=True).eval()
    weight = t2j(m.lstm.weight_hh_l1_reverse)
    m.qconfig = QCONFIG
    prepare(m)
    draws = {"name": "draws", "weight_hh_l1_reverse": weight, "after_prepare": t2j(torch.randn(5))}
    reprs = {"quantizable": repr(nnqa.LSTM(3, 4, num_layers=2, bidirectional=True)), "cell": repr(nnqa.LSTMCell(3, 5)),
             "quantized": repr(nnq.LSTM(2, 3))}
    errors = {"quantized_from_float": err(lambda: nnq.LSTM.from_float(nn.LSTM(2, 3))),
              "quantizable_from_observed": err(lambda: nnqa.LSTM.from_observed(nnqa.LSTM(2, 3))),
              "dropout": err(lambda: nnqa.LSTM(2, 3, dropout=1.5))}
    write("static_quant_lstm", cases + [split_case(), draws, {"name": "reprs", "reprs": reprs, "errors": errors}])
    print(cases[0]["prepared_repr"])
    print(cases[-1]["repr"])
    print(reprs, errors)


def verify():
    import json
    with open(os.path.join(FIXTURES, "..", "..", "goldens", "static_quant_lstm.json")) as f:
        c = next(c for c in json.load(f)["cases"] if c["name"] == CHECKPOINT_CASE)

    def tensor(j):
        return torch.tensor(j["data"], dtype=torch.float32).reshape(j["shape"])
    model = Model(c["input_size"], c["hidden_size"], **c["kw"]).eval()
    model.qconfig = QCONFIG
    prepared = prepare(model)
    x, h0, c0 = tensor(c["x"]), tensor(c["h0"]), tensor(c["c0"])
    with torch.no_grad():
        prepared(x * 3, h0, c0)  # other statistics: the checkpoint must replace them
        q = convert(prepared)
        q.load_state_dict(torch.load(os.path.join(FIXTURES, "static_lstm.pt")))
        assert torch.equal(q(x, h0, c0), tensor(c["out"])), "PyTorch's output from torch4j's checkpoint differs"
    print("verified static_lstm.pt with torch", torch.__version__)


if __name__ == "__main__":
    verify() if "--verify" in sys.argv else main()
