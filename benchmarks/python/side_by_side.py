"""The PyTorch/NumPy half of benchmarks/side_by_side.sh: the workloads of SideBySide.java, timed the same way
(warm-up, then the median of >= ~2 ms samples), printed as `RESULT <torch|numpy> <workload> <median seconds>`.

Usage: side_by_side.py THREADS [--quick] [--no-10000] [--only PREFIX,PREFIX...]   (THREADS goes to
torch.set_num_threads; the caller sets OPENBLAS_NUM_THREADS for NumPy's BLAS; --only keeps the workloads whose
names start with one of the prefixes; --no-10000 leaves out the 10000x10000 matmul, as --quick does.)
       side_by_side.py --rss STEPS THREADS          (peak resident memory of an MLP training run, in bytes)
"""
import sys, time

if sys.argv[1] == "--rss":
    # peak resident memory of STEPS training steps of the 784-256-256-10 MLP, in this fresh process
    import resource, torch
    torch.manual_seed(0)
    steps = int(sys.argv[2])
    torch.set_num_threads(int(sys.argv[3]))
    net = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 256), torch.nn.ReLU(),
                              torch.nn.Linear(256, 10))
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    x, y = torch.randn(128, 784), torch.randint(0, 10, (128,))
    for _ in range(steps):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(x), y).backward()
        opt.step()
    print(f"RESULT torch peak_rss_mlp_784_{steps}steps {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}")
    sys.exit(0)

threads = int(sys.argv[1])
quick = "--quick" in sys.argv
no_big = quick or "--no-10000" in sys.argv
only = sys.argv[sys.argv.index("--only") + 1].split(",") if "--only" in sys.argv else [""]


def wanted(name):
    return any(name.startswith(p) for p in only)
warm, measure = (0.25, 0.5) if quick else (0.5, 1.0)  # no JIT to warm: shorter than the JVM's


def timeit(op):
    start, calls = time.perf_counter(), 0
    while time.perf_counter() - start < warm or calls < 1:
        op(); calls += 1
    per_call = (time.perf_counter() - start) / calls
    inner = max(1, int(2e-3 / per_call + 0.999))
    least = 3 if per_call > 1.0 else 5  # the 10000 matmul takes 10-20 s a call
    samples, start = [], time.perf_counter()
    while time.perf_counter() - start < measure or len(samples) < least:
        t = time.perf_counter()
        for _ in range(inner):
            op()
        samples.append((time.perf_counter() - t) / inner)
    samples.sort()
    return samples[len(samples) // 2]


def report(lib, name, op):
    if not wanted(name):
        return
    print(f"RESULT {lib} {name} {timeit(op):.6e}", flush=True)


import numpy as np
import torch

torch.set_num_threads(threads)
torch.manual_seed(0)
print(f"# torch {torch.__version__} (set_num_threads({threads}), get_num_threads()={torch.get_num_threads()}), "
      f"numpy {np.__version__}", flush=True)
sizes = [256, 512, 1024, 2048, 4096]   # 10000 runs last (below), as in SideBySide.java
T = torch
N = 10_000_000

# torch workloads
for n in sizes:
    a, b = T.rand(n, n), T.rand(n, n)
    report("torch", f"matmul_f32_{n}", lambda: torch.mm(a, b))
a, b = T.rand(1024, 1024, dtype=T.float64), T.rand(1024, 1024, dtype=T.float64)
report("torch", "matmul_f64_1024", lambda: torch.mm(a, b))
a, b = T.randn(N), T.randn(N)
report("torch", "add_10M", lambda: a + b)
report("torch", "mul_10M", lambda: a * b)
report("torch", "exp_10M", lambda: a.exp())
report("torch", "tanh_10M", lambda: a.tanh())
report("torch", "sigmoid_10M", lambda: a.sigmoid())
report("torch", "gelu_10M", lambda: torch.nn.functional.gelu(a))
report("torch", "silu_10M", lambda: torch.nn.functional.silu(a))
a = T.randn(4096, 4096)
report("torch", "sum_all_4096^2", lambda: a.sum())
report("torch", "mean_all_4096^2", lambda: a.mean())
report("torch", "max_all_4096^2", lambda: a.max())
report("torch", "sum_dim1_4096^2", lambda: a.sum(1))
report("torch", "mean_dim1_4096^2", lambda: a.mean(1))
report("torch", "max_dim1_4096^2", lambda: a.max(1))
report("torch", "sum_dim0_4096^2", lambda: a.sum(0))
report("torch", "var_all_4096^2", lambda: a.var())
report("torch", "var_dim1_4096^2", lambda: a.var(1))
report("torch", "std_dim0_4096^2", lambda: a.std(0))
report("torch", "softmax_dim1_4096^2", lambda: a.softmax(1))
report("torch", "softmax_dim0_4096^2", lambda: a.softmax(0))
for shape, s in (((1,), "[1]"), ((16, 16), "[16,16]")):
    a, b = T.randn(*shape), T.randn(*shape)
    report("torch", f"add_{s}", lambda: a.add(b))
    report("torch", f"mul_{s}", lambda: a.mul(b))
    report("torch", f"matmul_{s}", lambda: a.matmul(b))
x, w, bb = T.randn(16, 16), T.randn(16, 16, requires_grad=True), T.randn(16, 16, requires_grad=True)
report("torch", "(x*w+b).sum().backward()_[16,16]", lambda: (x * w + bb).sum().backward())

def norm_step(layer, *shape):
    x, g = T.randn(*shape, requires_grad=True), T.randn(*shape)

    def step():
        x.grad = None
        layer.zero_grad(set_to_none=True)
        layer(x).backward(g)
    return step


report("torch", "batchnorm2d_train_[64,64,32,32]", norm_step(torch.nn.BatchNorm2d(64), 64, 64, 32, 32))
report("torch", "layernorm_train_[8192,512]", norm_step(torch.nn.LayerNorm(512), 8192, 512))
report("torch", "groupnorm_train_[16,256,32,32]", norm_step(torch.nn.GroupNorm(32, 256), 16, 256, 32, 32))
report("torch", "gelu_train_[8192,512]", norm_step(torch.nn.GELU(), 8192, 512))
report("torch", "silu_train_[8192,512]", norm_step(torch.nn.SiLU(), 8192, 512))

def train_step(i, h, o, batch):
    net = torch.nn.Sequential(torch.nn.Linear(i, h), torch.nn.ReLU(), torch.nn.Linear(h, h), torch.nn.ReLU(),
                              torch.nn.Linear(h, o))
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    x, y = T.randn(batch, i), T.randint(0, o, (batch,))

    def step():
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
    return step


report("torch", "train_step_mlp_2-64-64-2_b64", train_step(2, 64, 2, 64))
report("torch", "train_step_mlp_784-256-256-10_b128", train_step(784, 256, 10, 128))


def cnn_step():
    nn = torch.nn
    net = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(),
                        nn.MaxPool2d(2), nn.Flatten(), nn.Linear(1600, 10))
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    x, y = T.randn(64, 1, 28, 28), T.randint(0, 10, (64,))

    def step():
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(x), y).backward()
        opt.step()
    return step


report("torch", "train_step_cnn_mnist_b64", cnn_step())


def transformer_step():
    # nn.TransformerEncoderLayer(512, 8, 2048, dropout 0.1, batch_first) on 32 x 128 tokens, MSE, AdamW
    layer = torch.nn.TransformerEncoderLayer(d_model=512, nhead=8, dim_feedforward=2048, dropout=0.1, batch_first=True)
    opt = torch.optim.AdamW(layer.parameters(), lr=1e-3)
    x, target = T.randn(32, 128, 512), T.randn(32, 128, 512)

    def step():
        opt.zero_grad()
        torch.nn.functional.mse_loss(layer(x), target).backward()
        opt.step()
    return step


def lstm_step(kind=torch.nn.LSTM):
    # a 2-layer nn.LSTM (or GRU) (256, 512, batch_first) and a Linear to 100 classes on 32 x 64 steps, cross-entropy, SGD
    rnn, head = kind(256, 512, num_layers=2, batch_first=True), torch.nn.Linear(512, 100)
    opt = torch.optim.SGD(list(rnn.parameters()) + list(head.parameters()), lr=0.01, momentum=0.9)
    x, y = T.randn(32, 64, 256), T.randint(0, 100, (32, 64))

    def step():
        opt.zero_grad()
        out, _ = rnn(x)
        torch.nn.functional.cross_entropy(head(out).reshape(-1, 100), y.reshape(-1)).backward()
        opt.step()
    return step


if wanted("train_step_transformer_512_b32x128"):
    report("torch", "train_step_transformer_512_b32x128", transformer_step())
if wanted("train_step_lstm_256-512x2_b32x64"):
    report("torch", "train_step_lstm_256-512x2_b32x64", lstm_step())
if wanted("train_step_gru_256-512x2_b32x64"):
    report("torch", "train_step_gru_256-512x2_b32x64", lstm_step(torch.nn.GRU))

# numpy workloads (those NumPy has as one call)
rng = np.random.default_rng(0)
for n in sizes:
    a, b = rng.random((n, n), dtype=np.float32), rng.random((n, n), dtype=np.float32)
    report("numpy", f"matmul_f32_{n}", lambda: a @ b)
a, b = rng.random((1024, 1024)), rng.random((1024, 1024))
report("numpy", "matmul_f64_1024", lambda: a @ b)
a, b = rng.standard_normal(N, dtype=np.float32), rng.standard_normal(N, dtype=np.float32)
report("numpy", "add_10M", lambda: a + b)
report("numpy", "mul_10M", lambda: a * b)
report("numpy", "exp_10M", lambda: np.exp(a))
report("numpy", "tanh_10M", lambda: np.tanh(a))
a = rng.standard_normal((4096, 4096), dtype=np.float32)
report("numpy", "sum_all_4096^2", lambda: a.sum())
report("numpy", "mean_all_4096^2", lambda: a.mean())
report("numpy", "max_all_4096^2", lambda: a.max())
report("numpy", "sum_dim1_4096^2", lambda: a.sum(1))
report("numpy", "mean_dim1_4096^2", lambda: a.mean(1))
report("numpy", "max_dim1_4096^2", lambda: a.max(1))
report("numpy", "sum_dim0_4096^2", lambda: a.sum(0))
report("numpy", "var_all_4096^2", lambda: a.var(ddof=1))
report("numpy", "var_dim1_4096^2", lambda: a.var(1, ddof=1))
report("numpy", "std_dim0_4096^2", lambda: a.std(0, ddof=1))
for shape, s in (((1,), "[1]"), ((16, 16), "[16,16]")):
    a, b = rng.standard_normal(shape, dtype=np.float32), rng.standard_normal(shape, dtype=np.float32)
    report("numpy", f"add_{s}", lambda: a + b)
    report("numpy", f"mul_{s}", lambda: a * b)
    report("numpy", f"matmul_{s}", lambda: a @ b)

# the seed's 10000x10000 matmul last, on both sides: its 1.2 GB of matrices grow the JVM's heap, and allocations
# after that land on memory the VM has to map afresh (measured: add_10M 4.7 -> 128 ms when it ran first)
if not no_big and wanted("matmul_f32_10000"):
    n = 10_000
    a, b = T.rand(n, n), T.rand(n, n)
    report("torch", f"matmul_f32_{n}", lambda: torch.mm(a, b))
    a, b = rng.random((n, n), dtype=np.float32), rng.random((n, n), dtype=np.float32)
    report("numpy", f"matmul_f32_{n}", lambda: a @ b)
