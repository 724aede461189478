package dev.torch4j;

import java.util.Arrays;

/**
 * A tensor's shape, as {@code torch.Size}: immutable, prints as {@code torch.Size([20, 5, 50])}.
 */
public final class Size {
    private final long[] dims;

    private Size(long[] dims) { this.dims = dims; }

    /** A size with the given dims (copied). */
    public static Size of(long... dims) { return new Size(dims.clone()); }

    /** Number of dims. */
    public int size() { return dims.length; }

    /** Size of dim {@code i}; negative indexes count from the end. */
    public long get(int i) {
        int n = dims.length;
        if (i < -n || i >= n) throw new IndexOutOfBoundsException("tuple index out of range: " + i + " for " + this);
        return dims[i < 0 ? i + n : i];
    }

    /** Number of elements, {@code torch.Size.numel()}. */
    public long numel() {
        long n = 1;
        for (long d : dims) n *= d;
        return n;
    }

    /** A copy of the dims. */
    public long[] toArray() { return dims.clone(); }

    @Override public boolean equals(Object o) { return o instanceof Size s && Arrays.equals(dims, s.dims); }

    @Override public int hashCode() { return Arrays.hashCode(dims); }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("torch.Size([");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(dims[i]);
        }
        return sb.append("])").toString();
    }
}
