"""Goldens for dev.torch4j.tensorboard (torch.utils.tensorboard's SummaryWriter) -> goldens/tensorboard.json, and a
reader that checks event files written by torch4j.

Run: /usr/bin/python3 scripts/goldens/tensorboard_goldens.py            (writes the goldens)
     /usr/bin/python3 scripts/goldens/tensorboard_goldens.py --read F... (decodes event files, CRCs checked)

Needs protoc and python3-protobuf (apt-get install protobuf-compiler python3-protobuf). The tensorboard package is
not installable here, so:
- the messages come from tensorboard_events.proto (TensorFlow's field numbers), compiled with protoc at run time and
  encoded by python3-protobuf, an encoder independent of torch4j's hand-written one;
- the summaries are built by torch 1.13's own torch/utils/tensorboard/summary.py (its make_histogram, text,
  scalar, convert_to_HWC and make_grid, make_image), loaded from the installed torch with our messages standing in
  for tensorboard's modules. PyTorch 2.x changed one thing used here: image() clips to [0, 255] before the uint8
  cast (1.13 wraps around); image_2x below is 2.x's image(), and the goldens follow 2.x. 1.13's make_histogram
  no longer runs on this numpy (np.greater with dtype=int32); make_histogram_2x is 2.x's, which dropped that dtype;
- what writer.py adds on top (it imports tensorboard's EventFileWriter, so it cannot be loaded) is restated from
  its source: the default 'tensorflow' bins (powers of 1.1 from 1e-12 below 1e20, mirrored, and 0), the Event
  wrapping (wall_time, int(step)), add_scalars' subfolder name, and the TFRecord framing with masked CRC-32C
  (tensorboard's record_writer), written here with a table CRC-32C of our own.

Cases: "record" (TFRecord framing of a payload), "file_version" (the first event of a file), "scalar", "scalars"
(one event per subfolder), "histogram" (with the fields; "exact" when every summation order gives the same sums:
numpy sums pairwise and dot()s by BLAS, torch4j in index order), "image" (the uint8 HWC pixels PyTorch builds, PIL's
PNG and the event with it), "text".
"""
import importlib
import os
import struct
import subprocess
import sys
import tempfile
import types

import numpy as np
import torch

from common import t2j, write

HERE = os.path.dirname(os.path.abspath(__file__))


def compile_proto():
    out = tempfile.mkdtemp()
    subprocess.check_call(["protoc", "--proto_path=" + HERE, "--python_out=" + out, "tensorboard_events.proto"])
    sys.path.insert(0, out)
    return importlib.import_module("tensorboard_events_pb2")


pb = compile_proto()


class DeterministicPluginData:
    """HParamsPluginData whose SerializeToString writes the session-start map in key order (protobuf's deterministic
    order, which torch4j writes); PyTorch's plain SerializeToString writes it in hash order."""

    def __init__(self, **kw):
        self.m = pb.HParamsPluginData(**kw)

    def SerializeToString(self):
        return self.m.SerializeToString(deterministic=True)


def load_pytorch_summary():
    """torch/utils/tensorboard/summary.py of the installed torch, with our messages as tensorboard's."""
    def mod(name, **attrs):
        m = types.ModuleType(name)
        m.__dict__.update(attrs)
        sys.modules[name] = m
        return m
    for name in ["tensorboard", "tensorboard.compat", "tensorboard.compat.proto", "tensorboard.plugins",
                 "tensorboard.plugins.pr_curve", "tensorboard.plugins.text"]:
        mod(name)
    mod("tensorboard.compat.proto.summary_pb2", HistogramProto=pb.HistogramProto, Summary=pb.Summary,
        SummaryMetadata=pb.SummaryMetadata)
    mod("tensorboard.compat.proto.tensor_pb2", TensorProto=pb.TensorProto)
    mod("tensorboard.compat.proto.tensor_shape_pb2", TensorShapeProto=pb.TensorShapeProto)
    mod("tensorboard.plugins.custom_scalar", layout_pb2=None)  # custom_scalars only
    mod("tensorboard.plugins.pr_curve.plugin_data_pb2", PrCurvePluginData=None)  # pr curves only
    mod("tensorboard.plugins.text.plugin_data_pb2", TextPluginData=pb.TextPluginData)
    mod("tensorboard.plugins.hparams")
    mod("tensorboard.plugins.hparams.api_pb2", DataType=pb.HParamDataType, Experiment=pb.Experiment,
        HParamInfo=pb.HParamInfo, MetricInfo=pb.MetricInfo, MetricName=pb.MetricName, Status=pb.Status)
    mod("tensorboard.plugins.hparams.metadata", EXPERIMENT_TAG="_hparams_/experiment", PLUGIN_DATA_VERSION=0,
        PLUGIN_NAME="hparams", SESSION_END_INFO_TAG="_hparams_/session_end_info",
        SESSION_START_INFO_TAG="_hparams_/session_start_info")
    mod("tensorboard.plugins.hparams.plugin_data_pb2", HParamsPluginData=DeterministicPluginData,
        SessionEndInfo=pb.SessionEndInfo, SessionStartInfo=pb.SessionStartInfo)
    pkg = types.ModuleType("tb_torch")
    pkg.__path__ = [os.path.join(os.path.dirname(torch.__file__), "utils", "tensorboard")]
    sys.modules["tb_torch"] = pkg
    return importlib.import_module("tb_torch.summary")


S = load_pytorch_summary()


def make_histogram_2x(values, bins, max_bins=None):
    """PyTorch 2.x's make_histogram: 1.13's without dtype=np.int32 in np.greater (which newer numpy rejects);
    max_bins is not used by add_histogram's defaults and is left out."""
    if values.size == 0:
        raise ValueError("The input has no element.")
    values = values.reshape(-1)
    counts, limits = np.histogram(values, bins=bins)
    cum_counts = np.cumsum(np.greater(counts, 0))
    start, end = np.searchsorted(cum_counts, [0, cum_counts[-1] - 1], side="right")
    start = int(start)
    end = int(end) + 1
    counts = counts[start - 1:end] if start > 0 else np.concatenate([[0], counts[:end]])
    limits = limits[start:end + 1]
    if counts.size == 0 or limits.size == 0:
        raise ValueError("The histogram is empty, please file a bug report.")
    sum_sq = values.dot(values)
    return pb.HistogramProto(min=values.min(), max=values.max(), num=len(values), sum=values.sum(),
                             sum_squares=sum_sq, bucket_limit=limits.tolist(), bucket=counts.tolist())


S.make_histogram = make_histogram_2x  # S.histogram looks it up at call time


def image_2x(tag, tensor, dataformats):
    """PyTorch 2.x's summary.image: 1.13's with .clip(0, 255) before the uint8 cast. Also returns the pixels."""
    tensor = S.make_np(tensor)
    tensor = S.convert_to_HWC(tensor, dataformats)
    scale = S._calc_scale_factor(tensor)
    pixels = (tensor.astype(np.float32) * scale).clip(0, 255).astype(np.uint8)
    return pb.Summary(value=[pb.Summary.Value(tag=tag, image=S.make_image(pixels))]), pixels


def default_bins():
    """SummaryWriter.__init__'s default_bins."""
    v, buckets, neg = 1e-12, [], []
    while v < 1e20:
        buckets.append(v)
        neg.append(-v)
        v *= 1.1
    return neg[::-1] + [0] + buckets


BINS = default_bins()


def event(summary, step, walltime):
    """FileWriter.add_summary / add_event."""
    e = pb.Event(summary=summary)
    e.wall_time = walltime
    e.step = int(step)
    return e.SerializeToString()


def crc32c(data):
    """CRC-32C (Castagnoli, reflected polynomial 0x82F63B78)."""
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 & -(crc & 1))
    return crc ^ 0xFFFFFFFF


def masked_crc(data):
    c = crc32c(data)
    return (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def frame(data):
    """tensorboard's RecordWriter.write: uint64 length, masked CRC of it, data, masked CRC of the data."""
    header = struct.pack("<Q", len(data))
    return header + struct.pack("<I", masked_crc(header)) + data + struct.pack("<I", masked_crc(data))


def read_records(path):
    """The payloads of a TFRecord file; raises on a bad CRC or a torn record."""
    with open(path, "rb") as f:
        raw = f.read()
    pos, out = 0, []
    while pos < len(raw):
        if pos + 12 > len(raw):
            raise ValueError(f"{path}: torn record header at byte {pos}")
        header = raw[pos:pos + 8]
        (n,) = struct.unpack("<Q", header)
        (hc,) = struct.unpack("<I", raw[pos + 8:pos + 12])
        if hc != masked_crc(header):
            raise ValueError(f"{path}: bad length CRC at byte {pos}")
        data = raw[pos + 12:pos + 12 + n]
        if len(data) != n or pos + 16 + n > len(raw):
            raise ValueError(f"{path}: torn record at byte {pos}")
        (dc,) = struct.unpack("<I", raw[pos + 12 + n:pos + 16 + n])
        if dc != masked_crc(data):
            raise ValueError(f"{path}: bad data CRC at byte {pos}")
        out.append(data)
        pos += 16 + n
    return out


def read_main(paths):
    from google.protobuf import text_format
    for path in paths:
        records = read_records(path)
        print(f"== {path}: {len(records)} records, CRCs good")
        for i, data in enumerate(records):
            e = pb.Event()
            e.ParseFromString(data)
            if e.SerializeToString() != data:
                raise ValueError(f"{path}: record {i} does not re-encode to the same bytes")
            notes = []
            for v in e.summary.value:
                if v.HasField("image"):
                    import io
                    from PIL import Image
                    png = Image.open(io.BytesIO(v.image.encoded_image_string))
                    png.load()  # decodes every pixel
                    if png.size != (v.image.width, v.image.height):
                        raise ValueError(f"{path}: record {i}: PNG {png.size} but the message says {v.image.width}x{v.image.height}")
                    v.image.encoded_image_string = b"<%d PNG bytes>" % len(v.image.encoded_image_string)
                    notes.append(f"PNG decodes: {png.mode} {png.size}")
                if v.metadata.plugin_data.plugin_name == "hparams":
                    d = pb.HParamsPluginData()
                    d.ParseFromString(v.metadata.plugin_data.content)
                    notes.append("hparams content: " + text_format.MessageToString(d, as_one_line=True))
            print(f"-- record {i}:", text_format.MessageToString(e, as_one_line=True)[:400], *notes)


def cases():
    assert crc32c(b"123456789") == 0xE3069283
    cs = []
    for data in [b"", b"123456789", bytes(range(256))]:
        cs.append({"kind": "record", "data": data.hex(), "framed": frame(data).hex(), "crc32c": crc32c(data),
                   "masked": masked_crc(data)})
    for wt in [1700000000.25, 1.5]:
        cs.append({"kind": "file_version", "walltime": wt,
                   "payload": pb.Event(wall_time=wt, file_version="brain.Event:2").SerializeToString().hex()})

    for tag, value, step, wt in [("Loss/train", 0.5, 3, 1700000001.5), ("acc", 0.0, 0, 1700000002.0),
                                 ("lr", 0.1, 123456789012, 1700000003.125), ("neg", -2.75, -1, 0.0),
                                 ("\u03bb/\u00fc", 1e-3, 7, 1700000004.0)]:
        cs.append({"kind": "scalar", "tag": tag, "value": value, "step": step, "walltime": wt,
                   "payload": event(S.scalar(tag, value), step, wt).hex()})

    main, d = "Loss/all", {"train": 0.25, "test": 0.5}
    per = [{"dir": main.replace("/", "_") + "_" + k, "payload": event(S.scalar(main, v), 5, 1700000005.0).hex()}
           for k, v in d.items()]
    cs.append({"kind": "scalars", "main_tag": main, "values": d, "step": 5, "walltime": 1700000005.0, "events": per})

    torch.manual_seed(0)
    hists = [
        ("exact", torch.tensor([-2.0, -0.5, 0.0, 0.0, 0.25, 1.0, 1.0, 3.0, 0.5, -0.125]), True),
        ("tiny", torch.tensor([1e-13, -1e-13], dtype=torch.float64), True),
        ("single", torch.tensor([5.0]), True),
        ("zeros", torch.zeros(2, 3, dtype=torch.float64), True),
        ("ints", torch.tensor([[1, 2], [2, 3]]), True),
        ("edges", torch.tensor([-BINS[-1], 1.0], dtype=torch.float64), True),
        ("last_edge", torch.tensor([BINS[-1]], dtype=torch.float64), True),
        ("outside", torch.tensor([1e30, 0.5, float("inf")], dtype=torch.float64), True),
        ("nan", torch.tensor([float("nan"), 1.0, -0.5]), True),
        ("randn", torch.randn(1000), False),
        ("wide", torch.randn(4, 50, dtype=torch.float64) * 1e6, False),
    ]
    for name, values, exact in hists:
        summary = S.histogram("hist/" + name, values, BINS)
        h = summary.value[0].histo
        cs.append({"kind": "histogram", "name": name, "tag": "hist/" + name, "values": t2j(values), "exact": exact,
                   "step": 11, "walltime": 1700000006.5, "payload": event(summary, 11, 1700000006.5).hex(),
                   "min": h.min, "max": h.max, "num": h.num, "sum": h.sum, "sum_squares": h.sum_squares,
                   "bucket_limit": list(h.bucket_limit), "bucket": list(h.bucket)})

    images = [
        ("chw_float", torch.rand(3, 5, 4), "CHW"),
        ("chw_out_of_range", torch.randn(3, 4, 6) * 0.8 + 0.5, "CHW"),
        ("gray", torch.rand(1, 3, 3, dtype=torch.float64), "CHW"),
        ("rgba_u8", torch.randint(0, 256, (4, 2, 5), dtype=torch.uint8), "CHW"),
        ("hwc", torch.rand(4, 3, 3), "HWC"),
        ("hw", torch.rand(2, 7), "HW"),
        ("batch", torch.rand(10, 3, 2, 3), "NCHW"),
        ("batch_gray_u8", torch.randint(0, 256, (3, 1, 4, 2), dtype=torch.uint8), "NCHW"),
        ("batch_nhwc", torch.rand(2, 3, 2, 3), "NHWC"),
    ]
    for name, img, df in images:
        summary, pixels = image_2x("img/" + name, img, df)
        im = summary.value[0].image
        cs.append({"kind": "image", "name": name, "tag": "img/" + name, "input": t2j(img), "dataformats": df,
                   "step": 2, "walltime": 1700000007.75, "pixels_hwc": t2j(torch.from_numpy(pixels)),
                   "height": im.height, "width": im.width, "colorspace": im.colorspace,
                   "png": im.encoded_image_string.hex(), "payload": event(summary, 2, 1700000007.75).hex()})

    for tag, text, step in [("notes", "lr 0.01, **batch** 64", 1), ("empty", "", 0), ("uni", "\u00e9t\u00e9 \U0001F600", 4)]:
        cs.append({"kind": "text", "tag": tag, "text": text, "step": step, "walltime": 1700000008.0,
                   "payload": event(S.text(tag, text), step, 1700000008.0).hex()})
    # add_hparams (2.x's writer.py): a SummaryWriter in <logdir>/<run_name> gets exp, ssi, sei at global_step, then
    # add_scalar(k, v, global_step) per metric. hparams() is unchanged from 1.13 in 2.x.
    hp_cases = [
        ("mixed", {"lr": 0.1, "bsize": 16, "opt": "adam", "nesterov": True, "skip": None, "zero": 0},
         {"hparam/accuracy": 0.9, "hparam/loss": 0.0}, {"opt": ["adam", "sgd"], "bsize": [16, 32], "nesterov": [True, False]}, 3),
        ("tensor", {"t": torch.tensor([2.5, 1.0])}, {"m": 1}, None, 0),
        ("order", {"b": 1, "a": 2.5, "\u00e9": "x", "Z": False, "": 4}, {}, {"": []}, 1),
    ]
    for name, hp, metrics, domain, step in hp_cases:
        exp, ssi, sei = S.hparams(hp, metrics, domain)
        cs.append({"kind": "hparams", "name": name, "step": step, "walltime": 1700000000.25,
                   "summaries": [event(s, step, 1700000000.25).hex() for s in (exp, ssi, sei)],
                   "metrics": [event(S.scalar(k, v), step, 1700000000.25).hex() for k, v in metrics.items()]})
    try:
        S.hparams({"lr": 0.1}, {}, {"lr": [1, 2]})
    except TypeError as e:
        cs.append({"kind": "hparams_error", "message": str(e)})

    cs.append({"kind": "bins", "count": len(BINS), "first": BINS[0], "middle": BINS[len(BINS) // 2],
               "second_last": BINS[-2], "last": BINS[-1]})
    return cs


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--read":
        read_main(sys.argv[2:])
    else:
        write("tensorboard", cases())
