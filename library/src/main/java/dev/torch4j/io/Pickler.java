package dev.torch4j.io;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.backend.Storage;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes Java values as a protocol-2 pickle, opcode for opcode as CPython's {@code pickle.Pickler} does when
 * {@code torch.save} pickles the same Python values (memoization, batching of 1000 items, the smallest int opcode),
 * with tensors reduced exactly as {@code torch.Tensor.__reduce_ex__} reduces them:
 * {@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, OrderedDict())}, the
 * storage written as the persistent id {@code ('storage', torch.FloatStorage, key, 'cpu', numel)}.
 *
 * <p>Accepted values: null, Boolean, Byte/Short/Integer/Long/BigInteger, Float/Double, String, byte[] (Python
 * bytes), {@link Tuple} (tuple), any other List (list), any Map (dict, in iteration order), {@link Tensor},
 * {@link DType} ({@code torch.float32}), {@link Device} ({@code torch.device}), {@link Size}
 * ({@code torch.Size}) and {@link TorchBindObject} ({@code torch.ScriptObject}). Lists and maps are memoized by
 * identity before their items, as Python does, so shared and self-referencing containers survive the round trip.
 */
final class Pickler {
    /** Gives each distinct storage its archive key ("0", "1", ... in order of first use). */
    interface StorageKeys {
        String key(Storage storage);
    }

    private static final int BATCH = 1000;
    private static final int MAX_DEPTH = 1000;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<Object, Integer> memo = new IdentityHashMap<>();
    private final Map<String, Integer> strings = new HashMap<>();
    private final Map<String, Integer> globals = new HashMap<>();
    private final StorageKeys keys;
    private int memoSize;
    private int depth;

    Pickler(StorageKeys keys) { this.keys = keys; }

    /** The pickle of {@code obj}: PROTO 2, the value, STOP. */
    byte[] dump(Object obj) {
        out.write(0x80);
        out.write(2);
        save(obj);
        out.write('.');
        return out.toByteArray();
    }

    private void save(Object o) {
        if (++depth > MAX_DEPTH) {
            throw new IllegalArgumentException("Torch.save: the object is nested more than " + MAX_DEPTH + " levels deep");
        }
        try {
            saveValue(o);
        } finally {
            depth--;
        }
    }

    private void saveValue(Object o) {
        if (o == null) out.write('N');
        else if (o instanceof Boolean b) out.write(b ? 0x88 : 0x89);
        else if (o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte) saveLong(((Number) o).longValue());
        else if (o instanceof BigInteger b) saveBig(b);
        else if (o instanceof Double || o instanceof Float) saveFloat(((Number) o).doubleValue());
        else if (o instanceof String s) saveString(s);
        else if (getMemo(o)) return;
        else if (o instanceof byte[] b) {
            // protocol 2 has no bytes opcode: Python writes _codecs.encode(<latin-1 text>, 'latin1')
            saveReduce("_codecs", "encode", Tuple.of(new String(b, StandardCharsets.ISO_8859_1), "latin1"), o);
        } else if (o instanceof Tensor t) saveTensor(t);
        else if (o instanceof DType d) saveGlobal("torch", d.pyName());
        else if (o instanceof dev.torch4j.QScheme q) saveGlobal("torch", q.toString().substring("torch.".length()));
        else if (o instanceof Device d) {
            saveReduce("torch", "device", d.isCpu() ? Tuple.of("cpu") : Tuple.of("cuda", (long) d.index()), o);
        } else if (o instanceof Size s) {
            Object[] dims = new Object[s.size()];
            for (int i = 0; i < dims.length; i++) dims[i] = s.get(i);
            saveReduce("torch", "Size", Tuple.of((Object) Tuple.of(dims)), o);
        } else if (o instanceof Tuple t) saveTuple(t);
        else if (o instanceof List<?> l) saveList(l);
        else if (o instanceof PyCounter c) saveReduce("collections", "Counter", Tuple.of(new java.util.LinkedHashMap<>(c)), o);
        else if (o instanceof PyOrderedDict<?, ?> d) saveOrderedDict(d);
        else if (o instanceof Map<?, ?> m) saveDict(m);
        else if (o instanceof TorchBindObject b) saveTorchBind(b);
        else {
            throw new IllegalArgumentException("Torch.save: cannot save a " + o.getClass().getName() + "; supported values are "
                    + "null, Boolean, integers, Float/Double, String, byte[], Tuple, List, Map (PyCounter as a Counter), Tensor, DType, Device, "
                    + "Size and TorchBindObject");
        }
    }

    // ---------------------------------------------------------------- memo

    private boolean getMemo(Object o) {
        Integer i = memo.get(o);
        if (i == null) return false;
        writeGet(i);
        return true;
    }

    private void writeGet(int i) {
        if (i < 256) {
            out.write('h');
            out.write(i);
        } else {
            out.write('j');
            writeInt(i);
        }
    }

    private int memoize() {
        int i = memoSize++;
        if (i < 256) {
            out.write('q');
            out.write(i);
        } else {
            out.write('r');
            writeInt(i);
        }
        return i;
    }

    private void memoize(Object o) { memo.put(o, memoize()); }

    // ---------------------------------------------------------------- scalars

    private void writeInt(int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    private void saveLong(long v) {
        if (v >= 0 && v <= 0xff) {
            out.write('K');
            out.write((int) v);
        } else if (v >= 0 && v <= 0xffff) {
            out.write('M');
            out.write((int) v);
            out.write((int) (v >>> 8));
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write('J');
            writeInt((int) v);
        } else {
            saveBig(BigInteger.valueOf(v));
        }
    }

    private void saveBig(BigInteger b) {
        if (b.bitLength() < 64) {
            long v = b.longValue();
            if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                saveLong(v);
                return;
            }
        }
        // Python's encode_long: minimal little-endian two's complement, as BigInteger.toByteArray (big-endian)
        byte[] be = b.toByteArray();
        if (be.length < 256) {
            out.write(0x8a);
            out.write(be.length);
        } else {
            out.write(0x8b);
            writeInt(be.length);
        }
        for (int i = be.length - 1; i >= 0; i--) out.write(be[i]);
    }

    private void saveFloat(double d) {
        out.write('G');
        long bits = Double.doubleToRawLongBits(d);
        for (int i = 7; i >= 0; i--) out.write((int) (bits >>> (8 * i)));
    }

    private void saveString(String s) {
        // Python memoizes str objects by identity; equal strings in a torch4j value are written once (smaller file)
        Integer i = strings.get(s);
        if (i != null) {
            writeGet(i);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write('X');
        writeInt(b.length);
        out.writeBytes(b);
        strings.put(s, memoize());
    }

    private void saveGlobal(String module, String name) {
        String key = module + "\n" + name + "\n";
        Integer i = globals.get(key);
        if (i != null) {
            writeGet(i);
            return;
        }
        out.write('c');
        out.writeBytes(key.getBytes(StandardCharsets.UTF_8));
        globals.put(key, memoize());
    }

    private void saveReduce(String module, String name, Tuple args, Object obj) {
        saveGlobal(module, name);
        save(args);
        out.write('R');
        if (obj != null) memoize(obj);
        else memoize();
    }

    // ---------------------------------------------------------------- containers

    private void saveTuple(Tuple t) {
        int n = t.size();
        if (n == 0) {
            out.write(')');
            return;
        }
        if (n > 3) out.write('(');
        for (Object o : t) save(o);
        Integer self = memo.get(t);
        if (self != null) {
            // the tuple was reached again through a list or dict inside it: drop the items, fetch the memoized one
            if (n > 3) out.write('1'); // POP_MARK
            else for (int i = 0; i < n; i++) out.write('0'); // POP
            writeGet(self);
            return;
        }
        out.write(n > 3 ? 't' : 0x84 + n); // TUPLE or TUPLE1..3 (0x85..0x87)
        memoize(t);
    }

    private void saveList(List<?> l) {
        out.write(']');
        memoize(l);
        Iterator<?> it = l.iterator();
        List<Object> batch = new ArrayList<>(BATCH);
        do {
            batch.clear();
            while (it.hasNext() && batch.size() < BATCH) batch.add(it.next());
            if (batch.size() > 1) {
                out.write('(');
                for (Object o : batch) save(o);
                out.write('e');
            } else if (batch.size() == 1) {
                save(batch.get(0));
                out.write('a');
            }
        } while (batch.size() == BATCH);
    }

    /** Python's {@code OrderedDict.__reduce__}: {@code OrderedDict()}, its items, then its attributes (BUILD) if any. */
    private void saveOrderedDict(PyOrderedDict<?, ?> d) {
        saveReduce("collections", "OrderedDict", Tuple.of(), d);
        saveItems(d.pickledItems());
        if (!d.attributes().isEmpty()) {
            save(new java.util.LinkedHashMap<>(d.attributes()));
            out.write('b');
        }
    }

    private void saveDict(Map<?, ?> m) {
        out.write('}');
        memoize(m);
        saveItems(m);
    }

    /** SETITEMS in batches (SETITEM for a single last one), as pickle's _batch_setitems. */
    private void saveItems(Map<?, ?> m) {
        Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
        List<Map.Entry<?, ?>> batch = new ArrayList<>(BATCH);
        do {
            batch.clear();
            while (it.hasNext() && batch.size() < BATCH) batch.add(it.next());
            if (batch.size() > 1) {
                out.write('(');
                for (Map.Entry<?, ?> e : batch) {
                    save(e.getKey());
                    save(e.getValue());
                }
                out.write('u');
            } else if (batch.size() == 1) {
                save(batch.get(0).getKey());
                save(batch.get(0).getValue());
                out.write('s');
            }
        } while (batch.size() == BATCH);
    }

    /**
     * A torchbind object as Python's pickler writes a {@code torch.ScriptObject} (its {@code __reduce_ex__(2)}):
     * {@code torch.ScriptObject} NEWOBJ'd without arguments and memoized, then BUILD with {@code (state, class name)}.
     */
    private void saveTorchBind(TorchBindObject b) {
        saveGlobal("torch", "ScriptObject");
        out.write(')');
        out.write(0x81); // NEWOBJ
        memoize(b);
        save(Tuple.of(b.state(), b.qualifiedName()));
        out.write('b');
    }

    // ---------------------------------------------------------------- tensors

    private void saveTensor(Tensor t) {
        if (t.dtype() == DType.QUINT4X2) t = packed4bit(t);
        Storage s = t.storage();
        saveGlobal("torch._utils", t.isQuantized() ? "_rebuild_qtensor" : "_rebuild_tensor_v2");
        out.write('(');
        // the persistent id, a fresh tuple each time as in torch.serialization._save
        out.write('(');
        saveString("storage");
        saveGlobal("torch", PickleGlobals.storageName(s.dtype()));
        saveString(keys.key(s));
        saveString(s.device().isCpu() ? "cpu" : s.device().toString());
        saveLong(s.numel());
        out.write('t');
        memoize();
        out.write('Q');
        saveLong(t.storageOffset());
        saveTuple(longs(t.shapeArray()));
        saveTuple(longs(t.stride()));
        if (t.isQuantized()) save(quantizerParams(t));
        out.write(t.requiresGrad() ? 0x88 : 0x89);
        saveReduce("collections", "OrderedDict", Tuple.of(), null); // backward hooks: always empty
        out.write('t');
        memoize();
        out.write('R');
        memoize(t);
    }

    /**
     * A quint4x2 tensor as PyTorch stores it: a fresh contiguous storage of packed bytes, two values each in row-major
     * order, {@code rows * ceil(cols / 2)} bytes long as PyTorch allocates it (the tail past {@code ceil(numel / 2)}
     * zero), under the tensor's quantizer.
     */
    private static Tensor packed4bit(Tensor t) {
        long[] shape = t.shapeArray();
        byte[] packed = (byte[]) ((dev.torch4j.backend.cpu.CpuStorage) dev.torch4j.ops.Quantized.intRepr(t).storage()).array();
        long cols = shape.length == 0 ? 1 : shape[shape.length - 1];
        long size = cols == 0 ? 0 : t.numel() / cols * ((cols + 1) / 2);
        byte[] bytes = java.util.Arrays.copyOf(packed, (int) size);
        var q = ((dev.torch4j.backend.QuantizedStorage) t.storage()).withInts(dev.torch4j.backend.cpu.CpuStorage.wrap(DType.UINT8, bytes));
        return Tensor.wrap(q, shape, dev.torch4j.core.Shapes.contiguousStrides(shape), 0);
    }

    /** {@code torch._utils}' quantizer tuple: (qscheme, scale, zero_point) or (qscheme, scales, zero_points, axis). */
    private static Tuple quantizerParams(Tensor t) {
        if (t.qscheme().isPerTensor()) return Tuple.of(t.qscheme(), t.qScale(), t.qZeroPoint());
        // PyTorch names float qparams per_channel_affine too: its float zero points make the loader tell them apart
        return Tuple.of(dev.torch4j.QScheme.PER_CHANNEL_AFFINE, t.qPerChannelScales(), t.qPerChannelZeroPoints(), t.qPerChannelAxis());
    }

    private static Tuple longs(long[] v) {
        Object[] o = new Object[v.length];
        for (int i = 0; i < v.length; i++) o[i] = v[i];
        return Tuple.of(o);
    }
}
