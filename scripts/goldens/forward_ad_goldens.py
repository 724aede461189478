"""Goldens for torch.autograd.forward_ad: tangents of functions of dual tensors (the same in PyTorch 2.x).

Run: /usr/bin/python3 scripts/goldens/forward_ad_goldens.py
"""
import torch
import torch.autograd.forward_ad as fwAD

from common import t2j, write


def main():
    torch.manual_seed(0)
    w = torch.randn(3, 4, dtype=torch.float64)
    x0, t0 = torch.randn(4, dtype=torch.float64), torch.randn(4, dtype=torch.float64)
    b0, tb = torch.randn(3, dtype=torch.float64), torch.randn(3, dtype=torch.float64)
    m0, tm = torch.randn(2, 3, dtype=torch.float32), torch.randn(2, 3, dtype=torch.float32)
    with fwAD.dual_level():
        x = fwAD.make_dual(x0, t0)
        b = fwAD.make_dual(b0, tb)
        m = fwAD.make_dual(m0, tm)
        y = torch.tanh(w @ x + b) * x.sum()
        z = (x * x).softmax(0)
        q = torch.linalg.norm(m @ m.T, dim=1).log()
        s = m.sin() * 3
        cases = [{"name": "mlp", "jvp": t2j(fwAD.unpack_dual(y).tangent), "primal": t2j(fwAD.unpack_dual(y).primal)},
                 {"name": "softmax", "jvp": t2j(fwAD.unpack_dual(z).tangent)},
                 {"name": "matrix", "jvp": t2j(fwAD.unpack_dual(q).tangent)},
                 {"name": "sin", "jvp": t2j(fwAD.unpack_dual(s).tangent)},
                 {"name": "dual_itself", "jvp": t2j(fwAD.unpack_dual(x).tangent)}]
        assert fwAD.unpack_dual(w).tangent is None
    inputs = {"name": "inputs", "w": t2j(w), "x": t2j(x0), "t": t2j(t0), "b": t2j(b0), "tb": t2j(tb), "m": t2j(m0), "tm": t2j(tm)}
    write("forward_ad", [inputs] + cases)


if __name__ == "__main__":
    main()
