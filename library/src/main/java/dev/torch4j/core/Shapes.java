package dev.torch4j.core;

import java.util.Arrays;

/** Shape arithmetic shared by every layer: element counts, contiguous strides, broadcasting, dim wrapping. */
public final class Shapes {
    private Shapes() {}

    /** Number of elements of a shape (1 for a 0-d shape). */
    public static long numel(long[] shape) {
        long n = 1;
        for (long s : shape) n *= s;
        return n;
    }

    /** Row-major strides, in elements, for a shape. */
    public static long[] contiguousStrides(long[] shape) {
        long[] st = new long[shape.length];
        long acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = acc;
            acc *= Math.max(shape[i], 1);
        }
        return st;
    }

    /** True when strides describe a row-major layout (dims of size 1 may have any stride, as in PyTorch). */
    public static boolean isContiguous(long[] shape, long[] strides) {
        for (long s : shape) if (s == 0) return true; // an empty tensor is contiguous whatever its strides
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1) {
                if (strides[i] != expected) return false;
                expected *= shape[i];
            }
        }
        return true;
    }

    /** Formats a shape as PyTorch does in messages: {@code [2, 3]}. */
    public static String str(long[] shape) {
        return Arrays.toString(shape);
    }

    /** Wraps a possibly negative dim into {@code [0, ndim)}; 0-d tensors accept dims -1 and 0. */
    public static int wrapDim(long dim, int ndim) {
        return wrapDim(null, dim, ndim);
    }

    /** {@link #wrapDim(long, int)} whose error names the op ({@code "transpose: Dimension out of range ..."}). */
    public static int wrapDim(String op, long dim, int ndim) {
        int n = Math.max(ndim, 1);
        if (dim < -n || dim >= n) {
            throw new IndexOutOfBoundsException((op == null ? "" : op + ": ") + "Dimension out of range (expected to be in range of ["
                    + (-n) + ", " + (n - 1) + "], but got " + dim + ")");
        }
        return (int) (dim < 0 ? dim + n : dim);
    }

    /** The broadcast shape of two shapes, or an error naming the op and both shapes. */
    public static long[] broadcast(String op, long[] a, long[] b) {
        int n = Math.max(a.length, b.length);
        long[] out = new long[n];
        for (int i = n - 1; i >= 0; i--) { // from the last dim, so the error names the dim PyTorch names
            int ia = a.length - n + i, ib = b.length - n + i;
            long sa = ia >= 0 ? a[ia] : 1, sb = ib >= 0 ? b[ib] : 1;
            if (sa == sb || sb == 1) out[i] = sa;
            else if (sa == 1) out[i] = sb;
            else throw new IllegalArgumentException(op + ": The size of tensor a (" + sa + ") must match the size of tensor b ("
                    + sb + ") at non-singleton dimension " + i + " (shapes " + str(a) + " and " + str(b) + ")");
        }
        return out;
    }

    /** Strides that read a tensor of {@code shape}/{@code strides} as if expanded to {@code target} (0 on broadcast dims). */
    public static long[] expandStrides(String op, long[] shape, long[] strides, long[] target) {
        int n = target.length;
        if (shape.length > n) {
            throw new IllegalArgumentException(op + ": the number of sizes provided (" + n
                    + ") must be greater or equal to the number of dimensions in the tensor (" + shape.length + ")");
        }
        long[] out = new long[n];
        if (shape.length == 0) return out; // a 0-d tensor expands with stride 0 everywhere, as in PyTorch
        for (int i = n - 1; i >= 0; i--) {
            int j = shape.length - n + i;
            // a new leading dim of size 1 gets the stride a contiguous tensor would have there, as PyTorch's
            // inferExpandGeometry gives it; a new dim of any other size repeats (stride 0)
            if (j < 0) { out[i] = target[i] == 1 ? (i == n - 1 ? 1 : target[i + 1] * out[i + 1]) : 0; continue; }
            if (shape[j] == target[i]) out[i] = strides[j];
            else if (shape[j] == 1) out[i] = 0;
            else throw new IllegalArgumentException(op + ": The expanded size of the tensor (" + target[i]
                    + ") must match the existing size (" + shape[j] + ") at non-singleton dimension " + i
                    + ".  Target sizes: " + str(target) + ".  Tensor sizes: " + str(shape));
        }
        return out;
    }

    /** Checks sizes are non-negative and the element count fits a Java array; returns the count. */
    public static int checkedNumel(String op, long[] shape) {
        long n = 1;
        for (long s : shape) {
            if (s < 0) throw new IllegalArgumentException(op + ": negative dimension " + s + " in shape " + str(shape));
            n = Math.multiplyExact(n, s);
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(op + ": shape " + str(shape) + " has " + n
                    + " elements; a CPU storage holds at most 2^31-1 elements (it is a Java array)");
        }
        return (int) n;
    }

    /** Copies a shape and checks it has no negative sizes. */
    public static long[] copyOf(long... shape) {
        long[] s = shape.clone();
        for (long v : s) if (v < 0) throw new IllegalArgumentException("Trying to create tensor with negative dimension " + v + ": " + str(s));
        return s;
    }
}
