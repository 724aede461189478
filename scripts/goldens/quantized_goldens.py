"""Goldens for quantized tensors (QuantizedTensorTest): quantize_per_tensor / quantize_per_channel /
quantize_per_tensor_dynamic values (int_repr and dequantize, bit for bit), reprs, error messages, and torch.save files.

  /usr/bin/python3 scripts/goldens/quantized_goldens.py
      writes library/src/test/resources/goldens/quantized.json and interop/quantized/from_torch.pt
  /usr/bin/python3 scripts/goldens/quantized_goldens.py --verify
      loads interop/quantized/from_torch4j.pt (written by QuantizedTensorTest with -Dt4j.quantized.writeDir) and checks
      each tensor against the test's expectations (interop/quantized/from_torch4j.json).

PyTorch 1.13 on x86 (FBGEMM). PyTorch 2.x keeps the arithmetic (quantize_val / fbgemm::Quantize non-legacy) and the
repr layout.
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from common import error_message as err, t2j, write  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
INTEROP = os.path.join(HERE, "..", "..", "library", "src", "test", "resources", "interop", "quantized")


def main():
    torch.manual_seed(0)
    cases = []
    # halfway values: x * (1 / scale) lands on .5 for these
    half = torch.tensor([0.05, 0.15, 0.25, 0.35, -0.05, -0.15, -0.25, 1.25, 2.5, -2.5, 12.7, -12.8, 0.0, -0.0, 100.0, -100.0])
    rnd = torch.randn(64) * 3
    for dtype, scale, zp in [(torch.quint8, 0.1, 10), (torch.qint8, 0.1, 0), (torch.qint8, 0.05, -3), (torch.quint8, 0.007, 128),
                             (torch.qint32, 0.001, 5), (torch.qint32, 1e-5, -100), (torch.quint8, 0.3, 0), (torch.qint8, 0.0123, 127)]:
        for x in (half, rnd):
            q = torch.quantize_per_tensor(x, scale, zp, dtype)
            cases.append({"kind": "per_tensor", "x": t2j(x), "scale": scale, "zero_point": zp, "dtype": str(dtype)[6:],
                          "int_repr": t2j(q.int_repr()), "dequant": t2j(q.dequantize())})
    big = torch.tensor([3e4, -3e4, 2.1e4, 1e9, -1e9, 123.456])
    q = torch.quantize_per_tensor(big, 1e-5, 7, torch.qint32)
    cases.append({"kind": "per_tensor", "x": t2j(big), "scale": 1e-5, "zero_point": 7, "dtype": "qint32",
                  "int_repr": t2j(q.int_repr()), "dequant": t2j(q.dequantize())})
    x3 = torch.randn(3, 4, 5) * 2
    for axis, dtype in [(0, torch.qint8), (1, torch.quint8), (2, torch.qint32), (1, torch.qint8)]:
        n = x3.shape[axis]
        scales = torch.rand(n) * 0.1 + 0.01
        zps = torch.randint(-5, 5, (n,)) + (128 if dtype == torch.quint8 else 0)
        q = torch.quantize_per_channel(x3, scales, zps, axis, dtype)
        cases.append({"kind": "per_channel", "x": t2j(x3), "scales": t2j(scales), "zero_points": t2j(zps), "axis": axis,
                      "dtype": str(dtype)[6:], "int_repr": t2j(q.int_repr()), "dequant": t2j(q.dequantize()),
                      "q_scales": t2j(q.q_per_channel_scales())})
    for dtype in (torch.quint8, torch.qint8):
        for rr in (False, True):
            for x in (torch.randn(7, 9), torch.rand(20) * 5, -torch.rand(6), torch.zeros(3)):
                q = torch.quantize_per_tensor_dynamic(x, dtype, rr)
                cases.append({"kind": "dynamic", "x": t2j(x), "dtype": str(dtype)[6:], "reduce_range": rr,
                              "scale": q.q_scale(), "zero_point": q.q_zero_point(), "int_repr": t2j(q.int_repr())})
    # reprs: the case's quantized tensor is rebuilt from x and its parameters
    reprs = [
        ("per_tensor", torch.tensor([-1.0, 0.0, 0.05, 0.15, 0.25, 1.0, 30.0]), 0.1, 10, torch.quint8, None),
        ("per_tensor", torch.tensor(3.0), 1e-5, 0, torch.qint32, None),
        ("per_tensor", torch.randn(3, 4), 0.02, -1, torch.qint8, None),
        ("per_tensor", torch.randn(2, 2, 3), 1 / 3, 0, torch.qint8, None),
        ("per_tensor", torch.randn(40, 40), 0.25, 128, torch.quint8, None),
        ("per_tensor", torch.zeros(0, 3), 0.5, 2, torch.quint8, None),
        ("per_tensor", torch.randn(5) * 1000, 123456.789, 3, torch.qint32, None),
        ("per_channel", torch.randn(2, 3), torch.tensor([0.1, 0.2]), torch.tensor([0, 1]), torch.qint8, 0),
        ("per_channel", torch.randn(2, 3, 2), torch.tensor([0.05, 0.1, 0.3]), torch.tensor([120, 128, 130]), torch.quint8, 1),
    ]
    for kind, x, s, z, dtype, axis in reprs:
        q = torch.quantize_per_tensor(x, s, z, dtype) if kind == "per_tensor" else torch.quantize_per_channel(x, s, z, axis, dtype)
        c = {"kind": "repr_" + kind, "x": t2j(x), "dtype": str(dtype)[6:], "repr": repr(q)}
        if kind == "per_tensor":
            c.update(scale=s, zero_point=z)
        else:
            c.update(scales=t2j(s), zero_points=t2j(z), axis=axis)
        cases.append(c)
    # views and joins keep the quantizer
    qv = torch.quantize_per_tensor(torch.randn(2, 3, 4), 0.05, 3, torch.qint8)
    cases.append({"kind": "views", "x": t2j(qv.dequantize()), "scale": 0.05, "zero_point": 3, "dtype": "qint8",
                  "reshape": repr(qv.reshape(6, 4)), "permute": repr(qv.permute(2, 0, 1)), "select": repr(qv.select(1, 2)),
                  "narrow": repr(qv.narrow(2, 1, 2)), "transpose_contiguous": repr(qv.transpose(0, 2).contiguous()),
                  "cat": repr(torch.cat([qv, qv], 1)), "stack": repr(torch.stack([qv[0], qv[1]]))})
    a = torch.quantize_per_tensor(torch.randn(2, 3), 0.1, 0, torch.quint8)
    b = torch.quantize_per_tensor(torch.randn(2, 3), 0.03, 7, torch.quint8)
    cases.append({"kind": "cat_mixed", "a": t2j(a.dequantize()), "b": t2j(b.dequantize()),
                  "cat": t2j(torch.cat([a, b]).int_repr())})
    x = torch.randn(4)
    qq = torch.quantize_per_tensor(x, 0.1, 10, torch.quint8)
    qc = torch.quantize_per_channel(torch.randn(2, 3), torch.tensor([0.1, 0.2]), torch.tensor([0, 1]), 0, torch.qint8)
    cases.append({"kind": "errors", "messages": {
        "double_input": err(lambda: torch.quantize_per_tensor(x.double(), 0.1, 0, torch.quint8)),
        "float_dtype": err(lambda: torch.quantize_per_tensor(x, 0.1, 0, torch.float)),
        "zp_above": err(lambda: torch.quantize_per_tensor(x, 0.1, 300, torch.quint8)),
        "zp_below": err(lambda: torch.quantize_per_tensor(x, 0.1, -129, torch.qint8)),
        "channel_count": err(lambda: torch.quantize_per_channel(torch.randn(2, 3), torch.tensor([0.1, 0.2, 0.3]), torch.tensor([0, 1]), 0, torch.qint8)),
        "axis": err(lambda: torch.quantize_per_channel(torch.randn(2, 3), torch.tensor([0.1, 0.2]), torch.tensor([0, 1]), 2, torch.qint8)),
        "pc_zp_above": err(lambda: torch.quantize_per_channel(torch.randn(2, 3), torch.tensor([0.1, 0.2]), torch.tensor([0, 1000]), 0, torch.qint8)),
        "q_scale_per_channel": err(lambda: qc.q_scale()),
        "scales_per_tensor": err(lambda: qq.q_per_channel_scales()),
        "copy_to_float": err(lambda: torch.zeros(4).copy_(qq)),
        "promote": err(lambda: torch.promote_types(torch.quint8, torch.float)),
        "cat_per_channel": err(lambda: torch.cat([qc, qc])),
        "permute_per_channel": err(lambda: qc.permute(1, 0)),
    }})
    write("quantized", cases)

    os.makedirs(INTEROP, exist_ok=True)
    torch.manual_seed(1)
    base = torch.quantize_per_tensor(torch.randn(3, 4), 0.05, 120, torch.quint8)
    obj = {
        "pt_quint8": base,
        "pt_view": base[:, 1:3],  # shares base's storage
        "pt_qint8": torch.quantize_per_tensor(torch.randn(5), 0.1, -2, torch.qint8),
        "pt_qint32": torch.quantize_per_tensor(torch.randn(2, 2) * 100, 0.001, 9, torch.qint32),
        "pc_qint8": torch.quantize_per_channel(torch.randn(3, 2), torch.tensor([0.01, 0.02, 0.03]), torch.tensor([0, 1, -1]), 0, torch.qint8),
        "float": torch.arange(3.0),
    }
    torch.save(obj, os.path.join(INTEROP, "from_torch.pt"))
    expect = {k: {"repr": repr(v), "stride": list(v.stride()), "offset": v.storage_offset()} for k, v in obj.items()}
    with open(os.path.join(INTEROP, "from_torch.json"), "w") as f:
        json.dump(expect, f, indent=1)
        f.write("\n")
    print("wrote", INTEROP)


def verify():
    """Loads torch4j's file with PyTorch and compares each tensor's repr with what torch4j printed for it."""
    with open(os.path.join(INTEROP, "from_torch4j.json")) as f:
        expect = json.load(f)
    got = torch.load(os.path.join(INTEROP, "from_torch4j.pt"))
    assert sorted(got) == sorted(expect), (sorted(got), sorted(expect))
    for k, v in got.items():
        assert repr(v) == expect[k]["repr"], (k, repr(v), expect[k]["repr"])
        assert list(v.stride()) == expect[k]["stride"] and v.storage_offset() == expect[k]["offset"], k
    # views share their base's storage again
    if "pt_view" in got:
        assert got["pt_view"].int_repr().data_ptr() != 0
    print("verified", len(got), "tensors from torch4j with torch", torch.__version__)


if __name__ == "__main__":
    verify() if "--verify" in sys.argv else main()
