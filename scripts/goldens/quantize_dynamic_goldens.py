"""Goldens for dynamic quantization (QuantizeDynamicTest): torch.ao.quantization.quantize_dynamic(model, {nn.Linear},
dtype=torch.qint8) on float models whose weights the test rebuilds, with the quantized weights, reprs, state-dict
keys and outputs.

  /usr/bin/python3 scripts/goldens/quantize_dynamic_goldens.py
      writes library/src/test/resources/goldens/quantize_dynamic.json
  /usr/bin/python3 scripts/goldens/quantize_dynamic_goldens.py --verify
      loads interop/quantized/dynamic_mlp.pt (the "mlp" state dict as torch4j writes it, QuantizeDynamicTest) into
      PyTorch's quantize_dynamic model with load_state_dict and checks its QNNPACK output against the golden.

Debian's PyTorch 1.13 has no FBGEMM (torch.backends.quantized.supported_engines: qnnpack, onednn), the engine PyTorch's
x86 wheels use. Each case therefore records two outputs:
  * "qnnpack": QNNPACK quantizes the input as quantize_per_tensor does, multiplies in int32 and computes
    acc * (input_scale * weight_scale) + bias in float32 -- FBGEMM's AVX2 arithmetic -- but ignores reduce_range
    (it warns so): torch4j's Linear with reduceRange=false must match it bit for bit.
  * "onednn" (the default engine here): reduce_range=True as FBGEMM; oneDNN quantizes the input with its own reorder
    and scales the int32 sums by one combined reciprocal scale: on these inputs the quantized inputs agree and the
    outputs differ in the last bits, so torch4j's default Linear must match within 8 ulps of the output's range.
"""
import json
import os
import sys

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(__file__))
from common import t2j, write  # noqa: E402


def run(model, x):
    out = {}
    for engine in ("qnnpack", "onednn"):
        torch.backends.quantized.engine = engine
        q = torch.ao.quantization.quantize_dynamic(model, {nn.Linear}, dtype=torch.qint8)
        out[engine] = q(x)
    return q, out


def float_model(name):
    return {"mlp": lambda: nn.Sequential(nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 4, bias=False)),
            "batched": lambda: nn.Sequential(nn.Linear(32, 24)),
            "wide": lambda: nn.Sequential(nn.Linear(384, 64), nn.Tanh(), nn.Linear(64, 10)),
            "one_row": lambda: nn.Sequential(nn.Linear(33, 17))}[name]()


def main():
    torch.manual_seed(0)
    cases = []
    models = [
        ("mlp", float_model("mlp"), torch.randn(5, 16)),
        ("batched", float_model("batched"), torch.randn(2, 3, 32) * 4),
        ("wide", float_model("wide"), torch.randn(7, 384)),
        ("one_row", float_model("one_row"), torch.rand(1, 33) + 0.5),
    ]
    for name, model, x in models:
        q, out = run(model, x)
        layers = []
        for lname, m in q.named_modules():
            if type(m).__name__ == "Linear" and m.__class__.__module__.endswith("dynamic.modules.linear"):
                w = m.weight()
                layers.append({"name": lname, "int_repr": t2j(w.int_repr()), "scale": w.q_scale(), "zero_point": w.q_zero_point(),
                               "weight_repr": repr(w)})
        floats = {k: t2j(v) for k, v in model.state_dict().items()}
        sd = q.state_dict()
        if name == "mlp":  # PyTorch's own checkpoint (oneDNN's model: version 4, reduce_range), which torch4j loads
            torch.save(sd, os.path.join(os.path.dirname(__file__), "..", "..", "library", "src", "test", "resources", "interop",
                                        "quantized", "pytorch_dynamic_mlp.pt"))
        cases.append({"name": name, "float_state": floats, "x": t2j(x), "repr": repr(q), "layers": layers,
                      "state_keys": list(sd.keys()),
                      "state_types": [type(v).__name__ if not isinstance(v, torch.Tensor) else str(v.dtype) for v in sd.values()],
                      "qnnpack": t2j(out["qnnpack"]), "onednn": t2j(out["onednn"])})
    write("quantize_dynamic", cases)


def verify():
    """PyTorch's load_state_dict takes torch4j's file (the packed parameters' weight and bias tensors, read as their
    version 1 says) and, with the Linear's version 4 in the metadata, computes with reduce_range as a module PyTorch
    quantized itself: both engines' outputs equal the goldens (oneDNN honours reduce_range, QNNPACK ignores it)."""
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.join(here, "..", "..", "library", "src", "test", "resources")
    with open(os.path.join(root, "goldens", "quantize_dynamic.json")) as f:
        case = next(c for c in json.load(f)["cases"] if c["name"] == "mlp")
    x = torch.tensor(case["x"]["data"], dtype=torch.float32).reshape(case["x"]["shape"])
    for engine in ("qnnpack", "onednn"):
        torch.backends.quantized.engine = engine
        q = torch.ao.quantization.quantize_dynamic(float_model("mlp"), {nn.Linear}, dtype=torch.qint8)
        q.load_state_dict(torch.load(os.path.join(root, "interop", "quantized", "dynamic_mlp.pt")))
        want = torch.tensor(case[engine]["data"], dtype=torch.float32).reshape(case[engine]["shape"])
        assert torch.equal(q(x), want), "PyTorch's %s output from torch4j's weights differs from the golden" % engine
    print("verified dynamic_mlp.pt with torch", torch.__version__)


if __name__ == "__main__":
    verify() if "--verify" in sys.argv else main()
