package dev.torch4j.io;

import dev.torch4j.DType;
import dev.torch4j.Tensor;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an ONNX model file ({@code onnx.ModelProto}, the protobuf {@code torch.onnx.export} writes) into records:
 * the graph's nodes in file order (ONNX requires them topologically sorted), its initializers and constant
 * attributes as CPU tensors, and its inputs and outputs. Field numbers are onnx.proto's. Tensors may keep their
 * bytes in external files beside the model ({@link ExternalData}); string tensors and unsigned 16/32/64-bit tensors
 * (no torch dtype) are refused by name.
 * Execution is {@code dev.torch4j.onnx.OnnxModel}'s.
 */
public final class OnnxFile {
    private OnnxFile() {}

    /** {@code ModelProto}: the IR version, the opset version of each domain ("" is the default ONNX domain), the graph. */
    public record Model(long irVersion, Map<String, Long> opsets, String producerName, String producerVersion, Graph graph) {}

    /** {@code GraphProto}: nodes in execution order, initializers by name, declared inputs and outputs. */
    public record Graph(String name, List<Node> nodes, Map<String, Tensor> initializers, List<ValueInfo> inputs,
                        List<ValueInfo> outputs) {}

    /** {@code NodeProto}: an operator call; an empty input name is an omitted optional input. */
    public record Node(String opType, String domain, String name, List<String> inputs, List<String> outputs,
                       Map<String, Attribute> attributes) {}

    /**
     * {@code AttributeProto}: one of a float, an int, a string, a tensor, a graph, or a list of floats, ints, strings
     * or tensors, told apart by {@code type} (onnx's AttributeType numbers).
     */
    public record Attribute(String name, int type, float f, long i, String s, Tensor t, Graph g, float[] floats, long[] ints,
                            List<String> strings, List<Tensor> tensors) {
        public static final int FLOAT = 1, INT = 2, STRING = 3, TENSOR = 4, GRAPH = 5, FLOATS = 6, INTS = 7, STRINGS = 8, TENSORS = 9;
    }

    /** {@code ValueInfoProto} of a tensor: its name, element type (a torch dtype, or null when unknown) and dims (-1: symbolic). */
    public record ValueInfo(String name, DType dtype, long[] dims, List<String> dimNames) {}

    /** Reads and parses {@code file}. */
    public static Model read(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        Path dir = file.toAbsolutePath().getParent();
        return parse(b, file.toString(), dir);
    }

    /** Parses a model's bytes; {@code name} labels errors. Tensors kept in external files are refused (no folder to find them in). */
    public static Model parse(byte[] bytes, String name) throws IOException { return parse(bytes, name, null); }

    /**
     * Parses a model's bytes; {@code name} labels errors, and tensors stored outside the model (ONNX's external
     * data, as {@code onnx.save_model(..., save_as_external_data=True)} writes for models over protobuf's 2 GB) are
     * read from files in {@code dir}, which their paths may not leave.
     */
    public static Model parse(byte[] bytes, String name, Path dir) throws IOException {
        ProtoReader r = new ProtoReader(bytes, 0, bytes.length, name);
        long ir = 0;
        Map<String, Long> opsets = new LinkedHashMap<>();
        String producer = "", version = "";
        Graph graph = null;
        while (r.more()) {
            int tag = r.tag();
            switch (tag >>> 3) {
                case 1 -> ir = r.varint();
                case 2 -> producer = r.string();
                case 3 -> version = r.string();
                case 7 -> graph = graph(r.message(), dir);
                case 8 -> {
                    ProtoReader o = r.message();
                    String domain = "";
                    long v = 0;
                    while (o.more()) {
                        int t = o.tag();
                        if (t >>> 3 == 1) domain = o.string();
                        else if (t >>> 3 == 2) v = o.varint();
                        else o.skipField(t);
                    }
                    opsets.put(domain.equals("ai.onnx") ? "" : domain, v);
                }
                default -> r.skipField(tag);
            }
        }
        if (graph == null) throw new IOException(name + ": not an ONNX model (no graph)");
        return new Model(ir, opsets, producer, version, graph);
    }

    private static Graph graph(ProtoReader r, Path dir) throws IOException {
        String name = "";
        List<Node> nodes = new ArrayList<>();
        Map<String, Tensor> inits = new LinkedHashMap<>();
        List<ValueInfo> inputs = new ArrayList<>(), outputs = new ArrayList<>();
        while (r.more()) {
            int tag = r.tag();
            switch (tag >>> 3) {
                case 1 -> nodes.add(node(r.message(), dir));
                case 2 -> name = r.string();
                case 5 -> {
                    Named t = tensor(r.message(), dir);
                    inits.put(t.name, t.tensor);
                }
                case 11 -> inputs.add(valueInfo(r.message()));
                case 12 -> outputs.add(valueInfo(r.message()));
                case 15 -> throw r.bad("sparse initializers are not supported");
                default -> r.skipField(tag);
            }
        }
        return new Graph(name, List.copyOf(nodes), inits, List.copyOf(inputs), List.copyOf(outputs));
    }

    private static Node node(ProtoReader r, Path dir) throws IOException {
        List<String> in = new ArrayList<>(), out = new ArrayList<>();
        String op = "", domain = "", name = "";
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        while (r.more()) {
            int tag = r.tag();
            switch (tag >>> 3) {
                case 1 -> in.add(r.string());
                case 2 -> out.add(r.string());
                case 3 -> name = r.string();
                case 4 -> op = r.string();
                case 5 -> {
                    Attribute a = attribute(r.message(), dir);
                    attrs.put(a.name(), a);
                }
                case 7 -> domain = r.string();
                default -> r.skipField(tag);
            }
        }
        return new Node(op, domain.equals("ai.onnx") ? "" : domain, name, List.copyOf(in), List.copyOf(out), attrs);
    }

    private static Attribute attribute(ProtoReader r, Path dir) throws IOException {
        String name = "", s = null;
        int type = 0;
        float f = 0;
        long i = 0;
        Tensor t = null;
        Graph g = null;
        ProtoReader.FloatList floats = new ProtoReader.FloatList();
        ProtoReader.LongList ints = new ProtoReader.LongList();
        List<String> strings = new ArrayList<>();
        List<Tensor> tensors = new ArrayList<>();
        while (r.more()) {
            int tag = r.tag();
            switch (tag >>> 3) {
                case 1 -> name = r.string();
                case 2 -> f = Float.intBitsToFloat(r.fixed32());
                case 3 -> i = r.varint();
                case 4 -> s = r.string();
                case 5 -> t = tensor(r.message(), dir).tensor;
                case 6 -> g = graph(r.message(), dir);
                case 7 -> r.floats(tag, floats);
                case 8 -> r.int64s(tag, ints);
                case 9 -> strings.add(r.string());
                case 10 -> tensors.add(tensor(r.message(), dir).tensor);
                case 20 -> type = (int) r.varint();
                default -> r.skipField(tag);
            }
        }
        return new Attribute(name, type, f, i, s, t, g, floats.toArray(), ints.toArray(), List.copyOf(strings), List.copyOf(tensors));
    }

    private static ValueInfo valueInfo(ProtoReader r) throws IOException {
        String name = "";
        DType dtype = null;
        List<Long> dims = new ArrayList<>();
        List<String> dimNames = new ArrayList<>();
        while (r.more()) {
            int tag = r.tag();
            if (tag >>> 3 == 1) {
                name = r.string();
            } else if (tag >>> 3 == 2) {
                ProtoReader type = r.message();
                while (type.more()) {
                    int tt = type.tag();
                    if (tt >>> 3 != 1) {
                        type.skipField(tt);
                        continue;
                    }
                    ProtoReader tensorType = type.message();
                    while (tensorType.more()) {
                        int x = tensorType.tag();
                        if (x >>> 3 == 1) {
                            dtype = dtypeOrNull((int) tensorType.varint());
                        } else if (x >>> 3 == 2) {
                            ProtoReader shape = tensorType.message();
                            while (shape.more()) {
                                int st = shape.tag();
                                if (st >>> 3 != 1) {
                                    shape.skipField(st);
                                    continue;
                                }
                                ProtoReader dim = shape.message();
                                long value = -1;
                                String param = "";
                                while (dim.more()) {
                                    int dt = dim.tag();
                                    if (dt >>> 3 == 1) value = dim.varint();
                                    else if (dt >>> 3 == 2) param = dim.string();
                                    else dim.skipField(dt);
                                }
                                dims.add(value);
                                dimNames.add(param);
                            }
                        } else {
                            tensorType.skipField(x);
                        }
                    }
                }
            } else {
                r.skipField(tag);
            }
        }
        return new ValueInfo(name, dtype, dims.stream().mapToLong(Long::longValue).toArray(), List.copyOf(dimNames));
    }

    private record Named(String name, Tensor tensor) {}

    /** {@code TensorProto}: little-endian raw_data, or the typed repeated fields. */
    private static Named tensor(ProtoReader r, Path dir) throws IOException {
        ProtoReader.LongList dims = new ProtoReader.LongList(), ints = new ProtoReader.LongList();
        ProtoReader.FloatList floats = new ProtoReader.FloatList();
        ProtoReader.DoubleList doubles = new ProtoReader.DoubleList();
        int dataType = 0, rawAt = -1, rawLen = 0;
        String name = "";
        boolean external = false;
        Map<String, String> externalData = new LinkedHashMap<>();
        while (r.more()) {
            int tag = r.tag();
            switch (tag >>> 3) {
                case 1 -> r.int64s(tag, dims);
                case 2 -> dataType = (int) r.varint();
                case 4 -> r.floats(tag, floats);
                case 5, 7, 11 -> r.int64s(tag, ints); // int32_data (zigzag-free varints), int64_data, uint64_data
                case 6 -> throw r.bad("string tensors are not supported");
                case 8 -> name = r.string();
                case 9 -> {
                    rawLen = r.length();
                    rawAt = r.position();
                    r.skip(rawLen);
                }
                case 10 -> r.doubles(tag, doubles);
                case 13 -> {
                    ProtoReader e = r.message();
                    String key = "", value = "";
                    while (e.more()) {
                        int t = e.tag();
                        if (t >>> 3 == 1) key = e.string();
                        else if (t >>> 3 == 2) value = e.string();
                        else e.skipField(t);
                    }
                    externalData.put(key, value);
                }
                case 14 -> external |= r.varint() == 1;
                default -> r.skipField(tag);
            }
        }
        String what = "tensor '" + name + "'";
        DType dtype = dtypeOrNull(dataType);
        if (dtype == null) throw r.bad(what + " has ONNX data type " + dataType + ", which has no torch dtype");
        long[] shape = dims.toArray();
        int numel = TensorData.checkArraySize(TensorData.numel(shape, what), dtype, what);
        Object array;
        if (external) {
            array = ExternalData.read(externalData, dir, dtype, numel, what, r);
        } else if (rawAt >= 0) {
            long nbytes = TensorData.nbytes(numel, dtype, what);
            if (nbytes != rawLen) throw r.bad(what + ": raw_data has " + rawLen + " bytes, its shape and dtype need " + nbytes);
            array = TensorData.decode(MemorySegment.ofArray(r.array()), rawAt, dtype, numel, ByteOrder.LITTLE_ENDIAN);
        } else {
            int have = dtype == DType.FLOAT32 || dtype == DType.COMPLEX64 ? floats.n
                    : dtype == DType.FLOAT64 || dtype == DType.COMPLEX128 ? doubles.n : ints.n;
            int want = dtype.isComplex() ? 2 * numel : numel;
            if (have != want) throw r.bad(what + " holds " + have + " values, its shape needs " + want);
            array = typed(dtype, want, floats, doubles, ints);
        }
        return new Named(name, TensorData.wrap(array, dtype, shape, dev.torch4j.core.Shapes.contiguousStrides(shape), 0));
    }

    private static Object typed(DType dtype, int n, ProtoReader.FloatList floats, ProtoReader.DoubleList doubles, ProtoReader.LongList ints) {
        return switch (dtype) {
            case FLOAT32, COMPLEX64 -> java.util.Arrays.copyOf(floats.a, n);
            case FLOAT64, COMPLEX128 -> java.util.Arrays.copyOf(doubles.a, n);
            case INT64 -> java.util.Arrays.copyOf(ints.a, n);
            case INT32 -> {
                int[] a = new int[n];
                for (int k = 0; k < n; k++) a[k] = (int) ints.a[k];
                yield a;
            }
            case INT16, FLOAT16, BFLOAT16 -> { // half types travel as their 16-bit patterns
                short[] a = new short[n];
                for (int k = 0; k < n; k++) a[k] = (short) ints.a[k];
                yield a;
            }
            case INT8, UINT8, BOOL -> {
                byte[] a = new byte[n];
                for (int k = 0; k < n; k++) a[k] = dtype == DType.BOOL ? (byte) (ints.a[k] != 0 ? 1 : 0) : (byte) ints.a[k];
                yield a;
            }
            default -> throw new IllegalStateException("unreachable: " + dtype);
        };
    }

    /** onnx's TensorProto.DataType as a torch dtype; null for those torch lacks (strings, unsigned 16/32/64-bit). */
    public static DType dtypeOrNull(int onnxType) {
        return switch (onnxType) {
            case 1 -> DType.FLOAT32;
            case 2 -> DType.UINT8;
            case 3 -> DType.INT8;
            case 5 -> DType.INT16;
            case 6 -> DType.INT32;
            case 7 -> DType.INT64;
            case 9 -> DType.BOOL;
            case 10 -> DType.FLOAT16;
            case 11 -> DType.FLOAT64;
            case 14 -> DType.COMPLEX64;
            case 15 -> DType.COMPLEX128;
            case 16 -> DType.BFLOAT16;
            default -> null;
        };
    }
}
