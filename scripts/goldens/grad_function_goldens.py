"""Goldens for custom autograd Functions (torch.autograd.Function): values and gradients of PyTorch's canonical
examples (a custom Exp, LinearFunction, a sort with non-differentiable indices) alone and mixed with built-in ops.
Run with /usr/bin/python3 (PyTorch 1.13); custom-Function semantics are the same in 2.x."""
import torch
from torch.autograd import Function

from common import t2j, write


class MyExp(Function):
    @staticmethod
    def forward(ctx, x):
        y = x.exp()
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        y, = ctx.saved_tensors
        return g * y


class LinearFunction(Function):
    @staticmethod
    def forward(ctx, input, weight, bias=None):
        ctx.save_for_backward(input, weight, bias)
        out = input.mm(weight.t())
        if bias is not None:
            out = out + bias.unsqueeze(0).expand_as(out)
        return out

    @staticmethod
    def backward(ctx, g):
        input, weight, bias = ctx.saved_tensors
        gi = gw = gb = None
        if ctx.needs_input_grad[0]:
            gi = g.mm(weight)
        if ctx.needs_input_grad[1]:
            gw = g.t().mm(input)
        if bias is not None and ctx.needs_input_grad[2]:
            gb = g.sum(0)
        return gi, gw, gb


class MySort(Function):
    @staticmethod
    def forward(ctx, x):
        v, i = x.sort(-1)
        ctx.mark_non_differentiable(i)
        ctx.save_for_backward(i)
        return v, i

    @staticmethod
    def backward(ctx, gv, gi):
        i, = ctx.saved_tensors
        return torch.zeros_like(gv).scatter(-1, i, gv)


def leaf(*shape):
    return torch.randn(*shape, dtype=torch.float64).requires_grad_(True)


def main():
    torch.manual_seed(0)
    cases = []

    # exp: loss = sum(exp(x) * w); first and second derivative (d/dx of sum(d loss/dx)) = w * exp(x)
    x, w = leaf(2, 3), torch.randn(2, 3, dtype=torch.float64)
    y = MyExp.apply(x)
    gx, = torch.autograd.grad((y * w).sum(), x, create_graph=True)
    ggx, = torch.autograd.grad(gx.sum(), x)
    cases.append({"name": "exp", "x": t2j(x), "w": t2j(w), "out": t2j(y), "grad_x": t2j(gx), "gradgrad_x": t2j(ggx),
                  "grad_fn": y.grad_fn.name()})

    # linear with bias, all inputs requiring grad; loss = sum(out * c)
    inp, weight, bias, c = leaf(4, 3), leaf(2, 3), leaf(2), torch.randn(4, 2, dtype=torch.float64)
    out = LinearFunction.apply(inp, weight, bias)
    (out * c).sum().backward()
    cases.append({"name": "linear", "input": t2j(inp), "weight": t2j(weight), "bias": t2j(bias), "c": t2j(c),
                  "out": t2j(out), "grad_input": t2j(inp.grad), "grad_weight": t2j(weight.grad),
                  "grad_bias": t2j(bias.grad)})

    # sort: loss = sum(values * w); indices do not require grad
    x, w = leaf(3, 4), torch.randn(3, 4, dtype=torch.float64)
    v, i = MySort.apply(x)
    (v * w).sum().backward()
    cases.append({"name": "sort", "x": t2j(x), "w": t2j(w), "values": t2j(v), "indices": t2j(i), "grad_x": t2j(x.grad),
                  "indices_requires_grad": i.requires_grad})

    # mixed with built-in ops: loss = sum(tanh(Linear(MyExp(x * 0.5) + x, W, b)) * sort(z).values[:, :2])
    x, weight, bias, z = leaf(4, 3), leaf(2, 3), leaf(2), leaf(4, 5)
    h = MyExp.apply(x * 0.5) + x
    o = LinearFunction.apply(h, weight, bias).tanh()
    v, _ = MySort.apply(z)
    loss = (o * v[:, :2]).sum()
    loss.backward()
    cases.append({"name": "mixed", "x": t2j(x), "weight": t2j(weight), "bias": t2j(bias), "z": t2j(z), "loss": t2j(loss),
                  "grad_x": t2j(x.grad), "grad_weight": t2j(weight.grad), "grad_bias": t2j(bias.grad),
                  "grad_z": t2j(z.grad)})
    write("grad_function", cases)


if __name__ == "__main__":
    main()
