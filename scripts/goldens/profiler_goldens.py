"""Golden tables of the profiler (torch.autograd.profiler_util's EventList.table / key_averages), from fixed events.

Run: /usr/bin/python3 scripts/goldens/profiler_goldens.py

Each case lists CPU events (thread, name, start/end in microseconds, input shapes, bytes allocated) and the tables
PyTorch prints for them: the raw events, key_averages() and key_averages(group_by_input_shapes=True), with sorting,
row limits, a header, top-level-only and narrow name columns. Timings are made up, so the tables are exact. PyTorch
2.x's table code prints CPU-only tables the same way (its CUDA columns are named after the device type).
"""
import warnings

from torch.autograd import DeviceType
from torch.profiler import schedule
from torch.autograd.profiler_util import EventList, FunctionEvent

from common import write

# (thread, name, start, end, input_shapes, cpu_memory_usage); a record_function has no shapes ([]).
TRAINING = [
    (1, "ProfilerStep#1", 0, 5000, [], 8192),
    (1, "model_forward", 3, 2101, [], 6144),
    (1, "aten::empty", 5, 9, [[], [], []], 2048),
    (1, "aten::bmm", 10, 1210, [[64, 784], [784, 256], [64, 256]], 0),
    (1, "aten::add", 1211, 1302, [[64, 256], [64, 256], [256]], 0),
    (1, "aten::empty", 1303, 1305, [[], [], []], 4096),
    (1, "aten::relu", 1306, 1500, [[64, 256], [64, 256]], 0),
    (1, "aten::bmm", 1501, 2050, [[64, 256], [256, 10], [64, 10]], 0),
    (1, "aten::sum", 2200, 2260, [[64, 10], [1]], 1024),
    (1, "autograd::engine::evaluate_function: SumBackward0", 2300, 2420, [], 1024),
    (1, "SumBackward0", 2301, 2419, [], 1024),
    (1, "aten::fill_", 2302, 2418, [[64, 10]], 0),
    (1, "autograd::engine::evaluate_function: MmBackward0", 2421, 4000, [], 0),
    (1, "MmBackward0", 2422, 3999, [], 0),
    (1, "aten::bmm", 2423, 3100, [[64, 10], [10, 256], [64, 256]], 0),
    (1, "aten::bmm", 3101, 3998, [[256, 64], [64, 10], [256, 10]], 0),
    (2, "aten::copy_", 100, 900, [[64, 784], [64, 784]], 0),
    (2, "aten::copy_", 950, 1010, [[64], [64]], 0),
    (1, "Optimizer.step#SGD.step", 4100, 4990, [], 0),
    (1, "aten::add", 4101, 4500, [[784, 256], [784, 256], []], 0),
    (1, "aten::add", 4501, 4989, [[256, 10], [256, 10], []], 0),
]

# a parent whose only child repeats its name (folded), and names longer than the name column
NESTED = [
    (7, "outer", 0, 100, [], 0),
    (7, "outer", 1, 99, [], 0),
    (7, "inner", 2, 50, [], 0),
    (7, "a_very_long_record_function_name_that_overflows_the_name_column", 120, 2_500_000, [], 3 * 1024 * 1024 * 1024),
    (7, "inner", 130, 1_200_130, [], 5 * 1024 * 1024),
]


# with_stack: frames innermost first, as torch4j records them (Class.method(File.java:line))
F1 = "app.Train.step(Train.java:41)"
F2 = "app.Train.epoch(Train.java:88)"
F3 = "app.Main.main(Main.java:12)"
F4 = "com.example.some.very.deeply.nested.package.name.ModelWithALongName.forward(ModelWithALongName.java:123)"
STACKED = [
    (3, "outer", 0, 1000, [], 0, [F2, F3]),
    (3, "aten::bmm", 10, 400, [[4, 4], [4, 4], [4, 4]], 0, [F4, F1, F2, F3, "app.X.y(X.java:1)", "app.Z.w(Z.java:2)"]),
    (3, "aten::bmm", 410, 700, [[4, 4], [4, 4], [4, 4]], 0, [F1, F2, F3]),
    (3, "aten::add", 710, 800, [[4], [4], [4]], 0, [F1, F2, F3]),
    (3, "aten::add", 810, 990, [[4], [4], [4]], 0, []),
]


# with_flops: the 8th field is the event's flops (0: not counted); the smallest positive count picks the unit
FLOPS = [
    (4, "aten::conv2d", 0, 900, [[64, 32, 13, 13], [64, 288], [64], [], []], 0, [], 285_327_360),
    (4, "aten::bmm", 910, 1000, [[1, 64, 1600], [1, 64, 10], [1, 10, 1600]], 0, [], 2_048_000),
    (4, "aten::bmm", 1010, 1100, [[1, 10, 1600], [1, 10, 64], [1, 64, 1600]], 0, [], 2_048_000),
    (4, "aten::add", 1110, 1200, [[512], [512], [512]], 0, [], 512),
    (4, "aten::relu", 1210, 1300, [[64, 10], [64, 10]], 0, [], 0),
    (4, "aten::mul", 1310, 1400, [[3], [3], []], 0, [], 3),
]
# flops and stacks together: PyTorch prints each row's flops under "Source Location" and its frame under the flops
FLOPS_STACKED = [
    (5, "outer", 0, 1000, [], 0, [F2, F3], 0),
    (5, "aten::bmm", 10, 400, [[1, 4, 4], [1, 4, 4], [1, 4, 4]], 0, [F1, F2, F3], 128),
    (5, "aten::add", 710, 800, [[4], [4], [4]], 0, [F1, F2], 4),
]
# only events without flops: no flops column at all
NO_FLOPS = [(6, "aten::relu", 0, 10, [[4], [4]], 0, [], 0), (6, "aten::sub", 20, 30, [[4], [4], [4]], 0, [], 0)]


def events(spec):
    out = []
    for i, e in enumerate(spec):
        thread, name, start, end, shapes, mem = e[:6]
        stack = list(e[6]) if len(e) > 6 else []
        flops = e[7] if len(e) > 7 else None
        out.append(FunctionEvent(id=i, name=name, thread=thread, start_us=start, end_us=end, input_shapes=shapes, stack=stack,
                                 cpu_memory_usage=mem, device_type=DeviceType.CPU, flops=flops))
    return out


def event_list(spec, memory, with_flops=False):
    evts = events(spec)
    evts.sort(key=lambda e: [e.time_range.start, -e.time_range.end])
    lst = EventList(evts, use_cuda=False, profile_memory=memory, with_flops=with_flops)
    lst._build_tree()
    return lst


TABLES = [
    ("events", {}),
    ("events", {"sort_by": "self_cpu_time_total", "row_limit": 5}),
    ("averages", {}),
    ("averages", {"sort_by": "cpu_time_total", "row_limit": 10}),
    ("averages", {"sort_by": "count", "header": "TRAINING STEP"}),
    ("averages", {"sort_by": "cpu_memory_usage", "top_level_events_only": True}),
    ("averages", {"sort_by": "self_cpu_memory_usage", "row_limit": -1, "max_name_column_width": 20}),
    ("shapes", {"sort_by": "cpu_time_total"}),
    ("shapes", {"max_shapes_column_width": 24}),
]


STACK_TABLES = [
    ("events", {}),
    ("events", {"max_src_column_width": 30}),
    ("averages", {}),
    ("stack1", {"sort_by": "cpu_time_total"}),
    ("stack3", {}),
]


def export_stacks(spec):
    import os
    import tempfile
    lst = event_list(spec, False)
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "stacks.txt")
        lst.export_stacks(path, "self_cpu_time_total")
        with open(path) as f:
            return f.read()


def flops_of_ops():
    """The flops torch.profiler (with_flops=True) counts for a conv2d, a matmul, an addmm, an add and a mul."""
    import torch
    torch.manual_seed(0)
    x, w, b = torch.randn(2, 3, 9, 9), torch.randn(4, 3, 3, 3), torch.randn(4)
    a, m = torch.randn(5, 6), torch.randn(6, 7)
    with torch.profiler.profile(with_flops=True) as prof:
        torch.nn.functional.conv2d(x, w, b, stride=2, padding=1)
        torch.mm(a, m)
        torch.addmm(torch.randn(7), a, m)
        torch.randn(4, 5).add(torch.randn(4, 5))
        torch.randn(3, 2).mul(torch.randn(3, 2))
    return {e.key: e.flops for e in prof.key_averages() if e.flops}


def main():
    cases = []
    for label, spec in (("training", TRAINING), ("nested", NESTED), ("stacked", STACKED)):
        for memory in (False, True):
            if label == "stacked" and memory:
                continue
            lst = event_list(spec, memory)
            views = {"events": lst, "averages": lst.key_averages(), "shapes": lst.key_averages(group_by_input_shapes=True),
                     "stack1": lst.key_averages(group_by_stack_n=1), "stack3": lst.key_averages(group_by_stack_n=3)}
            tables = TABLES if label != "stacked" else STACK_TABLES
            for view, kw in tables:
                cases.append({"events": label, "profile_memory": memory, "view": view, "options": kw,
                              "table": views[view].table(**kw)})
            avg = lst.total_average()
            cases.append({"events": label, "profile_memory": memory, "view": "total_average",
                          "self_cpu_time_total": lst.self_cpu_time_total, "total_cpu": avg.cpu_time_total,
                          "total_self_cpu": avg.self_cpu_time_total, "total_count": avg.count, "kept": len(lst),
                          "table": ""})
    for args in ((1, 1, 2, 1, 0), (0, 1, 3, 0, 0), (2, 0, 1, 2, 3), (1, 2, 3, 0, 2), (0, 0, 1, 0, 0)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fn = schedule(wait=args[0], warmup=args[1], active=args[2], repeat=args[3], skip_first=args[4])
        cases.append({"events": "schedule", "view": "schedule", "args": list(args), "table": "",
                      "actions": [fn(step).name for step in range(25)]})
    cases.append({"events": "stacked", "view": "export_stacks", "table": export_stacks(STACKED), "profile_memory": False})
    for label, spec in (("flops", FLOPS), ("flops_stacked", FLOPS_STACKED), ("no_flops", NO_FLOPS)):
        lst = event_list(spec, False, True)
        views = {"events": lst, "averages": lst.key_averages(), "shapes": lst.key_averages(group_by_input_shapes=True)}
        for view, kw in (("events", {}), ("averages", {"sort_by": "flops"}), ("shapes", {})):
            cases.append({"events": label, "profile_memory": False, "with_flops": True, "view": view, "options": kw,
                          "table": views[view].table(**kw)})
    cases.append({"events": "ops", "view": "flops_of_ops", "table": "", "flops": flops_of_ops()})
    specs = {"training": TRAINING, "nested": NESTED, "stacked": STACKED, "flops": FLOPS, "flops_stacked": FLOPS_STACKED,
             "no_flops": NO_FLOPS}
    write("profiler_tables", [{"specs": {k: [list(e) for e in v] for k, v in specs.items()}}] + cases)


if __name__ == "__main__":
    main()
