#!/usr/bin/python3
"""Writes library/src/test/resources/goldens/random.txt: exact outputs of PyTorch's CPU generator.

Run with a Python that has torch (on the build machines: /usr/bin/python3, Debian's torch 1.13):

    /usr/bin/python3 scripts/goldens/random_goldens.py

Format (read by dev.torch4j.backend.cpu.random.RandomGoldens), one record per line:

    # comment
    capability CAP              the ATen CPU capability the cases below ran under (avx2 or default)
    case NAME SEED              a fresh torch.Generator().manual_seed(SEED); the steps below use it
    OP DTYPE N ARGS... : VALUES one step; VALUES are what the op produced, in generation order
    end

VALUES are float32 as 8 hex digits of the IEEE bits, float64 as 16 hex digits, integer dtypes in decimal.
Steps:
    rand DT N                      torch.rand(N, dtype=DT)
    randn DT N                     torch.randn(N, dtype=DT)
    uniform DT N FROM TO           torch.empty(N, dtype=DT).uniform_(FROM, TO)
    normal DT N MEAN STD           torch.empty(N, dtype=DT).normal_(MEAN, STD)
    normalnc DT N MEAN STD         torch.empty(N // 4, 4).t().normal_(MEAN, STD): a non-contiguous output;
                                   VALUES in memory order (the order PyTorch generated them)
    randint DT N LOW HIGH          torch.randint(LOW, HIGH, (N,), dtype=DT)
    random DT N                    torch.empty(N, dtype=DT).random_()
    randomfrom DT N FROM           torch.empty(N, dtype=DT).random_(FROM, None)
    bernoulli DT N P               torch.empty(N, dtype=DT).bernoulli_(P)
    randperm int64 N               torch.randperm(N)
    seed int64 0 SEED :            generator.manual_seed(SEED) (no values)
    state uint8 5056 :  HEX        generator.get_state(), all bytes as one hex string
"""
import os
import struct
import warnings

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                   "library", "src", "test", "resources", "goldens", "random.txt")

DT = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64, "int32": torch.int32,
      "int16": torch.int16, "int8": torch.int8, "uint8": torch.uint8}


def fmt(t):
    t = t.contiguous().view(-1)
    if t.dtype == torch.float32:
        return " ".join("%08x" % struct.unpack("<I", struct.pack("<f", v))[0] for v in t.tolist())
    if t.dtype == torch.float64:
        return " ".join("%016x" % struct.unpack("<Q", struct.pack("<d", v))[0] for v in t.tolist())
    return " ".join(str(int(v)) for v in t.tolist())


def run_step(g, step):
    op, dt, n, *args = step
    d = DT[dt]
    if op == "rand":
        return torch.rand(n, dtype=d, generator=g)
    if op == "randn":
        return torch.randn(n, dtype=d, generator=g)
    if op == "uniform":
        return torch.empty(n, dtype=d).uniform_(args[0], args[1], generator=g)
    if op == "normal":
        return torch.empty(n, dtype=d).normal_(args[0], args[1], generator=g)
    if op == "normalnc":
        base = torch.empty(n // 4, 4, dtype=d)
        view = base.t()
        assert not view.is_contiguous()
        view.normal_(args[0], args[1], generator=g)
        return base  # memory order
    if op == "randint":
        return torch.randint(args[0], args[1], (n,), dtype=d, generator=g)
    if op == "random":
        return torch.empty(n, dtype=d).random_(generator=g)
    if op == "randomfrom":
        return torch.empty(n, dtype=d).random_(args[0], None, generator=g)
    if op == "bernoulli":
        return torch.empty(n, dtype=d).bernoulli_(args[0], generator=g)
    if op == "randperm":
        return torch.randperm(n, generator=g)
    if op == "seed":
        g.manual_seed(args[0])
        return None
    if op == "state":
        return g.get_state()
    raise ValueError(op)


def arg_str(a):
    return repr(a) if isinstance(a, float) else str(a)


warnings.filterwarnings("ignore", message=".*out of bounds.*")


def build_cases():
    cases = []

    def case(name, seed, *steps):
        cases.append((name, seed, steps))

    # ---- the matrix: seeds x ops x float dtypes x sizes (below, at and above the 16-element normal threshold)
    sizes = [1, 5, 15, 16, 17, 33, 100]
    for seed in (0, 42):
        for dt in ("float32", "float64"):
            for n in sizes:
                case(f"rand_{dt}_{n}_s{seed}", seed, ("rand", dt, n))
                case(f"randn_{dt}_{n}_s{seed}", seed, ("randn", dt, n))
                case(f"uniform_{dt}_{n}_s{seed}", seed, ("uniform", dt, n, -2.5, 7.25))
                case(f"normal_{dt}_{n}_s{seed}", seed, ("normal", dt, n, 1.5, 0.75))
                case(f"bernoulli_{dt}_{n}_s{seed}", seed, ("bernoulli", dt, n, 0.3))
    # a seed above 32 bits (mt19937 uses its low 32 bits; initial_seed keeps all 64)
    big = 1234567890123
    for dt in ("float32", "float64"):
        for n in (5, 17):
            case(f"rand_{dt}_{n}_big", big, ("rand", dt, n))
            case(f"randn_{dt}_{n}_big", big, ("randn", dt, n))
    # odd parameters: uniform with a tiny and a wide range, normal with negative mean and large std
    for dt in ("float32", "float64"):
        case(f"uniform_odd_{dt}", 7, ("uniform", dt, 20, 0.1, 0.3), ("uniform", dt, 20, -1e6, 3e6))
        case(f"normal_odd_{dt}", 7, ("normal", dt, 20, -3.25, 12.5), ("normal", dt, 7, -3.25, 12.5),
             ("normal", dt, 20, 0.0, 1e-3))
    # long vectors: the vectorized normal path (AVX2 for float32 here) with a tail of 8
    for dt in ("float32", "float64"):
        case(f"randn_{dt}_1000", 3, ("randn", dt, 1000))
    # non-contiguous outputs take the serial Box-Muller path even with >= 16 elements
    for dt in ("float32", "float64"):
        case(f"normalnc_{dt}", 5, ("normalnc", dt, 32, 0.0, 1.0), ("normalnc", dt, 100, 2.0, 0.5))

    # ---- randint: every integer dtype, small and huge ranges (range >= 2^32 draws random64 for int64/float/double)
    ri = [
        ("int64", 0, 10), ("int64", -5, 5), ("int64", -2**62, 2**62), ("int64", 0, 2**32), ("int64", 0, 2**32 - 1),
        ("int64", -2**63, 2**63 - 1), ("int64", 3, 2**40),
        ("int32", 0, 10), ("int32", -2**31, 2**31 - 1), ("int32", -1000, 1000),
        ("int16", 0, 10), ("int16", -2**15, 2**15 - 1),
        ("int8", -128, 127), ("int8", 0, 3),
        ("uint8", 0, 256), ("uint8", 10, 20),
        ("float32", 0, 100), ("float32", -2**20, 2**20),
        ("float64", 0, 100), ("float64", -2**33, 2**33),
        # beyond 2^digits: PyTorch moves `to` (and `from`) inward to representable values (update_from/update_to)
        ("float32", -2**30, 2**30), ("float64", 0, 2**60),
    ]
    for seed in (0, 42):
        for dt, lo, hi in ri:
            for n in (5, 17):
                case(f"randint_{dt}_{lo}_{hi}_{n}_s{seed}", seed, ("randint", dt, n, lo, hi))
    for dt in ("int64", "int32", "int16", "int8", "uint8", "float32", "float64"):
        case(f"random_{dt}", 11, ("random", dt, 9))
    for dt, lo in (("int64", 0), ("int64", -2**63), ("int64", -7), ("int32", -5), ("uint8", 3),
                   ("float32", 0), ("float64", -2**63), ("float64", 10)):
        case(f"randomfrom_{dt}_{lo}", 13, ("randomfrom", dt, 9, lo))
    for dt in ("int64", "int32", "uint8"):
        case(f"bernoulli_{dt}", 12, ("bernoulli", dt, 17, 0.3))

    # ---- randperm
    for seed in (0, 42):
        for n in (1, 2, 10, 100):
            case(f"randperm_{n}_s{seed}", seed, ("randperm", "int64", n))
    case("randperm_1000", 9, ("randperm", "int64", 1000))

    # ---- sequences: state carries over from one call to the next
    case("seq_rand_twice", 42, ("rand", "float32", 5), ("rand", "float32", 20))
    case("seq_randn3_twice_f64", 42, ("randn", "float64", 3), ("randn", "float64", 3))
    case("seq_randn3_twice_f32", 42, ("randn", "float32", 3), ("randn", "float32", 3))
    case("seq_randn_cache_mixed_dtype", 42, ("randn", "float32", 3), ("randn", "float64", 3))
    case("seq_randn_cache_survives_vector_path", 42,
         ("randn", "float64", 3), ("randn", "float64", 20), ("randn", "float32", 16), ("randn", "float64", 1))
    case("seq_reseed_clears_cache", 42,
         ("randn", "float64", 1), ("seed", "int64", 0, 42), ("randn", "float64", 2))
    case("seq_mixed", 1, ("rand", "float32", 3), ("randint", "int64", 3, 0, 2**40), ("randn", "float64", 5),
         ("bernoulli", "float32", 4, 0.5), ("randperm", "int64", 10), ("uniform", "float64", 3, -1.0, 1.0),
         ("randint", "int32", 4, -7, 7), ("normal", "float32", 17, 0.5, 2.0))
    # cross the 624-word twist boundary several times
    case("seq_long_state", 2, ("rand", "float32", 700), ("randint", "int64", 8, 0, 1000))
    # get_state: 5056 bytes, PyTorch's CPUGeneratorImplState layout (cached double normal valid after randn(3))
    case("state_fresh", 42, ("state", "uint8", 5056))
    case("state_after_randn3", 42, ("randn", "float64", 3), ("state", "uint8", 5056))
    case("state_default_seed", -1, ("state", "uint8", 5056))

    return cases


# Cases re-run under ATEN_CPU_CAPABILITY=default: the kernels whose rounding depends on the capability
# (uniform/normal affine steps are FMA-contracted in the AVX2 build; the float32 normal fill differs outright).
def in_default_subset(name):
    return (name.startswith(("uniform_odd", "normal_odd", "normalnc", "randn_float32_1000"))
            or any(name.startswith(p) and name.endswith(("_5_s0", "_17_s0", "_100_s42"))
                   for p in ("randn_", "normal_", "uniform_", "rand_")))


def capability():
    line = [l for l in torch.__config__.show().splitlines() if "CPU capability usage" in l][0]
    return line.split(":")[1].strip().lower()


def render(cases):
    lines = []
    for name, seed, steps in cases:
        g = torch.Generator()
        if seed != -1:
            g.manual_seed(seed)
        lines.append(f"case {name} {g.initial_seed()}")
        for step in steps:
            out = run_step(g, step)
            op, dt, n, *args = step
            head = " ".join([op, dt, str(n)] + [arg_str(a) for a in args])
            if out is None:
                lines.append(head + " :")
            elif op == "state":
                lines.append(head + " : " + bytes(out.tolist()).hex())
            else:
                assert out.numel() == n, (name, step)
                lines.append(head + " : " + fmt(out))
        lines.append("end")
    return lines


def main():
    import subprocess
    import sys
    if len(sys.argv) > 1 and sys.argv[1] == "--default-subset":
        assert capability() == "no avx", capability()
        print("\n".join(render([c for c in build_cases() if in_default_subset(c[0])])))
        return
    cap = capability()
    assert cap == "avx2", "run on a machine whose torch uses the AVX2 kernels, got " + cap
    lines = ["# Generated by scripts/goldens/random_goldens.py; do not edit.",
             f"# torch {torch.__version__}, CPU capability {cap}; 'default' section: ATEN_CPU_CAPABILITY=default",
             "capability avx2"]
    lines += render(build_cases())
    env = dict(os.environ, ATEN_CPU_CAPABILITY="default")
    sub = subprocess.run([sys.executable, os.path.abspath(__file__), "--default-subset"], env=env, check=True,
                         capture_output=True, text=True).stdout
    lines.append("capability default")
    lines += sub.strip().splitlines()
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote", os.path.normpath(OUT), os.path.getsize(OUT), "bytes,", sum(l.startswith("case ") for l in lines),
          "cases")


if __name__ == "__main__":
    main()
