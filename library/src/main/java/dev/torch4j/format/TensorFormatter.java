package dev.torch4j.format;

import dev.torch4j.DType;
import dev.torch4j.Device;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code repr(tensor)} exactly as PyTorch prints it, character for character: a port of
 * {@code torch/_tensor_str.py} ({@code _str_intern}, {@code _tensor_str}, {@code _Formatter}, {@code _vector_str},
 * {@code _add_suffixes}, {@code get_summarized_data}). Where PyTorch 2.x prints differently from 1.13 this follows
 * 2.x: forced {@code sciMode} sizes columns from the notation actually printed, and {@code edgeitems=0} prints
 * {@code [...]} with a {@code size=} suffix.
 *
 * <p>Only the printed elements are read from the {@link ElementSource}, each once.
 */
public final class TensorFormatter {
    private static final String PREFIX = "tensor(";

    private TensorFormatter() {}

    /** {@code repr(t)} of a CPU tensor without autograd history, with the current {@link PrintOptions}. */
    public static String format(ElementSource src) {
        return format(src, Device.CPU, false, null);
    }

    /**
     * {@code repr(t)} with the current {@link PrintOptions} and float32 as the default dtype.
     *
     * @param device       the tensor's device; anything but the CPU adds {@code device='cuda:0'}
     * @param requiresGrad adds {@code requires_grad=True} when there is no {@code gradFnName}
     * @param gradFnName   the grad_fn's class name ({@code "MulBackward0"}), or null for a leaf
     */
    public static String format(ElementSource src, Device device, boolean requiresGrad, String gradFnName) {
        return format(src, device, requiresGrad, gradFnName, DType.FLOAT32, PrintOptions.get());
    }

    /**
     * {@code repr(t)}, in full generality.
     *
     * @param defaultDtype {@code torch.get_default_dtype()}: the floating dtype printed without a {@code dtype=}
     *                     suffix (int64 and bool never print one, except for empty tensors)
     * @param options      the print options to use
     */
    public static String format(ElementSource src, Device device, boolean requiresGrad, String gradFnName,
                                DType defaultDtype, PrintOptions options) {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(defaultDtype, "defaultDtype");
        Objects.requireNonNull(options, "options");
        long[] shape = src.shape();
        DType dtype = src.dtype();
        int indent = PREFIX.length();
        List<String> suffixes = new ArrayList<>(4);
        if (!device.isCpu()) suffixes.add("device='" + device + "'");
        boolean hasDefaultDtype = dtype == defaultDtype || dtype == DType.INT64 || dtype == DType.BOOL;
        String body;
        if (numel(shape) == 0) {
            // Explicitly print the shape if it is not (0,), to match NumPy; an empty tensor always names a
            // non-default dtype since there are no elements to infer it from.
            if (shape.length != 1) suffixes.add("size=" + tupleStr(shape));
            if (dtype != defaultDtype) suffixes.add("dtype=" + dtype);
            body = "[]";
        } else {
            if (options.edgeitems() == 0) suffixes.add("size=" + tupleStr(shape));
            if (!hasDefaultDtype) suffixes.add("dtype=" + dtype);
            body = formatData(src, indent, options);
        }
        if (gradFnName != null) suffixes.add("grad_fn=<" + gradFnName + ">");
        else if (requiresGrad) suffixes.add("requires_grad=True");
        return addSuffixes(PREFIX + body, suffixes, indent, options.linewidth());
    }

    /** {@code str(torch.Size(shape))}: {@code torch.Size([20, 5, 50])}, {@code torch.Size([])}. */
    public static String formatSize(long[] shape) {
        StringBuilder sb = new StringBuilder("torch.Size([");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape[i]);
        }
        return sb.append("])").toString();
    }

    /**
     * The bracketed data alone, as {@code torch._tensor_str._tensor_str(t, indent)}: {@code [[1, 2],\n  [3, 4]]}
     * for an indent of 1, {@code []} for an empty tensor. {@code indent} is the column the data starts at.
     */
    public static String formatData(ElementSource src, int indent, PrintOptions options) {
        long[] shape = src.shape().clone();
        long n = numel(shape);
        if (n == 0) return "[]";
        int nd = shape.length;
        boolean summarize = (double) n > options.threshold();
        int edge = options.edgeitems();
        if (summarize && edge == 0 && nd > 0) return "[...]"; // PyTorch 2.x; every dim >= 1 here

        long[][] kept = new long[nd][];
        boolean[] elided = new boolean[nd];
        long count = 1;
        for (int d = 0; d < nd; d++) {
            long size = shape[d];
            elided[d] = summarize && size > 2L * edge;
            if (elided[d]) {
                kept[d] = new long[2 * edge];
                for (int j = 0; j < edge; j++) {
                    kept[d][j] = j;
                    kept[d][edge + j] = size - edge + j;
                }
            } else {
                if (size > Integer.MAX_VALUE - 8) throw tooLarge(shape);
                kept[d] = new long[(int) size];
                for (int j = 0; j < size; j++) kept[d][j] = j;
            }
            count *= kept[d].length;
            if (count > Integer.MAX_VALUE - 8) throw tooLarge(shape);
        }

        ValueFormatter fmt = ValueFormatter.read(src, kept, (int) count, options);
        StringBuilder sb = new StringBuilder();
        if (nd == 0) {
            sb.append(fmt.format(0));
        } else {
            render(sb, fmt, kept, elided, 0, indent, new int[1], edge, options.linewidth());
        }
        return sb.toString();
    }

    private static IllegalStateException tooLarge(long[] shape) {
        return new IllegalStateException("tensor of shape " + tupleStr(shape)
                + " is too large to print in full; lower the print threshold");
    }

    /** {@code _tensor_str_with_formatter} / {@code _vector_str} over the kept indices, in row-major order. */
    private static void render(StringBuilder sb, ValueFormatter fmt, long[][] kept, boolean[] elided, int d,
                               int indent, int[] cursor, int edge, int linewidth) {
        int nd = kept.length;
        int n = kept[d].length;
        if (d == nd - 1) {
            int elementLength = fmt.width() + 2;
            int perLine = Math.max(1, Math.floorDiv(linewidth - indent, elementLength));
            String lineSep = ",\n" + " ".repeat(indent + 1);
            sb.append('[');
            int onLine = 0;
            int total = n + (elided[d] ? 1 : 0);
            for (int k = 0; k < total; k++) {
                String item;
                if (elided[d] && k == edge) item = " ...";
                else item = fmt.format(cursor[0]++);
                if (k > 0) {
                    if (onLine == perLine) {
                        sb.append(lineSep);
                        onLine = 0;
                    } else {
                        sb.append(", ");
                    }
                }
                sb.append(item);
                onLine++;
            }
            sb.append(']');
            return;
        }
        String sep = "," + "\n".repeat(nd - d - 1) + " ".repeat(indent + 1);
        sb.append('[');
        for (int j = 0; j < n; j++) {
            if (j > 0) sb.append(sep);
            if (elided[d] && j == edge) sb.append("...").append(sep);
            render(sb, fmt, kept, elided, d + 1, indent + 1, cursor, edge, linewidth);
        }
        sb.append(']');
    }

    /** {@code _add_suffixes}. */
    private static String addSuffixes(String tensorStr, List<String> suffixes, int indent, int linewidth) {
        StringBuilder sb = new StringBuilder(tensorStr);
        int lastLineLen = tensorStr.length() - tensorStr.lastIndexOf('\n') + 1;
        for (String suffix : suffixes) {
            int len = suffix.length();
            if (lastLineLen + len + 2 > linewidth) {
                sb.append(",\n").append(" ".repeat(indent)).append(suffix);
                lastLineLen = indent + len;
            } else {
                sb.append(", ").append(suffix);
                lastLineLen += len + 2;
            }
        }
        return sb.append(')').toString();
    }

    /** Python's {@code str(tuple(shape))}: {@code (0, 3)}, {@code (5,)}, {@code ()}. */
    static String tupleStr(long[] shape) {
        if (shape.length == 1) return "(" + shape[0] + ",)";
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape[i]);
        }
        return sb.append(')').toString();
    }

    /** The element count, saturating at {@code Long.MAX_VALUE}. */
    private static long numel(long[] shape) {
        long n = 1;
        for (long s : shape) {
            if (s == 0) return 0;
        }
        for (long s : shape) {
            long hi = Math.multiplyHigh(n, s);
            long lo = n * s;
            if (hi != 0 || lo < 0) return Long.MAX_VALUE;
            n = lo;
        }
        return n;
    }

    /** {@code _Formatter}: decides int / fixed / scientific mode and the column width from the printed values. */
    private static final class ValueFormatter {
        private final boolean floating;
        private final boolean bool;
        private final int precision;
        private final double[] dvals;
        private final long[] lvals;
        private boolean intMode = true;
        private boolean sciMode = false;
        private int maxWidth = 1;

        private ValueFormatter(DType dtype, int precision, double[] dvals, long[] lvals) {
            this.floating = dtype.isFloatingPoint();
            this.bool = dtype == DType.BOOL;
            this.precision = precision;
            this.dvals = dvals;
            this.lvals = lvals;
        }

        static ValueFormatter read(ElementSource src, long[][] kept, int count, PrintOptions options) {
            DType dtype = src.dtype();
            int nd = kept.length;
            boolean floating = dtype.isFloatingPoint();
            double[] dvals = floating ? new double[count] : null;
            long[] lvals = floating ? null : new long[count];
            long[] idx = new long[nd];
            int[] pos = new int[nd];
            for (int d = 0; d < nd; d++) idx[d] = kept[d][0];
            for (int i = 0; i < count; i++) {
                if (floating) dvals[i] = src.getDouble(idx);
                else lvals[i] = src.getLong(idx);
                for (int d = nd - 1; d >= 0; d--) {
                    if (++pos[d] < kept[d].length) {
                        idx[d] = kept[d][pos[d]];
                        break;
                    }
                    pos[d] = 0;
                    idx[d] = kept[d][0];
                }
            }
            ValueFormatter f = new ValueFormatter(dtype, options.precision(), dvals, lvals);
            f.init(options.sciMode());
            return f;
        }

        private void init(Boolean forcedSci) {
            if (!floating) {
                for (long v : lvals) maxWidth = Math.max(maxWidth, intStr(v).length());
                return;
            }
            double min = Double.POSITIVE_INFINITY;
            double max = 0;
            boolean any = false;
            for (double v : dvals) {
                if (!isNonzeroFinite(v)) continue;
                any = true;
                double a = Math.abs(v);
                min = Math.min(min, a);
                max = Math.max(max, a);
                if (intMode && v != Math.ceil(v)) intMode = false;
            }
            if (!any) return; // no valid number: int mode, width 1, never scientific
            sciMode = forcedSci != null ? forcedSci : (max / min > 1000.0 || max > 1.0e8 || min < 1.0e-4);
            for (double v : dvals) {
                if (!isNonzeroFinite(v)) continue;
                int len;
                if (sciMode) len = PyFormat.sci(v, precision).length();
                else if (intMode) len = PyFormat.fixed(v, 0).length() + 1;
                else len = PyFormat.fixed(v, precision).length();
                maxWidth = Math.max(maxWidth, len);
            }
        }

        private static boolean isNonzeroFinite(double v) {
            return Double.isFinite(v) && v != 0.0;
        }

        private String intStr(long v) {
            return bool ? (v != 0 ? "True" : "False") : Long.toString(v);
        }

        int width() { return maxWidth; }

        String format(int i) {
            String ret;
            if (floating) {
                double v = dvals[i];
                if (sciMode) ret = PyFormat.sci(v, precision);
                else if (intMode) ret = Double.isFinite(v) ? PyFormat.fixed(v, 0) + "." : PyFormat.fixed(v, 0);
                else ret = PyFormat.fixed(v, precision);
            } else {
                ret = intStr(lvals[i]);
            }
            return PyFormat.padLeft(ret, maxWidth);
        }
    }
}
