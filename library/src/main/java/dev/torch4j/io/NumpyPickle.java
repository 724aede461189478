package dev.torch4j.io;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.core.Shapes;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * NumPy arrays, dtypes and scalars inside a plain pickle ({@link Pickle}), rebuilt in Java the way NumPy's own
 * {@code __reduce__}/{@code __setstate__} pairs define them: {@code _reconstruct(ndarray, (0,), b'b')} followed by a
 * BUILD with {@code (version, shape, dtype, is_fortran, rawdata)} (protocols 2 to 4), {@code _frombuffer(buffer,
 * dtype, shape, order)} (protocol 5), {@code dtype(code, align, copy)} followed by a BUILD with its byte order, and
 * {@code scalar(dtype, bytes)}. Arrays become CPU tensors (Fortran-ordered ones keep NumPy's column-major strides,
 * as {@link Npy} does); object, structured and unsigned wider-than-8-bit arrays are refused with the reason.
 */
final class NumpyPickle {
    private NumpyPickle() {}

    /** An array between {@code _reconstruct} and the BUILD that gives it its contents. */
    static final class ArrayStub {
        @Override public String toString() { return "<numpy.ndarray being rebuilt>"; }
    }

    /** A {@code numpy.dtype}: its type code, and its byte order once BUILD has set it ({@code '<'} until then). */
    static final class NpDtype {
        final String code;
        char order = '<';

        NpDtype(String code) { this.code = code; }

        @Override public String toString() { return "dtype('" + order + code + "')"; }
    }

    /** {@code numpy.dtype(code, align, copy)}. */
    static NpDtype dtype(Unpickler u, Tuple args) throws IOException {
        if (args.isEmpty() || !(args.get(0) instanceof String code)) throw u.error("numpy.dtype expects a type code string");
        return new NpDtype(code);
    }

    /** BUILD on a dtype: {@code (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata])}. */
    static void buildDtype(Unpickler u, NpDtype d, Object state) throws IOException {
        if (!(state instanceof Tuple t) || t.size() < 8 || !(t.get(1) instanceof String order) || order.length() != 1
                || "<>|=".indexOf(order.charAt(0)) < 0) {
            throw u.error("numpy.dtype state " + PickleGlobals.describe(state) + " is not (version, byteorder, ...)");
        }
        if (t.get(2) != null || t.get(3) != null || t.get(4) != null) {
            throw u.error("structured or subarray NumPy dtypes are not supported (dtype code '" + d.code + "')");
        }
        char c = order.charAt(0);
        d.order = c == '=' ? (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? '<' : '>') : c;
    }

    /** {@code numpy.core.multiarray._reconstruct(ndarray, shape, typecode)}: an array waiting for its state. */
    static ArrayStub reconstruct(Unpickler u, Tuple args) throws IOException {
        if (args.size() != 3 || args.get(0) != PickleGlobals.Fn.NP_NDARRAY) {
            throw u.error("numpy _reconstruct is only allowed for numpy.ndarray, got " + describeArgs(args));
        }
        return new ArrayStub();
    }

    /** BUILD on an array: {@code ([version,] shape, dtype, is_fortran, rawdata)}, NumPy's {@code ndarray.__setstate__}. */
    static Tensor buildArray(Unpickler u, Object state) throws IOException {
        if (!(state instanceof Tuple t) || (t.size() != 5 && t.size() != 4)) {
            throw u.error("numpy.ndarray state " + PickleGlobals.describe(state) + " is not (version, shape, dtype, is_fortran, data)");
        }
        int i = t.size() - 4;
        if (!(t.get(i + 2) instanceof Boolean fortran)) throw u.error("numpy.ndarray state: is_fortran is not a bool");
        return array(u, t.get(i + 3), t.get(i), t.get(i + 1), fortran);
    }

    /** {@code numpy.core.numeric._frombuffer(buffer, dtype, shape, order)} (protocol 5). */
    static Tensor fromBuffer(Unpickler u, Tuple args) throws IOException {
        if (args.size() != 4 || !(args.get(3) instanceof String order) || !(order.equals("C") || order.equals("F"))) {
            throw u.error("numpy _frombuffer expects (buffer, dtype, shape, 'C' or 'F'), got " + describeArgs(args));
        }
        return array(u, args.get(0), args.get(2), args.get(1), order.equals("F"));
    }

    /** {@code numpy.core.multiarray.scalar(dtype, bytes)}: a NumPy scalar as a Java Long, Double or Boolean. */
    static Object scalar(Unpickler u, Tuple args) throws IOException {
        if (args.size() != 2 || !(args.get(0) instanceof NpDtype d)) throw u.error("numpy scalar expects (dtype, bytes), got " + describeArgs(args));
        Tensor t = array(u, args.get(1), Tuple.of(), d, false);
        if (t.isComplex()) {
            throw u.error("a NumPy complex scalar (dtype '" + d.order + d.code + "') has no Java value here; complex arrays load "
                    + "as complex tensors, so wrap the scalar in an array (numpy.asarray) before pickling");
        }
        if (t.isFloatingPoint()) return t.item();
        return t.dtype() == DType.BOOL ? (Object) t.itemBool() : (Object) t.itemLong();
    }

    private static Tensor array(Unpickler u, Object raw, Object shapeObj, Object dtypeObj, boolean fortran) throws IOException {
        if (!(dtypeObj instanceof NpDtype d)) throw u.error("numpy array dtype is " + PickleGlobals.describe(dtypeObj) + ", not a numpy.dtype");
        DType dtype = NpyHeader.dtypeOfCode(d.code);
        if (dtype == null) {
            if (d.code.startsWith("O")) {
                throw u.error("NumPy object arrays (dtype 'O') hold arbitrary Python objects and are not supported");
            }
            throw u.error("unsupported NumPy dtype '" + d.order + d.code + "': torch4j reads bool, uint8, int8, int16, int32, "
                    + "int64, float16, float32, float64, complex64 and complex128");
        }
        long[] shape = shape(u, shapeObj);
        byte[] bytes = bytes(u, raw);
        long numel = TensorData.numel(shape, u.name());
        long want = TensorData.nbytes(numel, dtype, u.name());
        if (bytes.length != want) {
            throw u.error("numpy array " + Shapes.str(shape) + " of " + dtype + " needs " + want + " bytes of data, the pickle holds "
                    + bytes.length);
        }
        int n = TensorData.checkArraySize(numel, dtype, u.name());
        ByteOrder order = d.order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        Object carrier = TensorData.decode(MemorySegment.ofArray(bytes), 0, dtype, n, order);
        long[] strides = fortran ? Npy.fortranStrides(shape) : Shapes.contiguousStrides(shape);
        return TensorData.wrap(carrier, dtype, shape, strides, 0);
    }

    private static long[] shape(Unpickler u, Object o) throws IOException {
        if (!(o instanceof Tuple t)) throw u.error("numpy array shape is " + PickleGlobals.describe(o) + ", not a tuple");
        if (t.size() > 64) throw u.error("numpy array shape has " + t.size() + " dims (at most 64)");
        long[] shape = new long[t.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(t.get(i) instanceof Long v) || v < 0) throw u.error("numpy array shape holds " + PickleGlobals.describe(t.get(i)));
            shape[i] = v;
        }
        return shape;
    }

    /** Array data: bytes, or a Python 2 str decoded by the load's encoding (NumPy encodes it back as latin-1). */
    private static byte[] bytes(Unpickler u, Object raw) throws IOException {
        if (raw instanceof byte[] b) return b;
        if (raw instanceof String s) {
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) > 0xff) {
                    throw u.error("numpy array data is a str with characters beyond latin-1: a Python 2 pickle must be "
                            + "loaded with encoding \"latin1\" for its arrays to keep their bytes");
                }
            }
            return s.getBytes(StandardCharsets.ISO_8859_1);
        }
        if (raw instanceof List<?>) throw u.error("NumPy object arrays (data as a list) are not supported");
        throw u.error("numpy array data is " + PickleGlobals.describe(raw) + ", not bytes");
    }

    private static String describeArgs(Tuple args) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < args.size(); i++) sb.append(i > 0 ? ", " : "").append(PickleGlobals.describe(args.get(i)));
        return sb.append(')').toString();
    }
}
