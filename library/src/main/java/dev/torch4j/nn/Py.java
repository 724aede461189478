package dev.torch4j.nn;

import dev.torch4j.Tensor;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Internal: Python's spelling of values in reprs and error messages ({@code repr(1e-05)}, {@code True}, tuples),
 * shared by {@code nn} and {@code optim} so their messages read exactly as PyTorch's.
 */
public final class Py {
    private Py() {}

    /**
     * {@code repr(float)}: the shortest digits that round-trip (as Java's {@code Double.toString} since JDK 19),
     * in positional notation when the exponent is in [-4, 16), else as {@code 1e-05} / {@code 1e+16}.
     */
    public static String repr(double v) { return dev.torch4j.format.PyFormat.repr(v); }

    /** {@code str(bool)}. */
    public static String repr(boolean b) { return b ? "True" : "False"; }

    /** {@code repr(tuple(ints))}: {@code (10,)} or {@code (2, 5)}. */
    public static String tuple(long... v) {
        if (v.length == 1) return "(" + v[0] + ",)";
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? ", " : "").append(v[i]);
        return sb.append(')').toString();
    }

    /** {@code repr(list_of_str)}: {@code ['a', 'b']}. */
    public static String strList(java.util.Collection<String> names) {
        return names.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", ", "[", "]"));
    }

    /** {@code torch.typename(t)} for a CPU tensor: {@code torch.FloatTensor}, {@code torch.LongTensor}, ... */
    public static String typename(Tensor t) {
        String base = switch (t.dtype()) {
            case COMPLEX64 -> "ComplexFloat";
            case COMPLEX128 -> "ComplexDouble";
            case QUINT8 -> "QUInt8";
            case QINT8 -> "QInt8";
            case QINT32 -> "QInt32";
            case QUINT4X2 -> "QUInt4x2";
            case FLOAT32 -> "Float";
            case FLOAT64 -> "Double";
            case FLOAT16 -> "Half";
            case BFLOAT16 -> "BFloat16";
            case INT64 -> "Long";
            case INT32 -> "Int";
            case INT16 -> "Short";
            case INT8 -> "Char";
            case UINT8 -> "Byte";
            case BOOL -> "Bool";
        };
        return (t.isQuantized() ? "torch.quantized." : t.isCuda() ? "torch.cuda." : "torch.") + base + "Tensor";
    }

    /** PyTorch's {@code _addindent}: indents every line but the first by {@code n} spaces. */
    public static String addIndent(String s, int n) {
        int nl = s.indexOf('\n');
        if (nl < 0) return s;
        String[] rest = s.substring(nl + 1).split("\n", -1);
        StringBuilder sb = new StringBuilder(s.substring(0, nl + 1));
        for (int i = 0; i < rest.length; i++) sb.append(i > 0 ? "\n" : "").append(" ".repeat(n)).append(rest[i]);
        return sb.toString();
    }
}
