package dev.torch4j;

/**
 * The non-integer, non-tensor parts of a PyTorch index expression {@code t[...]}: slices, {@code None} (a new
 * axis) and {@code ...} (Ellipsis). Pass them to {@link Tensor#index(Object...)} together with integers
 * ({@code int}/{@code long}), booleans, tensors (int64/int32 index tensors, bool masks) and Java arrays or lists of
 * integers or booleans (made into index tensors, like Python lists):
 *
 * <pre>{@code
 * import static dev.torch4j.Torch.*;
 * t.index(slice(1, null, 2), NONE, ELLIPSIS, 0);   // t[1::2, None, ..., 0]
 * t.index(ALL, tensor(new long[] {0, 2}));          // t[:, [0, 2]]
 * }</pre>
 *
 * Slice bounds are {@link Number}s so both {@code int} and {@code long} literals box into them; {@code null} means
 * "from the start" / "to the end", as an omitted bound in Python.
 */
public sealed interface Index permits Index.Slice, Index.Special {

    /** {@code None}: inserts a new axis of size 1. */
    Index NONE = Special.NONE;

    /** {@code ...}: as many full slices as needed to index every remaining dim. */
    Index ELLIPSIS = Special.ELLIPSIS;

    /** {@code :}: the whole dim. */
    Slice ALL = new Slice(null, null, 1);

    /** {@code start:stop} (either may be null). */
    static Slice slice(Number start, Number stop) { return new Slice(bound(start), bound(stop), 1); }

    /** {@code start:stop:step} (start and stop may be null; a null step is 1). The step must be positive. */
    static Slice slice(Number start, Number stop, Number step) {
        Long s = bound(step);
        return new Slice(bound(start), bound(stop), s == null ? 1 : s);
    }

    private static Long bound(Number n) {
        if (n == null) return null;
        if (n instanceof Double || n instanceof Float || !(n instanceof Long || n instanceof Integer || n instanceof Short
                || n instanceof Byte)) {
            throw new IllegalArgumentException("slice indices must be integers or None, got " + n.getClass().getSimpleName()
                    + " " + n);
        }
        return n.longValue();
    }

    /**
     * A slice {@code start:stop:step}. Out-of-range bounds are clamped and negative bounds count from the end, as in
     * Python; PyTorch has no negative steps.
     */
    record Slice(Long start, Long stop, long step) implements Index {
        public Slice {
            if (step == 0) throw new IllegalArgumentException("slice step cannot be zero");
            if (step < 0) throw new IllegalArgumentException("step must be greater than zero");
        }

        /** Python's notation: {@code 1:None:2}. */
        @Override
        public String toString() {
            return (start == null ? "" : start) + ":" + (stop == null ? "" : stop) + (step == 1 ? "" : ":" + step);
        }
    }

    /** The two marker indexes. */
    enum Special implements Index {
        /** A new axis. */
        NONE,
        /** All remaining dims. */
        ELLIPSIS;

        @Override
        public String toString() { return this == NONE ? "None" : "..."; }
    }
}
