package dev.torch4j.ops;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.core.Shapes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code F.pad} and {@code F.pixel_shuffle} as composites of recorded ops (narrow, cat, index_select, reshape,
 * permute), so they differentiate to any order on any backend. Reflect, replicate and circular padding are one
 * index_select per padded dim with a precomputed source-position index.
 */
public final class Padding {
    private Padding() {}

    /**
     * {@code F.pad(x, pad, mode, value)}: {@code pad} lists (left, right) pairs starting from the last dim; a negative
     * amount crops. Mode is "constant", or "reflect", "replicate" or "circular", which pad 1 to 3 dims of an input
     * with one or two dims before them, of a floating or complex dtype (circular: any dtype), as PyTorch 2.x does.
     * Reflect needs each amount below its dim's size, circular at most its size; circular wraps the cropped dim, and
     * refuses an amount beyond what is left of it after the opposite side's crop (PyTorch reads uninitialised
     * memory there, pytorch/pytorch#176254).
     */
    public static Tensor pad(Tensor x, long[] pad, String mode, double value) {
        if (pad.length % 2 != 0) throw new IllegalArgumentException("Padding length must be divisible by 2");
        if (pad.length / 2 > x.dim()) {
            throw new IllegalArgumentException("Padding length should be less than or equal to two times the input dimension but got padding length "
                    + pad.length + " and input of dimension " + x.dim());
        }
        boolean constant = mode.equals("constant");
        if (!constant && !mode.equals("reflect") && !mode.equals("replicate") && !mode.equals("circular")) {
            throw new IllegalArgumentException("Unrecognised padding mode " + mode);
        }
        int n = pad.length / 2;
        if (!constant) checkLayout(x, n, mode);
        if (mode.equals("reflect")) {
            Nondeterministic.backwardOnCuda(n == 1 ? "reflection_pad1d_backward_out_cuda" : n == 2 ? "reflection_pad2d_backward_cuda"
                    : "reflection_pad3d_backward_out_cuda", x);
        }
        if (mode.equals("reflect") || mode.equals("replicate")) checkOutputSizes(x, pad);
        Tensor y = x;
        for (int i = 0; i < n; i++) {
            int d = x.dim() - 1 - i;
            long l = pad[2 * i], r = pad[2 * i + 1];
            if (l == 0 && r == 0) continue;
            // PyTorch names a reflect amount too large by its argument: #4 for the last dim, #6, #8 before it
            y = constant ? padConstant(y, d, l, r, value) : padIndexed(y, d, l, r, mode, x.shapeArray(), 4 + 2 * i);
        }
        return y;
    }

    /** PyTorch's dispatch of the non-constant modes: 1-3 padded dims after one or two others, floating dtypes. */
    private static void checkLayout(Tensor x, int n, String mode) {
        if (n < 1 || n > 3 || x.dim() != n + 1 && x.dim() != n + 2) {
            throw new UnsupportedOperationException("Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now");
        }
        if (!mode.equals("circular") && !x.isFloatingPoint() && !x.isComplex()) {   // circular pads by copies
            String kernel = (mode.equals("reflect") ? "reflection_pad" : "replication_pad") + n + "d";
            throw new IllegalArgumentException("\"" + kernel + "\" not implemented for '" + x.dtype().scalarTypeName() + "'");
        }
        if (mode.equals("circular")) return;
        long[] s = x.shapeArray();
        for (int i = x.dim() == n + 2 ? 1 : 0; i < s.length; i++) {
            if (s[i] == 0) {
                throw new IllegalArgumentException("Expected " + (n + 1) + "D or " + (n + 2) + "D (batch mode) tensor with possibly 0 batch "
                        + "size and other non-zero dimensions for input, but got: " + Shapes.str(s));
            }
        }
    }

    private static Tensor padConstant(Tensor y, int d, long l, long r, double value) {
        long n = y.size(d);
        if (l < 0) { y = y.narrow(d, -l, n + l); n += l; l = 0; }
        if (r < 0) { y = y.narrow(d, 0, n + r); n += r; r = 0; }
        if (n < 0) throw new IllegalArgumentException("narrow(): length must be non-negative.");
        List<Tensor> parts = new ArrayList<>();
        if (l > 0) parts.add(block(y, d, l, value));
        parts.add(y);
        if (r > 0) parts.add(block(y, d, r, value));
        return parts.size() > 1 ? Torch.cat(parts, d) : y;
    }

    /**
     * One dim of reflect, replicate or circular padding as one index_select: output position o reads input position
     * reflect(o - l) or clamp(o - l) of the whole dim (so a negative amount crops), or, for circular, (o - l) modulo
     * the cropped dim's size.
     */
    private static Tensor padIndexed(Tensor y, int d, long l, long r, String mode, long[] inShape, int argument) {
        long n = y.size(d), out = n + l + r;
        if (mode.equals("circular")) {
            if (l > n || r > n) throw new IllegalArgumentException("Padding value causes wrapping around more than once.");
            if (out < 0) throw new IllegalArgumentException("Negative padding value is resulting in an empty dimension");
            long lo = Math.max(-l, 0), kept = n - lo - Math.max(-r, 0);
            if (kept < 0 || l > kept || r > kept) {
                throw new IllegalArgumentException("Padding value causes wrapping around more than once. (padding (" + l + ", " + r
                        + ") of dimension " + d + " of size " + n + " after cropping to " + Math.max(kept, 0) + ")");
            }
            y = y.narrow(d, lo, kept);
            n = kept;
            l = Math.max(l, 0);
        } else {
            if (mode.equals("reflect") && (l >= n || r >= n)) {
                throw new IllegalArgumentException("Argument #" + argument + ": Padding size should be less than the corresponding input dimension, but got: padding ("
                        + l + ", " + r + ") at dimension " + d + " of input " + Shapes.str(inShape));
            }
        }
        long[] src = new long[(int) out];
        for (int o = 0; o < src.length; o++) {
            long p = o - l;
            src[o] = switch (mode) {
                case "reflect" -> p < 0 ? -p : p >= n ? 2 * (n - 1) - p : p;
                case "replicate" -> Math.max(0, Math.min(n - 1, p));
                default -> Math.floorMod(p, n);
            };
        }
        return y.indexSelect(d, Torch.fromArray(src).to(y.device()));   // wraps the array: no element-wise copy
    }

    /**
     * Reflect and replicate padding need one padded dim of output size 1 or more (PyTorch 1.13 and 2.x check
     * {@code output_w >= 1 || output_h >= 1}): another may come out empty, none negative.
     */
    private static void checkOutputSizes(Tensor x, long[] pad) {
        int n = pad.length / 2;
        long[] in = new long[n], out = new long[n];
        boolean any = false;
        for (int i = 0; i < n; i++) {   // from the first padded dim: D, H, W
            int k = n - 1 - i;
            in[i] = x.size(x.dim() - n + i);
            out[i] = in[i] + pad[2 * k] + pad[2 * k + 1];
            any |= out[i] >= 1;
        }
        String[] names = Arrays.copyOfRange(new String[] {"D", "H", "W"}, 3 - n, 3);
        if (!any) {
            StringBuilder a = new StringBuilder("input ("), b = new StringBuilder(") is too small. Calculated output");
            for (int i = 0; i < n; i++) {
                a.append(i > 0 ? ", " : "").append(names[i]).append(": ").append(in[i]);
                b.append(' ').append(names[i]).append(": ").append(out[i]);
            }
            throw new IllegalArgumentException(a.append(b).toString());
        }
        for (long o : out) {
            if (o < 0) {
                long[] shape = x.shapeArray().clone();
                System.arraycopy(out, 0, shape, x.dim() - n, n);
                throw new IllegalArgumentException("Trying to create tensor with negative dimension " + o + ": " + Shapes.str(shape));
            }
        }
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
        if (h % r != 0) {
            throw new IllegalArgumentException("pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)=" + h
                    + " is not divisible by " + r);
        }
        if (w % r != 0) {
            throw new IllegalArgumentException("pixel_unshuffle expects width to be divisible by downscale_factor, but input.size(-1)=" + w
                    + " is not divisible by " + r);
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
