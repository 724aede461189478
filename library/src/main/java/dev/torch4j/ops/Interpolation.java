package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.core.Shapes;

import java.util.Arrays;
import java.util.List;

/**
 * {@code F.interpolate}: nearest, nearest-exact, (bi/tri)linear, bicubic and area resampling of [N, C, *spatial]
 * input. Every mode but area is separable, so each spatial dim is resampled in turn, innermost first: the source
 * taps of all output positions are gathered with one {@code index_select} and, for the weighted modes, multiplied
 * by their weights and summed over the taps. Indices and weights are computed here exactly as PyTorch's CPU kernels
 * compute them (in float32 for float32/half inputs, in float64 for float64), and everything after is differentiable
 * Tensor ops, so gradients of any order and every backend come for free. Area mode is adaptive average pooling, as
 * in PyTorch. Antialiased bilinear/bicubic use as many taps as the widened filter needs (zero-weighted past each
 * output's range); uint8 bilinear/bicubic images take PyTorch 2.x's fixed-point path ({@link InterpolationUint8}).
 */
public final class Interpolation {
    private Interpolation() {}

    /**
     * {@code F.interpolate(input, size, scale_factor, mode, align_corners, recompute_scale_factor)}: exactly one of
     * {@code size} and {@code scaleFactor} is non-null, each one value (for every spatial dim) or one per spatial
     * dim; {@code alignCorners} and {@code recomputeScaleFactor} may be null (PyTorch's None). Without recomputing,
     * a given scale factor is what maps output to input positions ({@code 1 / scale}), not the ratio of the sizes.
     */
    public static Tensor interpolate(Tensor input, long[] size, double[] scaleFactor, String mode, Boolean alignCorners,
            Boolean recomputeScaleFactor) {
        return interpolate(input, size, scaleFactor, mode, alignCorners, recomputeScaleFactor, false);
    }

    /**
     * {@code F.interpolate(..., antialias)}: with {@code antialias} (bilinear and bicubic of 4-D input only) each
     * output sample averages the input under a filter widened by the downscale factor, PyTorch's
     * {@code _upsample_bilinear2d_aa} / {@code _upsample_bicubic2d_aa} (PIL's resampling: the bicubic filter has
     * a = -0.5, not -0.75); upscaling keeps the filter's width but still differs from the plain modes.
     */
    public static Tensor interpolate(Tensor input, long[] size, double[] scaleFactor, String mode, Boolean alignCorners,
            Boolean recomputeScaleFactor, boolean antialias) {
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.UPSAMPLE,
                    a -> interpolate(a[0], size, scaleFactor, mode, alignCorners, recomputeScaleFactor, antialias), input);
        }
        if (List.of("nearest", "area", "nearest-exact").contains(mode) && alignCorners != null) {
            throw new IllegalArgumentException("align_corners option can only be set with the interpolating modes: "
                    + "linear | bilinear | bicubic | trilinear");
        }
        switch (antialias ? mode + "-aa" : mode) {
            case "bilinear-aa" -> Nondeterministic.backwardOnCuda("upsample_bilinear2d_aa_backward_out_cuda", input);
            case "bicubic-aa" -> Nondeterministic.backwardOnCuda("upsample_bicubic2d_aa_backward_out_cuda", input);
            case "linear" -> Nondeterministic.backwardOnCuda("upsample_linear1d_backward_out_cuda", input);
            case "bilinear" -> Nondeterministic.backwardOnCuda("upsample_bilinear2d_backward_out_cuda", input);
            case "bicubic" -> Nondeterministic.backwardOnCuda("upsample_bicubic2d_backward_out_cuda", input);
            case "trilinear" -> Nondeterministic.backwardOnCuda("upsample_trilinear3d_backward_out_cuda", input);
            default -> { }
        }
        boolean corners = alignCorners != null && alignCorners;
        int dim = input.dim() - 2;
        long[] outSize;
        double[] scales = null;
        if (size != null && scaleFactor != null) throw new IllegalArgumentException("only one of size or scale_factor should be defined");
        if (size != null) {
            if (size.length != 1 && size.length != dim) {
                throw new IllegalArgumentException("Input and output must have the same number of spatial dimensions, but got input with "
                        + "spatial dimensions of " + Shapes.str(spatialShape(input)) + " and output size of " + Shapes.str(size)
                        + ". Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.");
            }
            outSize = perDim(size, dim);
        } else if (scaleFactor != null) {
            if (scaleFactor.length != 1 && scaleFactor.length != dim) {
                throw new IllegalArgumentException("Input and scale_factor must have the same number of spatial dimensions, but got input "
                        + "with spatial dimensions of " + Shapes.str(spatialShape(input)) + " and scale_factor of shape "
                        + pyList(scaleFactor) + ". Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in "
                        + "(s1, s2, ...,sK) format.");
            }
            scales = new double[Math.max(dim, 0)];
            for (int i = 0; i < scales.length; i++) scales[i] = scaleFactor.length == 1 ? scaleFactor[0] : scaleFactor[i];
            outSize = new long[scales.length];
            for (int i = 0; i < scales.length; i++) outSize[i] = (long) (input.size(i + 2) * scales[i]);   // C++ truncation
        } else {
            throw new IllegalArgumentException("either size or scale_factor should be defined");
        }
        if (recomputeScaleFactor != null && recomputeScaleFactor && size != null) {
            throw new IllegalArgumentException("recompute_scale_factor is not meaningful with an explicit size.");
        }
        // with recompute_scale_factor=True (and always in area mode) the kernel sees only the integer sizes
        if (recomputeScaleFactor != null && recomputeScaleFactor || mode.equals("area")) scales = null;
        if (antialias && !((mode.equals("bilinear") || mode.equals("bicubic")) && dim == 2)) {
            throw new IllegalArgumentException("Anti-alias option is restricted to bilinear and bicubic modes and requires a 4-D tensor as input");
        }
        boolean ok = switch (mode) {
            case "nearest", "nearest-exact", "area" -> dim >= 1 && dim <= 3;
            case "linear" -> dim == 1;
            case "bilinear", "bicubic" -> dim == 2;
            case "trilinear" -> dim == 3;
            default -> false;
        };
        if (!ok) {
            int needs = List.of("linear", "bilinear", "trilinear").indexOf(mode) + 3;
            if (needs >= 3 && dim >= 1 && dim <= 3) {
                throw new UnsupportedOperationException("Got " + input.dim() + "D input, but " + mode + " mode needs " + needs + "D input");
            }
            throw unsupported(input, mode);
        }
        if (mode.equals("area")) {   // adaptive average pooling, which allows an output size of 0
            return switch (dim) {
                case 1 -> Pooling.adaptiveAvgPool1d(input, outSize[0]);
                case 2 -> Pooling.adaptiveAvgPool2d(input, outSize);
                default -> area3d(input, outSize);
            };
        }
        checkSizes(input, outSize);
        if (antialias) return antialiased(input, outSize, scales, mode.equals("bicubic"), corners);
        boolean nearest = mode.startsWith("nearest");
        if (input.dtype() == DType.UINT8 && dim == 2 && !nearest) {
            return InterpolationUint8.resample(input, outSize, scales, mode.equals("bicubic"), corners, false);
        }
        // the nearest kernels take floating types and uint8 (images), the others floating types (and uint8 in 2-D, above)
        if (!input.dtype().isFloatingPoint() && !(nearest && input.dtype() == DType.UINT8)) {
            throw new IllegalArgumentException("\"compute_indices_weights_" + (nearest ? "nearest" : mode.equals("bicubic") ? "cubic" : "linear")
                    + "\" not implemented for '" + input.dtype().scalarTypeName() + "'");
        }
        Tensor y = input;
        for (int i = dim - 1; i >= 0; i--) {
            long in = input.size(i + 2), out = outSize[i];
            Double scale = scales == null ? null : scales[i];
            Taps taps = switch (mode) {
                case "nearest" -> nearest(in, out, scale, false);
                case "nearest-exact" -> nearest(in, out, scale, true);
                case "bicubic" -> cubic(in, out, scale, corners, input.dtype() == DType.FLOAT64);
                default -> linear(in, out, scale, corners, input.dtype() == DType.FLOAT64);
            };
            y = resample(y, i + 2, taps);
        }
        return y;
    }

    /**
     * {@code separable_upsample_generic_Nd_kernel_impl}: width, then height, each pass skipped where that size is
     * unchanged (PyTorch 2.x; 1.13 resamples it anyway, which differs only when a scale factor leaves a size alone).
     * Each output is accumulated tap by tap in the input's dtype, in the kernel's order.
     */
    /**
     * Area interpolation of a 5-d input: adaptive average pooling, separable since each output cell's box is a
     * product of per-dim ranges: (H, W) of every depth slice first, then depth over the flattened planes.
     */
    private static Tensor area3d(Tensor input, long[] o) {
        long n = input.size(0), c = input.size(1), d = input.size(2), h = input.size(3), w = input.size(4);
        if (!input.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("\"adaptive_avg_pool3d_cpu\" not implemented for '" + input.dtype().scalarTypeName() + "'");
        }
        if (input.numel() == 0 || o[0] * o[1] * o[2] == 0) {
            return Torch.zeros(Torch.shape(n, c, o[0], o[1], o[2]), TensorOptions.DEFAULT.dtype(input.dtype()).device(input.device()));
        }
        Tensor hw = Pooling.adaptiveAvgPool2d(input.reshape(n * c, d, h, w), new long[] {o[1], o[2]});
        Tensor dd = Pooling.adaptiveAvgPool1d(hw.reshape(n * c, d, o[1] * o[2]).transpose(1, 2), o[0]);
        return dd.transpose(1, 2).reshape(n, c, o[0], o[1], o[2]);
    }

    private static Tensor antialiased(Tensor input, long[] outSize, double[] scales, boolean cubic, boolean corners) {
        if (input.dtype() == DType.UINT8) return InterpolationUint8.resample(input, outSize, scales, cubic, corners, true);
        if (input.dtype() != DType.FLOAT32 && input.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("\"compute_index_ranges_weights\" not implemented for '" + input.dtype().scalarTypeName() + "'");
        }
        Tensor y = input;
        for (int i = outSize.length - 1; i >= 0; i--) {
            long in = input.size(i + 2), out = outSize[i];
            if (in == out) continue;
            Taps t = filterTaps(in, out, scales == null ? null : scales[i], corners, cubic, input.dtype() == DType.FLOAT64);
            y = accumulate(y, i + 2, t);
        }
        return y == input ? input.clone() : y;
    }

    /** Whether the backends' one-pass resampling kernels are used; tests turn it off to compare them with the composites. */
    static volatile boolean useKernels = true;

    /** A backend's resampled storage as a contiguous tensor: {@code x}'s shape with {@code out} along {@code d}. */
    static Tensor resampled(dev.torch4j.backend.Storage s, Tensor x, int d, long out) {
        long[] shape = x.shapeArray().clone();
        shape[d] = out;
        Tensor y = Tensor.wrap(s, shape, Shapes.contiguousStrides(shape), 0);
        if (dev.torch4j.autograd.GradMode.isInference()) y.autogradMeta().inference = true;
        return y;
    }

    /** {@code y[..., o, ...] = sum_t weight[o, t] * x[..., index[o, t], ...]}, summed from the first tap on. */
    private static Tensor accumulate(Tensor x, int d, Taps t) {
        if (useKernels && !dev.torch4j.autograd.Graph.isRecording(x)) { // the backend's one-pass kernel, where it has one (same bits)
            Tensor xc = x.contiguous();
            dev.torch4j.backend.Storage s = Dispatch.backend(x.device()).resample(xc.strided(), d, t.out(), t.index(), t.weight(), t.taps());
            if (s != null) return resampled(s, x, d, t.out());
        }
        long[] wShape = t.alongDim(x.dim(), d);
        TensorOptions idx = TensorOptions.DEFAULT.dtype(DType.INT64).device(x.device());
        Tensor y = null;
        for (int j = 0; j < t.taps(); j++) {
            Tensor w = Torch.tensor(t.weightAt(j), TensorOptions.DEFAULT.dtype(x.dtype()).device(x.device())).view(wShape);
            Tensor term = x.indexSelect(d, Torch.tensor(t.indexAt(j), idx)).mul(w);
            y = y == null ? term : y.add(term);
        }
        return y;
    }

    /**
     * {@code _compute_indices_min_size_weights_aa}: the filter (triangle, or Keys' cubic with a = -0.5) centred at
     * {@code scale * (o + 0.5)}, stretched by the scale when downscaling, cut to the input and normalised to sum 1;
     * the taps past an output's range get weight 0. Float32 inputs round each step to float32, as the kernel does.
     */
    static Taps filterTaps(long in, long out, Double scale, boolean corners, boolean cubic, boolean dbl) {
        double s = areaScale(in, out, corners, scale, dbl);
        int interp = cubic ? 4 : 2;
        double support = round(s >= 1 ? interp * 0.5 * s : interp * 0.5, dbl);
        int taps = (int) Math.ceil(support) * 2 + 1;
        double invScale = s >= 1 ? round(1.0 / s, dbl) : 1.0;
        long[] idx = new long[Math.toIntExact(out * taps)];
        double[] w = new double[idx.length];
        for (int o = 0; o < out; o++) {
            double center = round(s * (o + 0.5), dbl);
            long xmin = Math.max((long) (round(center - support, dbl) + 0.5), 0);
            long xsize = Math.min((long) (round(center + support, dbl) + 0.5), in) - xmin;
            xsize = Math.clamp(xsize, 0, taps);
            double total = 0;
            for (int j = 0; j < taps; j++) {
                idx[o * taps + j] = j < xsize ? xmin + j : xmin;
                if (j >= xsize) continue;
                double v = filter(round((round(j + xmin - center, dbl) + 0.5) * invScale, dbl), cubic, dbl);
                w[o * taps + j] = v;
                total = round(total + v, dbl);
            }
            if (total != 0) for (int j = 0; j < xsize; j++) w[o * taps + j] = round(w[o * taps + j] / total, dbl);
        }
        return new Taps(taps, idx, w);
    }

    /** {@code aa_filter}: the triangle {@code 1 - |x|}, or the cubic convolution kernel with a = -0.5 (PIL's). */
    private static double filter(double x, boolean cubic, boolean dbl) {
        if (!cubic) return Math.abs(x) < 1 ? round(1 - Math.abs(x), dbl) : 0;
        return cubicFilter(x, -0.5, dbl);
    }

    /** The cubic convolution kernel with parameter {@code a}, zero from |x| = 2 on. */
    static double cubicFilter(double x, double a, boolean dbl) {
        x = Math.abs(x);
        if (x < 1) return conv1(x, a, dbl);
        return x < 2 ? conv2(x, a, dbl) : 0;
    }

    /** Source indices {@code [out * taps]} (tap-minor) and their weights, or null weights for a plain gather. */
    record Taps(int taps, long[] index, double[] weight) {
        int out() { return index.length / taps; }

        /** Tap {@code j}'s source index for every output. */
        long[] indexAt(int j) {
            long[] r = new long[out()];
            for (int o = 0; o < r.length; o++) r[o] = index[o * taps + j];
            return r;
        }

        /** Tap {@code j}'s weight for every output. */
        double[] weightAt(int j) {
            double[] r = new double[out()];
            for (int o = 0; o < r.length; o++) r[o] = weight[o * taps + j];
            return r;
        }

        /** The shape that lines one value per output up along dim {@code d} of a {@code dims}-dim tensor. */
        long[] alongDim(int dims, int d) {
            long[] shape = new long[dims - d];
            Arrays.fill(shape, 1);
            shape[0] = out();
            return shape;
        }
    }

    /** Resamples dim {@code d}: {@code y[..., o, ...] = sum_t weight[o, t] * x[..., index[o, t], ...]}. */
    private static Tensor resample(Tensor x, int d, Taps t) {
        Tensor idx = Torch.tensor(t.index(), TensorOptions.DEFAULT.dtype(DType.INT64).device(x.device()));
        Tensor g = x.indexSelect(d, idx);
        if (t.weight() == null) return g;
        long out = t.index().length / t.taps();
        long[] gs = x.shapeArray().clone();
        gs[d] = out;
        long[] split = new long[gs.length + 1];
        System.arraycopy(gs, 0, split, 0, d + 1);
        split[d + 1] = t.taps();
        System.arraycopy(gs, d + 1, split, d + 2, gs.length - d - 1);
        long[] wShape = new long[split.length];
        Arrays.fill(wShape, 1);
        wShape[d] = out;
        wShape[d + 1] = t.taps();
        // the weights in the input's dtype, as PyTorch's kernels hold them (scalar_t)
        Tensor w = Torch.tensor(t.weight(), TensorOptions.DEFAULT.dtype(DType.FLOAT64)).to(x.dtype()).to(x.device()).view(wShape);
        return g.view(split).mul(w).sum(d + 1);
    }

    /** {@code nearest_idx} / {@code nearest_exact_idx}: the scale and products in float32, as PyTorch computes them. */
    private static Taps nearest(long in, long out, Double scale, boolean exact) {
        float s = (float) scaleValue(scale, in, out);
        long[] idx = new long[(int) out];
        for (int o = 0; o < out; o++) {
            if (exact) idx[o] = Math.min((long) Math.floor((float) ((o + 0.5) * s)), in - 1);
            else if (out == in) idx[o] = o;
            else if (out == 2 * in) idx[o] = o >> 1;
            else idx[o] = Math.min((long) Math.floor(o * s), in - 1);
        }
        return new Taps(1, idx, null);
    }

    /** {@code compute_scales_value}: 1/scale when a scale factor reaches the kernel, else in/out. */
    private static double scaleValue(Double scale, long in, long out) {
        return scale != null && scale > 0 ? 1.0 / scale : (double) in / out;
    }

    /** {@code area_pixel_compute_scale} in the kernel's math type. */
    static double areaScale(long in, long out, boolean corners, Double scale, boolean dbl) {
        if (corners) return out > 1 ? round((double) (in - 1) / (out - 1), dbl) : 0;
        if (scale != null && scale > 0) return round(1.0 / scale, dbl);
        return dbl ? (double) in / out : (float) in / out;
    }

    /** {@code area_pixel_compute_source_index}: negative positions clamp to 0 except for cubic. */
    static double sourceIndex(double s, long o, boolean corners, boolean cubic, boolean dbl) {
        if (corners) return round(s * o, dbl);
        double src = dbl ? s * (o + 0.5) - 0.5 : (float) ((float) s * (float) (o + 0.5f)) - 0.5f;
        src = round(src, dbl);
        return !cubic && src < 0 ? 0 : src;
    }

    private static double round(double v, boolean dbl) { return dbl ? v : (float) v; }

    /** {@code compute_source_index_and_lambda} with {@code guard_index_and_lambda} (PyTorch 2.x). */
    private static Taps linear(long in, long out, Double scale, boolean corners, boolean dbl) {
        double s = areaScale(in, out, corners, scale, dbl);
        long[] idx = new long[(int) (2 * out)];
        double[] w = new double[idx.length];
        for (int o = 0; o < out; o++) {
            long i0, i1;
            double l1;
            if (out == in) {
                i0 = i1 = o;
                l1 = 0;
            } else {
                double real = sourceIndex(s, o, corners, false, dbl);
                i0 = Math.min((long) Math.floor((float) real), in - 1);
                l1 = Math.min(Math.max(round(real - i0, dbl), 0), 1);
                i1 = i0 + (i0 < in - 1 ? 1 : 0);
            }
            idx[2 * o] = i0;
            idx[2 * o + 1] = i1;
            w[2 * o] = round(1 - l1, dbl);
            w[2 * o + 1] = l1;
        }
        return new Taps(2, idx, w);
    }

    /** Bicubic taps (A = -0.75) at floor(src) - 1 .. + 2, clamped to the input, as {@code upsample_bicubic2d}. */
    private static Taps cubic(long in, long out, Double scale, boolean corners, boolean dbl) {
        double s = areaScale(in, out, corners, scale, dbl);
        long[] idx = new long[(int) (4 * out)];
        double[] w = new double[idx.length];
        for (int o = 0; o < out; o++) {
            double real = sourceIndex(s, o, corners, true, dbl);
            long i0 = (long) Math.floor((float) real);
            double t = round(real - i0, dbl);
            double[] c = cubicCoefficients(t, dbl);
            for (int j = 0; j < 4; j++) {
                idx[4 * o + j] = Math.max(0, Math.min(i0 - 1 + j, in - 1));
                w[4 * o + j] = c[j];
            }
        }
        return new Taps(4, idx, w);
    }

    /** {@code get_cubic_upsample_coefficients}, rounding each step to float32 for float32 inputs. */
    private static double[] cubicCoefficients(double t, boolean dbl) {
        double a = -0.75, x2 = round(1 - t, dbl);
        return new double[] {conv2(round(t + 1, dbl), a, dbl), conv1(t, a, dbl), conv1(x2, a, dbl), conv2(round(x2 + 1, dbl), a, dbl)};
    }

    /** {@code ((A + 2) * x - (A + 3)) * x * x + 1}. */
    private static double conv1(double x, double a, boolean dbl) {
        return round(round(round(round(round((a + 2) * x, dbl) - (a + 3), dbl) * x, dbl) * x, dbl) + 1, dbl);
    }

    /** {@code ((A * x - 5 * A) * x + 8 * A) * x - 4 * A}. */
    private static double conv2(double x, double a, boolean dbl) {
        double v = round(round(round(a * x, dbl) - 5 * a, dbl) * x, dbl);
        v = round(round(v + 8 * a, dbl) * x, dbl);
        return round(v - 4 * a, dbl);
    }

    private static void checkSizes(Tensor input, long[] outSize) {
        long[] in = spatialShape(input);
        boolean positive = true;
        for (int i = 0; i < in.length; i++) positive &= in[i] > 0 && outSize[i] > 0;
        if (!positive) {
            String[] names = in.length == 1 ? new String[] {"W"} : in.length == 2 ? new String[] {"H", "W"} : new String[] {"D", "H", "W"};
            StringBuilder a = new StringBuilder(), b = new StringBuilder();
            for (int i = 0; i < in.length; i++) {
                a.append(i > 0 ? ", " : "").append(names[i]).append(": ").append(in[i]);
                b.append(i > 0 ? ", " : "").append(names[i]).append(": ").append(outSize[i]);
            }
            throw new IllegalArgumentException("Input and output sizes should be greater than 0, but got input (" + a + ")"
                    + (in.length == 1 ? " and" : "") + " output (" + b + ")");
        }
        if (input.size(1) == 0) {
            throw new IllegalArgumentException("Non-empty " + input.dim() + "D data tensor expected but got a tensor with sizes "
                    + Shapes.str(input.shapeArray()));
        }
    }

    private static UnsupportedOperationException unsupported(Tensor input, String mode) {
        return new UnsupportedOperationException("Input Error: Only 3D, 4D and 5D input Tensors supported (got " + input.dim()
                + "D) for the modes: nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact (got " + mode + ")");
    }

    private static long[] spatialShape(Tensor t) {
        return t.dim() <= 2 ? new long[0] : Arrays.copyOfRange(t.shapeArray(), 2, t.dim());
    }

    private static long[] perDim(long[] v, int dim) {
        long[] r = new long[Math.max(dim, 0)];
        for (int i = 0; i < r.length; i++) r[i] = v.length == 1 ? v[0] : v[i];
        return r;
    }

    /** Python's {@code str(list_of_floats)}: {@code [2.0, 1.5]}. */
    private static String pyList(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? ", " : "").append(pyFloat(v[i]));
        return sb.append(']').toString();
    }

    /** Python's {@code repr(float)} for the usual values; exponents print in Java's spelling. */
    private static String pyFloat(double v) { return Double.toString(v); }
}
