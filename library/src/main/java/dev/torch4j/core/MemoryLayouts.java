package dev.torch4j.core;

/**
 * Stride arithmetic of PyTorch's memory formats (c10's MemoryFormat.h and TensorImpl's contiguity flags, and
 * ATen's {@code infer_dense_strides}), on plain size and stride arrays, so that the strides torch4j gives a
 * channels-last or format-preserving tensor are PyTorch's exactly (zero-size dims included).
 */
public final class MemoryLayouts {
    private MemoryLayouts() {}

    /** The dim order, innermost first, of NHWC ({@code channels_last}) and NDHWC ({@code channels_last_3d}). */
    private static final int[] NHWC = {1, 3, 2, 0}, NDHWC = {1, 4, 3, 2, 0};

    private static int[] order(int rank) { return rank == 4 ? NHWC : NDHWC; }

    /** c10's {@code get_channels_last_strides_2d}/{@code _3d}: dense strides with C innermost (rank 4 or 5; no max(size, 1)). */
    public static long[] channelsLastStrides(long[] sizes) {
        int[] order = order(sizes.length);
        long[] strides = new long[sizes.length];
        long s = 1;
        for (int d : order) {
            strides[d] = s;
            s *= sizes[d];
        }
        return strides;
    }

    /** TensorImpl's {@code compute_channels_last_contiguous_2d}/{@code _3d}: size-1 dims may have any stride. */
    public static boolean isChannelsLastContiguous(long[] sizes, long[] strides) {
        if (sizes.length != 4 && sizes.length != 5) return false;
        long expected = 1;
        for (int d : order(sizes.length)) {
            if (sizes[d] != 1) {
                if (strides[d] != expected) return false;
                expected *= sizes[d];
            }
        }
        return true;
    }

    /**
     * c10's {@code is_channels_last_strides_2d_s4}/{@code _3d_s5}: whether the strides look like a channels-last layout
     * (what {@code suggest_memory_format} reports); ambiguous layouts (size-1 or zero dims, a zero channel stride)
     * count as contiguous.
     */
    public static boolean isStridesLikeChannelsLast(long[] sizes, long[] strides) {
        if (sizes.length != 4 && sizes.length != 5) return false;
        long min = 0;
        if (strides[1] == 0) return false;
        for (int d : order(sizes.length)) {
            if (sizes[d] == 0) return false;
            if (strides[d] < min) return false;
            if (d == 0 && min == strides[1]) return false;
            min = strides[d];
            if (sizes[d] > 1) min *= sizes[d];
        }
        return true;
    }

    /** TensorImpl's {@code compute_non_overlapping_and_dense}: the elements fill a block of memory exactly once. */
    public static boolean isNonOverlappingAndDense(long[] sizes, long[] strides) {
        int n = sizes.length;
        if (n == 0) return true;
        if (n == 1) return sizes[0] < 2 || strides[0] == 1;
        Integer[] perm = new Integer[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        // sort by stride, size-0/1 dims last (std::sort's comparator; ties between those do not matter below)
        java.util.Arrays.sort(perm, (a, b) -> {
            boolean sa = sizes[a] < 2, sb = sizes[b] < 2;
            if (sa || sb) return sa == sb ? 0 : sa ? 1 : -1;
            return Long.compare(strides[a], strides[b]);
        });
        long require = 1;
        for (int i = 0; i < n; i++) {
            long size = sizes[perm[i]];
            if (size < 2) return true;
            if (strides[perm[i]] != require) return false;
            require *= size;
        }
        return true;
    }

    /**
     * ATen's {@code infer_dense_strides}: dense strides that keep the input's order of dims in memory (TensorIterator's
     * stable insertion sort; zero strides are ambiguous and keep their place, equal strides put the smaller size first).
     */
    public static long[] inferDenseStrides(long[] sizes, long[] strides) {
        int n = sizes.length;
        if (n == 0) return new long[0];
        if (n == 1) return new long[] {1};
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = n - 1 - i;
        for (int i = 1; i < n; i++) {
            int dim1 = i;
            for (int j = 1; j <= i; j++) {
                int dim0 = i - j;
                int cmp = shouldSwap(sizes, strides, perm[dim0], perm[dim1]);
                if (cmp > 0) {
                    int tmp = perm[dim0];
                    perm[dim0] = perm[dim1];
                    perm[dim1] = tmp;
                    dim1 = dim0;
                } else if (cmp < 0) {
                    break;
                }
            }
        }
        long[] out = new long[n];
        long cur = 1;
        for (int i = 0; i < n; i++) {
            int idx = perm[i];
            out[idx] = cur;
            if (sizes[idx] > 1) cur *= sizes[idx];
        }
        return out;
    }

    private static int shouldSwap(long[] sizes, long[] strides, int dim0, int dim1) {
        long s0 = strides[dim0], s1 = strides[dim1];
        if (s0 == 0 || s1 == 0) return 0;
        if (s0 < s1) return -1;
        if (s0 > s1) return 1;
        return sizes[dim0] > sizes[dim1] ? 1 : 0;
    }
}
