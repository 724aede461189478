"""A pickler that writes what Python 2's cPickle wrote (protocol 1 or 2), for fixtures: Python 3 cannot write a
Python 2 `str` (opcodes SHORT_BINSTRING/BINSTRING), which is how CIFAR's batches hold their keys, file names and
array bytes. Values: dict, list, tuple, bytes (a Python 2 str), int, bool, None, float and uint8/int/float NumPy
arrays (pickled as numpy 1.x under Python 2 did: _reconstruct, then BUILD with (1, shape, dtype, False, str)).
Every result is checked by the callers with Python 3's pickle.loads(..., encoding="latin1")."""
import struct

import numpy as np


class Py2Pickler:
    def __init__(self, protocol):
        assert protocol in (1, 2)
        self.protocol = protocol
        self.out = bytearray()
        self.memo = 0

    def put(self):
        self.memo += 1
        self.out += b"q" + bytes([self.memo]) if self.memo < 256 else b"r" + struct.pack("<I", self.memo)

    def dump(self, obj):
        if self.protocol == 2:
            self.out += b"\x80\x02"
        self.save(obj)
        self.out += b"."
        return bytes(self.out)

    def tuple_of(self, items):
        if self.protocol == 2 and 1 <= len(items) <= 3:
            for x in items:
                self.save(x)
            self.out += [b"\x85", b"\x86", b"\x87"][len(items) - 1]
        else:
            self.out += b"("
            for x in items:
                self.save(x)
            self.out += b"t"

    def save(self, v):
        o = self.out
        if v is None:
            o += b"N"
        elif isinstance(v, bool):
            o += (b"\x88" if v else b"\x89") if self.protocol == 2 else (b"I01\n" if v else b"I00\n")
        elif isinstance(v, int):
            if 0 <= v < 256:
                o += b"K" + bytes([v])
            elif 0 <= v < 65536:
                o += b"M" + struct.pack("<H", v)
            else:
                o += b"J" + struct.pack("<i", v)
        elif isinstance(v, float):
            o += b"G" + struct.pack(">d", v)
        elif isinstance(v, bytes):
            o += (b"U" + bytes([len(v)])) if len(v) < 256 else (b"T" + struct.pack("<I", len(v)))
            o += v
            self.put()
        elif isinstance(v, tuple):
            self.tuple_of(v)
            self.put()
        elif isinstance(v, list):
            o += b"]"
            self.put()
            for i in range(0, len(v), 1000):  # cPickle batches APPENDS by 1000
                o += b"("
                for x in v[i:i + 1000]:
                    self.save(x)
                o += b"e"
        elif isinstance(v, dict):
            o += b"}"
            self.put()
            items = list(v.items())
            for i in range(0, len(items), 1000):
                o += b"("
                for k, x in items[i:i + 1000]:
                    self.save(k)
                    self.save(x)
                o += b"u"
        elif isinstance(v, np.ndarray):
            self.save_array(v)
        elif isinstance(v, Global):
            o += b"c" + v.text
            self.put()
        elif isinstance(v, Dtype):
            self.save_dtype(v.dt)
        else:
            raise TypeError(type(v))

    def save_array(self, v):
        """cPickle's order for numpy's __reduce__: _reconstruct, (ndarray, (0,), 'b'), REDUCE, then BUILD with
        (1, shape, dtype, is_fortran, data); the dtype is dtype(code, 0, 1), REDUCE, BUILD (3, byteorder, ...)."""
        assert v.flags.c_contiguous
        self.save(Global("numpy.core.multiarray", "_reconstruct"))
        self.save((Global("numpy", "ndarray"), (0,), b"b"))
        self.out += b"R"
        self.put()
        self.save((1, tuple(v.shape), Dtype(v.dtype), False, v.tobytes()))
        self.out += b"b"

    def save_dtype(self, dt):
        self.save(Global("numpy", "dtype"))
        self.save((dt.str[1:].encode(), 0, 1))
        self.out += b"R"
        self.put()
        self.save((3, dt.str[:1].encode(), None, None, None, -1, -1, 0))
        self.out += b"b"


class Global:
    def __init__(self, module, name):
        self.text = ("%s\n%s\n" % (module, name)).encode()


class Dtype:
    def __init__(self, dt):
        self.dt = dt


def dumps(obj, protocol=2):
    """obj pickled as Python 2's cPickle.dumps(obj, protocol) would."""
    return Py2Pickler(protocol).dump(obj)
