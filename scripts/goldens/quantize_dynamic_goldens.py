"""Goldens for dynamic quantization (QuantizeDynamicTest): torch.ao.quantization.quantize_dynamic(model, {nn.Linear},
dtype=torch.qint8) on float models whose weights the test rebuilds, with the quantized weights, reprs, state-dict
keys and outputs.

  /usr/bin/python3 scripts/goldens/quantize_dynamic_goldens.py

Debian's PyTorch 1.13 has no FBGEMM (torch.backends.quantized.supported_engines: qnnpack, onednn), the engine PyTorch's
x86 wheels use. Each case therefore records two outputs:
  * "qnnpack": QNNPACK quantizes the input as quantize_per_tensor does, multiplies in int32 and computes
    acc * (input_scale * weight_scale) + bias in float32 -- FBGEMM's AVX2 arithmetic -- but ignores reduce_range
    (it warns so): torch4j's Linear with reduceRange=false must match it bit for bit.
  * "onednn" (the default engine here): reduce_range=True as FBGEMM; oneDNN quantizes the input with its own reorder
    and scales the int32 sums by one combined reciprocal scale: on these inputs the quantized inputs agree and the
    outputs differ in the last bits, so torch4j's default Linear must match within 8 ulps of the output's range.
"""
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


def main():
    torch.manual_seed(0)
    cases = []
    models = [
        ("mlp", nn.Sequential(nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 4, bias=False)), torch.randn(5, 16)),
        ("batched", nn.Sequential(nn.Linear(32, 24)), torch.randn(2, 3, 32) * 4),
        ("wide", nn.Sequential(nn.Linear(384, 64), nn.Tanh(), nn.Linear(64, 10)), torch.randn(7, 384)),
        ("one_row", nn.Sequential(nn.Linear(33, 17)), torch.rand(1, 33) + 0.5),
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
        cases.append({"name": name, "float_state": floats, "x": t2j(x), "repr": repr(q), "layers": layers,
                      "state_keys": list(sd.keys()),
                      "state_types": [type(v).__name__ if not isinstance(v, torch.Tensor) else str(v.dtype) for v in sd.values()],
                      "qnnpack": t2j(out["qnnpack"]), "onednn": t2j(out["onednn"])})
    write("quantize_dynamic", cases)


if __name__ == "__main__":
    main()
