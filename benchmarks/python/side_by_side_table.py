"""Turns the RESULT lines of benchmarks/side_by_side.sh into one markdown table of medians and ratios, prints it
and (when asked) writes it between the side-by-side markers of docs/PERFORMANCE.md.

Usage: side_by_side_table.py RESULTS HEADER_MD PERFORMANCE_MD WRITE(0|1) [RATIOS_TSV]
(RATIOS_TSV gets one line per workload: name, speed ratio, target, for the chart.)

An "ALT <label>" line starts an alternation (a round, or an extra alternation of the noisy rows): the processes of
both sides that ran next to each other in time. The speed ratio of a row is the median over alternations of the
ratio within each alternation (each side's best thread setting there); the best median of each side over the whole
run is shown too.
"""
import re, statistics, sys

results, header, perf, write = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
ratios_tsv = sys.argv[5] if len(sys.argv) > 5 else None
BEGIN, END = "<!-- side-by-side:begin (written by benchmarks/side_by_side.sh) -->", "<!-- side-by-side:end -->"

best = {}      # (lib, workload) -> best median seconds over rounds
config = {}    # (lib, workload) -> thread count that gave it
alt_best = {}  # (alternation, lib, workload) -> best median seconds in that alternation
alts = []
order = []
alt = ""
for line in open(results):
    f = line.split()
    if len(f) == 2 and f[0] == "ALT":
        alt = f[1]
        alts.append(alt)
        continue
    if len(f) != 4 or f[0] != "RESULT":
        continue
    lib, threads = (f[1].split("@") + [""])[:2]
    name, sec = f[2], float(f[3])
    if lib == "torch4j" and name not in order:
        order.append(name)
    if (lib, name) not in best or sec < best[(lib, name)]:
        best[(lib, name)], config[(lib, name)] = sec, threads
    if (alt, lib, name) not in alt_best or sec < alt_best[(alt, lib, name)]:
        alt_best[(alt, lib, name)] = sec
if not alts:
    alts = [""]


# float32 matmul rows together, by size (the 10000 one runs last but belongs with them)
order.sort(key=lambda n: (0, int(n.split("_")[2])) if n.startswith("matmul_f32_") else (1, 0))


def target(name):
    """(target speed ratio = best other time / torch4j time, compared against PyTorch only?)"""
    if name.startswith("matmul_f"):
        return 0.95, False
    if name.startswith("train_step_mlp_2-"):
        return 2.0, True
    if name.startswith("train_step"):
        return 1.0, True
    if name.startswith("peak_rss"):
        return 1.0, True   # "peak resident memory ... <= PyTorch's": PyTorch's bytes / torch4j's
    if "[1]" in name or "[16,16]" in name:
        return 4.0, True   # "<= 0.25x of PyTorch's time per op"
    return 1.0, False


def fmt(s, name=""):
    if s is not None and name.startswith("peak_rss"):
        return f"{s / 2**20:.0f} MiB"
    if s is None:
        return "-"
    if s < 1e-3:
        return f"{s * 1e6:.2f} us"
    if s < 1:
        return f"{s * 1e3:.2f} ms"
    return f"{s:.2f} s"


def paired(name, torch_only):
    """Ratios (best competitor / torch4j) within each alternation that ran the row on both sides."""
    out = []
    for a in alts:
        t = alt_best.get((a, "torch4j", name))
        refs = [alt_best.get((a, lib, name)) for lib in (["torch"] if torch_only else ["torch", "numpy"])]
        refs = [r for r in refs if r is not None]
        if t and refs:
            out.append(min(refs) / t)
    return out


rows = ["| workload | torch4j (best threads) | PyTorch (best threads) | NumPy (best threads) | compared with | ratio of best medians | speed ratio (pairs: range) | target | met |",
        "|---|---:|---:|---:|---|---:|---:|---:|---|"]
misses = 0
tsv = []
for name in order:
    t = best.get(("torch4j", name))
    pt, npy = best.get(("torch", name)), best.get(("numpy", name))
    tgt, torch_only = target(name)
    cands = [(pt, "PyTorch")] + ([] if torch_only else [(npy, "NumPy")])
    cands = [c for c in cands if c[0] is not None]
    pairs = paired(name, torch_only)
    if not cands or t is None or not pairs:
        best_ratio, ratio, other, met, spread = None, None, "-", "-", "-"
    else:
        ref, other = min(cands)
        best_ratio = ref / t
        ratio = statistics.median(pairs)
        spread = (f"{ratio:.2f}x (1)" if len(pairs) == 1
                  else f"{ratio:.2f}x ({len(pairs)}: {min(pairs):.2f}-{max(pairs):.2f})")
        met = "yes" if ratio >= tgt else "**no**"
        misses += ratio < tgt
        tsv.append(f"{name}\t{ratio:.4f}\t{tgt}")
    ptc = f"{fmt(pt, name)} ({config[('torch', name)]})" if pt else "-"
    npc = f"{fmt(npy, name)} ({config[('numpy', name)]})" if npy else "-"
    tc = config.get(("torch4j", name), "")
    extra = f" ({tc})" if tc else ""
    if name.startswith("train_step") and t:
        extra = f" ({tc}; {1 / t:,.0f} steps/s)"
        ptc = f"{fmt(pt)} ({config[('torch', name)]}; {1 / pt:,.0f} steps/s)" if pt else "-"
    rows.append(f"| `{name}` | {fmt(t, name)}{extra} | {ptc} | {npc} | {other} | "
                f"{'-' if best_ratio is None else f'{best_ratio:.2f}x'} | {spread} | >= {tgt:.2f}x | {met} |")

notes = """
Medians of samples of at least ~2 ms (each sample repeats the workload), after a warm-up; times are per call, each
side's best median over the run. A ratio is the time of the best competitor / torch4j's time (above 1: torch4j is
faster); the competitor is the fastest of PyTorch (over its thread settings) and NumPy, and torch4j's time its
fastest thread setting, except for per-op overhead, the backward row and training, which compare with PyTorch alone
as the issue states them. **ratio of best medians** divides the two best medians of the run, which may come from
processes minutes apart; **speed ratio** is the median of the ratios within each alternation (the processes of both
sides that ran one after the other: each round, and each extra alternation of the noisy rows), with their count and
range. This VM's memory bandwidth and OpenBLAS's per-process speed drift by up to 2x over minutes, so the paired
median is the figure the targets are judged on; the other is shown so that nothing is hidden. The
number in parentheses is the thread count that gave that median. Every op allocates its result (`a + b`, `torch.mm(a, b)`, `a.add(b)`), as users write them. NumPy's
`max(1)` returns values only, PyTorch's and torch4j's values and indices. Training: `Linear`/`ReLU` MLP,
cross-entropy, SGD lr 0.01 momentum 0.9, fixed random batch; one step = zero_grad, forward, backward, step. The
CNN: conv 1->32 3x3, relu, maxpool 2, conv 32->64 3x3, relu, maxpool 2, linear 1600->10 on 64 28x28 images. Peak
resident memory (VmHWM / ru_maxrss) is that of a fresh process running 300 steps of the 784 MLP (the JVM with its
default heap settings, and again with `-XX:+UseSerialGC`); its ratio is PyTorch's bytes / torch4j's. Chart of the ratios: docs/side_by_side.png.
"""
table = "\n".join(rows)
if ratios_tsv:
    open(ratios_tsv, "w").write("\n".join(tsv) + "\n")
head = open(header).read().strip()
block = f"{BEGIN}\n{head}\n\n{table}\n{notes}\n{misses} row(s) miss their target.\n{END}"
print(block)
if write:
    text = open(perf).read()
    if BEGIN in text and END in text:
        text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda m: block, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n## Side by side with PyTorch and NumPy (`benchmarks/side_by_side.sh`)\n\n" + block + "\n"
    open(perf, "w").write(text)
    print(f"# written to {perf}", file=sys.stderr)
