"""Goldens for the short forms of other ops (dtype conversions, new_*, unfold, in-place variants, aliases and the
composed torch functions) -> goldens/shortcuts.json, read by dev.torch4j.ops.ShortcutsGoldenTest.

Run: /usr/bin/python3 scripts/goldens/shortcuts_goldens.py (PyTorch 1.13). Where 2.x differs the case says so
("note"): torch.cross without dim (2.x: linalg.cross along the first dim of size 3, broadcasting, inputs of
equal rank); masked_scatter with a non-bool mask (1.13 takes it, 2.x refuses it: tested on the Java side only).

Cases are named: {"inputs": [...], "output": tensor or [tensors], "grads"?: [...]} (grads: of the sum of every
floating output, float64 inputs), or {"error": message, "expect": the part the Java side must contain}.
"""
import torch

from common import t2j, write

torch.manual_seed(0)
cases = {}


def case(name, inputs, fn, grad=False, **extra):
    ins = [i.clone() for i in inputs]
    if grad:
        ins = [i.requires_grad_(True) if i.dtype.is_floating_point else i for i in ins]
    out = fn(*ins)
    c = {"inputs": [t2j(i) for i in inputs]}
    if isinstance(out, (tuple, list)):
        c["output"] = [t2j(o) for o in out]
    else:
        c["output"] = t2j(out)
    if grad:
        outs = out if isinstance(out, (tuple, list)) else [out]
        s = sum(o.sum() for o in outs if o.dtype.is_floating_point)
        s.backward()
        c["grads"] = [t2j(i.grad) if i.grad is not None else None for i in ins]
    c.update(extra)
    assert name not in cases, name
    cases[name] = c


def error(name, fn, expect):
    try:
        fn()
    except (RuntimeError, ValueError, IndexError, TypeError) as e:
        msg = str(e).splitlines()[0]
        assert expect in msg, (name, msg)
        cases[name] = {"error": msg, "expect": expect}
        return
    raise AssertionError("expected an error: " + name)


r = lambda *s: torch.randn(*s, dtype=torch.float64)
x34 = r(3, 4)
ints = torch.tensor([[1, -2, 3], [4, 0, -6]])

# 1. dtype conversions and new_*
fl = torch.tensor([[1.5, -2.7, 0.0], [3.9, 255.2, -0.4]])
for n in ("float", "double", "long", "int", "short", "char", "byte", "half", "bfloat16", "bool"):
    case("convert_" + n, [fl], lambda t, n=n: getattr(t, n)())
case("new_tensor", [ints], lambda t: t.new_tensor([[1.7, -2.2]]))
case("new_full", [fl.double()], lambda t: t.new_full((2, 2), 3.25))
case("type_as", [fl], lambda t: t.type_as(ints))

# 2. unfold
v = r(7)
case("unfold_overlap", [v], lambda t: t.unfold(0, 3, 1), grad=True)
case("unfold_step2", [v], lambda t: t.unfold(0, 3, 2), grad=True)
case("unfold_2d", [r(4, 5)], lambda t: t.unfold(1, 2, 1), grad=True)
case("unfold_3d_dim0", [r(5, 2, 3)], lambda t: t.unfold(0, 2, 3), grad=True)
case("unfold_0d", [torch.tensor(2.5, dtype=torch.float64)], lambda t: t.unfold(0, 1, 1), grad=True)
error("unfold_size", lambda: v.unfold(0, 8, 1), "maximum size for tensor at dimension 0 is 7 but size is 8")
error("unfold_step", lambda: v.unfold(0, 2, 0), "step is 0 but must be > 0")

# 3. in-place variants: self, other inputs; the golden is the out-of-place value written into self
a, b, c3 = r(3, 4), r(3, 4), r(3, 4).abs() + 0.5
case("addcmul_", [a, b, c3], lambda s, t1, t2: s.clone().addcmul_(t1, t2, value=0.5))
case("addcdiv_", [a, b, c3], lambda s, t1, t2: s.clone().addcdiv_(t1, t2, value=-2))
case("addmm_", [a, r(3, 2), r(2, 4)], lambda s, m1, m2: s.clone().addmm_(m1, m2, beta=0.5, alpha=2))
case("addmv_", [r(3), r(3, 4), r(4)], lambda s, m, v: s.clone().addmv_(m, v, beta=2, alpha=0.5))
case("addr_", [a, r(3), r(4)], lambda s, v1, v2: s.clone().addr_(v1, v2, beta=-1, alpha=3))
case("baddbmm_", [r(2, 3, 4), r(2, 3, 2), r(2, 2, 4)], lambda s, b1, b2: s.clone().baddbmm_(b1, b2, beta=0.5, alpha=1.5))
case("addbmm_", [a, r(2, 3, 2), r(2, 2, 4)], lambda s, b1, b2: s.clone().addbmm_(b1, b2, beta=2, alpha=-1))
case("lerp_", [a, b], lambda s, e: s.clone().lerp_(e, 0.3))
case("lerp_tensor", [a, b, torch.rand(4, dtype=torch.float64)], lambda s, e, w: s.clone().lerp_(e, w))
case("clamp_min_", [a], lambda s: s.clone().clamp_min_(-0.2))
case("clamp_max_", [a], lambda s: s.clone().clamp_max_(0.1))
cmp_a = torch.tensor([[1., 2., 3.], [4., 5., 6.]])
cmp_b = torch.tensor([3., 2., 1.])
for op in ("eq_", "ne_", "lt_", "le_", "gt_", "ge_"):
    case(op, [cmp_a, cmp_b], lambda s, o, op=op: getattr(s.clone(), op)(o))
    case(op + "int", [ints, torch.tensor([1.5, -2.0, 3.0])], lambda s, o, op=op: getattr(s.clone(), op)(o))
for op in ("logical_and_", "logical_or_", "logical_xor_"):
    case(op, [torch.tensor([0., 2., 0., -1.]), torch.tensor([0., 0., 3., 1.])], lambda s, o, op=op: getattr(s.clone(), op)(o))
case("cumsum_", [a], lambda s: s.clone().cumsum_(1))
case("cumsum_int", [ints.int()], lambda s: s.clone().cumsum_(0))
case("cumprod_", [a], lambda s: s.clone().cumprod_(0))
case("fmod_", [a * 3, c3], lambda s, o: s.clone().fmod_(o))
case("fmod_scalar", [a * 3], lambda s: s.clone().fmod_(1.5))
case("hypot_", [a, b], lambda s, o: s.clone().hypot_(o))
case("copysign_", [a, b], lambda s, o: s.clone().copysign_(o))
case("xlogy_", [torch.tensor([0., 1., 2., 0.5], dtype=torch.float64), torch.tensor([0., 2., 3., 0.25], dtype=torch.float64)],
     lambda s, o: s.clone().xlogy_(o))
case("frac_", [a * 3], lambda s: s.clone().frac_())
pos = a.abs() + 0.3
case("digamma_", [pos], lambda s: s.clone().digamma_())
case("lgamma_", [pos], lambda s: s.clone().lgamma_())
case("polygamma_", [pos], lambda s: s.clone().polygamma_(2))
case("erfinv_", [a.tanh() * 0.9], lambda s: s.clone().erfinv_())
case("mvlgamma_", [pos + 1.5], lambda s: s.clone().mvlgamma_(2))
case("i0_", [a], lambda s: s.clone().i0_())
case("nan_to_num_", [torch.tensor([float("nan"), float("inf"), -float("inf"), 1.5])], lambda s: s.clone().nan_to_num_(nan=2.0, neginf=-5.0))
case("renorm_", [a], lambda s: s.clone().renorm_(2, 0, 1.0))
case("heaviside_", [torch.tensor([-1.5, 0., 2.]), torch.tensor([0.5, 0.25, 0.75])], lambda s, o: s.clone().heaviside_(o))
case("float_power_", [pos, b], lambda s, o: s.clone().float_power_(o))
case("tril_", [a], lambda s: s.clone().tril_(1))
case("triu_", [a], lambda s: s.clone().triu_(-1))
fd = torch.zeros(7, 3)
case("fill_diagonal_wrap", [fd], lambda s: s.clone().fill_diagonal_(5.0, wrap=True))
case("fill_diagonal_", [fd], lambda s: s.clone().fill_diagonal_(5.0))
case("fill_diagonal_3d", [torch.zeros(3, 3, 3)], lambda s: s.clone().fill_diagonal_(2.0))
mask = torch.tensor([[True, False, True, False], [False, False, True, True], [True, True, False, False]])
case("masked_scatter", [a, mask, r(8)], lambda s, m, src: s.masked_scatter(m, src), grad=True)
case("masked_scatter_bcast", [r(4), mask, r(9)], lambda s, m, src: s.masked_scatter(m, src), grad=True)
case("masked_scatter_", [a, mask, r(8)], lambda s, m, src: s.clone().masked_scatter_(m, src))
error("inplace_cast", lambda: ints.clone().digamma_(), "result type Float can't be cast to the desired output type Long")
error("inplace_shape", lambda: torch.zeros(4).addcmul_(torch.ones(3, 4), torch.ones(4)), "doesn't match the broadcast shape")
error("float_power_dtype", lambda: torch.ones(3).float_power_(2), "the base given to float_power_ has dtype Float but the operation's result requires dtype Double")
error("fill_diagonal_1d", lambda: torch.zeros(3).fill_diagonal_(1), "dimensions must larger than 1")
error("fill_diagonal_unequal", lambda: torch.zeros(3, 3, 2).fill_diagonal_(1), "all dimensions of input must be of equal length")
error("masked_scatter_source", lambda: a.masked_scatter(mask, r(3)), "Number of elements of source < number of ones in mask")

# 4. functions
case("column_stack", [r(3), r(3, 2), torch.tensor([1., 2., 3.], dtype=torch.float64)], lambda *t: torch.column_stack(t), grad=True)
case("row_stack", [r(3), r(2, 3)], lambda *t: torch.row_stack(t))
t46 = torch.arange(24.).reshape(4, 6)
case("hsplit", [t46], lambda t: torch.hsplit(t, 3))
case("hsplit_idx", [t46], lambda t: torch.hsplit(t, [1, 4]))
case("vsplit", [t46], lambda t: torch.vsplit(t, 2))
case("dsplit", [torch.arange(24.).reshape(2, 3, 4)], lambda t: torch.dsplit(t, [3]))
error("hsplit_div", lambda: torch.hsplit(t46, 4), "is not divisible by the split_size 4!")
error("vsplit_dim", lambda: torch.vsplit(torch.arange(4.), 2), "torch.vsplit requires a tensor with at least 2 dimension, but got a tensor with 1 dimensions!")
cv = r(4)
case("combinations", [cv], lambda t: torch.combinations(t), grad=True)
case("combinations_r3", [cv], lambda t: torch.combinations(t, 3), grad=True)
case("combinations_repl", [torch.tensor([1, 2, 3])], lambda t: torch.combinations(t, 2, with_replacement=True))
case("combinations_r0", [cv], lambda t: torch.combinations(t, 0))
case("combinations_r5", [cv], lambda t: torch.combinations(t, 5))
error("combinations_2d", lambda: torch.combinations(torch.zeros(2, 2)), "Expect a 1D vector, but got shape [2, 2]")
ca, cb = r(4, 3), r(4, 3)
case("cross_dim", [ca, cb], lambda x, y: torch.cross(x, y, dim=1), grad=True)
case("cross_default", [r(3, 4), r(3, 4)], lambda x, y: torch.cross(x, y), grad=True, note="first dim of size 3: 1.13 and 2.x agree")
case("logspace", [], lambda: torch.logspace(-2, 3, 11))
case("logspace_base2_f64", [], lambda: torch.logspace(0.5, 7.25, 10, base=2, dtype=torch.float64))
el = torch.tensor([[1, 5, 3], [7, 2, 2]])
case("isin", [el, torch.tensor([2, 3, 9])], lambda e, t: torch.isin(e, t))
case("isin_invert", [el, torch.tensor([2, 3, 9])], lambda e, t: torch.isin(e, t, invert=True))
case("isin_float", [torch.tensor([1.5, float("nan"), 2.0]), torch.tensor([2, 1])], lambda e, t: torch.isin(e, t))
# complex input as its real view (the Java side calls viewAsComplex)
case("isreal", [torch.view_as_real(torch.tensor([1 + 0j, 2 + 1j, 0 - 0j]))], lambda t: torch.isreal(torch.view_as_complex(t)))
fx = torch.tensor([0.0, -0.0, 1.0, -3.5, 0.75, 1e-310, 2.0 ** 1023 * 1.5, 5e-324, float("inf"), -float("inf"), float("nan"), 1024.0], dtype=torch.float64)
case("frexp", [fx], lambda t: torch.frexp(t))
case("frexp_f32", [torch.tensor([0.1, -7.0, 1e-40, 3.4e38, 0.5, 1.0])], lambda t: torch.frexp(t))
case("frexp_grad", [r(5)], lambda t: torch.frexp(t)[0], grad=True)
error("frexp_int", lambda: torch.frexp(ints), "torch.frexp() only supports floating-point dtypes")
case("ldexp", [r(4), torch.tensor([0, 3, -2, 10])], lambda x, e: torch.ldexp(x, e), grad=True)
case("ldexp_int", [torch.tensor([1, 2, 3]), torch.tensor([1, 2, 3])], lambda x, e: torch.ldexp(x, e))
na = torch.tensor([1.0, 1.0, 0.0, 0.0, -1.0, 2.0, 5e-324, float("inf"), 3.0, float("nan"), 1.0, -2.0], dtype=torch.float64)
nb = torch.tensor([2.0, 0.0, 1.0, -1.0, 0.0, 1.0, 0.0, 0.0, 3.0, 1.0, float("inf"), -3.0], dtype=torch.float64)
case("nextafter", [na, nb], lambda x, y: torch.nextafter(x, y))
case("nextafter_f32", [na.float(), nb.float()], lambda x, y: torch.nextafter(x, y))
g2 = r(4, 5)
case("gradient", [g2], lambda t: torch.gradient(t), grad=True)
case("gradient_spacing_edge2", [g2], lambda t: torch.gradient(t, spacing=[2.0, 0.5], edge_order=2), grad=True)
case("gradient_dim", [g2], lambda t: torch.gradient(t, spacing=1.5, dim=1))
case("gradient_coords", [g2, torch.tensor([0.0, 1.0, 1.5, 3.5, 4.0], dtype=torch.float64)],
     lambda t, x: torch.gradient(t, spacing=(x,), dim=1, edge_order=2))
case("gradient_coords_e1", [g2, torch.tensor([-1.0, 0.5, 1.0, 4.0], dtype=torch.float64)],
     lambda t, x: torch.gradient(t, spacing=(x,), dim=0))
error("gradient_small", lambda: torch.gradient(torch.zeros(2), edge_order=2), "torch.gradient expected each dimension size to be at least edge_order+1")
print(torch.broadcast_shapes((3, 1), (1, 4), (2, 1, 1)))
case("dist", [ca, cb], lambda x, y: torch.dist(x, y), grad=True)
case("dist_p3", [ca, r(3)], lambda x, y: torch.dist(x, y, 3), grad=True)
case("dist_inf", [ca, cb], lambda x, y: torch.dist(x, y, float("inf")))
torch.manual_seed(7)
pb = torch.rand(3, 5)
case("bernoulli", [pb], lambda p: (torch.manual_seed(11), torch.bernoulli(p))[1])
case("bernoulli_f64", [pb.double()], lambda p: (torch.manual_seed(11), torch.bernoulli(p))[1])
ds = r(3, 3)
case("diagonal_scatter", [ds, r(2)], lambda x, s: torch.diagonal_scatter(x, s, 1), grad=True)
case("select_scatter", [ds, r(3)], lambda x, s: torch.select_scatter(x, s, 1, 0), grad=True)
case("slice_scatter", [r(5, 3), r(2, 3)], lambda x, s: torch.slice_scatter(x, s, 0, 1, 5, 2), grad=True)
error("slice_scatter_size", lambda: torch.slice_scatter(r(5, 3), r(3, 3), 0, 1, 5, 2), "expected src to have a size equal to the slice of self")
case("sum_to_size", [r(2, 3, 4)], lambda t: t.sum_to_size(3, 1), grad=True)
error("sum_to_size_bad", lambda: r(2, 3).sum_to_size(4), "is not expandable to size")
hx = torch.tensor([1.0, 2.0, 1.0, 2.5, 4.0, -1.0, 3.0])
case("histogram", [hx], lambda t: torch.histogram(t, 4))
case("histogram_range_w_density", [hx, torch.tensor([1., 2., 3., 4., 5., 6., 7.])],
     lambda t, w: torch.histogram(t, 3, range=(0.0, 3.0), weight=w, density=True))
case("histogram_edges", [hx, torch.tensor([-1.0, 0.0, 2.5, 4.0])], lambda t, e: torch.histogram(t, e))
case("histogram_same", [torch.tensor([2.0, 2.0])], lambda t: torch.histogram(t, 4))
case("histogram_f64", [r(50)], lambda t: torch.histogram(t, 7))
case("chain_matmul", [r(2, 3), r(3, 4), r(4, 2)], lambda a, b, c: torch.chain_matmul(a, b, c), grad=True)
case("rsub", [a, b], lambda x, y: torch.rsub(x, y, alpha=2))
case("is_nonzero", [], lambda: torch.tensor([torch.tensor([0.5]).is_nonzero(), torch.tensor(0).is_nonzero()]))
error("is_nonzero_many", lambda: torch.tensor([1, 2]).is_nonzero(), "Boolean value of Tensor with more than one value is ambiguous")

write("shortcuts", cases)
