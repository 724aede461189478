"""torchvision's ResNet-50 inference timed as dev.torch4j.benchmarks.ResNetInference times torch4j's.

  resnet_inference.py <threads> <batch> [warmup] [reps] [--layers] [--no-mkldnn]

Prints RESULT resnet50_b<batch> pytorch <best ms> median=<ms> threads=<t> cpu=<mean process CPU ms>; --layers prints per-convolution times
(forward hooks, best over the timed forwards) in the Java side's format; --no-mkldnn turns oneDNN off
(torch.backends.mkldnn.enabled = False), which leaves PyTorch's im2col + BLAS convolution."""
import sys
import time

import torch
import torchvision

args = [a for a in sys.argv[1:] if not a.startswith("--")]
threads, batch = int(args[0]), int(args[1])
warmup = int(args[2]) if len(args) > 2 else 5
reps = int(args[3]) if len(args) > 3 else 10
layers = "--layers" in sys.argv
if "--no-mkldnn" in sys.argv:
    torch.backends.mkldnn.enabled = False
torch.set_num_threads(threads)
torch.manual_seed(0)
model = torchvision.models.resnet50().eval()
x = torch.randn(batch, 3, 224, 224)
best, shapes, start = {}, {}, {}
if layers:
    for name, m in model.named_modules():
        if list(m.children()):
            continue
        best[name] = float("inf")

        def pre(mod, inp, name=name):
            start[name] = time.perf_counter()

        def post(mod, inp, out, name=name):
            best[name] = min(best[name], time.perf_counter() - start[name])
            if isinstance(mod, torch.nn.Conv2d):
                i, o = inp[0].shape, out.shape
                k = mod.in_channels // mod.groups * mod.kernel_size[0] * mod.kernel_size[1]
                shapes[name] = "%dx%d/%d %4d->%4d %3dx%-3d M=%d K=%d N=%d" % (
                    mod.kernel_size[0], mod.kernel_size[1], mod.stride[0], i[1], o[1], i[2], i[3], o[1], k,
                    o[0] * o[2] * o[3])
            else:
                shapes[name] = type(mod).__name__

        m.register_forward_pre_hook(pre)
        m.register_forward_hook(post)
times, cpu = [], 0.0
with torch.no_grad():
    w0, i = time.perf_counter(), 0
    while i < warmup or time.perf_counter() - w0 < 3.0:  # at least 3 s, as the Java side (its JIT needs it)
        model(x)
        i += 1
    for k in best:
        best[k] = float("inf")
    for _ in range(reps):
        c, s = time.process_time(), time.perf_counter()
        model(x)
        times.append((time.perf_counter() - s) * 1e3)
        cpu += (time.process_time() - c) * 1e3 / reps
times.sort()
print("RESULT resnet50_b%d pytorch %.3f median=%.3f threads=%d cpu=%.3f" % (batch, times[0], times[len(times) // 2], threads,
                                                                        cpu))
if layers:
    kinds, total = {}, 0.0
    for name, sec in best.items():
        ms = sec * 1e3
        total += ms
        shape = shapes[name]
        kind = "Conv2d " + shape.split(" ")[0] if "M=" in shape else shape
        kinds[kind] = kinds.get(kind, 0.0) + ms
        if "M=" in shape:
            f = shape[shape.index("M="):].replace("=", " ").split(" ")
            flop = 2.0 * int(f[1]) * int(f[3]) * int(f[5])
            print("LAYER %-22s %-50s %8.3f ms %6.1f GFLOP/s" % (name, shape, ms, flop / (ms * 1e6)))
    for kind, ms in kinds.items():
        print("KIND %-20s %8.3f ms" % (kind, ms))
    print("KIND %-20s %8.3f ms (sum of the leaves' best times, batch %d)" % ("total", total, batch))
