package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;

/**
 * Bilinear and bicubic resampling of uint8 images, as PyTorch 2.x's CPU kernels do it (1.13 refused uint8): the
 * weights in float64, then scaled to int16 at the largest precision (at most 22 bits) that keeps the biggest weight
 * in range, each output an integer sum plus half a unit, shifted down and clamped to [0, 255], width pass first,
 * each pass rounding to uint8 (PIL's scheme). Results may differ by one from resampling in float and rounding.
 */
final class InterpolationUint8 {
    private InterpolationUint8() {}

    /** Both passes; a dim whose size is unchanged is skipped, as in PyTorch. */
    static Tensor resample(Tensor input, long[] outSize, double[] scales, boolean cubic, boolean corners, boolean antialias) {
        Tensor y = input;
        for (int i = outSize.length - 1; i >= 0; i--) {
            long in = input.size(i + 2), out = outSize[i];
            if (in == out) continue;
            Double scale = scales == null ? null : scales[i];
            Fixed f = antialias ? normalised(Interpolation.filterTaps(in, out, scale, corners, cubic, true))
                    : boundedTaps(in, out, scale, corners, cubic);
            y = pass(y, i + 2, f.taps(), precision(f.max()));
        }
        return y == input ? input.clone() : y;
    }

    /** Float64 taps and the largest weight PyTorch saw while computing them (which sets the precision). */
    private record Fixed(Interpolation.Taps taps, double max) {}

    private static Fixed normalised(Interpolation.Taps t) {
        double max = 0;
        for (double v : t.weight()) max = Math.max(max, v);
        return new Fixed(t, max);
    }

    /**
     * {@code _compute_indices_min_size_weights} (antialias off): the 2 or 4 taps of the float kernels around the
     * guarded source index, but the weights of taps that fall outside the input are added to the nearest tap inside
     * it, so every index is in range. The maximum runs over the partial sums too, as PyTorch's does.
     */
    private static Fixed boundedTaps(long in, long out, Double scale, boolean corners, boolean cubic) {
        int taps = cubic ? 4 : 2;
        double s = Interpolation.areaScale(in, out, corners, scale, true);
        long[] idx = new long[Math.toIntExact(out * taps)];
        double[] w = new double[idx.length];
        int support = taps / 2;
        double max = 0;
        for (int o = 0; o < out; o++) {
            double real = Interpolation.sourceIndex(s, o, corners, cubic, true);
            long index = Math.min((long) Math.floor((float) real), in - 1);
            double lambda = Math.min(Math.max(real - index, 0), 1);
            long unboundMin = index - support + 1;
            long min = Math.max(unboundMin, 0);
            long size = Math.clamp(Math.min(index + support + 1, in) - min, 0, taps);
            int at = 0;
            for (int j = 0; j < taps; j++) {
                double x = j + 1 - support - lambda;
                double v = cubic ? Interpolation.cubicFilter(x, -0.75, true) : Math.max(0, 1 - Math.abs(x));
                if (unboundMin + j <= 0) at = 0;
                else if (unboundMin + j >= in - 1) at = (int) size - 1;
                w[o * taps + at] += v;
                max = Math.max(max, w[o * taps + at]);
                at++;
            }
            for (int j = 0; j < taps; j++) idx[o * taps + j] = j < size ? min + j : min;
        }
        return new Fixed(new Interpolation.Taps(taps, idx, w), max);
    }

    /** The most fractional bits (up to 22) at which twice the largest weight still fits in int16. */
    private static int precision(double max) {
        int p = 0;
        while (p < 22 && (int) (0.5 + max * (1 << (p + 1))) < (1 << 15)) p++;
        return p;
    }

    /** {@code basic_loop_aa_horizontal/vertical<uint8_t>}: {@code clamp((2^(p-1) + sum x * w16) >> p, 0, 255)}. */
    private static Tensor pass(Tensor x, int d, Interpolation.Taps t, int p) {
        long[] wShape = t.alongDim(x.dim(), d);
        TensorOptions idx = TensorOptions.DEFAULT.dtype(DType.INT64).device(x.device());
        // integer sums below 2^31, exact in float64, whose kernels are the fast ones
        int[] all16 = new int[t.weight().length];
        for (int i = 0; i < all16.length; i++) {
            double v = t.weight()[i] * (1 << p);
            all16[i] = (short) (v < 0 ? (int) (-0.5 + v) : (int) (0.5 + v));
        }
        if (Interpolation.useKernels) { // the backend's one-pass kernel, where it has one (same bits)
            Tensor xc = x.contiguous();
            dev.torch4j.backend.Storage s = Dispatch.backend(x.device()).resampleUint8(xc.strided(), d, t.out(), t.index(), all16, t.taps(), p);
            if (s != null) return Interpolation.resampled(s, x, d, t.out());
        }
        TensorOptions f64 = TensorOptions.DEFAULT.dtype(DType.FLOAT64).device(x.device());
        Tensor wide = x.to(DType.FLOAT64);
        Tensor acc = null;
        for (int j = 0; j < t.taps(); j++) {
            double[] w16 = new double[t.out()];
            for (int o = 0; o < w16.length; o++) w16[o] = all16[o * t.taps() + j];
            Tensor term = wide.indexSelect(d, Torch.tensor(t.indexAt(j), idx)).mul(Torch.tensor(w16, f64).view(wShape));
            acc = acc == null ? term.add((double) (1L << (p - 1))) : acc.add(term);
        }
        // the shift: an exact division by 2^p, floored (a negative sum clamps to 0 either way)
        return acc.div((double) (1L << p)).floor().clamp(0, 255).to(DType.UINT8);
    }
}
