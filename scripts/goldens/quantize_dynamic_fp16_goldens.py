"""Goldens for float16 dynamic quantization (QuantizeDynamicFp16Test): quantize_dynamic(model, {nn.Linear},
dtype=torch.float16), float16_dynamic_qconfig.

  /usr/bin/python3 scripts/goldens/quantize_dynamic_fp16_goldens.py
      writes library/src/test/resources/goldens/quantize_dynamic_fp16.json and
      library/src/test/resources/interop/quantized/pytorch_dynamic_fp16_mlp.pt
  /usr/bin/python3 scripts/goldens/quantize_dynamic_fp16_goldens.py --verify
      reads interop/quantized/dynamic_fp16_mlp.pt (the quantized model's state dict as torch4j writes it) with PyTorch's
      load_state_dict (the packing emulated as below) and checks the dtype, weights and biases it gives the layers

THE VALUES ARE AN EMULATION. Debian's PyTorch 1.13 has no FBGEMM (engines: qnnpack, onednn), and both refuse
quantized::linear_prepack_fp16 ("... is currently not supported by QNNPACK" / "by MKLDNN"), so no PyTorch here can run a
float16 dynamic Linear. What FBGEMM does, from PyTorch's source (aten/src/ATen/native/quantized/cpu/qlinear_prepack.cpp,
qlinear_unpack.cpp, qlinear_dynamic.cpp, quant_utils.h; the same in 1.13 and 2.x):
  * linear_prepack_fp16(w, b): w (float32) saturated in place to [-65504, 65504] (HandleWeightsSaturation: NaN left as it
    is; TORCH_WARN "FOUND weight out of range " once per call when any element was), then packed as float16 (rounded to
    nearest even); b kept as given (None stays None).
  * linear_unpack_fp16: (the float16 weight converted back to float32, b).
  * linear_dynamic_fp16(x, packed): float32 GEMM of x with the float16 weight widened to float32 (fbgemm's
    cblas_gemm_compute; its own summation order), then output.add_(b); TORCH_CHECK(input.size(-1) == K) and
    TORCH_CHECK(input.dim() >= 2), whose messages are "Expected <condition> to be true, but got false." (2.x as 1.13).
The goldens: each dynamic Linear's output is F.linear(x, w.clamp(-65504, 65504).half().float(), b) in float32 (the test
allows a small float32 tolerance: the GEMM's summation order is FBGEMM's own). The model is quantized by PyTorch's own
quantize_dynamic / from_float / LinearPackedParams code with only the two packing ops replaced by that emulation
(EmulatedFp16), so reprs, the module swap and the state dict (keys, order, versions, the (weight, bias) tuple, the dtype
entry) are PyTorch's. The reprs are PyTorch's extra_repr ('DynamicQuantizedLinear(in_features=4, out_features=3,
dtype=torch.float16)').
"""
import copy
import os
import sys
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.ao.nn.quantized as nnq
import torch.ao.nn.quantized.dynamic as nnqd
from torch.ao.quantization import quantize_dynamic

sys.path.insert(0, os.path.dirname(__file__))
from common import err, t2j, write  # noqa: E402

warnings.filterwarnings("ignore")
torch.backends.quantized.engine = "qnnpack"
FIXTURES = os.path.join(os.path.dirname(__file__), "..", "..", "library", "src", "test", "resources", "interop", "quantized")
FP16_MAX = 65504.0
NOT_2D = "Expected input.dim() >= 2 to be true, but got false."
SATURATION_WARNING = "FOUND weight out of range "


class EmulatedFp16:
    """LinearPackedParams' float16 packing without FBGEMM: (saturated, float16-rounded weight as float32, bias)."""
    orig_set, orig_get = nnq.modules.linear.LinearPackedParams.set_weight_bias, nnq.modules.linear.LinearPackedParams._weight_bias
    warned = []

    @staticmethod
    def set_weight_bias(self, weight, bias):
        if self.dtype != torch.float16:
            return EmulatedFp16.orig_set(self, weight, bias)
        with torch.no_grad():
            if ((weight > FP16_MAX) | (weight < -FP16_MAX)).any():
                EmulatedFp16.warned.append(SATURATION_WARNING)
            weight.clamp_(-FP16_MAX, FP16_MAX)  # in place, as FBGEMM's (NaN stays NaN)
        self._packed_params = (weight.detach().half().float(), bias)

    @staticmethod
    def weight_bias(self):
        return EmulatedFp16.orig_get(self) if self.dtype != torch.float16 else self._packed_params

    def __enter__(self):
        nnq.modules.linear.LinearPackedParams.set_weight_bias = EmulatedFp16.set_weight_bias
        nnq.modules.linear.LinearPackedParams._weight_bias = EmulatedFp16.weight_bias
        return self

    def __exit__(self, *a):
        nnq.modules.linear.LinearPackedParams.set_weight_bias = EmulatedFp16.orig_set
        nnq.modules.linear.LinearPackedParams._weight_bias = EmulatedFp16.orig_get


def run(q, x):
    """The quantized Sequential's output, each float16 dynamic Linear as F.linear over its unpacked weight."""
    for m in q:
        if isinstance(m, nnqd.Linear):
            w, b = m._packed_params._weight_bias()
            x = F.linear(x, w, b)
        else:
            x = m(x)
    return x


def float_model(name):
    torch.manual_seed({"mlp": 41, "saturate": 42}[name])
    if name == "mlp":
        return nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 3, bias=False))
    m = nn.Sequential(nn.Linear(5, 3))
    with torch.no_grad():  # out of float16's range, its rounding (ties to even, subnormals), NaN-free
        m[0].weight.copy_(torch.tensor([[1e5, -7e4, 65504.0, 65519.0, 0.1],
                                        [2049.0, 2051.0, 1e-8, 3e-5, -1.0 / 3],
                                        [-65520.0, 6e-8, 1.5e-7, 0.7, -2.5]]))
    return m


def case(name, spec, xs):
    m = float_model(name).eval()
    float_state = {k: t2j(v) for k, v in m.state_dict().items()}
    EmulatedFp16.warned.clear()
    with EmulatedFp16():
        q = quantize_dynamic(m, spec, dtype=torch.float16)
        layers = {}
        for n, mod in q.named_modules():
            if isinstance(mod, nnqd.Linear):
                w, b = mod._packed_params._weight_bias()
                layers[n] = {"weight": t2j(w), "bias": None if b is None else t2j(b), "repr": repr(mod)}
        sd = q.state_dict()
        if name == "mlp":  # PyTorch's own checkpoint (emulated packing: see the docstring), which torch4j loads
            torch.save(sd, os.path.join(FIXTURES, "pytorch_dynamic_fp16_mlp.pt"))
        c = {"name": name, "float_state": float_state, "repr": repr(q), "layers": layers, "warnings": list(EmulatedFp16.warned),
             "state_keys": list(sd.keys()), "state_types": [type(v).__name__ for v in sd.values()],
             "versions": {k: v.get("version") for k, v in sd._metadata.items()},
             "inputs": [{"x": t2j(x), "y": t2j(run(q, x))} for x in xs]}
        c["float_weight_after"] = t2j(m[0].weight)  # the model itself is left as it was (quantize_dynamic copies it)
    return c


RNN_CASES = [  # name, kind, config, x shape, initial state shapes (None: zeros)
    ("rnn_lstm", "lstm", {"input": 4, "hidden": 5, "layers": 2, "bidir": True}, (3, 2, 4), [(4, 2, 5), (4, 2, 5)]),
    ("rnn_gru_packed", "gru", {"input": 3, "hidden": 4, "batch_first": True, "lengths": [3, 1, 2]}, (3, 3, 3), None),
    ("rnn_lstm_cell", "lstm_cell", {"input": 4, "hidden": 3}, (3, 2, 4), [(2, 3), (2, 3)]),
    ("rnn_gru_cell", "gru_cell", {"input": 3, "hidden": 4}, (2, 2, 3), None),
    ("rnn_rnn_cell", "rnn_cell", {"input": 3, "hidden": 4, "nonlinearity": "relu"}, (2, 3, 3), [(3, 4)]),
    ("rnn_net", "net", {}, (3, 2, 4), None),
]


def rnn_cases():
    """The float16 dynamic LSTM/GRU/cells (QuantizedRnnFp16Test). 1.13 cannot even build them here (their constructors
    pack with linear_prepack_fp16), so the golden is the float module with its weights as FBGEMM packs them (saturated,
    rounded to float16) run in float32: QuantizedCellParamsFP16's products are linear_dynamic_fp16 (float32 GEMM plus
    bias) and its gates ATen's float32 kernels, the float module's differ in summation order only. The repr is the qint8
    module's (PyTorch's dynamic RNN reprs do not show the dtype; a Linear's does, set to float16 for its repr)."""
    from torch.ao.nn.quantized.dynamic.modules import rnn as _  # noqa: F401
    from quantized_rnn_goldens import make, run
    torch.manual_seed(43)
    cases = []
    for name, kind, cfg, xshape, hshapes in RNN_CASES:
        model = make(kind, cfg).eval()
        x = torch.randn(xshape)
        hx = None if hshapes is None else [torch.randn(s) for s in hshapes]
        c = {"name": name, "kind": kind, "config": cfg, "float_state": {k: t2j(v) for k, v in model.state_dict().items()},
             "x": t2j(x), "hx": None if hx is None else [t2j(h) for h in hx]}
        emulated = copy.deepcopy(model)
        with torch.no_grad():
            for n, p in emulated.named_parameters():
                if "weight" in n and not n.startswith("fc."):  # (the Linear's weight: the same rounding, done by hand below)
                    p.copy_(p.clamp(-FP16_MAX, FP16_MAX).half().float())
            if kind == "net":
                emulated.fc.weight.copy_(emulated.fc.weight.clamp(-FP16_MAX, FP16_MAX).half().float())
            c["outputs"] = [t2j(o) for o in run(kind, cfg, emulated, x, hx)]
        c["fp16_weights"] = {n: t2j(p) for n, p in emulated.named_parameters() if "weight" in n}
        q = quantize_dynamic(model)  # the qint8 model prints the RNNs as the float16 one would; its Linear says its dtype
        for mod in q.modules():
            if isinstance(mod, nnqd.Linear):
                mod._packed_params.dtype = torch.float16
        c["repr"] = repr(q)
        cases.append(c)
    return cases


def main():
    torch.manual_seed(40)
    cases = [case("mlp", {nn.Linear}, [torch.randn(5, 6), torch.randn(2, 3, 6) * 3]),
             case("saturate", None, [torch.randn(4, 5), torch.randn(1, 5) * 1e-3])] + rnn_cases()
    with EmulatedFp16():
        q = nnqd.Linear(4, 3, dtype=torch.float16)
        reprs = {"linear": repr(q), "linear_no_bias": repr(nnqd.Linear(2, 5, bias_=False, dtype=torch.float16))}
    m = nn.Sequential(nn.Linear(4, 3))
    errors = {"default_spec_dtype": err(lambda: quantize_dynamic(m, dtype=torch.int32)),
              "set_spec_dtype": err(lambda: quantize_dynamic(m, {nn.Linear}, dtype=torch.int32)),
              "input_1d": NOT_2D,
              "from_float_dtype": err(lambda: nnqd.Linear.from_float(with_qconfig(nn.Linear(2, 2))))}
    write("quantize_dynamic_fp16", cases + [{"name": "reprs", "reprs": reprs, "errors": errors,
                                             "saturation_warning": SATURATION_WARNING}])
    print(reprs, errors)
    print(cases[1]["layers"], cases[1]["warnings"])


def with_qconfig(m):
    """A Linear whose qconfig's weight observer has a dtype from_float refuses (quint8)."""
    from torch.ao.quantization import QConfig, PlaceholderObserver
    m.qconfig = QConfig(activation=PlaceholderObserver, weight=PlaceholderObserver.with_args(dtype=torch.quint8))
    return m


def verify():
    import json
    root = os.path.join(os.path.dirname(__file__), "..", "..", "library", "src", "test", "resources")
    with open(os.path.join(root, "goldens", "quantize_dynamic_fp16.json")) as f:
        c = next(c for c in json.load(f)["cases"] if c["name"] == "mlp")
    with EmulatedFp16():
        q = quantize_dynamic(nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 3, bias=False)), {nn.Linear}, dtype=torch.qint8)
        q.load_state_dict(torch.load(os.path.join(root, "interop", "quantized", "dynamic_fp16_mlp.pt")))
        for n, layer in c["layers"].items():
            mod = q.get_submodule(n)
            assert mod._packed_params.dtype == torch.float16, n + ": the checkpoint does not make it float16"
            w, b = mod._packed_params._weight_bias()
            want = torch.tensor(layer["weight"]["data"], dtype=torch.float32).reshape(layer["weight"]["shape"])
            assert torch.equal(w, want), n + ": weight differs"
            assert (b is None) == (layer["bias"] is None), n + ": bias presence differs"
            if b is not None:
                assert torch.equal(b, torch.tensor(layer["bias"]["data"], dtype=torch.float32)), n + ": bias differs"
            assert repr(mod) == layer["repr"]
        x = torch.tensor(c["inputs"][0]["x"]["data"]).reshape(c["inputs"][0]["x"]["shape"])
        want = torch.tensor(c["inputs"][0]["y"]["data"]).reshape(c["inputs"][0]["y"]["shape"])
        assert torch.equal(run(q, x), want)
    print("verified dynamic_fp16_mlp.pt with torch", torch.__version__, "(float16 packing emulated)")


if __name__ == "__main__":
    verify() if "--verify" in sys.argv else main()
