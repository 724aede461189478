package dev.torch4j.nn;

import dev.torch4j.Tensor;

/**
 * An adaptive pool's {@code output_size} with PyTorch's {@code None} entries (kept as -1 in the modules' long[] field):
 * such an entry keeps that input size ({@code _list_with_default} in torch.nn.modules.utils).
 */
final class AdaptiveSizes {
    private AdaptiveSizes() {}

    /** The long[] form of {@code sizes}, a null entry as -1. */
    static long[] of(Long[] sizes) {
        long[] v = new long[sizes.length];
        for (int i = 0; i < v.length; i++) v[i] = sizes[i] == null ? -1 : sizes[i];
        return v;
    }

    /** {@code outputSize} with each -1 (None) replaced by the input's size in that trailing dim. */
    static long[] resolve(long[] outputSize, Tensor x) {
        boolean none = false;
        for (long s : outputSize) none |= s == -1;
        if (!none) return outputSize;
        long[] v = outputSize.clone();
        for (int i = 0; i < v.length; i++) if (v[i] == -1) v[i] = x.size(x.dim() - v.length + i);
        return v;
    }

    /** PyTorch's repr: an int, or a tuple with None for each -1. */
    static String repr(long[] v) {
        if (v.length == 1) return v[0] == -1 ? "None" : Long.toString(v[0]);
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? ", " : "").append(v[i] == -1 ? "None" : Long.toString(v[i]));
        return sb.append(')').toString();
    }
}
