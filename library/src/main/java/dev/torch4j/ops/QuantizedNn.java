package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.QScheme;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ValuesIndices;
import dev.torch4j.backend.QuantizedStorage;
import dev.torch4j.backend.cpu.CpuStorage;
import dev.torch4j.core.Shapes;

import java.util.ArrayList;
import java.util.List;

/**
 * The ops of statically quantized models ({@code torch.ops.quantized.*}) on quint8 activations with PyTorch 1.13
 * QNNPACK's arithmetic, bit for bit (scripts/goldens/static_quant_goldens.py checks each against PyTorch).
 *
 * <p>Linear and conv: the float bias becomes qint32 with scale {@code input_scale * weight_scale}; the sums
 * {@code bias + sum (x - x_zp) (w - w_zp)} are exact integers (computed here in float64, exact below 2^53); each is
 * requantized as {@code rint((float) acc * ((w_scale * x_scale) * (1 / out_scale))) + out_zp} in float32, rounding half
 * to even, clamped to [0, 255] (to [out_zp, 255] with a fused ReLU). A weight quantized per output channel has its
 * own scale (so its own multiplier and bias scale) and zero point per channel. Add is QNNPACK's fixed-point kernel; mul, which
 * QNNPACK lacks in 1.13, PyTorch's generic kernel.
 */
public final class QuantizedNn {
    private QuantizedNn() {}

    /** {@code quantized::linear(x, w, b, scale, zero_point)} ({@code linear_relu} with {@code relu}); b may be null. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias, double scale, long zeroPoint, boolean relu) {
        String op = relu ? "quantized::linear_relu" : "quantized::linear";
        checkActivation(x, op);
        checkWeight(weight, op);
        long k = weight.size(1), n = weight.size(0);
        if (x.dim() < 1 || x.size(-1) != k) {
            throw new IllegalArgumentException(op + ": mat1 and mat2 shapes cannot be multiplied (input " + x.shape() + ", weight "
                    + weight.shape() + ")");
        }
        Tensor xs = centred(x).reshape(-1, k);
        Tensor acc = xs.matmul(centred(weight).t());
        if (bias != null) acc = acc.add(quantizedBias(bias, x, weight, n, op));
        long[] shape = x.shapeArray();
        shape[shape.length - 1] = n;
        return requantize(acc.reshape(shape), multipliers(x, weight, scale), 1, scale, zeroPoint, relu);
    }

    /** {@code quantized::conv2d(x, w, b, stride, padding, dilation, groups, scale, zero_point)} ({@code conv2d_relu}). */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] dilation, long groups,
                                double scale, long zeroPoint, boolean relu) {
        return conv(x, weight, bias, stride, padding, dilation, groups, scale, zeroPoint, relu);
    }

    /**
     * {@code quantized::conv1d}, {@code conv2d}, {@code conv3d} (and their {@code _relu} forms), by the weight's rank:
     * PyTorch runs a 1-d convolution as a 2-d one of height 1, so all share the arithmetic above.
     */
    public static Tensor conv(Tensor x, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] dilation, long groups,
                              double scale, long zeroPoint, boolean relu) {
        int nd = weight.dim() - 2;
        String op = "quantized::conv" + nd + "d" + (relu ? "_relu" : "") + (nd == 1 ? "" : ".new");
        checkActivation(x, op);
        checkWeight(weight, op);
        if (x.dim() != nd + 2) {
            throw new IllegalArgumentException("Input shape must be `(N, C, " + List.of("L", "H, W", "D, H, W").get(nd - 1) + ")`!");
        }
        // zero padding of (x - x_zp) is QNNPACK's padding with the input zero point
        Tensor xc = centred(x), wc = centred(weight), acc;
        if (nd == 1) {
            acc = Convolution.conv2d(xc.unsqueeze(2), wc.unsqueeze(2), null, new long[] {1, stride[0]}, new long[] {0, padding[0]},
                    new long[] {1, dilation[0]}, groups).squeeze(2);
        } else if (nd == 2) {
            acc = Convolution.conv2d(xc, wc, null, stride, padding, dilation, groups);
        } else {
            acc = Convolution3d.conv3d(xc, wc, null, stride, padding, dilation, groups);
        }
        long[] bshape = new long[nd + 1];
        java.util.Arrays.fill(bshape, 1);
        bshape[0] = -1;
        if (bias != null) acc = acc.add(quantizedBias(bias, x, weight, weight.size(0), op).reshape(bshape));
        long inner = acc.numel() / (acc.size(0) * acc.size(1));
        return requantize(acc, multipliers(x, weight, scale), inner, scale, zeroPoint, relu);
    }

    /**
     * {@code quantized::conv_transpose1d} / {@code conv_transpose2d} / {@code conv_transpose3d} (QNNPACK's
     * deconvolution): the same arithmetic as {@link #conv} over the transposed convolution's exact sums; the weight
     * {@code (C_in, C_out / groups, k...)} is quantized per tensor (PyTorch refuses per-channel observers for it). 1.13's
     * QNNPACK runs no 3-d one (oneDNN, which does, adds the bias in float: at most one step apart).
     */
    public static Tensor convTranspose(Tensor x, Tensor weight, Tensor bias, long[] stride, long[] padding, long[] outputPadding,
                                       long[] dilation, long groups, double scale, long zeroPoint) {
        int nd = weight.dim() - 2;
        String op = "quantized::conv_transpose" + nd + "d";
        checkActivation(x, op);
        checkWeight(weight, op);
        if (weight.qscheme() != QScheme.PER_TENSOR_AFFINE) {
            throw new IllegalArgumentException(op + ": Per Channel Quantization is not supported for transposed convolutions here");
        }
        if (x.dim() != nd + 2) {
            throw new IllegalArgumentException("Input shape must be `(N, C, " + List.of("L", "H, W", "T, H, W").get(nd - 1) + ")`!");
        }
        Tensor xc = centred(x), wc = centred(weight);
        Tensor acc = switch (nd) {
            case 1 -> ConvTranspose.convTranspose1d(xc, wc, null, stride, padding, outputPadding, groups, dilation);
            case 2 -> ConvTranspose.convTranspose2d(xc, wc, null, stride, padding, outputPadding, groups, dilation);
            default -> ConvTranspose.convTranspose3d(xc, wc, null, stride, padding, outputPadding, groups, dilation);
        };
        long out = weight.size(1) * groups;
        long[] bshape = new long[nd + 1];
        java.util.Arrays.fill(bshape, 1);
        bshape[0] = -1;
        if (bias != null) acc = acc.add(quantizedBias(bias, x, weight, out, op).reshape(bshape));
        long inner = acc.numel() / (acc.size(0) * acc.size(1));
        return requantize(acc, multipliers(x, weight, scale), inner, scale, zeroPoint, false);
    }

    /**
     * {@code quantized::add(a, b, scale, zero_point)} ({@code add_relu}): QNNPACK's fixed-point add of two quint8
     * tensors of one shape. Each input's scale over the output's, in float32, becomes an integer multiplier
     * {@code lrintf(ratio * 2^(21 - e))} (e: the larger ratio's binary exponent); the sum shifts right by {@code 21 - e},
     * rounding half away from zero.
     */
    public static Tensor add(Tensor a, Tensor b, double scale, long zeroPoint, boolean relu) {
        String op = relu ? "quantized::add_relu" : "quantized::add";
        checkActivation(a, op);
        checkActivation(b, op);
        Shapes.broadcast(op, a.shapeArray(), b.shapeArray()); // PyTorch checks broadcasting first, with its message
        if (!a.shape().equals(b.shape())) throw new IllegalArgumentException("qnnpack_add(): Add operands must be the same size!");
        float outScale = (float) scale;
        float ar = (float) Quantized.qScale(a) / outScale, br = (float) Quantized.qScale(b) / outScale;
        for (float r : new float[] {ar, br}) {
            if (!(r >= 0x1.0p-14f && r < 0x1.0p+8f)) {
                throw new IllegalArgumentException(op + ": failed to create QNNPACK Add operator: the input-to-output scale ratio "
                        + r + " must be in [2**-14, 2**8)");
            }
        }
        int exponent = Math.getExponent(Math.max(ar, br));
        int shift = 21 - exponent;
        float scaleMultiplier = Math.scalb(1f, shift);
        long am = Math.round(Math.rint(ar * scaleMultiplier)), bm = Math.round(Math.rint(br * scaleMultiplier));
        long azp = Quantized.qZeroPoint(a), bzp = Quantized.qZeroPoint(b);
        long mask = (1L << shift) - 1, threshold = mask >> 1;
        long lo = relu ? zeroPoint : 0;
        checkOutputRange(op, lo, 255);
        int[] x = ints(a, a.shapeArray()), y = ints(b, b.shapeArray());
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            long acc = (x[i] - azp) * am + (y[i] - bzp) * bm;
            long rem = (acc & mask) - (acc < 0 ? 1 : 0);
            long v = (acc >> shift) + (rem > threshold ? 1 : 0) + zeroPoint;
            out[i] = (int) Math.max(lo, Math.min(255, v));
        }
        return quint8(out, a.shapeArray(), scale, zeroPoint);
    }

    /**
     * {@code quantized::mul(a, b, scale, zero_point)} ({@code mul_relu}): {@code (a - a_zp) (b - b_zp)} in int32, times
     * {@code a_scale * b_scale * (1 / scale)} in float32, rounded half to even, plus the zero point, clamped.
     */
    public static Tensor mul(Tensor a, Tensor b, double scale, long zeroPoint, boolean relu) {
        String op = relu ? "quantized::mul_relu" : "quantized::mul";
        checkActivation(a, op);
        checkActivation(b, op);
        long[] shape = Shapes.broadcast(op, a.shapeArray(), b.shapeArray());
        float m = (float) Quantized.qScale(a) * (float) Quantized.qScale(b) * (1f / (float) scale);
        long azp = Quantized.qZeroPoint(a), bzp = Quantized.qZeroPoint(b);
        int[] x = ints(a, shape), y = ints(b, shape);
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            long v = zeroPoint + (long) Math.rint((float) ((x[i] - azp) * (y[i] - bzp)) * m);
            out[i] = (int) Math.max(relu ? zeroPoint : 0, Math.min(255, v));
        }
        return quint8(out, shape, scale, zeroPoint);
    }

    /**
     * {@code quantized::add_scalar(x, c)} ({@code add_scalar_relu}): the output's parameters absorb the scalar. With
     * {@code c_q = rint(c / scale)} and {@code z - c_q} inside the dtype's range the integers stay and the zero point
     * becomes {@code z - c_q}; outside it the zero point is pinned to the range's end, the scale stretched to
     * {@code (q_max - (z - c_q)) / (q_max - q_min) * scale} (or its mirror), and the integers requantized as
     * {@code z' + rint((float) (q - z + c_q) * (s * (1 / s')))} in float32.
     */
    public static Tensor addScalar(Tensor x, double c, boolean relu) {
        QuantizedStorage q = Quantized.kernelQuantizer(x, relu ? "quantized::add_scalar_relu" : "quantized::add_scalar");
        if (q.qscheme() != QScheme.PER_TENSOR_AFFINE) throw new IllegalArgumentException("Only per tensor affine is supported for now!!");
        double s = q.scale();
        long z = q.zeroPoint(), qmin = Quantized.qmin(x.dtype()), qmax = Quantized.qmax(x.dtype());
        long cq = (long) Math.rint(c / s), shifted = z - cq;
        boolean inRange = shifted >= qmin && shifted <= qmax;
        double scale = shifted < qmin ? (qmax - shifted) / (double) (qmax - qmin) * s
                : shifted > qmax ? (shifted - qmin) / (double) (qmax - qmin) * s : s;
        long zp = Math.max(qmin, Math.min(qmax, shifted));
        int[] v = ints(x, x.shapeArray());
        float m = (float) s * (1f / (float) scale);
        for (int i = 0; i < v.length; i++) {
            long r = inRange ? v[i] : Math.max(qmin, Math.min(qmax, zp + (long) Math.rint((float) (v[i] - z + cq) * m)));
            v[i] = (int) (relu ? Math.max(r, zp) : r);
        }
        return like(v, x, scale, zp);
    }

    /**
     * {@code quantized::mul_scalar(x, c)} ({@code mul_scalar_relu}): no arithmetic on the values: a positive {@code c}
     * scales the scale; zero gives zeros with scale 1 and zero point 0; a negative one mirrors the integers
     * ({@code q_max + q_min - q}, zero point {@code q_max - (z - q_min)}) and scales by {@code |c|}.
     */
    public static Tensor mulScalar(Tensor x, double c, boolean relu) {
        QuantizedStorage q = Quantized.kernelQuantizer(x, relu ? "quantized::mul_scalar_relu" : "quantized::mul_scalar");
        if (!q.qscheme().isPerTensor()) throw new IllegalArgumentException("quantized::mul_scalar: per-channel quantized tensors are not supported");
        long z = q.zeroPoint(), qmin = Quantized.qmin(x.dtype()), qmax = Quantized.qmax(x.dtype());
        long zp = c > 0 ? z : c == 0 ? 0 : qmax - (z - qmin);
        int[] v = ints(x, x.shapeArray());
        for (int i = 0; i < v.length; i++) {
            long r = c > 0 ? v[i] : c == 0 ? 0 : qmax + qmin - v[i];
            v[i] = (int) (relu && c != 0 ? Math.max(r, zp) : r);
        }
        return like(v, x, c == 0 ? 1.0 : Math.abs(c) * q.scale(), zp);
    }

    /** A contiguous tensor of x's dtype and shape over the integers {@code v}. */
    private static Tensor like(int[] v, Tensor x, double scale, long zeroPoint) {
        long[] shape = x.shapeArray();
        Tensor ints = Tensor.wrap(CpuStorage.wrap(DType.INT32, v), shape, Shapes.contiguousStrides(shape), 0).to(Quantized.intsView(x).dtype());
        return Quantized.fromInts(ints, x.dtype(), scale, zeroPoint, null, null, 0);
    }

    /** {@code quantized::cat(xs, dim, scale, zero_point)}: the inputs dequantized, concatenated, quantized again. */
    public static Tensor cat(List<Tensor> xs, long dim, double scale, long zeroPoint) {
        List<Tensor> floats = new ArrayList<>();
        for (Tensor x : xs) {
            checkActivation(x, "quantized::cat");
            floats.add(x.dequantize());
        }
        return Quantized.quantizePerTensor(Torch.cat(floats, dim), scale, zeroPoint, DType.QUINT8);
    }

    /** {@code relu} / {@code relu_} of a quantized tensor: its integers clamped below at the zero point ({@code out}: in place). */
    public static Tensor relu(Tensor x, Tensor out) {
        QuantizedStorage q = Quantized.kernelQuantizer(x, "relu");
        if (!q.qscheme().isPerTensor()) throw new IllegalArgumentException("relu: per-channel quantized tensors are not supported");
        return clampInts(x, q.zeroPoint(), Quantized.qmax(x.dtype()), out);
    }

    /**
     * {@code torch.ops.quantized.relu6(x)} (PyTorch's {@code hardtanh} on quantized tensors, 0 and 6): the integers
     * clamped to {@code [quantize(0), quantize(6)]} with the input's scale and zero point.
     */
    public static Tensor relu6(Tensor x, boolean inplace) {
        QuantizedStorage q = Quantized.kernelQuantizer(x, "quantized::relu6");
        if (!q.qscheme().isPerTensor()) throw new IllegalArgumentException("quantized::relu6: per-channel quantized tensors are not supported");
        float inv = 1f / (float) q.scale();
        long lo = Quantized.quantizeVal(0f, inv, q.zeroPoint(), Quantized.qmin(x.dtype()), Quantized.qmax(x.dtype()));
        long hi = Quantized.quantizeVal(6f, inv, q.zeroPoint(), Quantized.qmin(x.dtype()), Quantized.qmax(x.dtype()));
        return clampInts(x, lo, hi, inplace ? x : null);
    }

    /** {@code max_pool2d} of a quantized tensor: the maximum of the integers, the input's scale and zero point kept. */
    public static ValuesIndices maxPool2d(Tensor x, long[] kernel, long[] stride, long[] padding, long[] dilation, boolean ceilMode) {
        QuantizedStorage q = Quantized.kernelQuantizer(x, "quantized::max_pool2d");
        if (x.dtype() == DType.QUINT8 && x.dim() != 4) {
            throw new IllegalArgumentException("qnnpack_maxpool2d(): Expected input to be 4-dimensional: got " + x.dim());
        }
        // the integers are exact in float32, so the float pool picks the same maxima
        Tensor ints = Quantized.intsView(x);
        ValuesIndices r = Pooling.maxPool2dWithIndices(ints.to(DType.FLOAT32), kernel, stride, padding, dilation, ceilMode);
        Tensor values = r.values().to(ints.dtype());
        return new ValuesIndices(Quantized.wrap(values, QuantizedStorage.perTensor(x.dtype(), values.storage(), q.scale(), q.zeroPoint())),
                r.indices());
    }

    /**
     * {@code adaptive_avg_pool2d} of a quantized tensor, the input's scale and zero point kept, with whichever of
     * PyTorch 1.13's three kernels it would run (each rounds its own way):
     * <ul>
     * <li>QNNPACK's average pool, for quint8 when the output divides the input and differs from it:
     *     {@code rint((float) (sum - zp n) * (scale / (scale * n))) + zp}, in float32, clamped;</li>
     * <li>the channels-last kernel, for an input contiguous in that format too (one channel, or a 1x1 plane):
     *     {@code quantize_val} of {@code sum - zp n} with the scale {@code 1 / (1 / n)} in float32;</li>
     * <li>else the plain kernel: {@code rint((float) sum * ((1f / kh) / kw))} over the raw integers.</li>
     * </ul>
     */
    public static Tensor adaptiveAvgPool2d(Tensor x, long[] outputSize) {
        QuantizedStorage q = Quantized.kernelQuantizer(x, "quantized::adaptive_avg_pool2d");
        if (!q.qscheme().isPerTensor()) throw new IllegalArgumentException("adaptive_avg_pool2d: per-channel quantized tensors are not supported");
        int d = x.dim();
        long h = x.size(d - 2), w = x.size(d - 1), oh = outputSize[0], ow = outputSize[1];
        boolean qnnpack = x.dtype() == DType.QUINT8 && !(h == oh && w == ow) && h % oh == 0 && w % ow == 0;
        Tensor ints = Quantized.intsView(x);
        boolean channelsLast = !qnnpack && d == 4 && ints.isContiguous(dev.torch4j.MemoryFormat.CHANNELS_LAST);
        int[] v = ints(x, x.shapeArray());
        int planes = (int) (x.numel() / (h * w));
        long zp = q.zeroPoint(), qmin = Quantized.qmin(x.dtype()), qmax = Quantized.qmax(x.dtype());
        float scale = (float) q.scale();
        int[] out = new int[(int) (planes * oh * ow)];
        int o = 0;
        for (int p = 0; p < planes; p++) {
            for (long i = 0; i < oh; i++) {
                int h0 = startIndex(i, oh, h), h1 = endIndex(i, oh, h);
                for (long j = 0; j < ow; j++) {
                    int w0 = startIndex(j, ow, w), w1 = endIndex(j, ow, w);
                    long sum = 0;
                    for (int a = h0; a < h1; a++) {
                        for (int b = w0; b < w1; b++) sum += v[(int) (p * h * w + a * w + b)];
                    }
                    int kh = h1 - h0, kw = w1 - w0, n = kh * kw;
                    long r;
                    if (qnnpack) {
                        float m = scale / (scale * (float) n);
                        r = Math.max(qmin, Math.min(qmax, (long) Math.rint((float) (sum - zp * n) * m) + zp));
                    } else if (channelsLast) {
                        float multiplier = scale / scale / (float) n;
                        r = Quantized.quantizeVal((float) (sum - zp * n), 1f / (1f / multiplier), zp, qmin, qmax);
                    } else {
                        r = (long) Math.rint((float) sum * ((1f / kh) / kw));
                    }
                    out[o++] = (int) r;
                }
            }
        }
        long[] shape = x.shapeArray();
        shape[d - 2] = oh;
        shape[d - 1] = ow;
        Tensor result = Tensor.wrap(CpuStorage.wrap(DType.INT32, out), shape, Shapes.contiguousStrides(shape), 0).to(ints.dtype());
        return Quantized.fromInts(result, x.dtype(), q.scale(), zp, null, null, 0);
    }

    /**
     * {@code avg_pool2d} of a quantized tensor, the input's scale and zero point kept, with whichever of PyTorch 1.13's
     * kernels it would run. A quint8 input without {@code ceil_mode} goes to QNNPACK ({@link #qnnpackAvgPool2d}); the
     * others (ceil_mode, qint8) to the generic kernels: the window's {@code sum - zp size} (the in-bounds part) divided by
     * {@code divisor_override}, else the window's area with padding ({@code count_include_pad}) or without, in float32,
     * rounded half to even. The plain kernel multiplies by {@code (float) (1.0 / divisor)} and adds the zero point before
     * rounding; the channels-last one (an input contiguous in that format) multiplies by {@code 1f / divisor} in its
     * 8-channel vector blocks and by {@code 1 / (1 / that)} in the remaining channels, writing channels-last.
     */
    public static Tensor avgPool2d(Tensor x, long[] k, long[] s, long[] p, boolean ceilMode, boolean countIncludePad,
                                   Long divisorOverride) {
        QuantizedStorage q = Quantized.kernelQuantizer(x, "quantized::avg_pool2d");
        if (!q.qscheme().isPerTensor()) throw new IllegalArgumentException("avg_pool2d: per-channel quantized tensors are not supported");
        if (x.dtype() == DType.QUINT8 && !ceilMode) {
            if (divisorOverride != null) {
                throw new UnsupportedOperationException("quantized avg_pool2d: divisor_override of a quint8 input without ceil_mode "
                        + "(QNNPACK's kernel) is not supported, got divisor_override=" + divisorOverride);
            }
            return qnnpackAvgPool2d(x, q, k, s, p);
        }
        int d = x.dim();
        long c = x.size(d - 3), h = x.size(d - 2), w = x.size(d - 1), planes = x.numel() / (h * w);
        long oh = Pooling.outputSize(h, k[0], p[0], s[0], 1, ceilMode), ow = Pooling.outputSize(w, k[1], p[1], s[1], 1, ceilMode);
        boolean nhwc = d == 4 && Quantized.intsView(x).isContiguous(dev.torch4j.MemoryFormat.CHANNELS_LAST);
        long vectorChannels = nhwc ? c / 8 * 8 : 0;
        int[] v = ints(x, x.shapeArray());
        long zp = q.zeroPoint(), qmin = Quantized.qmin(x.dtype()), qmax = Quantized.qmax(x.dtype());
        int[] out = new int[(int) (planes * oh * ow)];
        int o = 0;
        for (long plane = 0; plane < planes; plane++) {
            for (long i = 0; i < oh; i++) {
                long h0 = i * s[0] - p[0], h1 = Math.min(h0 + k[0], h + p[0]);
                for (long j = 0; j < ow; j++) {
                    long w0 = j * s[1] - p[1], w1 = Math.min(w0 + k[1], w + p[1]);
                    long area = (h1 - h0) * (w1 - w0);
                    long a0 = Math.max(h0, 0), a1 = Math.min(h1, h), b0 = Math.max(w0, 0), b1 = Math.min(w1, w);
                    long size = (a1 - a0) * (b1 - b0);
                    long divisor = divisorOverride != null ? divisorOverride : countIncludePad ? area : size;
                    long sum = -size * zp;
                    for (long a = a0; a < a1; a++) {
                        for (long b = b0; b < b1; b++) sum += v[(int) (plane * h * w + a * w + b)];
                    }
                    long r;
                    if (nhwc) {
                        float m = 1f / (float) divisor;
                        if (plane % c >= vectorChannels) m = 1f / (1f / m);
                        r = (long) Math.rint((float) sum * m) + zp;
                    } else {
                        r = (long) Math.rint((float) sum * (float) (1.0 / divisor) + (float) zp);
                    }
                    out[o++] = (int) Math.max(qmin, Math.min(qmax, r));
                }
            }
        }
        long[] shape = x.shapeArray();
        shape[d - 2] = oh;
        shape[d - 1] = ow;
        Tensor ints = Tensor.wrap(CpuStorage.wrap(DType.INT32, out), shape, Shapes.contiguousStrides(shape), 0)
                .to(Quantized.intsView(x).dtype());
        if (nhwc) ints = ints.contiguous(dev.torch4j.MemoryFormat.CHANNELS_LAST);
        return Quantized.fromInts(ints, x.dtype(), q.scale(), zp, null, null, 0);
    }

    /**
     * QNNPACK's average pool of a quint8 {@code (N, C, H, W)} tensor: the window's {@code sum - zp n} (padding holds the
     * zero point) times {@code scale / (scale * kh kw)} in float32, rounded half to even, plus the zero point. It divides by
     * the whole kernel area, padding included, whatever {@code count_include_pad} says, as PyTorch 1.13 does there.
     */
    private static Tensor qnnpackAvgPool2d(Tensor x, QuantizedStorage q, long[] k, long[] s, long[] p) {
        if (x.dim() != 4) throw new IllegalArgumentException("qnnpack_avg_pool2d(): Expected input to be 4-dimensional: got " + x.dim());
        if (k[0] * k[1] == 1) {
            throw new IllegalArgumentException("failed to create QNNPACK Average Pooling operator: 1x1 pooling is meaningless");
        }
        long h = x.size(2), w = x.size(3);
        long oh = Pooling.outputSize(h, k[0], p[0], s[0], 1, false), ow = Pooling.outputSize(w, k[1], p[1], s[1], 1, false);
        int[] v = ints(x, x.shapeArray());
        long zp = q.zeroPoint();
        float scale = (float) q.scale(), m = scale / (scale * (float) (k[0] * k[1]));
        int planes = (int) (x.size(0) * x.size(1));
        int[] out = new int[(int) (planes * oh * ow)];
        int o = 0;
        for (int plane = 0; plane < planes; plane++) {
            for (long i = 0; i < oh; i++) {
                long h0 = Math.max(0, i * s[0] - p[0]), h1 = Math.min(h, i * s[0] - p[0] + k[0]);
                for (long j = 0; j < ow; j++) {
                    long w0 = Math.max(0, j * s[1] - p[1]), w1 = Math.min(w, j * s[1] - p[1] + k[1]);
                    long acc = 0;
                    for (long a = h0; a < h1; a++) {
                        for (long b = w0; b < w1; b++) acc += v[(int) (plane * h * w + a * w + b)] - zp;
                    }
                    out[o++] = (int) Math.max(0, Math.min(255, (long) Math.rint((float) acc * m) + zp));
                }
            }
        }
        return quint8(out, new long[] {x.size(0), x.size(1), oh, ow}, q.scale(), zp);
    }

    /** PyTorch's adaptive pooling window start, {@code floor((float) (i * in) / out)}. */
    private static int startIndex(long i, long out, long in) { return (int) Math.floor((float) (i * in) / out); }

    /** The window end, {@code ceil((float) ((i + 1) * in) / out)}. */
    private static int endIndex(long i, long out, long in) { return (int) Math.ceil((float) ((i + 1) * in) / out); }

    // ---------------------------------------------------------------- helpers

    private static Tensor clampInts(Tensor x, long lo, long hi, Tensor out) {
        int[] v = ints(x, x.shapeArray());
        for (int i = 0; i < v.length; i++) v[i] = (int) Math.max(lo, Math.min(hi, v[i]));
        Tensor ints = Quantized.intsView(x);
        Tensor c = Tensor.wrap(CpuStorage.wrap(DType.INT32, v), x.shapeArray(), Shapes.contiguousStrides(x.shapeArray()), 0).to(ints.dtype());
        if (out != null) {
            ints.copy_(c);
            return x;
        }
        QuantizedStorage q = (QuantizedStorage) x.storage();
        return Quantized.wrap(c, QuantizedStorage.perTensor(x.dtype(), c.storage(), q.scale(), q.zeroPoint()));
    }

    /** An activation must be a per-tensor quint8 tensor; a float one gets PyTorch's dispatcher message. */
    static void checkActivation(Tensor x, String op) {
        checkQuantized(x, op);
        if (x.dtype() != DType.QUINT8) {
            throw new IllegalArgumentException(op + " (qnnpack): Expected input data type torch.quint8 but got " + x.dtype());
        }
        if (x.qscheme() != QScheme.PER_TENSOR_AFFINE) {
            throw new IllegalArgumentException(op + ": only per-tensor quantized inputs are supported, got " + x.qscheme());
        }
    }

    /** A float input gets PyTorch's dispatcher message. */
    static void checkQuantized(Tensor x, String op) {
        if (!x.isQuantized()) {
            throw new IllegalArgumentException("Could not run '" + op + "' with arguments from the 'CPU' backend. '" + op
                    + "' runs on quantized tensors only (QuantizedCPU), got a " + x.dtype() + " tensor: quantize the input first "
                    + "(QuantStub / Quantize)");
        }
    }

    private static void checkWeight(Tensor w, String op) {
        boolean perChannel = w.isQuantized() && w.qscheme() == QScheme.PER_CHANNEL_AFFINE && w.qPerChannelAxis() == 0;
        if (!w.isQuantized() || w.dtype() != DType.QINT8 || !(w.qscheme() == QScheme.PER_TENSOR_AFFINE || perChannel)) {
            throw new IllegalArgumentException(op + ": the weight must be a qint8 tensor quantized per tensor or per output channel "
                    + "(axis 0), got " + w.dtype() + (w.isQuantized() ? " " + w.qscheme() : ""));
        }
    }

    /** The weight's scale of each output channel (one repeated value when it is quantized per tensor). */
    private static double[] weightScales(Tensor w) {
        if (w.qscheme() == QScheme.PER_CHANNEL_AFFINE) return w.qPerChannelScales().toDoubleArray();
        double[] s = new double[(int) w.size(0)];
        java.util.Arrays.fill(s, w.qScale());
        return s;
    }

    private static void checkOutputRange(String op, long lo, long hi) {
        if (lo >= hi) {
            throw new IllegalArgumentException(op + ": failed to create QNNPACK operator with [" + lo + ", " + hi
                    + "] output range: range min must be below range max");
        }
    }

    /** {@code q - zero_point} as float64 (exact); a per-channel weight's zero points along axis 0. */
    private static Tensor centred(Tensor q) {
        Tensor ints = Quantized.intsView(q).to(DType.FLOAT64);
        if (q.qscheme() != QScheme.PER_CHANNEL_AFFINE) return ints.sub((double) Quantized.qZeroPoint(q));
        long[] shape = new long[q.dim()];
        java.util.Arrays.fill(shape, 1);
        shape[0] = -1;
        return ints.sub(q.qPerChannelZeroPoints().to(DType.FLOAT64).reshape(shape));
    }

    /**
     * The bias as QNNPACK adds it: qint32 with zero point 0 and scale {@code weight_scale * input_scale} (double), per
     * output channel for a per-channel weight.
     */
    private static Tensor quantizedBias(Tensor bias, Tensor x, Tensor w, long n, String op) {
        if (bias.isQuantized() || bias.dim() != 1 || bias.size(0) != n) {
            throw new IllegalArgumentException(op + ": the bias must be a float vector of " + n + " elements, got " + bias.dtype() + " "
                    + bias.shape());
        }
        Tensor b = bias.detach().to(DType.FLOAT32);
        Tensor qb = w.qscheme() == QScheme.PER_CHANNEL_AFFINE
                ? Quantized.quantizePerChannel(b, w.qPerChannelScales().mul(Quantized.qScale(x)), Torch.zeros(n).to(DType.INT64), 0, DType.QINT32)
                : Quantized.quantizePerTensor(b, Quantized.qScale(w) * Quantized.qScale(x), 0, DType.QINT32);
        return Quantized.intsView(qb).to(DType.FLOAT64);
    }

    /** QNNPACK's requantization scale of each output channel: {@code (w_scale * x_scale) * (1 / out_scale)} in float32. */
    private static float[] multipliers(Tensor x, Tensor w, double outScale) {
        double[] ws = weightScales(w);
        float[] m = new float[ws.length];
        for (int c = 0; c < ws.length; c++) {
            m[c] = ((float) ws[c] * (float) Quantized.qScale(x)) * (1f / (float) outScale);
            if (!(m[c] > 0f) || !Float.isFinite(m[c]) || m[c] < Float.MIN_NORMAL) {
                throw new IllegalArgumentException("failed to create op with requantization scale: " + m[c]
                        + ": requantization scale must be finite and positive");
            }
        }
        return m;
    }

    /**
     * {@code clamp(rint((float) acc * m[c]) + zp)} over the exact sums {@code acc} (float64), as quint8; the channel of
     * element i is {@code (i / inner) % m.length}.
     */
    private static Tensor requantize(Tensor acc, float[] m, long inner, double scale, long zeroPoint, boolean relu) {
        long[] shape = acc.shapeArray();
        double[] a = acc.contiguous().toDoubleArray();
        int[] out = new int[a.length];
        long lo = relu ? zeroPoint : 0;
        for (int i = 0; i < a.length; i++) {
            long v = (long) Math.rint((float) (long) a[i] * m[(int) ((i / inner) % m.length)]) + zeroPoint;
            out[i] = (int) Math.max(lo, Math.min(255, v));
        }
        return quint8(out, shape, scale, zeroPoint);
    }

    /** The integers of {@code q} broadcast to {@code shape}, row-major. */
    private static int[] ints(Tensor q, long[] shape) { return Quantized.intsView(q).expand(shape).toIntArray(); }

    private static Tensor quint8(int[] v, long[] shape, double scale, long zeroPoint) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        Tensor ints = Tensor.wrap(CpuStorage.wrap(DType.UINT8, b), shape, Shapes.contiguousStrides(shape), 0);
        return Quantized.fromInts(ints, DType.QUINT8, scale, zeroPoint, null, null, 0);
    }
}
