"""Merges the JSON lines of GpuBench (torch4j) and gpu_bench.py (PyTorch) into a markdown table of medians and
ratios. Usage: gpu_bench_table.py RESULTS... (files of mixed output; only lines starting with '{' are read).
Plain Python 3, no third-party packages."""
import json, sys


def load(paths):
    res = {}
    for p in paths:
        try:
            with open(p, encoding="utf-8", errors="replace") as f:
                for raw in f:
                    raw = raw.strip()
                    if not raw.startswith("{"):
                        continue
                    try:
                        d = json.loads(raw)
                    except ValueError:
                        continue
                    res.setdefault(d.get("name"), {})[d.get("lib")] = d
        except OSError as e:
            print(f"# cannot read {p}: {e}")
    return res


def fmt_time(s):
    if s is None:
        return "-"
    return f"{s * 1e3:.3f} ms" if s < 1 else f"{s:.3f} s"


def rate(d):
    s = d.get("median_s") if d else None
    if not s:
        return "-"
    if d.get("flops"):
        tf = d["flops"] / s / 1e12
        return f"{tf:.1f} TFLOP/s" if tf >= 1 else f"{tf * 1e3:.0f} GFLOP/s"
    if d.get("bytes"):
        return f"{d['bytes'] / s / 1e9:.0f} GB/s"
    return f"{1 / s:.1f} steps/s" if d.get("name", "").startswith("train") else f"{1 / s:.1f} /s"


def cell(d):
    if d is None:
        return "not run"
    if d.get("error"):
        return "ERROR"
    return f"{fmt_time(d.get('median_s'))} ({rate(d)})"


def main(paths):
    res = load(paths)
    out = ["| workload | torch4j median | PyTorch median | torch4j/PyTorch time | torch4j speed vs PyTorch |",
           "|---|---:|---:|---:|---:|"]
    errors = []
    for name, libs in res.items():
        if name == "_status":
            continue
        t, p = libs.get("torch4j"), libs.get("torch")
        ts = t.get("median_s") if t and not t.get("error") else None
        ps = p.get("median_s") if p and not p.get("error") else None
        ratio = f"{ts / ps:.2f}" if ts and ps else "-"
        speed = f"{ps / ts:.2f}x" if ts and ps else "-"
        out.append(f"| {name} | {cell(t)} | {cell(p)} | {ratio} | {speed} |")
        for lib, d in libs.items():
            if d.get("error"):
                errors.append(f"- {lib} {name}: {d['error'][:300]}")
    for lib in ("torch4j", "torch"):
        st = res.get("_status", {}).get(lib)
        if st:
            errors.append(f"- {lib}: {st.get('error')}")
    for lib, label in (("torch4j", "torch4j (bench_torch4j.log)"), ("torch", "PyTorch (bench_torch.log)")):
        if not any(lib in libs for libs in res.values()):
            errors.append(f"- no results at all from {label}")
    g = res.get("matmul_f32_10000", {}).get("torch4j")
    c = res.get("matmul_f32_10000_cpu", {}).get("torch4j")
    if g and c and g.get("median_s") and c.get("median_s"):
        out.append("")
        out.append(f"torch4j 10000x10000 float32 matmul: CPU {fmt_time(c['median_s'])}, GPU {fmt_time(g['median_s'])}"
                   f" (TF32 off): GPU {c['median_s'] / g['median_s']:.0f}x faster")
    out.append("")
    out.append("Medians per call (warm-up, then ~10 ms samples between synchronizes, wall clock; both sides the same "
               "method). GB/s count bytes read + written once; time ratio < 1 means torch4j is faster.")
    if errors:
        out.append("")
        out.append("Errors:")
        out.extend(errors)
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1:])
