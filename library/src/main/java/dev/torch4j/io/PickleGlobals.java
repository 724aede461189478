package dev.torch4j.io;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.QScheme;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.backend.Storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The only globals {@link Unpickler} resolves, and what calling each of them means. This mirrors the part of
 * {@code torch._weights_only_unpickler._get_allowed_globals()} that dense tensor checkpoints use; each entry is
 * implemented here in Java, so loading a checkpoint can never run code named by the file.
 */
final class PickleGlobals {
    private PickleGlobals() {}

    /** The callables and types a checkpoint may reference. */
    enum Fn {
        REBUILD_TENSOR_V2("torch._utils._rebuild_tensor_v2"),
        REBUILD_TENSOR("torch._utils._rebuild_tensor"),
        REBUILD_QTENSOR("torch._utils._rebuild_qtensor"),
        REBUILD_PARAMETER("torch._utils._rebuild_parameter"),
        REBUILD_PARAMETER_WITH_STATE("torch._utils._rebuild_parameter_with_state"),
        REBUILD_FROM_TYPE_V2("torch._tensor._rebuild_from_type_v2"),
        ORDERED_DICT("collections.OrderedDict"),
        COUNTER("collections.Counter"),
        PARAMETER("torch.nn.parameter.Parameter"),
        TENSOR("torch.Tensor"),
        SIZE("torch.Size"),
        DEVICE("torch.device"),
        CODECS_ENCODE("_codecs.encode"),
        SET("builtins.set"),
        FROZENSET("builtins.frozenset"),
        BYTES("builtins.bytes"),
        // a torchbind object (torch.save of a dynamic quantized RNN's state dict): NEWOBJ, then BUILD with its state
        SCRIPT_OBJECT("torch.ScriptObject"),
        // NumPy's pickled arrays (plain pickles only, see Pickle); numpy 2 moved numpy.core to numpy._core
        NP_RECONSTRUCT("numpy.core.multiarray._reconstruct"),
        NP_FROMBUFFER("numpy.core.numeric._frombuffer"),
        NP_SCALAR("numpy.core.multiarray.scalar"),
        NP_NDARRAY("numpy.ndarray"),
        NP_DTYPE("numpy.dtype"),
        // TorchScript archives only (typed lists and type tags; each returns its first argument, as in Python)
        JIT_INTLIST("torch.jit._pickle.build_intlist"),
        JIT_TENSORLIST("torch.jit._pickle.build_tensorlist"),
        JIT_DOUBLELIST("torch.jit._pickle.build_doublelist"),
        JIT_BOOLLIST("torch.jit._pickle.build_boollist"),
        JIT_TYPE_TAG("torch.jit._pickle.restore_type_tag");

        boolean numpy() { return fullName.startsWith("numpy."); }

        boolean jit() { return fullName.startsWith("torch.jit."); }

        final String fullName;

        Fn(String fullName) { this.fullName = fullName; }

        @Override public String toString() { return "<global " + fullName + ">"; }
    }

    /** A storage class such as {@code torch.FloatStorage}; {@code torch.UntypedStorage} holds uint8 bytes. */
    record StorageType(String fullName, DType dtype) {
        @Override public String toString() { return "<global " + fullName + ">"; }
    }

    /** A Python {@code frozenset}: unmodifiable, and hashable as a dict key (a {@code set} is neither). */
    static final class FrozenSet extends AbstractSet<Object> {
        private final Set<Object> items;

        FrozenSet(Collection<?> items) { this.items = Collections.unmodifiableSet(new LinkedHashSet<>(items)); }

        @Override public Iterator<Object> iterator() { return items.iterator(); }

        @Override public int size() { return items.size(); }
    }

    /** The result of {@code OrderedDict(...)}: the unpickler remembers the map so BUILD may target it. */
    record NewOrderedDict(PyOrderedDict<Object, Object> map) {}

    private static final Map<String, Object> ALLOWED = new LinkedHashMap<>();

    static {
        for (Fn f : Fn.values()) {
            if (f.jit()) continue;
            ALLOWED.put(f.fullName, f);
            if (f.fullName.startsWith("numpy.core.")) ALLOWED.put("numpy._core." + f.fullName.substring("numpy.core.".length()), f);
        }
        storage("Float", DType.FLOAT32);
        storage("Double", DType.FLOAT64);
        storage("Half", DType.FLOAT16);
        storage("BFloat16", DType.BFLOAT16);
        storage("Long", DType.INT64);
        storage("Int", DType.INT32);
        storage("Short", DType.INT16);
        storage("Char", DType.INT8);
        storage("Byte", DType.UINT8);
        storage("Bool", DType.BOOL);
        storage("ComplexFloat", DType.COMPLEX64); // element size 8: the storage's numel counts complex elements
        storage("ComplexDouble", DType.COMPLEX128);
        storage("QUInt8", DType.QUINT8);
        storage("QInt8", DType.QINT8);
        storage("QInt32", DType.QINT32);
        storage("QUInt4x2", DType.QUINT4X2); // bytes, two values each: QuantizedCheckpoint unpacks them
        ALLOWED.put(QScheme.PER_TENSOR_AFFINE.toString(), QScheme.PER_TENSOR_AFFINE);
        ALLOWED.put(QScheme.PER_CHANNEL_AFFINE.toString(), QScheme.PER_CHANNEL_AFFINE);
        ALLOWED.put("torch.UntypedStorage", new StorageType("torch.UntypedStorage", DType.UINT8));
        ALLOWED.put("torch.storage.UntypedStorage", new StorageType("torch.storage.UntypedStorage", DType.UINT8));
        for (DType d : DType.values()) ALLOWED.put(d.toString(), d); // torch.float32, ...
    }

    private static void storage(String prefix, DType d) {
        String n = "torch." + prefix + "Storage";
        ALLOWED.put(n, new StorageType(n, d));
    }

    /** The name under which PyTorch writes a storage of this dtype ({@code FloatStorage}). */
    static String storageName(DType d) {
        for (Object v : ALLOWED.values()) {
            if (v instanceof StorageType st && st.dtype() == d && !st.fullName().contains("Untyped")) {
                return st.fullName().substring("torch.".length());
            }
        }
        throw new AssertionError(d);
    }

    /** Resolves a GLOBAL, or throws an IOException naming it when it is not allowed. */
    static Object resolve(Unpickler u, String module, String name) throws IOException {
        // protocol 2 writes Python 2 module names (fix_imports); name the global as Python 3 does, like PyTorch
        if (module.equals("__builtin__") || module.equals("exceptions")) module = "builtins";
        else if (module.equals("copy_reg")) module = "copyreg";
        String full = module + "." + name;
        if (u.scriptObjects() && (module.equals("__torch__") || module.startsWith("__torch__."))) {
            return new ScriptObject.ScriptClass(module, name);
        }
        if (u.scriptObjects()) for (Fn f : Fn.values()) if (f.jit() && f.fullName.equals(full)) return f;
        Object v = ALLOWED.get(full);
        if (v instanceof Fn f && f.numpy() && !u.numpy()) {
            throw u.error("unsupported global '" + full + "': a NumPy array inside a checkpoint; torch4j's checkpoint loader "
                    + "takes tensors only (io.Pickle.load reads plain pickles that hold NumPy arrays)");
        }
        if (v != null) return v;
        // a whole pickled module: its classes (torch.nn's and the user's) are only named, never run; the rest of
        // torch (sparse or subclass tensor rebuilds) stays refused as in a checkpoint
        boolean torch = module.equals("torch") || module.startsWith("torch.");
        if (u.anyClasses() && (!torch || module.startsWith("torch.nn.") || module.startsWith("torch.ao.nn."))) {
            return new ScriptObject.ScriptClass(module, name);
        }
        if (module.startsWith("torch.nn.modules.") || module.equals("__main__")) {
            throw u.error("unsupported global '" + full + "': the file holds a whole pickled "
                    + (module.equals("__main__") ? "object (torch.save(model)?)" : "module (torch.save(model))")
                    + ", not a state dict; io.PickledModule.loadStateDict reads a pickled module's parameters and "
                    + "buffers without running its code");
        }
        if (torch) {
            throw u.error("unsupported global '" + full + "': torch4j loads dense tensors of its own dtypes and plain Python "
                    + "data; sparse and tensor-subclass checkpoints are not supported");
        }
        throw u.error("unsupported global '" + full + "': a tensor checkpoint has no use for it, and torch4j's restricted "
                + "unpickler never calls code named by a file (the file may be malicious)");
    }

    /** REDUCE: calls an allowed global with a tuple of arguments. */
    static Object call(Unpickler u, Object fn, Tuple args) throws IOException {
        if (fn instanceof ScriptObject.ScriptClass c) {
            throw u.error("REDUCE on " + c.qualifiedName() + ": torch4j's restricted unpickler never calls code named by a "
                    + "file (the file may be malicious)");
        }
        if (!(fn instanceof Fn f)) throw u.error("REDUCE on " + describe(fn) + ", which is not callable");
        switch (f) {
            case JIT_INTLIST, JIT_TENSORLIST, JIT_DOUBLELIST, JIT_BOOLLIST, JIT_TYPE_TAG -> {
                int want = f == Fn.JIT_TYPE_TAG ? 2 : 1;
                if (args.size() != want) throw u.error(f + " called with " + args.size() + " arguments");
                return args.get(0);
            }
            case ORDERED_DICT -> {
                PyOrderedDict<Object, Object> m = new PyOrderedDict<>();
                if (args.size() == 1 && args.get(0) instanceof List<?> pairs) {
                    for (Object p : pairs) {
                        if (!(p instanceof List<?> kv) || kv.size() != 2) throw u.error("OrderedDict items must be pairs");
                        u.checkHashable(kv.get(0));
                        m.put(kv.get(0), kv.get(1));
                    }
                } else if (!args.isEmpty()) {
                    throw u.error("OrderedDict called with " + args.size() + " arguments");
                }
                return new NewOrderedDict(m);
            }
            case SET, FROZENSET -> {
                // protocols 0-3 write set(list) / frozenset(list); 4 and 5 have opcodes of their own
                List<Object> items = new ArrayList<>();
                if (args.size() == 1 && args.get(0) instanceof Collection<?> c) items.addAll(c);
                else if (args.size() == 1) throw u.error(f + " called with " + describe(args.get(0)) + ", not a list");
                else if (!args.isEmpty()) throw u.error(f + " called with " + args.size() + " arguments");
                for (Object v : items) u.checkHashable(v, "set element");
                if (f == Fn.FROZENSET) return new FrozenSet(items);
                return new LinkedHashSet<>(items);
            }
            case COUNTER -> {
                // Counter pickles as Counter(dict): a map of counts (a MultiStepLR's milestones, say)
                PyCounter m = new PyCounter();
                if (args.size() == 1 && args.get(0) instanceof Map<?, ?> counts) m.putAll(counts);
                else if (!args.isEmpty()) throw u.error("Counter called with " + args.size() + " arguments");
                return m;
            }
            case REBUILD_TENSOR_V2, REBUILD_TENSOR -> {
                int n = f == Fn.REBUILD_TENSOR ? 4 : 6;
                if (args.size() != n && !(f == Fn.REBUILD_TENSOR_V2 && args.size() == 7)) {
                    throw u.error(f.fullName + " expects " + n + " arguments, got " + args.size());
                }
                if (!(args.get(0) instanceof Storage storage)) throw u.error(f.fullName + ": argument 0 is not a storage");
                Tensor t = Unpickler.rebuild(u, storage, longArg(u, args, 1, f), longs(u, args.get(2), f + " size"),
                        longs(u, args.get(3), f + " stride"));
                // argument 5 (backward hooks) and 6 (Python metadata) have no torch4j counterpart
                return f == Fn.REBUILD_TENSOR ? t : requiresGrad(u, t, boolArg(u, args, 4, f));
            }
            case REBUILD_QTENSOR -> {
                return QuantizedCheckpoint.rebuild(u, args);
            }
            case REBUILD_PARAMETER, REBUILD_PARAMETER_WITH_STATE -> {
                int n = f == Fn.REBUILD_PARAMETER ? 3 : 4;
                if (args.size() != n) throw u.error(f.fullName + " expects " + n + " arguments, got " + args.size());
                if (!(args.get(0) instanceof Tensor t)) throw u.error(f.fullName + ": argument 0 is not a tensor");
                return requiresGrad(u, t, boolArg(u, args, 1, f));
            }
            case REBUILD_FROM_TYPE_V2 -> {
                if (args.size() != 4) throw u.error(f.fullName + " expects 4 arguments, got " + args.size());
                if (args.get(1) != Fn.TENSOR && args.get(1) != Fn.PARAMETER) {
                    throw u.error(f.fullName + ": tensor subclass " + describe(args.get(1)) + " is not supported");
                }
                if (!(args.get(2) instanceof Tuple inner)) throw u.error(f.fullName + ": argument 2 is not a tuple");
                // only a plain rebuild function may be wrapped: nesting this call would recurse without bound
                Object inFn = args.get(0);
                if (inFn != Fn.REBUILD_TENSOR_V2 && inFn != Fn.REBUILD_TENSOR && inFn != Fn.REBUILD_PARAMETER
                        && inFn != Fn.REBUILD_PARAMETER_WITH_STATE) {
                    throw u.error(f.fullName + " wraps " + describe(inFn) + ", not a tensor rebuild function");
                }
                Object t = call(u, inFn, inner);
                if (!(t instanceof Tensor)) throw u.error(f.fullName + " must rebuild a tensor");
                return t; // argument 3 (Python attributes set on the tensor) has no torch4j counterpart
            }
            case SIZE -> {
                if (args.size() != 1) throw u.error("torch.Size expects one tuple");
                return Size.of(longs(u, args.get(0), "torch.Size"));
            }
            case DEVICE -> {
                return device(u, args);
            }
            case CODECS_ENCODE -> {
                // protocol 2 pickles bytes as _codecs.encode(latin-1 text, 'latin1')
                if (args.size() != 2 || !(args.get(0) instanceof String text) || !(args.get(1) instanceof String enc)) {
                    throw u.error("_codecs.encode expects (str, encoding)");
                }
                return switch (enc.toLowerCase(java.util.Locale.ROOT).replace('_', '-')) {
                    case "latin1", "latin-1", "iso-8859-1" -> text.getBytes(StandardCharsets.ISO_8859_1);
                    case "utf-8", "utf8" -> text.getBytes(StandardCharsets.UTF_8);
                    case "ascii" -> text.getBytes(StandardCharsets.US_ASCII);
                    default -> throw u.error("_codecs.encode with unsupported encoding '" + enc + "'");
                };
            }
            case BYTES -> { // protocols 0-2 write an empty bytes object as bytes()
                if (!args.isEmpty()) throw u.error("builtins.bytes is only allowed without arguments (an empty bytes object)");
                return new byte[0];
            }
            case NP_RECONSTRUCT -> {
                return NumpyPickle.reconstruct(u, args);
            }
            case NP_FROMBUFFER -> {
                return NumpyPickle.fromBuffer(u, args);
            }
            case NP_SCALAR -> {
                return NumpyPickle.scalar(u, args);
            }
            case NP_DTYPE -> {
                return NumpyPickle.dtype(u, args);
            }
            default -> throw u.error("REDUCE on " + f + ", which torch4j does not call");
        }
    }

    /** NEWOBJ: {@code torch.nn.Parameter(data[, requires_grad])}, or an opaque object of a class allowed as such. */
    static Object newObject(Unpickler u, Object cls, Tuple args) throws IOException {
        if (cls instanceof ScriptObject.ScriptClass c) {
            if (!args.isEmpty()) throw u.error("NEWOBJ of class " + c.qualifiedName() + " with arguments " + describe(args));
            return new ScriptObject(c);
        }
        if (cls == Fn.SCRIPT_OBJECT) {
            if (!args.isEmpty()) throw u.error("NEWOBJ of torch.ScriptObject with arguments " + describe(args));
            return new TorchBindObject();
        }
        if (cls != Fn.PARAMETER) throw u.error("NEWOBJ of " + describe(cls) + ": only nn.Parameter may be created");
        if (args.isEmpty() || args.size() > 2 || !(args.get(0) instanceof Tensor t)) {
            throw u.error("nn.Parameter expects (tensor[, requires_grad])");
        }
        return requiresGrad(u, t, args.size() == 2 ? boolArg(u, args, 1, Fn.PARAMETER) : true);
    }

    private static Device device(Unpickler u, Tuple args) throws IOException {
        if (args.isEmpty() || args.size() > 2 || !(args.get(0) instanceof String type)) {
            throw u.error("torch.device expects (type[, index])");
        }
        Object index = args.size() == 2 ? args.get(1) : null;
        try {
            if (index == null) return Device.of(type);
            if (!(index instanceof Long i) || i < 0 || i > Integer.MAX_VALUE) throw u.error("torch.device index " + index);
            if (type.equals("cpu")) return Device.CPU;
            if (type.equals("cuda")) return Device.cuda(i.intValue());
        } catch (IllegalArgumentException e) {
            // Device.of's message names the string
            throw u.error("torch.device: " + e.getMessage());
        }
        throw u.error("torch.device type '" + type + "' is not supported by torch4j");
    }

    private static Tensor requiresGrad(Unpickler u, Tensor t, boolean rg) throws IOException {
        if (!rg) return t;
        if (!t.dtype().isDifferentiable()) {
            throw u.error("only floating point and complex tensors can require gradients, got " + t.dtype());
        }
        return t.requiresGrad_(true);
    }

    static long longArg(Unpickler u, Tuple args, int i, Fn f) throws IOException {
        if (!(args.get(i) instanceof Long v)) throw u.error(f.fullName + ": argument " + i + " is not an int");
        return v;
    }

    static boolean boolArg(Unpickler u, Tuple args, int i, Fn f) throws IOException {
        if (!(args.get(i) instanceof Boolean v)) throw u.error(f.fullName + ": argument " + i + " is not a bool");
        return v;
    }

    static long[] longs(Unpickler u, Object o, String what) throws IOException {
        if (o instanceof Size s) return s.toArray();
        if (!(o instanceof Tuple t)) throw u.error(what + " is " + describe(o) + ", not a tuple");
        if (t.size() > 64) throw u.error(what + " has " + t.size() + " dims (at most 64)");
        long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(t.get(i) instanceof Long v)) throw u.error(what + " holds " + describe(t.get(i)) + ", not an int");
            out[i] = v;
        }
        return out;
    }

    /** A short Python-flavoured description of a value for error messages. */
    static String describe(Object o) {
        if (o == null) return "None";
        if (o instanceof Fn || o instanceof StorageType) return o.toString();
        if (o instanceof DType d) return "<global " + d + ">";
        if (o instanceof QScheme q) return "<global " + q + ">";
        if (o instanceof String) return "a str";
        if (o instanceof Long || o instanceof java.math.BigInteger) return "an int";
        if (o instanceof Double) return "a float";
        if (o instanceof Boolean) return "a bool";
        if (o instanceof Tuple) return "a tuple";
        if (o instanceof List<?>) return "a list";
        if (o instanceof Map<?, ?>) return "a dict";
        if (o instanceof FrozenSet) return "a frozenset";
        if (o instanceof Set<?>) return "a set";
        if (o instanceof ScriptObject.ScriptClass c) return "<class " + c.qualifiedName() + ">";
        if (o instanceof ScriptObject so) return "a " + so.cls.qualifiedName() + " object";
        if (o instanceof TorchBindObject b) return "a torch.ScriptObject (" + b.qualifiedName() + ")";
        if (o instanceof Tensor) return "a tensor";
        if (o instanceof Storage) return "a storage";
        if (o instanceof byte[]) return "bytes";
        if (o instanceof NumpyPickle.NpDtype || o instanceof NumpyPickle.ArrayStub) return o.toString();
        return "a " + o.getClass().getSimpleName();
    }
}
