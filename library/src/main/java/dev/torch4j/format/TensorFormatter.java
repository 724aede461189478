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
 * {@code [...]} with a {@code size=} suffix. Complex tensors print as PyTorch's do: the real and the imaginary
 * parts each get their own formatter (mode, precision and width), as in {@code tensor([ 1.0000+0.5000j, -3.0000-2.0000j])}.
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
     *                     suffix (int64, bool and the matching complex dtype, complex128 for float64 and complex64
     *                     otherwise, never print one, except for empty tensors)
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
        // _str_intern: the default complex dtype is complex128 when the default dtype is float64, else complex64
        boolean hasDefaultDtype = hasDefaultDtype(dtype, defaultDtype);
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
        return addSuffixes(PREFIX + body, suffixes, indent, options.linewidth(), false);
    }

    /** {@code _str_intern}'s {@code has_default_dtype}: dtypes printed without a {@code dtype=} suffix. */
    static boolean hasDefaultDtype(DType dtype, DType defaultDtype) {
        // the default complex dtype is complex128 when the default dtype is float64, else complex64
        DType defaultComplex = defaultDtype == DType.FLOAT64 ? DType.COMPLEX128 : DType.COMPLEX64;
        return dtype == defaultDtype || dtype == defaultComplex || dtype == DType.INT64 || dtype == DType.BOOL;
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

    /** {@code _add_suffixes}; {@code forceNewline} (sparse COO tensors) starts the first suffix on a new line. */
    static String addSuffixes(String tensorStr, List<String> suffixes, int indent, int linewidth, boolean forceNewline) {
        StringBuilder sb = new StringBuilder(tensorStr);
        int lastLineLen = tensorStr.length() - tensorStr.lastIndexOf('\n') + 1;
        for (String suffix : suffixes) {
            int len = suffix.length();
            if (forceNewline || lastLineLen + len + 2 > linewidth) {
                sb.append(",\n").append(" ".repeat(indent)).append(suffix);
                lastLineLen = indent + len;
                forceNewline = false;
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
}
