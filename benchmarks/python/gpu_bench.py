"""The PyTorch half of scripts/gpu/run.sh's GPU benchmark: the workloads of GpuBench.java, same names, same method
(warm-up of >= 3 calls with a synchronize after each, then samples of `inner` back-to-back calls between two
synchronizes, ~10 ms each, wall clock; median per call). One JSON line per workload, other lines start with '#'.

Usage: gpu_bench.py [--quick] [--no-cpu] [--only PREFIX]
"""
import json, sys, time

quick = "--quick" in sys.argv
cpu = "--no-cpu" not in sys.argv
only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else ""
warm, measure = (0.15, 0.4) if quick else (0.3, 0.8)
N64M = 64 << 20

import torch

cuda_ok = torch.cuda.is_available()


def line(name, median, mn, samples, inner, bytes_=0, flops=0, error=None):
    d = {"lib": "torch", "name": name, "median_s": median, "min_s": mn, "samples": samples, "inner": inner,
         "bytes": bytes_, "flops": flops}
    if cuda_ok:
        d["peak_mem"] = torch.cuda.max_memory_allocated()
    if error is not None:
        d["error"] = str(error)[:500]
    print(json.dumps(d), flush=True)


def timeit(op):
    sync = torch.cuda.synchronize
    start, calls = time.perf_counter(), 0
    while calls < 3 or time.perf_counter() - start < warm:
        op(); sync(); calls += 1
    per_call = (time.perf_counter() - start) / calls
    inner = max(1, min(1000, int(10e-3 / per_call + 0.999)))
    samples, start = [], time.perf_counter()
    while len(samples) < 5 or time.perf_counter() - start < measure:
        sync()
        t = time.perf_counter()
        for _ in range(inner):
            op()
        sync()
        samples.append((time.perf_counter() - t) / inner)
    samples.sort()
    return samples[len(samples) // 2], samples[0], len(samples), inner


def set_tf32(on):
    # the fp32_precision knob of recent PyTorch, else the older allow_tf32 flag
    try:
        torch.backends.cuda.matmul.fp32_precision = "tf32" if on else "ieee"
    except Exception:  # older PyTorch: its __setattr__ raises AssertionError for unknown names
        torch.backends.cuda.matmul.allow_tf32 = on


def run(name, setup, bytes_=0, flops=0):
    if not name.startswith(only):
        return
    try:
        torch.cuda.reset_peak_memory_stats()
        op = setup()
        med, mn, n, inner = timeit(op)
        line(name, med, mn, n, inner, bytes_, flops)
    except Exception as e:  # one workload's failure must not stop the others
        line(name, None, None, 0, 0, bytes_, flops, repr(e))
    op = None
    torch.cuda.synchronize()
    torch.cuda.empty_cache()


def train_step():
    net = torch.nn.Sequential(torch.nn.Linear(784, 1024), torch.nn.ReLU(), torch.nn.Linear(1024, 1024),
                              torch.nn.ReLU(), torch.nn.Linear(1024, 10)).cuda()
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    x, y = torch.randn(512, 784, device="cuda"), torch.randint(0, 10, (512,), device="cuda")
    loss_fn = torch.nn.functional.cross_entropy

    def step():
        opt.zero_grad()
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()
    return step


def amp_train_step():
    net = torch.nn.Sequential(torch.nn.Linear(784, 1024), torch.nn.ReLU(), torch.nn.Linear(1024, 1024),
                              torch.nn.ReLU(), torch.nn.Linear(1024, 10)).cuda()
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    scaler = torch.amp.GradScaler("cuda")
    x, y = torch.randn(512, 784, device="cuda"), torch.randint(0, 10, (512,), device="cuda")

    def step():
        opt.zero_grad()
        with torch.autocast("cuda"):
            loss = torch.nn.functional.cross_entropy(net(x), y)
        scaler.scale(loss).backward()
        scaler.step(opt)
        scaler.update()
    return step


def main():
    print(f"# torch {torch.__version__}, cuda {torch.version.cuda}, threads {torch.get_num_threads()}", flush=True)
    if not cuda_ok:
        print("# no GPU: torch.cuda.is_available() is False", flush=True)
        line("_status", None, None, 0, 0, error="no GPU")
        return
    print(f"# device: {torch.cuda.get_device_name(0)}, devices {torch.cuda.device_count()}", flush=True)
    torch.manual_seed(0)
    for n in (4096, 8192):
        for tf32 in (False, True):
            def mm_setup(n=n, tf32=tf32):
                set_tf32(tf32)
                a, b = torch.randn(n, n, device="cuda"), torch.randn(n, n, device="cuda")
                return lambda: torch.mm(a, b)
            run(f"matmul_f32_{n}" + ("_tf32" if tf32 else ""), mm_setup, flops=2.0 * n ** 3)
    set_tf32(False)
    for dt, tag in ((torch.float16, "f16"), (torch.bfloat16, "bf16")):
        def half_setup(dt=dt, n=8192):
            a, b = torch.randn(n, n, device="cuda", dtype=dt), torch.randn(n, n, device="cuda", dtype=dt)
            return lambda: torch.mm(a, b)
        run(f"matmul_{tag}_8192", half_setup, flops=2.0 * 8192 ** 3)

    def two():
        return torch.randn(N64M, device="cuda"), torch.randn(N64M, device="cuda")

    def copy_setup():
        x, y = two()
        return lambda: y.copy_(x)
    run("copy_64M", copy_setup, bytes_=8 * N64M)

    def clone_setup():
        x = torch.randn(N64M, device="cuda")
        return x.clone
    run("clone_64M", clone_setup, bytes_=8 * N64M)

    def add_setup():
        x, y = two()
        return lambda: x + y
    run("add_64M", add_setup, bytes_=12 * N64M)

    def exp_setup():
        x = torch.randn(N64M, device="cuda")
        return x.exp
    run("exp_64M", exp_setup, bytes_=8 * N64M)

    def sum_setup():
        x = torch.randn(N64M, device="cuda")
        return x.sum
    run("sum_64M", sum_setup, bytes_=4 * N64M)

    def softmax_setup():
        x = torch.randn(8192, 8192, device="cuda")
        return lambda: x.softmax(1)
    run("softmax_dim1_8192^2", softmax_setup, bytes_=8 * N64M)

    def fft_setup():
        z = torch.complex(torch.randn(4096, 1024), torch.randn(4096, 1024)).cuda()
        return lambda: torch.fft.fft(z)
    run("fft_c64_4096x1024", fft_setup, bytes_=16 * 4096 * 1024)
    run("train_step_mlp_784-1024-1024-10_b512", train_step)
    run("train_step_amp_mlp_784-1024-1024-10_b512", amp_train_step)

    def bn_setup():
        bn = torch.nn.BatchNorm2d(64).cuda()
        x = torch.randn(128, 64, 56, 56, device="cuda", requires_grad=True)
        g = torch.randn(128, 64, 56, 56, device="cuda")

        def step():
            x.grad = None
            bn.zero_grad(set_to_none=True)
            bn(x).backward(g)
        return step
    run("batchnorm2d_train_b128_c64_56x56", bn_setup)
    n = 10_000

    def big_setup():
        a, b = torch.rand(n, n, device="cuda"), torch.rand(n, n, device="cuda")
        return lambda: torch.mm(a, b)
    run("matmul_f32_10000", big_setup, flops=2.0 * n ** 3)
    if cpu and "matmul_f32_10000_cpu".startswith(only):
        try:  # one timed call after a warm-up, as GpuBench does
            w = torch.rand(1024, 1024)
            t0 = time.perf_counter()
            while time.perf_counter() - t0 < 1.0:
                torch.mm(w, w)
            a, b = torch.rand(n, n), torch.rand(n, n)
            t = time.perf_counter()
            torch.mm(a, b)
            s = time.perf_counter() - t
            line("matmul_f32_10000_cpu", s, s, 1, 1, flops=2.0 * n ** 3)
        except Exception as e:
            line("matmul_f32_10000_cpu", None, None, 0, 0, flops=2.0 * n ** 3, error=repr(e))


main()
