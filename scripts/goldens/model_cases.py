"""Model-golden helpers shared by vision_models2_goldens.py and the scripts after it: a seeded build's per-entry
checksums (build_case), an eval-mode output (eval_case) and a torch.save'd fixture with train-mode gradients
(fixture_case). ModelGoldens.java reads what they write. See vision_models2_goldens.py for what each case holds.
"""
import base64
import hashlib
import io

import torch

from common import t2j

REPR_LIMIT = 12000


def g(x, digits=12):
    """A float rounded for the JSON: sums to 12 significant digits; float32 values at 9 round-trip exactly."""
    return float(f"{x:.{digits}g}")


def out_json(t):
    j = t2j(t)
    j["data"] = [g(v, 9) for v in j["data"]]
    return j


def samples(n, few=False):
    return sorted({i for i in ((0, n - 1) if few else (0, 1, n // 3, n // 2, n - 1)) if 0 <= i < n})


def entries(model, few=False):
    out = []
    for k, v in model.state_dict().items():
        flat = v.reshape(-1).double()
        n = flat.numel()
        out.append([k, list(v.shape), g(float(flat.sum())), g(float((flat * flat).sum())),
                    [[i, g(float(flat[i]), 9)] for i in samples(n, few)]])
    return out


def build_case(model, few=False):
    """few: only the first and last element of each entry (smaller files for the big models)."""
    r = repr(model)
    case = {"entries": entries(model, few), "num_params": sum(p.numel() for p in model.parameters()),
            "repr_sha256": hashlib.sha256(r.encode()).hexdigest(), "repr_len": len(r)}
    if len(r) <= REPR_LIMIT:
        case["repr"] = r
    return case


def perturb_buffers(model):
    """Running statistics redrawn in state-dict order: var from U(0.5, 1.5), mean from U(-0.5, 0.5)."""
    with torch.no_grad():
        for k, v in model.state_dict().items():
            if k.endswith("running_var"):
                v.copy_(torch.rand(v.shape) + 0.5)
            elif k.endswith("running_mean"):
                v.copy_(torch.rand(v.shape) - 0.5)


def perturb_all(model):
    """Every floating entry moved off its initialisation (running variances kept positive)."""
    with torch.no_grad():
        for k, v in model.state_dict().items():
            if not v.is_floating_point():
                continue
            if k.endswith("running_var"):
                v.copy_(torch.rand(v.shape) + 0.5)
            else:
                v.add_(torch.randn(v.shape) * 0.2)


def eval_case(model, shape, buffers=False):
    if buffers:
        perturb_buffers(model)
    model.eval()
    x = torch.rand(*shape)
    with torch.no_grad():
        return {"input_sum": float(x.double().sum()), "out": out_json(model(x))}


def fixture_case(model, shape):
    perturb_all(model)
    buf = io.BytesIO()
    torch.save(model.state_dict(), buf)
    torch.manual_seed(1)
    x = torch.rand(*shape)
    model.eval()
    with torch.no_grad():
        out = model(x)
    model.train()
    x2 = torch.rand(*shape)
    train_out = model(x2)
    train_out.sum().backward()
    grads = grads_json(model)
    return {"pth_base64": base64.b64encode(buf.getvalue()).decode(), "input_sum": float(x.double().sum()),
            "out": out_json(out), "train_input_sum": float(x2.double().sum()), "train_out": out_json(train_out), "grads": grads,
            "repr": repr(model)}


def grads_json(model):
    return [[n, g(float(p.grad.double().sum())), g(float((p.grad.double() ** 2).sum()))] for n, p in model.named_parameters()]


def deterministic(key, v, i):
    """The i-th state-dict entry's deterministic value, which the test rebuilds: 0.1 * sin(arange(n) + i), running
    variances 1 + 0.5 * sin(arange(n) + i); integer entries kept."""
    if not v.is_floating_point():
        return v.clone()
    t = torch.sin(torch.arange(v.numel(), dtype=torch.float64) + i)
    t = 1 + 0.5 * t if key.endswith("running_var") else 0.1 * t
    return t.to(v.dtype).reshape(v.shape)


def deterministic_fill(model):
    """Every entry set to its deterministic value: float64 comparisons then see no last-bit differences of the draws
    (truncated normals may differ in the last bit), which deep train-mode batch norms would amplify."""
    with torch.no_grad():
        for i, (k, v) in enumerate(model.state_dict().items()):
            v.copy_(deterministic(k, v, i))
    return model


def train_case(model, shape):
    """A seeded model's train-mode output on torch.rand(shape) drawn next, with every gradient of out.sum(), in float64
    (model and input converted after the draws): train-mode batch norm makes a deep model's first gradients
    ill-conditioned (mnasnet0_5's first convolution's gradient sum moves by 3% between PyTorch's float32 and float64),
    and in float64 both sides agree far inside the test's tolerance."""
    x = torch.rand(*shape)
    model = model.double().train()
    out = model(x.double())
    out.sum().backward()
    return {"input_sum": float(x.double().sum()), "out": out_json(out), "grads": grads_json(model)}


def seeded(build):
    torch.manual_seed(0)
    return build()




def message(build):
    """[exception type, message] of what build() raises (ValueError or NotImplementedError): torchvision's refusals."""
    try:
        build()
    except (ValueError, NotImplementedError) as e:
        return [type(e).__name__, str(e)]
    raise AssertionError("built")
