"""Interop fixtures for dev.torch4j.io (issue 7): files written by real NumPy and PyTorch, and the check of files
written by torch4j. Run with Debian's /usr/bin/python3 (python3-torch, python3-numpy).

  /usr/bin/python3 scripts/goldens/interop_fixtures.py
      writes library/src/test/resources/interop/: .npy (every dtype, C/Fortran order, both byte orders, 0-d,
      empty, format versions 2.0 and 3.0, an object array), .npz (plain, compressed), .safetensors (written by the
      hand-written reference writer below: Debian has no python3-safetensors package), torch.save checkpoints
      (every dtype, shared storage and strided views, nested Python data, parameters, an optimizer and a model
      state dict, a big-endian archive, the legacy format, a TorchScript archive), plain pickles of NumPy arrays
      (io.Pickle: protocols 0-5, and Python 2 cPickle's protocols 1 and 2 as CIFAR's batches are written) and
      malicious pickles that run a command under an unrestricted unpickler; plus manifest.json describing what each
      file must load as.

  cd torch4j && mvn test -Dtest='FromTorch4jFilesTest#theCommitted*' \
      -Dt4j.interop.writeDir=src/test/resources/interop/from_torch4j
  /usr/bin/python3 scripts/goldens/interop_fixtures.py --verify
      the first command has torch4j write its files (and expected.json, what they must hold) into
      interop/from_torch4j/; the second reads each with NumPy / torch.load and records the outcome, with each
      file's SHA-256, in from_torch4j/verified.json. FromTorch4jFilesTest checks in CI, without Python, that the
      current code writes exactly the committed files and that verified.json vouches for them. (torch4j's
      ckpt_model_state.pt holds the weights of this script's ckpt_model_state.pt: after regenerating the fixtures
      with other weights, rerun both commands.)

Values are described as JSON (see describe()): {"type": "tensor", "dtype", "shape", "data" (row-major), and for
checkpoints "stride", "offset", "storage" (ids in order of first appearance: equal ids = one shared storage),
"requires_grad"}, {"type": "dict"|"list"|"tuple", "items"}, {"type": "int"|"float"|"str"|"bool", "value"},
{"type": "none"}, {"type": "dtype"|"device"|"size"|"bytes", "value"}.
"""
import collections
import hashlib
import io
import json
import math
import os
import pickle
import pickletools
import struct
import sys
import zipfile

import numpy as np
import torch
import torchvision

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import py2pickle  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..", "library", "src", "test", "resources", "interop")
FROM_T4J = os.path.join(ROOT, "from_torch4j")

# ---------------------------------------------------------------- values

FLOAT_VALUES = {
    "float16": [-65504.0, -1.5, -0.0, 2.0 ** -24, math.inf, math.nan],
    "bfloat16": [-3.3895313892515355e38, -1.5, 0.0078125, 2.0 ** -133, math.inf, math.nan],
    "float32": [-3.4028234663852886e38, -1.5, -0.0, 2.0 ** -149, math.inf, math.nan],
    "float64": [-1.7976931348623157e308, -1.5, 0.1, 5e-324, -math.inf, math.nan],
}
INT_VALUES = {
    "uint8": [0, 1, 127, 128, 254, 255],
    "int8": [-128, -1, 0, 1, 100, 127],
    "int16": [-32768, -1, 0, 1, 1000, 32767],
    "int32": [-2 ** 31, -1, 0, 1, 123456, 2 ** 31 - 1],
    "int64": [-2 ** 63, -1, 0, 1, 2 ** 53 + 1, 2 ** 63 - 1],
}
BOOL_VALUES = [True, False, True, False, False, True]
NUMPY_DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"]
TORCH_DTYPES = NUMPY_DTYPES + ["bfloat16"]


def values(name):
    if name == "bool":
        return BOOL_VALUES
    return FLOAT_VALUES.get(name) or INT_VALUES[name]


def np_array(name):
    return np.array(values(name), dtype=name).reshape(2, 3)


def torch_tensor(name):
    return torch.tensor(values(name), dtype=getattr(torch, name)).reshape(2, 3)


# ---------------------------------------------------------------- descriptions

def dtype_name(dt):
    return str(dt).replace("torch.", "")


def flat_values(flat, floating, is_bool):
    if floating:
        return [float(v) for v in flat]
    if is_bool:
        return [bool(v) for v in flat]
    return [int(v) for v in flat]


def describe_array(a):
    """A NumPy array: strides in elements, no storage."""
    flat = a.reshape(-1, order="C").tolist()
    return {"type": "tensor", "dtype": a.dtype.name, "shape": list(a.shape),
            **({"stride": [s // a.itemsize for s in a.strides]} if a.size else {}),
            "data": flat_values(flat, a.dtype.kind == "f", a.dtype.kind == "b")}


class Describer:
    def __init__(self):
        self.storages = {}

    def storage_id(self, t):
        ptr = t.storage().data_ptr()
        if ptr == 0:  # empty storages have no address: never shared
            key = ("empty", len(self.storages))
        else:
            key = ptr
        if key not in self.storages:
            self.storages[key] = "s%d" % len(self.storages)
        return self.storages[key]

    def __call__(self, v):
        if isinstance(v, torch.Tensor):
            t = v.detach()
            flat = t.reshape(-1)
            if t.dtype.is_floating_point:
                flat = flat.double()
            return {"type": "tensor", "dtype": dtype_name(t.dtype), "shape": list(t.shape), "stride": list(t.stride()),
                    "offset": t.storage_offset(), "storage": self.storage_id(t), "requires_grad": v.requires_grad,
                    "data": flat_values(flat.tolist(), t.dtype.is_floating_point, t.dtype == torch.bool)}
        if isinstance(v, np.ndarray):
            return describe_array(v)
        if isinstance(v, np.generic):  # a NumPy scalar: io.Pickle gives the Python value
            return self(v.item())
        if isinstance(v, dict):
            return {"type": "dict", "items": [[self(k), self(x)] for k, x in v.items()]}
        if isinstance(v, torch.Size):
            return {"type": "size", "value": list(v)}
        if isinstance(v, tuple):
            return {"type": "tuple", "items": [self(x) for x in v]}
        if isinstance(v, list):
            return {"type": "list", "items": [self(x) for x in v]}
        if isinstance(v, bool):
            return {"type": "bool", "value": v}
        if isinstance(v, int):
            return {"type": "int", "value": v}
        if isinstance(v, float):
            return {"type": "float", "value": v}
        if isinstance(v, str):
            return {"type": "str", "value": v}
        if isinstance(v, bytes):
            return {"type": "bytes", "value": v.hex()}
        if v is None:
            return {"type": "none"}
        if isinstance(v, torch.dtype):
            return {"type": "dtype", "value": dtype_name(v)}
        if isinstance(v, torch.device):
            return {"type": "device", "value": str(v)}
        raise TypeError("cannot describe %r" % (v,))


def describe(v):
    return Describer()(v)


def same(expected, actual, path="$"):
    """Every key of expected matches in actual; floats compare exactly (NaN equals NaN, -0.0 differs from 0.0)."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return "%s: expected an object, got %r" % (path, actual)
        for k, v in expected.items():
            if k not in actual:
                return "%s: missing key %s" % (path, k)
            err = same(v, actual[k], path + "." + k)
            if err:
                return err
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return "%s: expected %d items, got %r" % (path, len(expected), actual)
        for i, (e, a) in enumerate(zip(expected, actual)):
            err = same(e, a, "%s[%d]" % (path, i))
            if err:
                return err
        return None
    if isinstance(expected, float) or isinstance(actual, float):
        e, a = float(expected), float(actual)
        if math.isnan(e) and math.isnan(a):
            return None
        if e == a and math.copysign(1, e) == math.copysign(1, a) and type(expected) is type(actual):
            return None
        return "%s: expected %r, got %r" % (path, expected, actual)
    if expected != actual or type(expected) is not type(actual):
        return "%s: expected %r, got %r" % (path, expected, actual)
    return None


# ---------------------------------------------------------------- safetensors (reference writer and reader)

ST_ORDER = ["BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64"]
ST_OF = {"bool": "BOOL", "uint8": "U8", "int8": "I8", "int16": "I16", "float16": "F16", "bfloat16": "BF16",
         "int32": "I32", "float32": "F32", "float64": "F64", "int64": "I64"}
ST_SIZE = {"BOOL": 1, "U8": 1, "I8": 1, "I16": 2, "F16": 2, "BF16": 2, "I32": 4, "F32": 4, "F64": 8, "I64": 8}


def tensor_bytes(t):
    t = t.detach().contiguous()
    if t.dtype == torch.bfloat16:
        t = t.view(torch.int16)
    a = t.numpy()
    if a.dtype.itemsize > 1:
        a = a.astype(a.dtype.newbyteorder("<"))
    return a.tobytes()


def st_serialize(tensors, metadata=None):
    """safetensors' Rust prepare(): sort by descending dtype alignment then name; compact JSON, space-padded to 8."""
    items = sorted(tensors.items(), key=lambda kv: (-ST_ORDER.index(ST_OF[dtype_name(kv[1].dtype)]), kv[0].encode()))
    header = {}
    if metadata is not None:
        header["__metadata__"] = dict(sorted(metadata.items(), key=lambda kv: kv[0].encode()))
    offset, blobs = 0, []
    for name, t in items:
        data = tensor_bytes(t)
        header[name] = {"dtype": ST_OF[dtype_name(t.dtype)], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    js = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode()
    js += b" " * ((8 - len(js) % 8) % 8)
    return struct.pack("<Q", len(js)) + js + b"".join(blobs)


def st_load(data):
    """A spec-following reader (validation as the reference's read_metadata); returns (tensors, metadata)."""
    n = struct.unpack("<Q", data[:8])[0]
    assert n <= 100_000_000 and 8 + n <= len(data), "bad header length"
    text = data[8:8 + n].decode("utf-8")
    assert text.startswith("{")
    header = json.loads(text)
    metadata = header.pop("__metadata__", None)
    entries = sorted(header.items(), key=lambda kv: tuple(kv[1]["data_offsets"]))
    at, out = 0, {}
    for name, info in entries:
        s, e = info["data_offsets"]
        assert s == at and e >= s, "non-contiguous offsets for " + name
        numel = math.prod(info["shape"])
        assert e - s == numel * ST_SIZE[info["dtype"]], "bad size for " + name
        at = e
        raw = bytearray(data[8 + n + s:8 + n + e])
        torch_dtype = getattr(torch, [k for k, v in ST_OF.items() if v == info["dtype"]][0])
        if numel == 0:
            t = torch.zeros(info["shape"], dtype=torch_dtype)
        else:
            t = torch.frombuffer(raw, dtype=torch_dtype).reshape(info["shape"]).clone()
        out[name] = t
    assert at == len(data) - 8 - n, "data does not end at the end of the file"
    return out, metadata


# ---------------------------------------------------------------- torch 2.x's weights-only rules

# torch._weights_only_unpickler in 2.x (torch 1.13's lacks BINFLOAT, LONG4-free ints above, torch.device, ...)
ALLOWED_OPS = {"PROTO", "STOP", "MARK", "EMPTY_DICT", "EMPTY_LIST", "EMPTY_TUPLE", "EMPTY_SET", "TUPLE", "TUPLE1",
               "TUPLE2", "TUPLE3", "NONE", "NEWTRUE", "NEWFALSE", "BININT", "BININT1", "BININT2", "LONG1", "BINFLOAT",
               "BINUNICODE", "SHORT_BINSTRING", "BINGET", "LONG_BINGET", "BINPUT", "LONG_BINPUT", "APPEND", "APPENDS",
               "SETITEM", "SETITEMS", "GLOBAL", "REDUCE", "BUILD", "NEWOBJ", "BINPERSID"}
ALLOWED_GLOBALS = {"collections.OrderedDict", "collections.Counter", "torch.nn.parameter.Parameter", "torch.Size",
                   "torch.Tensor", "torch.device", "_codecs.encode", "torch._utils._rebuild_tensor_v2",
                   "torch._utils._rebuild_tensor", "torch._utils._rebuild_parameter",
                   "torch._utils._rebuild_parameter_with_state", "torch._tensor._rebuild_from_type_v2"}
ALLOWED_GLOBALS |= {"torch.%sStorage" % p for p in
                    ["Float", "Double", "Half", "BFloat16", "Long", "Int", "Short", "Char", "Byte", "Bool"]}
ALLOWED_GLOBALS |= {"torch." + d for d in TORCH_DTYPES}


def weights_only_2x_violations(pkl):
    bad = []
    for op, arg, _ in pickletools.genops(pkl):
        if op.name not in ALLOWED_OPS:
            bad.append("opcode " + op.name)
        if op.name == "GLOBAL":
            name = arg.replace(" ", ".")
            if name not in ALLOWED_GLOBALS:
                bad.append("global " + name)
    return bad


def torch_load_checked(path):
    """torch.load(weights_only=True); where torch 1.13's unpickler lacks what 2.x allows (floats, torch.device),
    check the pickle against 2.x's weights-only rules first and then load it unrestricted."""
    try:
        return torch.load(path, weights_only=True), "torch.load(weights_only=True)"
    except Exception as e:  # torch 1.13 raises RuntimeError / UnpicklingError
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
    with zipfile.ZipFile(path) as z:
        pkl = z.read([n for n in z.namelist() if n.endswith("/data.pkl")][0])
    bad = weights_only_2x_violations(pkl)
    if bad:
        raise AssertionError("not loadable with torch 2.x weights_only=True: " + ", ".join(sorted(set(bad))))
    return torch.load(path, weights_only=False), (
        "torch 1.13 weights_only=True refused (%s); opcodes and globals checked against torch 2.x's weights_only "
        "allow-list, then torch.load(weights_only=False)" % first)


# ---------------------------------------------------------------- writing fixtures

MLP_INPUT = torch.linspace(-2, 2, 15).reshape(5, 3)


def mlp_bn():
    """The model whose state dicts cross over: Linear(3, 4), BatchNorm1d(4), ReLU, Linear(4, 2)."""
    return torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.ReLU(), torch.nn.Linear(4, 2))


class Evil:
    """Pickles as a call of os.system: an unrestricted unpickler would run the command."""

    def __reduce__(self):
        return os.system, ("echo torch4j-was-pwned",)


class EvalEvil:
    def __reduce__(self):
        return eval, ("__import__('os').system('echo torch4j-was-pwned')",)


def write_bytes(rel, data):
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    return rel


def npy_bytes(a, version=None):
    buf = io.BytesIO()
    if version is None:
        np.save(buf, a)
    else:
        np.lib.format.write_array(buf, a, version=version)
    return buf.getvalue()


def torch_bytes(obj, **kw):
    buf = io.BytesIO()
    torch.save(obj, buf, **kw)
    return buf.getvalue()


def big_endian_checkpoint(tensors):
    """torch.save's archive with every storage byte-swapped and a byteorder record saying 'big' (each tensor owns
    its storage, so storage key i belongs to the i-th tensor)."""
    src = zipfile.ZipFile(io.BytesIO(torch_bytes(tensors)))
    dtypes = [t.dtype for t in tensors.values()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if "/data/" in info.filename:
                t = list(tensors.values())[int(info.filename.rsplit("/", 1)[1])]
                raw = t.contiguous().view(torch.int16) if t.dtype == torch.bfloat16 else t.contiguous()
                a = raw.numpy()
                data = a.astype(a.dtype.newbyteorder(">")).tobytes() if a.dtype.itemsize > 1 else a.tobytes()
            z.writestr(zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0)), data)
            if info.filename.endswith("data.pkl"):
                z.writestr(zipfile.ZipInfo(info.filename.replace("data.pkl", "byteorder"), (1980, 1, 1, 0, 0, 0)), "big")
    assert len(dtypes) == len(src.namelist()) - 2
    return out.getvalue()


def generate():
    torch.manual_seed(0)
    files = {}

    def add(rel, data, loader, value=None, **extra):
        write_bytes(rel, data)
        entry = {"loader": loader}
        if value is not None:
            entry["value"] = value
        entry.update(extra)
        files[rel] = entry

    # .npy: every dtype, C and Fortran order, little- and big-endian (one-byte dtypes have no byte order)
    for name in NUMPY_DTYPES:
        a = np_array(name)
        for order in ["c", "f"]:
            arr = a if order == "c" else np.asfortranarray(a)
            add("npy/%s_%s_le.npy" % (name, order), npy_bytes(arr), "npy", describe_array(arr))
            if arr.dtype.itemsize > 1:
                be = arr.astype(arr.dtype.newbyteorder(">"), order="K")
                add("npy/%s_%s_be.npy" % (name, order), npy_bytes(be), "npy", describe_array(be))
    a3 = np.asfortranarray(np.arange(24, dtype=np.int16).reshape(2, 3, 4))
    add("npy/int16_3d_f_le.npy", npy_bytes(a3), "npy", describe_array(a3))
    add("npy/float64_0d.npy", npy_bytes(np.array(2.5)), "npy", describe_array(np.array(2.5)))
    add("npy/int32_empty.npy", npy_bytes(np.zeros((0, 3), dtype=np.int32)), "npy", describe_array(np.zeros((0, 3), dtype=np.int32)))
    add("npy/bool_empty_1d.npy", npy_bytes(np.zeros(0, dtype=bool)), "npy", describe_array(np.zeros(0, dtype=bool)))
    f32 = np_array("float32")
    add("npy/float32_v2.npy", npy_bytes(f32, (2, 0)), "npy", describe_array(f32))
    add("npy/float32_v3.npy", npy_bytes(f32, (3, 0)), "npy", describe_array(f32))
    obj = np.empty(1, dtype=object)
    obj[0] = Evil()
    add("npy/object_malicious.npy", npy_bytes(obj), "npy", error="never unpickles")
    add("npy/uint32_unsupported.npy", npy_bytes(np.arange(3, dtype=np.uint32)), "npy", error="'<u4'")

    # .npz
    arrays = collections.OrderedDict(a=np_array("float32"), b=np.arange(4, dtype=np.int64), c=np.array(True),
                                     d=np.asfortranarray(np_array("float16")))
    for rel, fn in [("arrays.npz", np.savez), ("arrays_compressed.npz", np.savez_compressed)]:
        buf = io.BytesIO()
        fn(buf, **arrays)
        add(rel, buf.getvalue(), "npz", describe(dict(arrays)))

    # safetensors
    st = collections.OrderedDict((name, torch_tensor(name)) for name in TORCH_DTYPES)
    st["scalar"] = torch.tensor(1.25, dtype=torch.float64)
    st["empty"] = torch.zeros(0, 2, dtype=torch.int32)
    st["zz.last"] = torch.arange(5, dtype=torch.int64)
    meta = {"format": "pt", "note": "written by interop_fixtures.py"}
    add("all_dtypes.safetensors", st_serialize(st, meta), "safetensors",
        describe(dict(st_load(st_serialize(st, meta))[0])), metadata=meta)
    add("no_metadata.safetensors", st_serialize({"w": torch_tensor("float32")}), "safetensors",
        describe({"w": torch_tensor("float32")}), metadata={})

    # checkpoints
    ckpt = collections.OrderedDict((name, torch_tensor(name)) for name in TORCH_DTYPES)
    ckpt["scalar"] = torch.tensor(3.5, dtype=torch.float64)
    ckpt["empty"] = torch.zeros(0, 3, dtype=torch.int32)
    ckpt["noncontig"] = torch.arange(6).reshape(2, 3).t()
    add("ckpt_all_dtypes.pt", torch_bytes(ckpt), "torch", describe(ckpt))

    base = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    shared = collections.OrderedDict(weight=base, weight_t=base.t(), row=base[1], narrow=base[:, 1:3],
                                     flat_tail=base.view(-1)[5:], other=torch.ones(2, dtype=torch.float64))
    add("ckpt_shared_views.pt", torch_bytes(shared), "torch", describe(shared))

    nested = {"int": 1, "big": 2 ** 40, "neg": -5, "huge": 2 ** 70, "float": 1.5, "nan": math.nan, "str": "h\u00e9llo \u2713",
              "bool": True, "none": None, "list": [1, 2.0, "x", [3]], "tuple": (1, (2, 3)), "tuple4": (1, 2, 3, 4),
              "dict": {1: "a", "k": {"z": None}}, "tensor": torch.tensor([1, 2]), "dtype": torch.float16,
              "size": torch.Size([2, 3]), "device": torch.device("cpu"), "bytes": b"\x00\xffab", "empty_list": [],
              "empty_dict": {}, "empty_tuple": (), "long_list": list(range(1001))}
    add("ckpt_nested.pt", torch_bytes(nested), "torch", describe(nested))

    # plain dict: torch4j re-pickling it must give these data.pkl bytes exactly
    t = torch.arange(6, dtype=torch.float32)
    plain = {"a": t, "b": t[2:].view(2, 2), "n": [1, 300, 70000, -1, 2 ** 40, -2 ** 63, 1.5, True, None, "a"], "t": (1, 2, 3, 4)}
    add("ckpt_plain_dict.pt", torch_bytes(plain), "torch", describe(plain))

    params = {"p": torch.nn.Parameter(torch.randn(2, 2)), "frozen": torch.nn.Parameter(torch.ones(2), requires_grad=False)}
    add("ckpt_parameters.pt", torch_bytes(params), "torch", describe(params))

    model = mlp_bn()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _ in range(2):
        loss = model(torch.randn(5, 3)).pow(2).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
    state = model.state_dict()
    data = torch_bytes(state)
    model.eval()
    with torch.no_grad():
        out = model(MLP_INPUT)
    add("ckpt_model_state.pt", data, "torch", describe(state), model="mlp_bn", input=describe(MLP_INPUT), output=describe(out))
    add("ckpt_optimizer.pt", torch_bytes(opt.state_dict()), "torch", describe(opt.state_dict()))

    be = collections.OrderedDict((name, torch_tensor(name)) for name in ["int16", "int32", "int64", "float16", "bfloat16", "float32", "float64", "bool"])
    add("ckpt_big_endian.pt", big_endian_checkpoint(be), "torch", describe(be))

    legacy = collections.OrderedDict(w=torch.arange(6, dtype=torch.float32).reshape(2, 3), row=None, ids=torch.tensor([3, -1]),
                                     nested=[torch.ones(2, dtype=torch.float64), {"half": torch.tensor([1.5, -2.0], dtype=torch.float16)}])
    legacy["row"] = legacy["w"][1]  # a view: shares w's storage in the file and after loading
    add("legacy_format.pt", torch_bytes(legacy, _use_new_zipfile_serialization=False), "torch", describe(legacy))
    script = torch.jit.script(torch.nn.Linear(2, 2))
    buf = io.BytesIO()
    torch.jit.save(script, buf)
    add("torchscript_module.pt", buf.getvalue(), "torch", error="TorchScript")
    add("malicious_os_system.pt", torch_bytes({"weight": torch.zeros(2), "payload": Evil()}), "torch", error="posix.system")
    add("malicious_eval.pt", torch_bytes({"weight": torch.zeros(2), "payload": EvalEvil()}), "torch", error="builtins.eval")

    # plain pickles (io.Pickle.load): NumPy arrays under every protocol; Python 2 pickles as CIFAR's batches are
    arrays = collections.OrderedDict(
        f32=np_array("float32"), f64_fortran=np.asfortranarray(np.arange(12, dtype=np.float64).reshape(3, 4) / 8),
        i64=np.array(INT_VALUES["int64"]), u8=np_array("uint8"), i8=np_array("int8"), i16=np_array("int16"),
        i32_be=np.array(INT_VALUES["int32"], dtype=">i4"), f16=np_array("float16"), b=np_array("bool"),
        zero_d=np.array(2.5), empty=np.zeros((0, 3), dtype=np.float32),
        scalars=[np.float64(1.5), np.int64(-3), np.bool_(True), np.float32(0.25), np.uint8(200)],
        text="h\u00e9llo \u2713", nested=[1, 2.5, None, True, (1, 2), {"k": b"\x00\xff"}])
    arrays["again"] = arrays["f32"]  # the same array twice: the second is a memo reference
    for proto in range(6):
        data = pickle.dumps(arrays, protocol=proto)
        add("pickle/arrays_p%d.pkl" % proto, data, "pickle", describe(pickle.loads(data)), encoding="ASCII")
    rng = np.random.RandomState(0)
    batch = {b"batch_label": b"training batch 1 of 5", b"labels": [6, 9, 9, 4],
             b"data": rng.randint(0, 256, size=(4, 12)).astype(np.uint8),
             b"filenames": [b"caf\xe9_000001.png", b"b.png", b"c.png", b"d.png"],
             b"big_endian": np.array([1.5, -2.0, 1e30], dtype=">f8"), b"flags": (True, False), b"count": 70000}
    for proto in (1, 2):
        data = py2pickle.dumps(batch, proto)
        add("pickle/py2_batch_p%d.pkl" % proto, data, "pickle", describe(pickle.loads(data, encoding="latin1")),
            encoding="latin1")
    add("pickle/object_array.pkl", pickle.dumps(np.array([1, "a"], dtype=object), protocol=2), "pickle",
        encoding="ASCII", error="object arrays")
    add("pickle/structured.pkl", pickle.dumps(np.zeros(2, dtype=[("a", "<i4"), ("b", "<f8")]), protocol=4), "pickle",
        encoding="ASCII", error="structured")
    add("pickle/uint32.pkl", pickle.dumps(np.arange(3, dtype=np.uint32), protocol=4), "pickle", encoding="ASCII",
        error="unsupported NumPy dtype '<u4'")
    add("pickle/torch_tensor.pkl", pickle.dumps(torch.ones(2), protocol=2), "pickle", encoding="ASCII",
        error="unsupported global 'torch.")
    add("pickle/malicious_os_system.pkl", pickle.dumps({"payload": Evil()}, protocol=4), "pickle", encoding="ASCII",
        error="posix.system")

    total = sum(os.path.getsize(os.path.join(ROOT, rel)) for rel in files)
    assert total < 500_000, "fixtures total %d bytes" % total
    manifest = {"generator": "scripts/goldens/interop_fixtures.py", "torch": torch.__version__, "numpy": np.__version__,
                "files": files}
    with open(os.path.join(ROOT, "manifest.json"), "w") as f:
        json.dump(manifest, f, separators=(",", ":"), allow_nan=True)
        f.write("\n")
    print("wrote %d fixtures (%d bytes) and manifest.json under %s" % (len(files), total, os.path.normpath(ROOT)))


# ---------------------------------------------------------------- verifying torch4j's files

def aligned_records(path):
    """torch.save's records start on 64-byte boundaries (so storages can be memory-mapped)."""
    with open(path, "rb") as f:
        raw = f.read()
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            name_len, extra_len = struct.unpack("<HH", raw[info.header_offset + 26:info.header_offset + 30])
            start = info.header_offset + 30 + name_len + extra_len
            if start % 64:
                return "record %s starts at %d, not 64-byte aligned" % (info.filename, start)
    return None


def verify():
    with open(os.path.join(FROM_T4J, "expected.json")) as f:
        expected = json.load(f)
    results = {}
    failures = 0
    for rel, entry in sorted(expected["files"].items()):
        path = os.path.join(FROM_T4J, rel)
        with open(path, "rb") as f:
            data = f.read()
        checks = []
        try:
            loader = entry["loader"]
            if loader == "npy":
                a = np.load(path, allow_pickle=False)
                actual = describe_array(a)
                checks.append("numpy.load(allow_pickle=False)")
                if data == npy_bytes(a):
                    checks.append("bytes identical to numpy.save of the loaded array")
                else:
                    raise AssertionError("numpy.save writes different bytes for the same array")
            elif loader == "npz":
                with np.load(path, allow_pickle=False) as z:
                    actual = describe({k: z[k] for k in z.files})
                checks.append("numpy.load(allow_pickle=False)")
            elif loader == "safetensors":
                tensors, metadata = st_load(data)
                actual = describe(tensors)
                if (metadata or {}) != entry.get("metadata", {}):
                    raise AssertionError("metadata %r != %r" % (metadata, entry.get("metadata")))
                checks.append("spec reader (header validation as safetensors' read_metadata)")
                if st_serialize(tensors, metadata) == data:
                    checks.append("bytes identical to the reference writer's")
                else:
                    raise AssertionError("the reference writer writes different bytes")
            elif loader == "torch":
                obj, how = torch_load_checked(path)
                actual = describe(obj)
                checks.append(how)
                misaligned = aligned_records(path)
                if misaligned:
                    raise AssertionError(misaligned)
                checks.append("every record 64-byte aligned")
            else:
                raise AssertionError("unknown loader " + loader)
            err = same(entry["value"], actual)
            if err:
                raise AssertionError(err)
            if "module_versions" in entry:
                got = {k: v["version"] for k, v in getattr(obj, "_metadata", {}).items()}
                if got != entry["module_versions"]:
                    raise AssertionError("_metadata %r != %r" % (got, entry["module_versions"]))
                checks.append("an OrderedDict whose _metadata holds each module's version")
            if entry.get("model") in ("mlp_bn", "mnasnet_0.1_10"):
                # a PyTorch model loads the state dict and computes what torch4j computed with it
                if entry["model"] == "mlp_bn":
                    model, what = mlp_bn(), "nn.Sequential"
                else:  # MNASNet refuses a state dict without its version in the metadata
                    model, what = torchvision.models.MNASNet(0.1, num_classes=10), "torchvision MNASNet"
                model.load_state_dict(obj, strict=True)
                model.eval()
                x = torch.tensor(entry["input"]["data"], dtype=torch.float32).reshape(entry["input"]["shape"])
                with torch.no_grad():
                    y = model(x)
                want = torch.tensor(entry["output"]["data"], dtype=torch.float32).reshape(entry["output"]["shape"])
                torch.testing.assert_close(y, want)
                checks.append(what + ".load_state_dict(strict=True) accepts it and gives torch4j's outputs")
            checks.append("values, dtypes, shapes%s as expected" % (", strides, offsets and storage sharing" if loader == "torch" else ""))
            results[rel] = {"sha256": hashlib.sha256(data).hexdigest(), "ok": True, "checks": checks}
        except Exception as e:
            failures += 1
            results[rel] = {"sha256": hashlib.sha256(data).hexdigest(), "ok": False, "error": "%s: %s" % (type(e).__name__, e)}
            print("FAIL", rel, e)
    out = {"generator": "scripts/goldens/interop_fixtures.py --verify", "torch": torch.__version__, "numpy": np.__version__,
           "expected_sha256": hashlib.sha256(open(os.path.join(FROM_T4J, "expected.json"), "rb").read()).hexdigest(),
           "files": results}
    with open(os.path.join(FROM_T4J, "verified.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("verified %d files written by torch4j: %d failed" % (len(results), failures))
    return failures


if __name__ == "__main__":
    if sys.argv[1:] == ["--verify"]:
        sys.exit(1 if verify() else 0)
    elif not sys.argv[1:]:
        generate()
    else:
        sys.exit(__doc__)
