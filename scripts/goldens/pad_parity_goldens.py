"""F.pad with negative amounts (crops) in reflect, replicate and circular modes over 1-3 padded dims, batched or not,
and the refusals of the non-constant modes (dtypes, layouts, amounts), of interpolate's nearest modes, kl_div and
local_response_norm for integer inputs, as PyTorch computes them -> goldens/pad_parity.json (nn.PadParityTest).

Run: /usr/bin/python3 scripts/goldens/pad_parity_goldens.py

Each "pad" case: input x (float64), pads, mode, the output and x's gradient of (out * w).sum(). Messages follow 2.x
where its words differ from 1.13's: the CPU kernel names lost their "_cpu" suffix ("reflection_pad3d",
"replication_pad1d"); 1.13's garbled 1-d "too small" message is not kept (the test checks its start only).
"""
import torch
import torch.nn.functional as F

from common import t2j, write


def err(f):
    try:
        f()
    except Exception as e:
        return str(e).split("\n")[0].replace("_cpu\"", "\"")
    raise AssertionError("no error")


def pad_cases():
    g = torch.Generator().manual_seed(3)
    specs = [  # (input shape, pads, mode)
        ([1, 2, 5], [-1, 2], "reflect"), ([2, 5], [2, -3], "reflect"), ([1, 2, 5], [-5, 1], "reflect"),
        ([1, 2, 4, 5], [-1, 1, 2, -1], "reflect"), ([2, 3, 4, 5], [-1, 0, 1, -2, 0, -1], "reflect"),
        ([1, 2, 1, 3], [1, 0, 0, -1], "reflect"),  # H comes out empty: PyTorch needs only one padded dim >= 1
        ([1, 2, 5], [-2, -1], "replicate"), ([1, 2, 5], [-6, 2], "replicate"), ([2, 4, 5], [-1, 1, 2, -2], "replicate"),
        ([1, 2, 3, 4, 5], [-1, 0, 1, -2, 0, -1], "replicate"),
        ([1, 2, 5], [-1, 2], "circular"), ([1, 2, 5], [2, -3], "circular"), ([2, 5], [-4, 1], "circular"),
        ([1, 2, 5], [-5, 0], "circular"), ([1, 2, 4, 5], [-1, 1, 2, -1], "circular"),
        ([1, 2, 3, 4, 5], [-1, 0, 1, -2, 0, -1], "circular"),
    ]
    cases = []
    for shape, pads, mode in specs:
        x = torch.randn(shape, generator=g, dtype=torch.float64, requires_grad=True)
        xin = x if len(shape) > len(pads) // 2 + 1 or mode != "circular" else x.unsqueeze(0)  # (1.13: no unbatched circular)
        out = F.pad(xin, pads, mode)
        if xin is not x:
            out = out.squeeze(0)
        w = torch.randn(out.shape, generator=g, dtype=torch.float64)
        (out * w).sum().backward()
        cases.append({"x": t2j(x), "pads": pads, "mode": mode, "out": t2j(out), "w": t2j(w), "grad": t2j(x.grad)})
    return cases


def errors():
    x = torch.randn(1, 2, 5)
    return {
        "reflect_long_1d": err(lambda: F.pad(x.long(), [1, 1], "reflect")),
        "reflect_bool_2d": err(lambda: F.pad(torch.ones(2, 3, 3, dtype=torch.bool), [1, 1, 1, 1], "reflect")),
        "reflect_int_3d": err(lambda: F.pad(torch.ones(1, 2, 3, 3, 3, dtype=torch.int32), [1] * 6, "reflect")),
        "replicate_long_1d": err(lambda: F.pad(x.long(), [1, 1], "replicate")),
        "replicate_uint8_2d": err(lambda: F.pad(torch.ones(1, 2, 3, 3, dtype=torch.uint8), [1, 1, 1, 1], "replicate")),
        "layout_reflect": err(lambda: F.pad(torch.randn(2, 2, 2, 5), [1, 1], "reflect")),
        "layout_circular": err(lambda: F.pad(torch.randn(5), [1, 1], "circular")),
        "reflect_big": err(lambda: F.pad(x, [-1, 5], "reflect")),
        "reflect_small": err(lambda: F.pad(x, [-3, -2], "reflect")),
        "circular_wrap": err(lambda: F.pad(x, [6, -1], "circular")),
        "circular_negative": err(lambda: F.pad(x, [-3, -3], "circular")),
        "nearest_long": err(lambda: F.interpolate(x.long(), scale_factor=2.0, mode="nearest")),
        "nearest_bool": err(lambda: F.interpolate(x > 0, size=[7], mode="nearest-exact")),
        "kl_div_long": err(lambda: F.kl_div(x.long(), x, reduction="sum")),
        "kl_div_bool_target": err(lambda: F.kl_div(x, x > 0, reduction="sum")),
        "lrn_int_3d": err(lambda: F.local_response_norm(torch.ones(1, 3, 2, dtype=torch.int32), 2)),
        "lrn_int_4d": err(lambda: F.local_response_norm(torch.ones(1, 3, 2, 2, dtype=torch.int32), 2)),
    }


def main():
    x = torch.tensor([[[3, 1, 4, 1], [5, 9, 2, 6], [5, 3, 5, 8]]])
    lrn = {"x": t2j(x), "out": t2j(F.local_response_norm(x, 2, 0.5, 0.75, 1.0)),
           "x4": t2j(x.reshape(1, 3, 2, 2)), "out4": t2j(F.local_response_norm(x.reshape(1, 3, 2, 2), 3, 0.5, 0.75, 2.0))}
    write("pad_parity", [{"pad": pad_cases(), "errors": errors(), "lrn_long": lrn}])


if __name__ == "__main__":
    main()
