package dev.torch4j.ops;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.core.Shapes;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code F.pad} and {@code F.pixel_shuffle} as composites of recorded ops (narrow, cat, index_select, reshape,
 * permute), so they differentiate to any order on any backend. Reflect, replicate and circular padding are one
 * index_select per padded dim with a precomputed source-position index.
 */
public final class Padding {
    private Padding() {}

    /**
     * {@code F.pad(x, pad, mode, value)}: {@code pad} lists (left, right) pairs starting from the last dim. Mode is
     * "constant" (negative padding crops), "reflect" (pad &lt; size), "replicate" or "circular" (pad &lt;= size).
     */
    public static Tensor pad(Tensor x, long[] pad, String mode, double value) {
        if (pad.length % 2 != 0) throw new IllegalArgumentException("Padding length must be divisible by 2");
        if (pad.length / 2 > x.dim()) {
            throw new IllegalArgumentException("Padding length should be less than or equal to two times the input dimension but got padding length "
                    + pad.length + " and input of dimension " + x.dim());
        }
        boolean constant = mode.equals("constant");
        if (mode.equals("reflect")) {
            int n = pad.length / 2;
            Nondeterministic.backwardOnCuda(n == 1 ? "reflection_pad1d_backward_out_cuda" : n == 2 ? "reflection_pad2d_backward_cuda"
                    : "reflection_pad3d_backward_out_cuda", x);
        }
        if (!constant && !mode.equals("reflect") && !mode.equals("replicate") && !mode.equals("circular")) {
            throw new IllegalArgumentException("Unrecognised padding mode " + mode);
        }
        Tensor y = x;
        for (int i = 0; i < pad.length / 2; i++) {
            int d = x.dim() - 1 - i;
            long l = pad[2 * i], r = pad[2 * i + 1];
            if (l == 0 && r == 0) continue;
            long n = y.size(d);
            if (constant) {
                if (l < 0) { y = y.narrow(d, -l, n + l); n += l; l = 0; }
                if (r < 0) { y = y.narrow(d, 0, n + r); n += r; r = 0; }
                if (n < 0) throw new IllegalArgumentException("narrow(): length must be non-negative.");
                List<Tensor> parts = new ArrayList<>();
                if (l > 0) parts.add(block(y, d, l, value));
                parts.add(y);
                if (r > 0) parts.add(block(y, d, r, value));
                if (parts.size() > 1) y = Torch.cat(parts, d);
                continue;
            }
            // replicate takes negative padding (a crop: out[o] = in[clamp(o - l, 0, n - 1)] still holds)
            if (!mode.equals("replicate") && (l < 0 || r < 0) || n + l + r < 1) throw new IllegalArgumentException(mode + " padding: negative padding is not supported (got " + Shapes.str(pad) + ")");
            if (mode.equals("reflect") && (l >= n || r >= n)) {
                throw new IllegalArgumentException("Argument #4: Padding size should be less than the corresponding input dimension, but got: padding ("
                        + l + ", " + r + ") at dimension " + d + " of input " + Shapes.str(x.shapeArray()));
            }
            if (mode.equals("circular") && (l > n || r > n)) {
                throw new IllegalArgumentException("Padding value causes wrapping around more than once.");
            }
            if (n == 0) throw new IllegalArgumentException(mode + " padding: input dimension " + d + " is empty");
            long[] src = new long[(int) (n + l + r)];
            for (int o = 0; o < src.length; o++) {
                long p = o - l;
                src[o] = switch (mode) {
                    case "reflect" -> p < 0 ? -p : p >= n ? 2 * (n - 1) - p : p;
                    case "replicate" -> Math.max(0, Math.min(n - 1, p));
                    default -> Math.floorMod(p, n);
                };
            }
            y = y.indexSelect(d, Torch.fromArray(src).to(x.device()));   // wraps the array: no element-wise copy
        }
        return y;
    }

    private static Tensor block(Tensor like, int d, long len, double value) {
        long[] s = like.shapeArray().clone();
        s[d] = len;
        return Torch.full(s, value, TensorOptions.DEFAULT.dtype(like.dtype()).device(like.device()));
    }

    /** {@code F.pixel_shuffle(x, r)}: {@code (*, C*r*r, H, W) -> (*, C, H*r, W*r)}. */
    public static Tensor pixelShuffle(Tensor x, long r) {
        if (x.dim() < 3) {
            throw new IllegalArgumentException("pixel_shuffle expects input to have at least 3 dimensions, but got input with " + x.dim() + " dimension(s)");
        }
        if (r <= 0) throw new IllegalArgumentException("pixel_shuffle expects a positive upscale_factor, but got " + r);
        long c = x.size(-3), h = x.size(-2), w = x.size(-1);
        if (c % (r * r) != 0) {
            throw new IllegalArgumentException("pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)="
                    + c + " is not divisible by " + (r * r));
        }
        int b = x.dim() - 3;
        long[] lead = java.util.Arrays.copyOf(x.shapeArray(), b);
        long[] s1 = java.util.Arrays.copyOf(lead, b + 5);
        s1[b] = c / (r * r); s1[b + 1] = r; s1[b + 2] = r; s1[b + 3] = h; s1[b + 4] = w;
        long[] perm = new long[b + 5];
        for (int i = 0; i < b; i++) perm[i] = i;
        perm[b] = b; perm[b + 1] = b + 3; perm[b + 2] = b + 1; perm[b + 3] = b + 4; perm[b + 4] = b + 2;
        long[] s2 = java.util.Arrays.copyOf(lead, b + 3);
        s2[b] = c / (r * r); s2[b + 1] = h * r; s2[b + 2] = w * r;
        return x.reshape(s1).permute(perm).reshape(s2);
    }

    /** {@code F.pixel_unshuffle(x, r)}: {@code [..., C, H*r, W*r] -> [..., C*r*r, H, W]}. */
    public static Tensor pixelUnshuffle(Tensor x, long r) {
        if (x.dim() < 3) {
            throw new IllegalArgumentException("pixel_unshuffle expects input to have at least 3 dimensions, but got input with " + x.dim() + " dimension(s)");
        }
        if (r <= 0) throw new IllegalArgumentException("pixel_unshuffle expects a positive downscale_factor, but got " + r);
        long c = x.size(-3), h = x.size(-2), w = x.size(-1);
        if (h % r != 0 || w % r != 0) {
            throw new IllegalArgumentException("pixel_unshuffle expects height and width to be divisible by downscale_factor, but input.size(-2)=" + h
                    + " and input.size(-1)=" + w + " with downscale_factor=" + r);
        }
        int b = x.dim() - 3;
        long[] lead = java.util.Arrays.copyOf(x.shapeArray(), b);
        long[] s1 = java.util.Arrays.copyOf(lead, b + 5);
        s1[b] = c; s1[b + 1] = h / r; s1[b + 2] = r; s1[b + 3] = w / r; s1[b + 4] = r;
        long[] perm = new long[b + 5];
        for (int i = 0; i < b; i++) perm[i] = i;
        perm[b] = b; perm[b + 1] = b + 2; perm[b + 2] = b + 4; perm[b + 3] = b + 1; perm[b + 4] = b + 3;
        long[] s2 = java.util.Arrays.copyOf(lead, b + 3);
        s2[b] = c * r * r; s2[b + 1] = h / r; s2[b + 2] = w / r;
        return x.reshape(s1).permute(perm).reshape(s2);
    }
}
