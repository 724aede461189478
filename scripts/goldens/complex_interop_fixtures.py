"""Complex-tensor interop fixtures for dev.torch4j.io (ComplexInteropTest): files written by real NumPy and PyTorch,
and the check of files written by torch4j. Run with Debian's /usr/bin/python3 (python3-torch, python3-numpy).

  /usr/bin/python3 scripts/goldens/complex_interop_fixtures.py
      writes library/src/test/resources/interop/complex/: .npy (<c8, <c16, big-endian >c8/>c16, Fortran order, 0-d,
      empty), .npz (plain, compressed), torch.save checkpoints (ComplexFloatStorage / ComplexDoubleStorage, shared
      storage and strided views, a complex Parameter, a big-endian archive), a C64 .safetensors file (hand-written
      reference writer: Debian has no python3-safetensors; safetensors defines C64 = complex64 and no complex128),
      plus manifest.json describing what each file must load as.

  cd torch4j && mvn test -Dtest='ComplexInteropTest#theCommitted*' \
      -Dt4j.complexInterop.writeDir=src/test/resources/interop/complex/from_torch4j
  /usr/bin/python3 scripts/goldens/complex_interop_fixtures.py --verify
      torch4j writes its files (and expected.json) into interop/complex/from_torch4j/; the second command loads each
      with numpy.load / torch.load(weights_only=True) / the spec reader and records the outcome and each file's
      SHA-256 in verified.json. ComplexInteropTest checks in CI (no Python) that the current code writes exactly the
      committed files and that verified.json vouches for every one.

A tensor is described as {"dtype", "shape", "data"} with, for checkpoints, "stride", "offset", "storage" (ids in order
of first appearance) and "requires_grad"; "data" lists every real scalar row-major as float.hex() ("nan", "inf",
"-inf"), a complex element as its real then its imaginary part. PyTorch 1.13 and 2.x write complex storages the same
way (zip records of interleaved little-endian parts, persistent ids naming torch.ComplexFloatStorage /
torch.ComplexDoubleStorage with the element count).
"""
import hashlib
import io
import json
import math
import os
import struct
import sys
import zipfile

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..", "library", "src", "test", "resources", "interop", "complex")
FROM_T4J = os.path.join(ROOT, "from_torch4j")

NAN, INF = math.nan, math.inf
C64_RE = [-3.4028234663852886e38, -1.5, -0.0, 2.0 ** -149, INF, NAN]
C64_IM = [1.0, -0.0, 2.5, NAN, -INF, 0.1]
C128_RE = [-1.7976931348623157e308, -1.5, 0.1, 5e-324, -INF, NAN]
C128_IM = [2.0, -0.0, NAN, INF, 1e300, -5e-324]


def hexf(v):
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v.hex()


def sample(dtype):
    """The (2, 3) sample that ComplexInteropTest.sample builds too (parts rounded to the part type)."""
    re, im = (C64_RE, C64_IM) if dtype == torch.complex64 else (C128_RE, C128_IM)
    part = torch.float32 if dtype == torch.complex64 else torch.float64
    return torch.complex(torch.tensor(re, dtype=torch.float64).to(part), torch.tensor(im, dtype=torch.float64).to(part)).reshape(2, 3)


def np_sample(name):
    return sample(getattr(torch, name)).numpy()


def scalars(flat_complex_or_real):
    out = []
    for v in flat_complex_or_real:
        if isinstance(v, complex):
            out += [hexf(v.real), hexf(v.imag)]
        else:
            out.append(hexf(v))
    return out


def describe_array(a):
    return {"dtype": a.dtype.name, "shape": list(a.shape),
            "stride": [s // a.itemsize for s in a.strides] if a.size else None,
            "data": scalars(a.reshape(-1, order="C").tolist())}


class Describer:
    def __init__(self):
        self.ids = {}

    def __call__(self, t):
        d = t.detach()
        key = d.untyped_storage().data_ptr() if hasattr(d, "untyped_storage") else d.storage().data_ptr()
        if key == 0:
            key = ("empty", len(self.ids))
        sid = self.ids.setdefault(key, "s%d" % len(self.ids))
        return {"dtype": str(d.dtype).replace("torch.", ""), "shape": list(d.shape), "stride": list(d.stride()),
                "offset": d.storage_offset(), "storage": sid, "requires_grad": t.requires_grad,
                "data": scalars(d.reshape(-1).tolist())}


def describe_dict(tensors):
    dsc = Describer()
    return {k: dsc(v) for k, v in tensors.items()}


# ---------------------------------------------------------------- safetensors (C64 only: the format has no complex128)

ST_ORDER = ["BOOL", "F4", "F6_E2M3", "F6_E3M2", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0", "I16", "U16", "F16", "BF16",
            "I32", "U32", "F32", "C64", "F64", "I64", "U64"]
ST_OF = {"float32": "F32", "float64": "F64", "int64": "I64", "complex64": "C64"}
ST_TORCH = {v: getattr(torch, k) for k, v in ST_OF.items()}
ST_SIZE = {"F32": 4, "F64": 8, "I64": 8, "C64": 8}


def st_serialize(tensors, metadata=None):
    """safetensors' Rust prepare(): sort by descending dtype (enum order, C64 between F32 and F64) then name."""
    items = sorted(tensors.items(), key=lambda kv: (-ST_ORDER.index(ST_OF[str(kv[1].dtype)[6:]]), kv[0].encode()))
    header = {}
    if metadata is not None:
        header["__metadata__"] = dict(sorted(metadata.items(), key=lambda kv: kv[0].encode()))
    offset, blobs = 0, []
    for name, t in items:
        a = t.detach().contiguous().numpy()
        data = a.astype(a.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": ST_OF[str(t.dtype)[6:]], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    js = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode()
    js += b" " * ((8 - len(js) % 8) % 8)
    return struct.pack("<Q", len(js)) + js + b"".join(blobs)


def st_load(data):
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", None)
    at, out = 0, {}
    for name, info in sorted(header.items(), key=lambda kv: tuple(kv[1]["data_offsets"])):
        s, e = info["data_offsets"]
        numel = math.prod(info["shape"])
        assert s == at and e - s == numel * ST_SIZE[info["dtype"]], "bad offsets for " + name
        at = e
        dt = ST_TORCH[info["dtype"]]
        raw = bytearray(data[8 + n + s:8 + n + e])
        out[name] = torch.zeros(info["shape"], dtype=dt) if numel == 0 else torch.frombuffer(raw, dtype=dt).reshape(info["shape"]).clone()
    assert at == len(data) - 8 - n, "data does not end at the end of the file"
    return out, metadata


# ---------------------------------------------------------------- writing fixtures

def npy_bytes(a):
    buf = io.BytesIO()
    np.save(buf, a)
    return buf.getvalue()


def torch_bytes(obj):
    buf = io.BytesIO()
    torch.save(obj, buf)
    return buf.getvalue()


def big_endian_checkpoint(tensors):
    """torch.save's archive with each storage's parts byte-swapped and a byteorder record saying 'big' (each tensor
    owns its storage, so storage key i belongs to the i-th tensor)."""
    src = zipfile.ZipFile(io.BytesIO(torch_bytes(tensors)))
    values = list(tensors.values())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if "/data/" in info.filename:
                a = values[int(info.filename.rsplit("/", 1)[1])].contiguous().numpy()
                data = a.astype(a.dtype.newbyteorder(">")).tobytes()
            z.writestr(zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0)), data)
            if info.filename.endswith("data.pkl"):
                z.writestr(zipfile.ZipInfo(info.filename.replace("data.pkl", "byteorder"), (1980, 1, 1, 0, 0, 0)), "big")
    return out.getvalue()


def generate():
    files = {}

    def add(rel, data, loader, value):
        path = os.path.join(ROOT, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        files[rel] = {"loader": loader, "value": value}

    for name in ["complex64", "complex128"]:
        a = np_sample(name)
        add("%s_c_le.npy" % name, npy_bytes(a), "npy", describe_array(a))
        be = a.astype(a.dtype.newbyteorder(">"))
        add("%s_c_be.npy" % name, npy_bytes(be), "npy", describe_array(be))
        fo = np.asfortranarray(be)
        add("%s_f_be.npy" % name, npy_bytes(fo), "npy", describe_array(fo))
    z0 = np.array(1.5 - 2.25j, dtype=np.complex64)
    add("complex64_0d.npy", npy_bytes(z0), "npy", describe_array(z0))
    ze = np.zeros((0, 2), dtype=np.complex128)
    add("complex128_empty.npy", npy_bytes(ze), "npy", describe_array(ze))

    arrays = {"z": np_sample("complex64"), "w": np.asfortranarray(np_sample("complex128")), "r": np.arange(3, dtype=np.float32)}
    for rel, fn in [("arrays.npz", np.savez), ("arrays_compressed.npz", np.savez_compressed)]:
        buf = io.BytesIO()
        fn(buf, **arrays)
        add(rel, buf.getvalue(), "npz", {k: describe_array(v) for k, v in arrays.items()})

    z = sample(torch.complex64)
    ckpt = {"c64": z, "c64_t": z.t(), "c64_row": z[1], "c128": sample(torch.complex128),
            "scalar": torch.tensor(0.5 - 1j, dtype=torch.complex128), "empty": torch.zeros(0, 3, dtype=torch.complex64),
            "param": torch.nn.Parameter(torch.complex(torch.ones(2), torch.tensor([0.5, -0.5]))),
            "real": torch.arange(3, dtype=torch.float32)}
    add("ckpt_complex.pt", torch_bytes(ckpt), "torch", describe_dict(ckpt))
    be = {"c64": sample(torch.complex64), "c128": sample(torch.complex128)}
    add("ckpt_complex_big_endian.pt", big_endian_checkpoint(be), "torch", describe_dict(be))

    st = {"z": sample(torch.complex64), "f": torch.arange(3, dtype=torch.float32), "d": torch.ones(2, dtype=torch.float64),
          "i": torch.arange(2)}
    data = st_serialize(st, {"format": "pt"})
    add("complex64.safetensors", data, "safetensors", describe_dict(st_load(data)[0]))

    manifest = {"generator": "scripts/goldens/complex_interop_fixtures.py", "torch": torch.__version__,
                "numpy": np.__version__, "files": files}
    with open(os.path.join(ROOT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    print("wrote %d complex fixtures and manifest.json under %s" % (len(files), os.path.normpath(ROOT)))


# ---------------------------------------------------------------- verifying torch4j's files

def same(expected, actual, path="$"):
    if isinstance(expected, dict):
        for k, v in expected.items():
            if k not in actual:
                return "%s: missing %s" % (path, k)
            err = same(v, actual[k], path + "." + k)
            if err:
                return err
        return None
    if expected != actual:
        return "%s: expected %r, got %r" % (path, expected, actual)
    return None


def verify():
    with open(os.path.join(FROM_T4J, "expected.json")) as f:
        expected = json.load(f)
    results, failures = {}, 0
    for rel, entry in sorted(expected["files"].items()):
        path = os.path.join(FROM_T4J, rel)
        data = open(path, "rb").read()
        try:
            loader = entry["loader"]
            if loader == "npy":
                a = np.load(path, allow_pickle=False)
                actual, checks = describe_array(a), ["numpy.load(allow_pickle=False)"]
                if data != npy_bytes(a):
                    raise AssertionError("numpy.save writes different bytes for the same array")
                checks.append("bytes identical to numpy.save of the loaded array")
            elif loader == "npz":
                with np.load(path, allow_pickle=False) as z:
                    actual = {k: describe_array(z[k]) for k in z.files}
                checks = ["numpy.load(allow_pickle=False)"]
            elif loader == "safetensors":
                tensors, metadata = st_load(data)
                actual = describe_dict(tensors)
                if st_serialize(tensors, metadata) != data:
                    raise AssertionError("the reference writer writes different bytes")
                checks = ["spec reader", "bytes identical to the reference writer's"]
            elif loader == "torch":
                actual = describe_dict(torch.load(path, weights_only=True))
                checks = ["torch.load(weights_only=True)"]
            else:
                raise AssertionError("unknown loader " + loader)
            err = same(entry["value"], actual)
            if err:
                raise AssertionError(err)
            checks.append("values (bit for bit), dtypes, shapes%s as expected" % (", strides, offsets, storage sharing" if loader == "torch" else ""))
            results[rel] = {"sha256": hashlib.sha256(data).hexdigest(), "ok": True, "checks": checks}
        except Exception as e:
            failures += 1
            results[rel] = {"sha256": hashlib.sha256(data).hexdigest(), "ok": False, "error": "%s: %s" % (type(e).__name__, e)}
            print("FAIL", rel, e)
    out = {"generator": "scripts/goldens/complex_interop_fixtures.py --verify", "torch": torch.__version__,
           "numpy": np.__version__,
           "expected_sha256": hashlib.sha256(open(os.path.join(FROM_T4J, "expected.json"), "rb").read()).hexdigest(),
           "files": results}
    with open(os.path.join(FROM_T4J, "verified.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("verified %d complex files written by torch4j: %d failed" % (len(results), failures))
    return failures


if __name__ == "__main__":
    if sys.argv[1:] == ["--verify"]:
        sys.exit(1 if verify() else 0)
    elif not sys.argv[1:]:
        generate()
    else:
        sys.exit(__doc__)
