"""Prints what PyTorch does with out= in the cases OutArgumentTest and CudaOutArgumentTest quote (values and error
messages); run with Debian's /usr/bin/python3 (torch 1.13; 2.x keeps these messages and values). The tests assert
these printed values and message fragments; compare when PyTorch changes.
"""
import warnings

import torch

warnings.simplefilter("always")


def case(label, f):
    try:
        r = f()
        print(label, "->", r if not isinstance(r, tuple) else r)
    except Exception as e:  # noqa: BLE001 (the message is the output)
        print(label, "!!", type(e).__name__, str(e).splitlines()[0])


g = lambda *s: torch.ones(*s, requires_grad=True)  # noqa: E731
a, b = torch.tensor([1., 2., 3.]), torch.tensor([4., 5., 6.])
case("add alpha", lambda: torch.add(a, b, alpha=2, out=torch.empty(3)))
case("float into double", lambda: torch.add(a, b, out=torch.empty(3, dtype=torch.float64)))
case("int into float", lambda: torch.add(torch.tensor([1, 2]), torch.tensor([3, 4]), out=torch.empty(2)))
case("bool into float", lambda: torch.eq(torch.tensor([1., 2.]), torch.tensor([1., 3.]), out=torch.empty(2)))
case("float into long", lambda: torch.add(a, b, out=torch.empty(3, dtype=torch.long)))
case("exp into long", lambda: torch.exp(a, out=torch.empty(3, dtype=torch.long)))
case("int div into long", lambda: torch.div(torch.tensor([1, 2]), torch.tensor([2, 2]), out=torch.empty(2, dtype=torch.long)))
case("exp int", lambda: torch.exp(torch.tensor([0, 1]), out=torch.empty(2)))
for name, f in [("add", lambda: torch.add(g(3), torch.ones(3), out=torch.empty(3))),
                ("add, out requires grad", lambda: torch.add(a, a, out=torch.empty(3, requires_grad=True))),
                ("mul", lambda: torch.mul(g(3), 2, out=torch.empty(3))),
                ("sigmoid", lambda: torch.sigmoid(g(3), out=torch.empty(3))),
                ("mm", lambda: torch.mm(g(2, 3), torch.ones(3, 2), out=torch.empty(2, 2))),
                ("matmul 1d 1d", lambda: torch.matmul(g(3), torch.ones(3), out=torch.empty(()))),
                ("matmul 2d 1d", lambda: torch.matmul(g(2, 3), torch.ones(3), out=torch.empty(2))),
                ("matmul 1d 2d", lambda: torch.matmul(g(3), torch.ones(3, 2), out=torch.empty(2))),
                ("matmul 3d 2d", lambda: torch.matmul(g(4, 2, 3), torch.ones(3, 2), out=torch.empty(4, 2, 2))),
                ("matmul 3d 3d", lambda: torch.matmul(g(4, 2, 3), torch.ones(4, 3, 2), out=torch.empty(4, 2, 2))),
                ("bmm", lambda: torch.bmm(g(4, 2, 3), torch.ones(4, 3, 2), out=torch.empty(4, 2, 2)))]:
    case("grad " + name, f)
case("eq with grad input", lambda: torch.eq(g(3), 2, out=torch.empty(3, dtype=torch.bool)))
x = torch.arange(6.)
case("partial overlap", lambda: torch.add(x[:4], 1, out=x[2:]))
sq = torch.arange(4.).view(2, 2)
case("transposed full overlap", lambda: torch.add(sq, 10, out=sq.t()))
case("expanded out", lambda: torch.add(torch.ones(3), 1, out=torch.zeros(1).expand(3)))
x = torch.arange(6.)
case("full overlap", lambda: (torch.add(x, 1, out=x), x))
y = torch.arange(6.)
case("disjoint", lambda: (torch.add(y[:3], 1, out=y[3:]), y))
z = torch.arange(6.)
case("interleaved", lambda: (torch.add(z[::2], 10, out=z[1::2]), z))
o = torch.zeros(3, 2).t()
case("transposed out", lambda: (torch.add(torch.ones(2, 3), torch.arange(3.), out=o), o.stride()))
m = torch.zeros(2, 2).t()
case("mm into a transposed out", lambda: (torch.mm(torch.arange(6.).view(2, 3), torch.ones(3, 2), out=m), m.stride()))
s = torch.ones(2, 2)
case("mm into an operand", lambda: torch.mm(s, s, out=s))
case("mm k=0", lambda: torch.mm(torch.ones(2, 0), torch.ones(0, 3), out=torch.full((2, 3), 7.)))
case("mm double out", lambda: torch.mm(torch.ones(2, 3), torch.ones(3, 2), out=torch.empty(2, 2, dtype=torch.float64)))
case("bmm long out", lambda: torch.bmm(torch.ones(1, 3, 3), torch.ones(1, 3, 3), out=torch.empty(1, 3, 3, dtype=torch.long)))
case("int64 mm", lambda: torch.mm(torch.ones(2, 3, dtype=torch.long), torch.ones(3, 2, dtype=torch.long),
                                  out=torch.empty(2, 2, dtype=torch.long)))
case("wrong shape (resized with a warning)", lambda: torch.add(a, b, out=torch.empty(2)))
with torch.inference_mode():
    inf = torch.empty(3)
case("inference out", lambda: torch.add(torch.ones(3), torch.ones(3), out=inf))
if torch.cuda.is_available():
    case("out on cuda", lambda: torch.add(torch.ones(3), torch.ones(3), out=torch.empty(3, device="cuda")))
    case("mm out on cuda", lambda: torch.mm(torch.ones(3, 3), torch.ones(3, 3), out=torch.empty(3, 3, device="cuda")))
else:
    case("out on another device (meta)", lambda: torch.add(torch.ones(3), 1, out=torch.empty(3, device="meta")))
    case("mm out on another device (meta)", lambda: torch.mm(torch.ones(3, 3), torch.ones(3, 3),
                                                              out=torch.empty(3, 3, device="meta")))
