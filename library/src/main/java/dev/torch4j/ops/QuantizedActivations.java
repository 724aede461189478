package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.MemoryFormat;
import dev.torch4j.Tensor;
import dev.torch4j.backend.QuantizedStorage;
import dev.torch4j.backend.cpu.CpuStorage;
import dev.torch4j.core.Shapes;

/**
 * Activations and batch norm on quantized tensors with PyTorch 1.13's arithmetic on the QNNPACK engine, bit for bit
 * (scripts/goldens/static_quant_modules_goldens.py checks each against PyTorch).
 *
 * <p>Sigmoid, tanh, hardsigmoid and hardswish of quint8 are QNNPACK's 256-entry lookup tables, built in float32 from each input
 * integer's dequantized value ({@code expf}, the double {@code tanh}) and rounded half to even; sigmoid, hardsigmoid and
 * tanh have fixed output parameters (scale 1/256, zero point 0; scale 2/256, zero point 128). Leaky ReLU and ELU are PyTorch's
 * generic kernels, which dequantize each 64-element block of a contiguous run with an FMA ({@code scale * q + (-scale *
 * zp)}) and the tail as {@code (q - zp) * scale}: the two round apart now and then, so this code follows the split PyTorch
 * makes on one thread (tensors up to 32768 elements; larger ones PyTorch cuts among threads). Outputs keep a channels-last
 * input's memory format, as PyTorch's {@code suggest_memory_format} does.
 */
public final class QuantizedActivations {
    private QuantizedActivations() {}

    /** Elements per vectorized block of PyTorch's quantized unary kernels (two 32-lane quint8 vectors). */
    private static final int BLOCK = 64;

    /** {@code torch.sigmoid} of a quint8 tensor: QNNPACK's table, output scale 1/256 and zero point 0. */
    public static Tensor sigmoid(Tensor x) {
        QuantizedStorage q = quint8(x, "quantized::sigmoid");
        float s = (float) q.scale();
        int[] lut = new int[256];
        for (int i = 0; i < 256; i++) {
            float v = s * (float) (i - q.zeroPoint());
            lut[i] = round(256f / (1f + (float) Math.exp(-v)), 0, 255);
        }
        return lookup(x, lut, 1.0 / 256, 0);
    }

    /** {@code torch.tanh} of a quint8 tensor: QNNPACK's table, output scale 2/256 and zero point 128. */
    public static Tensor tanh(Tensor x) {
        QuantizedStorage q = quint8(x, "quantized::tanh");
        float s = (float) q.scale();
        int[] lut = new int[256];
        for (int i = 0; i < 256; i++) {
            float v = s * (float) (i - q.zeroPoint());
            lut[i] = round((float) (128.0 * Math.tanh(v) + 128.0), 0, 255); // C's tanh: double
        }
        return lookup(x, lut, 2.0 / 256, 128);
    }

    /** {@code quantized::hardswish(x, scale, zero_point)} of a quint8 tensor: QNNPACK's table, {@code x * relu6(x + 3) / 6}. */
    public static Tensor hardswish(Tensor x, double scale, long zeroPoint) {
        QuantizedStorage q = quint8(x, "quantized::hardswish");
        checkScale("Hardswish", "output", scale);
        float s = (float) q.scale(), inv = 1f / (float) scale;
        int[] lut = new int[256];
        for (int i = 0; i < 256; i++) {
            float v = s * (float) (i - q.zeroPoint());
            float r6 = Math.min(Math.max(v + 3f, 0f), 6f);
            lut[i] = round(inv * (v * r6 / 6f) + (float) zeroPoint, 0, 255);
        }
        return lookup(x, lut, scale, zeroPoint);
    }

    /** {@code F.hardsigmoid} of a quint8 tensor: QNNPACK's table of {@code min(max(x + 3, 0), 6) / 6}, output scale 1/256, zero point 0. */
    public static Tensor hardsigmoid(Tensor x) {
        QuantizedStorage q = quint8(x, "quantized::hardsigmoid");
        float s = (float) q.scale(), inv = 1f / (1f / 256f);
        int[] lut = new int[256];
        for (int i = 0; i < 256; i++) {
            float v = s * (float) (i - q.zeroPoint());
            lut[i] = round(inv * (Math.min(Math.max(v + 3f, 0f), 6f) / 6f), 0, 255);
        }
        return lookup(x, lut, 1.0 / 256, 0);
    }

    /**
     * {@code quantized::leaky_relu(x, negative_slope, inplace, scale, zero_point)} ({@code F.leaky_relu} of a quantized
     * tensor: the input's scale and zero point): dequantized, scaled by the slope where not positive, quantized again.
     */
    public static Tensor leakyRelu(Tensor x, double negativeSlope, double scale, long zeroPoint) {
        QuantizedStorage q = perTensor(x, "quantized::leaky_relu");
        float slope = (float) negativeSlope;
        return generic(x, q, scale, zeroPoint, (d, vector) -> d > 0f ? d : d * slope);
    }

    /**
     * {@code quantized::elu(x, scale, zero_point, alpha)}: {@code alpha * (exp(x) - 1)} where not positive; PyTorch's
     * vector blocks take SLEEF's {@code expf} (AVX2, FMA), the tail glibc's ({@link AtenCpuFloat#glibcExpf}).
     */
    public static Tensor elu(Tensor x, double scale, long zeroPoint, double alpha) {
        QuantizedStorage q = perTensor(x, "quantized::elu");
        float a = (float) alpha;
        return generic(x, q, scale, zeroPoint, (d, vector) -> d > 0f ? d : ((vector ? sleefExpf(d) : AtenCpuFloat.glibcExpf(d)) - 1f) * a);
    }

    /**
     * {@code quantized::prelu(x, weight, scale, zero_point)}: all in integers, as 1.13's kernel: {@code (max(q, zp) - zp)
     * (w_one - w_zp) + (min(q, zp) - zp) (w - w_zp)} with {@code w_one} the weight's quantized 1.0 and the (per-tensor)
     * weight broadcast along dim 1, then {@code zero_point + rint(acc * (x_scale * w_scale * (1 / scale)))} in float32.
     */
    public static Tensor prelu(Tensor x, Tensor weight, double scale, long zeroPoint) {
        QuantizedStorage q = perTensor(x, "quantized::prelu");
        QuantizedStorage w = perTensor(weight, "quantized::prelu");
        if (x.dim() == 0) throw new IllegalArgumentException("qprelu: zero-dim input tensor is not allowed.");
        long c = x.dim() > 1 ? x.size(1) : 1;
        if (weight.numel() != 1 && weight.numel() != c) {
            throw new IllegalArgumentException("Mismatch of parameter numbers and input channel size. Found parameter numbers = "
                    + weight.numel() + " and channel size = " + c + ".");
        }
        long zp = q.zeroPoint(), wzp = w.zeroPoint(), qmin = Quantized.qmin(x.dtype()), qmax = Quantized.qmax(x.dtype());
        float ws = (float) w.scale(), m = (float) q.scale() * ws * (1f / (float) scale);
        long one = Quantized.quantizeVal(1f, 1f / ws, wzp, Quantized.qmin(weight.dtype()), Quantized.qmax(weight.dtype())) - wzp;
        int[] wv = Quantized.intsView(weight).contiguous().toIntArray(), v = Quantized.intsView(x).contiguous().toIntArray();
        long inner = x.dim() > 2 ? x.numel() / (x.size(0) * c) : 1;
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            long slope = wv[wv.length == 1 ? 0 : (int) ((i / inner) % c)] - wzp;
            long acc = (Math.max(v[i], zp) - zp) * one + (Math.min(v[i], zp) - zp) * slope;
            out[i] = (int) Math.max(qmin, Math.min(qmax, zeroPoint + (long) Math.rint((float) acc * m)));
        }
        return result(out, x, false, scale, zeroPoint);
    }

    /** A float32 function of the dequantized value, told whether PyTorch's vector loop computes it. */
    private interface FloatOp {
        float apply(float d, boolean vector);
    }

    /** SLEEF's {@code expf} (u10), AVX2: {@link AtenCpuFloat#sleefExpf}. */
    static float sleefExpf(float d) { return AtenCpuFloat.sleefExpf(d); }

    /** PyTorch's generic dequantize, op, quantize loop over the input's memory order (see the class comment). */
    private static Tensor generic(Tensor x, QuantizedStorage q, double scale, long zeroPoint, FloatOp op) {
        boolean cl = channelsLast(x);
        Tensor ints = Quantized.intsView(x);
        if (cl) ints = ints.permute(0, 2, 3, 1);
        int[] v = ints.contiguous().toIntArray();
        float s = (float) q.scale(), premul = s * -(float) q.zeroPoint(), inv = 1f / (float) scale;
        long zp = q.zeroPoint(), qmin = Quantized.qmin(x.dtype()), qmax = Quantized.qmax(x.dtype());
        int vectorEnd = v.length / BLOCK * BLOCK;
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            float d = i < vectorEnd ? Math.fma(s, (float) v[i], premul) : (float) (v[i] - zp) * s;
            out[i] = (int) Quantized.quantizeVal(op.apply(d, i < vectorEnd), inv, zeroPoint, qmin, qmax);
        }
        return result(out, x, cl, scale, zeroPoint);
    }

    /**
     * {@code quantized::batch_norm2d(x, weight, bias, mean, var, eps, scale, zero_point)} ({@code batch_norm2d_relu} with
     * {@code relu}): per channel {@code alpha = (1 / sqrt(var + eps)) * weight * (x_scale / scale)} and {@code beta =
     * (bias - mean * inv_sigma * weight) / scale}, then {@code rint(fma(alpha, q - x_zp, beta)) + zero_point}, clamped; the
     * output is channels-last, as PyTorch's.
     */
    public static Tensor batchNorm2d(Tensor x, Tensor weight, Tensor bias, Tensor mean, Tensor var, double eps, double scale,
                                     long zeroPoint, boolean relu) {
        return batchNorm(2, x, weight, bias, mean, var, eps, scale, zeroPoint, relu);
    }

    /** {@code quantized::batch_norm3d} ({@code _relu}): {@link #batchNorm2d}'s arithmetic on {@code (N, C, D, H, W)}, channels-last-3d output. */
    public static Tensor batchNorm3d(Tensor x, Tensor weight, Tensor bias, Tensor mean, Tensor var, double eps, double scale,
                                     long zeroPoint, boolean relu) {
        return batchNorm(3, x, weight, bias, mean, var, eps, scale, zeroPoint, relu);
    }

    private static Tensor batchNorm(int nd, Tensor x, Tensor weight, Tensor bias, Tensor mean, Tensor var, double eps, double scale,
                                    long zeroPoint, boolean relu) {
        QuantizedStorage q = perTensor(x, "quantized::batch_norm" + nd + "d" + (relu ? "_relu" : ""));
        if (x.dim() != nd + 2) throw new IllegalArgumentException("Expecting the input tensor of rank " + (nd + 2) + ".");
        int c = (int) x.size(1);
        if (weight.numel() != c || bias.numel() != c) throw new IllegalArgumentException("Expect weight size to match C");
        if (mean.numel() != c || var.numel() != c) {
            throw new IllegalArgumentException(mean.numel() != c ? "Mean size must match channel dimension"
                    : "Variance size must match channel dimension");
        }
        float[] w = f32(weight), b = f32(bias), m = f32(mean), vr = f32(var);
        float[] alpha = new float[c], beta = new float[c];
        for (int ch = 0; ch < c; ch++) {
            float invSigma = (float) (1.0 / (float) Math.sqrt(vr[ch] + (float) eps)); // C++: 1.0 / std::sqrt(float)
            alpha[ch] = (float) (invSigma * w[ch] * (q.scale() / scale));
            beta[ch] = (float) ((b[ch] - m[ch] * invSigma * w[ch]) / scale);
        }
        int[] v = Quantized.intsView(x).permute(channelsLastOrder(nd + 2)).contiguous().toIntArray();
        long zp = q.zeroPoint(), qmin = Quantized.qmin(x.dtype()), qmax = Quantized.qmax(x.dtype());
        long lo = relu ? Math.max(qmin, zeroPoint) : qmin;
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            int ch = i % c;
            long r = zeroPoint + (long) Math.rint(Math.fma(alpha[ch], (float) (v[i] - zp), beta[ch]));
            out[i] = (int) Math.max(lo, Math.min(qmax, r));
        }
        return result(out, x, true, scale, zeroPoint);
    }

    /** The dims of a channels-last layout in memory order: {@code (0, 2, ..., rank - 1, 1)}. */
    private static long[] channelsLastOrder(int rank) {
        long[] p = new long[rank];
        for (int i = 1; i < rank - 1; i++) p[i] = i + 1;
        p[rank - 1] = 1;
        return p;
    }

    /**
     * {@code quantized::layer_norm(x, normalized_shape, weight, bias, eps, scale, zero_point)}: per row of N elements (see
     * {@link #normalize}), {@code fma((q - x_zp - (m - x_zp)) * s, gamma, beta)} per output (PyTorch's AVX2 kernel, whose
     * vector and scalar loops both contract to FMAs).
     */
    public static Tensor layerNorm(Tensor x, long[] normalizedShape, Tensor weight, Tensor bias, double eps, double scale,
                                   long zeroPoint) {
        QuantizedStorage q = perTensor(x, "quantized::layer_norm");
        int nd = normalizedShape.length;
        long[] shape = x.shapeArray();
        boolean fits = nd <= shape.length;
        for (int i = 0; fits && i < nd; i++) fits = shape[shape.length - nd + i] == normalizedShape[i];
        if (!fits) {
            throw new IllegalArgumentException("Given normalized_shape=" + java.util.Arrays.toString(normalizedShape)
                    + ", expected input with shape [*, " + java.util.Arrays.toString(normalizedShape).replaceAll("[\\[\\]]", "")
                    + "], but got input of size" + x.shape().toString().replace("torch.Size(", "").replace(")", ""));
        }
        int n = 1;
        for (long d : normalizedShape) n *= (int) d;
        float[] g = weight == null ? null : f32(weight), b = bias == null ? null : f32(bias);
        return normalize(x, q, n, eps, scale, zeroPoint, (row, i, c, s) -> Math.fma(c * s, g == null ? 1f : g[i], b == null ? 0f : b[i]));
    }

    /**
     * {@code quantized::group_norm(x, num_groups, weight, bias, eps, scale, zero_point)}: per sample and group (see
     * {@link #normalize}), with the per-channel {@code gamma' = s * gamma}: {@code fma(q - x_zp - (m - x_zp), gamma', beta)}.
     */
    public static Tensor groupNorm(Tensor x, long numGroups, Tensor weight, Tensor bias, double eps, double scale, long zeroPoint) {
        QuantizedStorage q = perTensor(x, "quantized::group_norm");
        if (x.dim() < 2) throw new IllegalArgumentException("Expected at least 2 dimensions for input tensor but received " + x.dim());
        int c = (int) x.size(1), groups = (int) numGroups, cpg = c / groups, hw = (int) (x.numel() / Math.max(1, x.size(0) * c));
        if (c % groups != 0) {
            throw new IllegalArgumentException("Expected number of channels in input to be divisible by num_groups, but got input of "
                    + "shape " + x.shape().toString().replace("torch.Size(", "").replace(")", "") + " and num_groups=" + numGroups);
        }
        float[] g = weight == null ? null : f32(weight), b = bias == null ? null : f32(bias);
        return normalize(x, q, cpg * hw, eps, scale, zeroPoint, (row, i, centred, s) -> {
            int ch = (row % groups) * cpg + i / hw;
            return Math.fma(centred, s * (g == null ? 1f : g[ch]), b == null ? 0f : b[ch]);
        });
    }

    /** {@code quantized::instance_norm(x, weight, bias, eps, scale, zero_point)}: a group norm with one group per channel. */
    public static Tensor instanceNorm(Tensor x, Tensor weight, Tensor bias, double eps, double scale, long zeroPoint) {
        if (x.isQuantized() && x.dim() < 3) {
            throw new IllegalArgumentException("Expected normalized_shape to be at least 3-dimensional");
        }
        return groupNorm(x, x.dim() < 2 ? 1 : x.size(1), weight, bias, eps, scale, zeroPoint);
    }

    /** One output of a normalization: from its row, its index in the row, {@code q - x_zp - mean} and {@code x_scale / std}. */
    private interface Normalized {
        float apply(int row, int i, float centred, float s);
    }

    /**
     * PyTorch's {@code quantized_normalize_kernel} over rows of {@code n} elements: the integer sum and sum of squares;
     * {@code m = sum / n}, {@code var = max(fma(-m, m, sumsq / n), 0)} and {@code s = x_scale / sqrt((var * x_scale) *
     * x_scale + eps)} (the square root in double) in float32; each output {@code rint(op / scale) + zero_point}.
     */
    private static Tensor normalize(Tensor x, QuantizedStorage q, int n, double eps, double scale, long zeroPoint, Normalized op) {
        int[] v = Quantized.intsView(x).contiguous().toIntArray();
        long zp = q.zeroPoint(), qmin = Quantized.qmin(x.dtype()), qmax = Quantized.qmax(x.dtype());
        float xs = (float) q.scale(), inv = 1f / (float) scale;
        int[] out = new int[v.length];
        for (int start = 0, row = 0; start + n <= v.length; start += n, row++) {
            long sum = 0, sumSq = 0;
            for (int i = start; i < start + n; i++) {
                sum += v[i];
                sumSq += (long) v[i] * v[i];
            }
            float m = (float) sum / (float) n, mean = m - (float) zp;
            float var = Math.max(Math.fma(-m, m, (float) sumSq / (float) n), 0f);
            float s = (float) (xs / Math.sqrt(var * xs * xs + eps));
            for (int i = 0; i < n; i++) {
                float y = op.apply(row, i, (float) (v[start + i] - zp) - mean, s);
                out[start + i] = (int) Quantized.quantizeVal(y, inv, zeroPoint, qmin, qmax);
            }
        }
        return result(out, x, false, scale, zeroPoint);
    }

    // ---------------------------------------------------------------- helpers

    private static float[] f32(Tensor t) { return t.detach().to(DType.FLOAT32).contiguous().toFloatArray(); }

    private static int round(float v, int lo, int hi) { return (int) Math.rint(Math.min(Math.max(v, lo), hi)); }

    /** PyTorch's {@code suggest_memory_format()} of a 4-d tensor: channels-last when its strides are, and not plain contiguous. */
    private static boolean channelsLast(Tensor x) {
        return x.dim() == 4 && !x.isContiguous() && Quantized.intsView(x).isContiguous(MemoryFormat.CHANNELS_LAST);
    }

    private static QuantizedStorage perTensor(Tensor x, String op) {
        QuantizedNn.checkQuantized(x, op);
        QuantizedStorage q = Quantized.kernelQuantizer(x, op);
        if (!q.qscheme().isPerTensor()) throw new IllegalArgumentException(op + ": only per-tensor quantized inputs are supported");
        return q;
    }

    /** The lookup-table ops are QNNPACK's, for quint8 only here. */
    private static QuantizedStorage quint8(Tensor x, String op) {
        QuantizedStorage q = perTensor(x, op);
        if (x.dtype() != DType.QUINT8) {
            throw new UnsupportedOperationException(op + ": only quint8 inputs are supported (QNNPACK's kernel), got " + x.dtype());
        }
        return q;
    }

    private static void checkScale(String op, String which, double scale) {
        if (!(scale > 0) || !Double.isFinite(scale) || (float) scale < Float.MIN_NORMAL) {
            throw new IllegalArgumentException("failed to create " + op + " operator with " + (float) scale + " " + which
                    + " scale: scale must be finite and positive");
        }
    }

    private static Tensor lookup(Tensor x, int[] lut, double scale, long zeroPoint) {
        boolean cl = channelsLast(x);
        Tensor ints = Quantized.intsView(x);
        if (cl) ints = ints.permute(0, 2, 3, 1);
        int[] v = ints.contiguous().toIntArray();
        for (int i = 0; i < v.length; i++) v[i] = lut[v[i]];
        return result(v, x, cl, scale, zeroPoint);
    }

    /** A tensor of x's dtype and shape over {@code v}, in x's logical order, or channels-last order ({@code channelsLast}). */
    private static Tensor result(int[] v, Tensor x, boolean channelsLast, double scale, long zeroPoint) {
        long[] shape = x.shapeArray();
        long[] order = channelsLastOrder(shape.length), stored = shape.clone();
        if (channelsLast) {
            for (int i = 0; i < shape.length; i++) stored[i] = shape[(int) order[i]];
        }
        Tensor ints = Tensor.wrap(CpuStorage.wrap(DType.INT32, v), stored, Shapes.contiguousStrides(stored), 0)
                .to(Quantized.intsView(x).dtype());
        if (channelsLast) {
            long[] back = new long[shape.length];
            for (int i = 0; i < shape.length; i++) back[(int) order[i]] = i;
            ints = ints.permute(back);
        }
        return Quantized.fromInts(ints, x.dtype(), scale, zeroPoint, null, null, 0);
    }
}
