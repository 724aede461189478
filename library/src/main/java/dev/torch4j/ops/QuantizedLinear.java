package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.QScheme;
import dev.torch4j.Tensor;
import dev.torch4j.backend.QuantizedStorage;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.cpu.CpuStorage;

/**
 * {@code torch.ops.quantized.linear_dynamic(input, packed_weight, reduce_range)}: a float32 input, a qint8 per-tensor
 * weight, a float32 output. As PyTorch's x86 kernel (FBGEMM) does it: the input's min and max choose a quint8 scale and
 * zero point ({@code ChooseQuantizationParams}, the range [0, 127] with {@code reduce_range}), the input is quantized
 * with them, the integers multiply in int32 ({@link dev.torch4j.backend.Backend#int8Gemm}), and each sum becomes
 * {@code (float) acc * ((float) input_scale * (float) weight_scale) + bias[j]} in float32 (FBGEMM's AVX2 epilogue:
 * one combined multiplier, multiply then add).
 */
public final class QuantizedLinear {
    private QuantizedLinear() {}

    /** The dynamic quantized linear product; {@code bias} may be null. */
    public static Tensor linearDynamic(Tensor input, Tensor weight, Tensor bias, boolean reduceRange) {
        QuantizedStorage w = Quantized.quantizer(weight, "linear_dynamic");
        if (weight.dtype() != DType.QINT8 || w.qscheme() != QScheme.PER_TENSOR_AFFINE || weight.dim() != 2) {
            throw new IllegalArgumentException("quantized::linear_dynamic: the weight must be a 2-d per-tensor qint8 tensor, got "
                    + weight.dim() + "-d " + weight.dtype() + " " + w.qscheme());
        }
        if (input.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException("qlinear_dynamic (FBGEMM): data type of input should be float, got " + input.dtype());
        }
        if (input.dim() < 1) throw new IllegalArgumentException("The dimension of input tensor should be larger than or equal to 1");
        long n = weight.size(0), k = weight.size(1);
        if (input.size(-1) != k) {
            throw new IllegalArgumentException("linear_dynamic: input's last dim " + input.size(-1) + " does not match the weight's "
                    + k + " input features (weight " + weight.shape() + ")");
        }
        if (bias != null && (bias.dim() != 1 || bias.size(0) != n || bias.dtype() != DType.FLOAT32)) {
            throw new IllegalArgumentException("linear_dynamic: bias must be a float32 vector of " + n + " elements, got "
                    + bias.dtype() + " " + bias.shape());
        }
        long[] outShape = input.shapeArray();
        outShape[outShape.length - 1] = n;
        int m = (int) (input.numel() / Math.max(1, k));
        float[] out = new float[Math.multiplyExact(m, (int) n)];
        if (m > 0) {
            Tensor x = input.detach().reshape(m, k);
            float[] xs = Quantized.floats(x);
            float[] range = xs.length == 0 ? new float[2] : Quantized.range(xs); // (no features: nothing to quantize)
            Quantized.Params p = Quantized.chooseQuantizationParams(range[0], range[1], 0, 255, false, reduceRange);
            Tensor qx = Quantized.intsView(Quantized.quantizePerTensor(x, p.scale(), p.zeroPoint(), DType.QUINT8));
            int[] acc = product(qx, p.zeroPoint(), Quantized.intsView(weight).contiguous(), (int) w.zeroPoint());
            float multiplier = (float) p.scale() * (float) w.scale();
            float[] b = bias == null ? null : Quantized.floats(bias);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float v = (float) acc[i * (int) n + j] * multiplier;
                    out[i * (int) n + j] = b == null ? v : v + b[j];
                }
            }
        }
        return Tensor.wrap(CpuStorage.wrap(DType.FLOAT32, out), outShape, dev.torch4j.core.Shapes.contiguousStrides(outShape), 0);
    }

    /** float16's largest finite value, where FBGEMM saturates a float16 weight. */
    public static final float FP16_MAX = 65504f;

    /**
     * {@code linear_prepack_fp16}'s weight as {@code linear_unpack_fp16} gives it back: float32 values beyond float16's
     * range saturated to {@code +-65504} (FBGEMM's {@code HandleWeightsSaturation}, which warns
     * {@code "FOUND weight out of range "}; NaN stays), then rounded to float16 (to nearest even) and widened to float32.
     */
    public static Tensor packFp16(Tensor weight) {
        Tensor w = weight.detach().to(DType.FLOAT32);
        if (w.abs().gt(FP16_MAX).any().item() != 0) {
            System.getLogger("dev.torch4j.ao.quantization").log(System.Logger.Level.WARNING, "FOUND weight out of range ");
            w = w.clamp(-FP16_MAX, FP16_MAX);
        }
        return w.to(DType.FLOAT16).to(DType.FLOAT32).contiguous();
    }

    /**
     * {@code torch.ops.quantized.linear_dynamic_fp16(input, packed_weight)}: FBGEMM's float16 GEMM, the float32 input
     * times the float16 weight (given widened to float32, as {@link #packFp16} makes it) in float32, then
     * {@code output.add_(bias)}; {@code bias} may be null. FBGEMM sums in its own order: outputs agree with it to float32
     * rounding, not bit for bit.
     */
    public static Tensor linearDynamicFp16(Tensor input, Tensor weight, Tensor bias) {
        if (input.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException("expected scalar type Float but found " + input.dtype().scalarTypeName());
        }
        if (input.dim() < 1 || input.size(-1) != weight.size(1)) {
            throw new IllegalArgumentException("Expected input.size(input.dim() - 1) == packed_weight_fp16.numRows() to be true, but got "
                    + "false. (input " + input.shape() + ", weight " + weight.shape() + ")");
        }
        if (input.dim() < 2) throw new IllegalArgumentException("Expected input.dim() >= 2 to be true, but got false.");
        Tensor y = input.detach().matmul(weight.t());
        return bias == null ? y : y.add(bias);
    }

    /** {@code sum_k (a[i][k] - aZero) * (b[j][k] - bZero)}: the backend's kernel, else int64 matmul (exact here too). */
    private static int[] product(Tensor a, int aZero, Tensor b, int bZero) {
        Storage s = a.storage().backend().int8Gemm(a.strided(), aZero, b.strided(), bZero);
        if (s != null) return (int[]) ((CpuStorage) s).array();
        Tensor c = a.to(DType.INT64).sub(aZero).matmul(b.to(DType.INT64).sub(bZero).t());
        return c.to(DType.INT32).contiguous().toIntArray();
    }
}
