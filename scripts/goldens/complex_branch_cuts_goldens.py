"""Complex functions on and beside their branch cuts, with signed zeros, as C99 defines them -> goldens/complex_branch_cuts.json.

The reference here is Python's cmath (C99 Annex G's principal values and cut sides, as glibc's casin etc. compute
them), not PyTorch 1.13, whose atan of complex tensors, i/2 log((i + z)/(i - z)) for every element, takes the other
side of its cut on the imaginary axis (see fuzz_complex_goldens.on_branch_cut). For the other functions 1.13 agrees
with cmath on these points up to rounding noise (checked when this file was written). ComplexBranchCutsTest compares
torch4j's values with these.

Run: /usr/bin/python3 scripts/goldens/complex_branch_cuts_goldens.py
"""
import cmath

import torch

from common import t2j, write

OPS = ["asin", "acos", "atan", "asinh", "acosh", "atanh", "sqrt", "log", "log10"]
ON_REAL_AXIS = [complex(x, y) for x in (3.0, -3.0, 1.5, -2.0, 0.5, -0.5) for y in (0.0, -0.0)]
ON_IMAG_AXIS = [complex(x, y) for y in (3.0, -3.0, 1.5, 0.5) for x in (0.0, -0.0)]
GENERIC = [complex(0.3, 0.7), complex(-2.5, 1.2), complex(1e-3, -4.0), complex(-0.8, -0.1), complex(5.0, 1e-9)]


def main():
    z = ON_REAL_AXIS + ON_IMAG_AXIS + GENERIC
    cases = []
    for op in OPS:
        f = getattr(cmath, op)
        cases.append({"op": op, "input": t2j(torch.tensor(z, dtype=torch.complex128)),
                      "output": t2j(torch.tensor([f(v) for v in z], dtype=torch.complex128))})
    write("complex_branch_cuts", cases)


if __name__ == "__main__":
    main()
