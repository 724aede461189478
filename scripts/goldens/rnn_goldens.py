"""Goldens for nn.RNN / LSTM / GRU, the cells and torch.nn.utils.rnn -> rnn.json (run with /usr/bin/python3).

- "init": state dict after torch.manual_seed (exact float32 values) and repr, per constructor.
- "module": a float64 module given by its state dict, an input (padded or packed), optional h0/c0; the output,
  final states, and the gradients of sum(output*g) + sum(h_n*gh) [+ sum(c_n*gc)] for the input, h0/c0 and every
  parameter. Packed cases store the padded input and lengths; the module gets pack_padded_sequence(...) and the
  output is compared after pad_packed_sequence.
- "cell": the same for RNNCell / LSTMCell / GRUCell (one step).
- "utils": pad_sequence, pack_sequence, pack_padded_sequence, pad_packed_sequence values.
Dropout is 0 in every value case (dropout > 0 is random; the Java test checks train vs eval behaviour only).
PyTorch 2.x computes the same values as the 1.13 used here; its error texts (checked by hand in the Java test)
differ in places, e.g. LSTMCell names a bad c_0 "hidden1" where 1.13 says "hidden0".
"""
import random

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence, pack_sequence

from common import t2j, write

cases = []
CTORS = {"RNN": nn.RNN, "LSTM": nn.LSTM, "GRU": nn.GRU, "RNNCell": nn.RNNCell, "LSTMCell": nn.LSTMCell,
         "GRUCell": nn.GRUCell}


def build(spec):
    kw = {k: v for k, v in spec.items() if k not in ("type", "input_size", "hidden_size")}
    return CTORS[spec["type"]](spec["input_size"], spec["hidden_size"], **kw)


def state(m):
    return {k: t2j(v) for k, v in m.state_dict().items()}


# ------------------------------------------------------------------------------------------------ init and repr

for seed, spec in [(0, {"type": "RNN", "input_size": 3, "hidden_size": 4}),
                   (1, {"type": "RNN", "input_size": 2, "hidden_size": 3, "num_layers": 2, "nonlinearity": "relu",
                        "bias": False}),
                   (2, {"type": "LSTM", "input_size": 2, "hidden_size": 2, "num_layers": 2, "batch_first": True,
                        "bidirectional": True}),
                   (3, {"type": "LSTM", "input_size": 3, "hidden_size": 4, "proj_size": 2, "dropout": 0.25,
                        "num_layers": 2}),
                   (4, {"type": "GRU", "input_size": 2, "hidden_size": 3, "num_layers": 2, "bidirectional": True}),
                   (5, {"type": "RNNCell", "input_size": 3, "hidden_size": 2, "nonlinearity": "relu"}),
                   (6, {"type": "LSTMCell", "input_size": 2, "hidden_size": 3, "bias": False}),
                   (7, {"type": "GRUCell", "input_size": 3, "hidden_size": 2})]:
    torch.manual_seed(seed)
    m = build(spec)
    cases.append({"kind": "init", "seed": seed, "spec": spec, "repr": repr(m), "state": state(m),
                  "keys": list(m.state_dict().keys())})
cases.append({"kind": "repr", "reprs": [
    repr(nn.LSTM(10, 20, num_layers=2, batch_first=True, bidirectional=True)),
    repr(nn.LSTM(10, 20, proj_size=5, num_layers=2, bias=False, dropout=0.5)),
    repr(nn.RNN(10, 20, nonlinearity="relu")),
    repr(nn.GRU(4, 8, dropout=0.1, num_layers=3)),
    repr(nn.RNNCell(3, 4, bias=False, nonlinearity="relu")),
    repr(nn.LSTMCell(3, 4)),
    repr(nn.GRUCell(3, 4, bias=False))]})

# ------------------------------------------------------------------------------------------------ modules

torch.manual_seed(10)


def randn(*shape):
    return torch.randn(*shape, dtype=torch.float64)


def module_case(name, spec, seq_len, batch, h0=False, lengths=None, enforce_sorted=True):
    """batch=None: unbatched input [L, H_in]."""
    m = build(spec).double()
    lstm = spec["type"] == "LSTM"
    layers = spec.get("num_layers", 1) * (2 if spec.get("bidirectional") else 1)
    hout = spec.get("proj_size", 0) or spec["hidden_size"]
    bf = spec.get("batch_first", False)
    if batch is None:
        x = randn(seq_len, spec["input_size"])
        hshape, cshape = (layers, hout), (layers, spec["hidden_size"])
    else:
        x = randn(batch, seq_len, spec["input_size"]) if bf else randn(seq_len, batch, spec["input_size"])
        hshape, cshape = (layers, batch, hout), (layers, batch, spec["hidden_size"])
    x.requires_grad_(True)
    hx = None
    hs = []
    if h0:
        h = randn(*hshape).requires_grad_(True)
        hs.append(h)
        if lstm:
            c = randn(*cshape).requires_grad_(True)
            hs.append(c)
            hx = (h, c)
        else:
            hx = h
    inp = x if lengths is None else pack_padded_sequence(x, torch.tensor(lengths), batch_first=bf,
                                                         enforce_sorted=enforce_sorted)
    out, hn = m(inp, hx)
    finals = list(hn) if lstm else [hn]
    case = {"kind": "module", "name": name, "spec": spec, "state": state(m), "input": t2j(x)}
    if lengths is not None:
        case["lengths"] = lengths
        case["enforce_sorted"] = enforce_sorted
        case["packed_data"] = t2j(out.data)
        case["batch_sizes"] = t2j(out.batch_sizes)
        out, out_lengths = pad_packed_sequence(out, batch_first=bf)
        case["out_lengths"] = t2j(out_lengths)
    g = randn(*out.shape)
    gf = [randn(*f.shape) for f in finals]
    loss = (out * g).sum() + sum((f * gg).sum() for f, gg in zip(finals, gf))
    loss.backward()
    case.update({"output": t2j(out), "grad_output": t2j(g), "finals": [t2j(f) for f in finals],
                 "grad_finals": [t2j(f) for f in gf], "grad_input": t2j(x.grad)})
    if h0:
        case["hx"] = [t2j(h) for h in hs]
        case["grad_hx"] = [t2j(h.grad) for h in hs]
    case["grad_params"] = {k: t2j(p.grad) for k, p in m.named_parameters()}
    cases.append(case)


module_case("rnn_tanh", {"type": "RNN", "input_size": 3, "hidden_size": 4}, 4, 2)
module_case("rnn_relu_2layers_h0_nobias", {"type": "RNN", "input_size": 2, "hidden_size": 3, "num_layers": 2,
                                           "nonlinearity": "relu", "bias": False}, 3, 2, h0=True)
module_case("rnn_bidir_batch_first", {"type": "RNN", "input_size": 3, "hidden_size": 2, "bidirectional": True,
                                      "batch_first": True}, 3, 2, h0=True)
module_case("rnn_unbatched_batch_first", {"type": "RNN", "input_size": 2, "hidden_size": 3, "batch_first": True,
                                          "num_layers": 2}, 3, None, h0=True)
module_case("lstm_h0", {"type": "LSTM", "input_size": 3, "hidden_size": 3}, 4, 2, h0=True)
module_case("lstm_2layers_bidir_batch_first", {"type": "LSTM", "input_size": 2, "hidden_size": 2, "num_layers": 2,
                                               "bidirectional": True, "batch_first": True}, 3, 2)
module_case("lstm_proj_2layers_bidir_h0", {"type": "LSTM", "input_size": 2, "hidden_size": 3, "proj_size": 1,
                                           "num_layers": 2, "bidirectional": True}, 3, 2, h0=True)
module_case("lstm_unbatched_h0", {"type": "LSTM", "input_size": 2, "hidden_size": 2, "num_layers": 2}, 3, None,
            h0=True)
module_case("lstm_nobias", {"type": "LSTM", "input_size": 2, "hidden_size": 3, "bias": False}, 3, 3)
module_case("gru_2layers_h0", {"type": "GRU", "input_size": 3, "hidden_size": 3, "num_layers": 2}, 4, 2, h0=True)
module_case("gru_bidir_batch_first_nobias", {"type": "GRU", "input_size": 2, "hidden_size": 3, "bidirectional": True,
                                             "batch_first": True, "bias": False}, 3, 2)
module_case("gru_unbatched", {"type": "GRU", "input_size": 3, "hidden_size": 2}, 4, None)
module_case("lstm_packed_unsorted_bidir_h0", {"type": "LSTM", "input_size": 2, "hidden_size": 2, "num_layers": 2,
                                              "bidirectional": True}, 4, 3, h0=True, lengths=[2, 4, 1],
            enforce_sorted=False)
module_case("lstm_packed_proj_batch_first", {"type": "LSTM", "input_size": 2, "hidden_size": 3, "proj_size": 2,
                                             "batch_first": True}, 3, 3, lengths=[1, 3, 2], enforce_sorted=False)
module_case("gru_packed_sorted_bidir", {"type": "GRU", "input_size": 2, "hidden_size": 2, "bidirectional": True},
            4, 3, lengths=[4, 3, 3])
module_case("rnn_packed_unsorted_h0", {"type": "RNN", "input_size": 3, "hidden_size": 2, "num_layers": 2,
                                       "batch_first": True}, 3, 4, h0=True, lengths=[2, 3, 1, 3],
            enforce_sorted=False)


# random configurations (seeded): option combinations the cases above do not name, each with values and gradients
_rng = random.Random(20261129)
for _i in range(40):
    _type = _rng.choice(["RNN", "LSTM", "GRU"])
    _hidden = _rng.randint(1, 4)
    _spec = {"type": _type, "input_size": _rng.randint(1, 4), "hidden_size": _hidden, "num_layers": _rng.randint(1, 3),
             "bias": _rng.random() < 0.7, "batch_first": _rng.random() < 0.5, "bidirectional": _rng.random() < 0.5}
    if _type == "RNN":
        _spec["nonlinearity"] = _rng.choice(["tanh", "relu"])
    if _type == "LSTM" and _hidden > 1 and _rng.random() < 0.4:
        _spec["proj_size"] = _rng.randint(1, _hidden - 1)
    _len, _batch = _rng.randint(1, 4), _rng.choice([None, 1, 2, 3])
    _lengths, _sorted = None, True
    if _batch is not None and _rng.random() < 0.35:
        _lengths = [_rng.randint(1, _len) for _ in range(_batch)]
        _lengths[_rng.randrange(_batch)] = _len
        _sorted = _rng.random() < 0.5
        if _sorted:
            _lengths.sort(reverse=True)
    module_case("fuzz_%d" % _i, _spec, _len, _batch, h0=_rng.random() < 0.5, lengths=_lengths, enforce_sorted=_sorted)


def cell_case(name, spec, batch, hx=True):
    m = build(spec).double()
    lstm = spec["type"] == "LSTMCell"
    shape = (spec["hidden_size"],) if batch is None else (batch, spec["hidden_size"])
    x = randn(*(((spec["input_size"],)) if batch is None else (batch, spec["input_size"]))).requires_grad_(True)
    hs = [randn(*shape).requires_grad_(True) for _ in range(2 if lstm else 1)] if hx else []
    out = m(x, (tuple(hs) if lstm else hs[0]) if hx else None)
    outs = list(out) if lstm else [out]
    gs = [randn(*o.shape) for o in outs]
    sum((o * g).sum() for o, g in zip(outs, gs)).backward()
    case = {"kind": "cell", "name": name, "spec": spec, "state": state(m), "input": t2j(x),
            "outputs": [t2j(o) for o in outs], "grad_outputs": [t2j(g) for g in gs], "grad_input": t2j(x.grad),
            "grad_params": {k: t2j(p.grad) for k, p in m.named_parameters()}}
    if hx:
        case["hx"] = [t2j(h) for h in hs]
        case["grad_hx"] = [t2j(h.grad) for h in hs]
    cases.append(case)


cell_case("rnncell_tanh", {"type": "RNNCell", "input_size": 3, "hidden_size": 4}, 2)
cell_case("rnncell_relu_nohx", {"type": "RNNCell", "input_size": 2, "hidden_size": 3, "nonlinearity": "relu"}, 3,
          hx=False)
cell_case("lstmcell", {"type": "LSTMCell", "input_size": 3, "hidden_size": 3}, 2)
cell_case("lstmcell_nohx_nobias", {"type": "LSTMCell", "input_size": 2, "hidden_size": 3, "bias": False}, 2, hx=False)
cell_case("lstmcell_unbatched", {"type": "LSTMCell", "input_size": 2, "hidden_size": 2}, None)
cell_case("grucell", {"type": "GRUCell", "input_size": 3, "hidden_size": 3}, 2)
cell_case("grucell_unbatched_nohx", {"type": "GRUCell", "input_size": 2, "hidden_size": 3}, None, hx=False)

# ------------------------------------------------------------------------------------------------ utils

seqs = [randn(2, 2), randn(4, 2), randn(1, 2), randn(4, 2)]
for bf in (False, True):
    cases.append({"kind": "pad_sequence", "batch_first": bf, "padding_value": -1.5, "sequences": [t2j(s) for s in seqs],
                  "out": t2j(pad_sequence(seqs, batch_first=bf, padding_value=-1.5))})
p = pack_sequence(seqs, enforce_sorted=False)
padded, lens = pad_packed_sequence(p, batch_first=True, padding_value=9.0, total_length=6)
cases.append({"kind": "pack_sequence", "sequences": [t2j(s) for s in seqs], "data": t2j(p.data),
              "batch_sizes": t2j(p.batch_sizes), "sorted_indices": t2j(p.sorted_indices),
              "unsorted_indices": t2j(p.unsorted_indices), "padded_bf_9_total6": t2j(padded), "lengths": t2j(lens)})
x = randn(3, 3, 2).requires_grad_(True)   # [B, T, *] with a trailing dim of 2
p = pack_padded_sequence(x, [3, 3, 1], batch_first=True)
g = randn(*p.data.shape)
(p.data * g).sum().backward()
cases.append({"kind": "pack_padded", "input": t2j(x), "lengths": [3, 3, 1], "batch_first": True, "data": t2j(p.data),
              "batch_sizes": t2j(p.batch_sizes), "grad_data": t2j(g), "grad_input": t2j(x.grad)})
write("rnn", cases)
