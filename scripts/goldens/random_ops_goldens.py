"""Goldens for the tensor-level random API (Torch.rand/randn/randint/randperm, in-place fills) after manual_seed.

Run: /usr/bin/python3 scripts/goldens/random_ops_goldens.py
"""
import torch

from common import t2j, write

cases = []


def case(name, seed, fn):
    torch.manual_seed(seed)
    cases.append({"name": name, "seed": seed, "out": t2j(fn())})


case("rand_2x3", 0, lambda: torch.rand(2, 3))
case("rand_1000_f64", 1, lambda: torch.rand(10, 100, dtype=torch.float64))
case("randn_2x3", 0, lambda: torch.randn(2, 3))
case("randn_5x7", 7, lambda: torch.randn(5, 7))
case("randn_3_f64", 2, lambda: torch.randn(3, dtype=torch.float64))
case("randn_40_f64", 2, lambda: torch.randn(40, dtype=torch.float64))
case("randint_0_10", 0, lambda: torch.randint(0, 10, (2, 5)))
case("randint_neg", 5, lambda: torch.randint(-1000, 1000, (17,)))
case("randint_int32", 5, lambda: torch.randint(-3, 3, (9,), dtype=torch.int32))
case("randperm_8", 3, lambda: torch.randperm(8))
case("randperm_50", 4, lambda: torch.randperm(50))
case("bernoulli_half", 3, lambda: torch.zeros(20).bernoulli_(0.5))
case("uniform_m2_3", 9, lambda: torch.zeros(4, 6).uniform_(-2, 3))


def noncontig_normal():
    t = torch.zeros(4, 5).t()
    t.normal_(0, 1)
    return t


case("normal_transposed", 1, noncontig_normal)


def two_calls():
    a = torch.randn(3)
    b = torch.randn(3)
    return torch.cat([a, b])


case("randn_twice", 11, two_calls)

# cauchy_, log_normal_, geometric_: one double draw (log_normal: the serial normal) per element in memory order.
# PyTorch 2.x also refuses cauchy_ with sigma <= 0 ("cauchy_ expects sigma > 0.0, but found sigma=0"), which 1.13
# accepts; torch4j follows 2.x (RandomOpsTest checks the message).
case("cauchy_f64", 3, lambda: torch.zeros(7, dtype=torch.float64).cauchy_(1.0, 2.0))
case("cauchy_f32_default", 4, lambda: torch.zeros(3, 4).cauchy_())
case("log_normal_f64", 5, lambda: torch.zeros(9, dtype=torch.float64).log_normal_(0.5, 0.25))
case("log_normal_f32_default", 6, lambda: torch.zeros(2, 5).log_normal_())
case("geometric_f64", 7, lambda: torch.zeros(10, dtype=torch.float64).geometric_(0.3))
case("geometric_int64", 8, lambda: torch.zeros(12, dtype=torch.int64).geometric_(0.05))
case("geometric_int32", 9, lambda: torch.zeros(6, dtype=torch.int32).geometric_(0.9))


def noncontig_cauchy():
    t = torch.zeros(4, 5, dtype=torch.float64).t()
    t.cauchy_()
    return t


case("cauchy_transposed", 10, noncontig_cauchy)

# appended 2026-11-28 (second session): torch.poisson and torch.binomial (both samplers' branches: Poisson rates below
# and from 10, binomial inversion and BTRS, probabilities above 1/2), broadcasting, and an explicit generator
case("poisson_f32", 11, lambda: torch.poisson(torch.tensor([[0.0, 0.5, 3.0], [9.9, 10.0, 250.0]])))
case("poisson_f64_transposed", 12, lambda: torch.poisson(torch.tensor([[1.0, 40.0], [7.5, 0.1]], dtype=torch.float64).t()))
case("poisson_generator", 0, lambda: torch.poisson(torch.full((6,), 4.0), generator=torch.Generator().manual_seed(13)))
case("binomial_f32", 14, lambda: torch.binomial(torch.tensor([5.0, 20.0, 100.0, 1000.0, 0.0, 7.0]),
                                                torch.tensor([0.3, 0.6, 0.05, 0.5, 0.5, 1.0])))
case("binomial_f64_broadcast", 15, lambda: torch.binomial(torch.tensor([[10.0], [200.0]], dtype=torch.float64),
                                                          torch.tensor([0.1, 0.9, 0.45], dtype=torch.float64)))

write("random_ops", cases)
