package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.FnNode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.autograd.SavedTensor;
import dev.torch4j.core.Shapes;

import static dev.torch4j.ops.ReductionsGrad.untracked;

/**
 * {@code torch.fake_quantize_per_tensor_affine} and {@code torch.fake_quantize_per_channel_affine}: quantize to the
 * integer grid and back in floating point, {@code (clamp(round(x * (1/scale)) + zero_point, qmin, qmax) - zero_point)
 * * scale}, with the straight-through estimator as gradient ({@code grad * mask}, the mask true where the unclamped
 * integer lies in [qmin, qmax]). Composed of existing ops, so it runs wherever they do.
 *
 * <p>Note [fake-quant arithmetic]: PyTorch's kernels multiply by {@code 1.0f / scale} (a float32 reciprocal), round
 * half to even ({@code nearbyint}) in the input's precision (float32 for float16/bfloat16 inputs) and form
 * {@code (q - zero_point) * scale} in double before casting back; each step below mirrors one of those so the bits
 * agree. With an integer zero point the rounding comes before adding it; a floating zero point is added first
 * ({@code lrint(zero_point + x * inv_scale)}, a fused multiply-add in PyTorch's build), as in its per-channel kernel.
 */
public final class FakeQuantization {
    private FakeQuantization() {}

    /** {@code torch.fake_quantize_per_tensor_affine(x, scale, zero_point, quant_min, quant_max)}. */
    public static Tensor perTensorAffine(Tensor x, double scale, long zeroPoint, long quantMin, long quantMax) {
        checkRange(quantMin, quantMax);
        if (zeroPoint < quantMin || zeroPoint > quantMax) {
            throw new IllegalArgumentException("`zero_point` must be between `quant_min` and `quant_max`.");
        }
        return perTensor("FakeQuantizePerTensorAffineCachemaskBackward0", x, (float) scale, zeroPoint, quantMin, quantMax);
    }

    /**
     * {@code torch.fake_quantize_per_tensor_affine(x, scale, zero_point, quant_min, quant_max)} with one-element
     * tensor qparams (read as a float32 scale and an integer zero point, which is not range-checked, as in PyTorch).
     */
    public static Tensor perTensorAffine(Tensor x, Tensor scale, Tensor zeroPoint, long quantMin, long quantMax) {
        checkRange(quantMin, quantMax);
        float s = (float) scalar(scale);
        long z = (long) scalar(zeroPoint);
        return perTensor("FakeQuantizePerTensorAffineCachemaskTensorQparamsBackward0", x, s, z, quantMin, quantMax);
    }

    /**
     * {@code torch.fake_quantize_per_channel_affine(x, scale, zero_point, axis, quant_min, quant_max)}: scale (1-d,
     * read as float32) and zero_point (1-d int32, or float32/float16 for float qparams) give one pair per index of
     * {@code axis}.
     */
    public static Tensor perChannelAffine(Tensor x, Tensor scale, Tensor zeroPoint, long axis, long quantMin, long quantMax) {
        checkRange(quantMin, quantMax);
        DType zd = zeroPoint.dtype();
        if (zd != DType.INT32 && zd != DType.FLOAT32 && zd != DType.FLOAT16) {
            throw new IllegalArgumentException("Zero-point must be Int32, Float or Half, found " + zd.scalarTypeName());
        }
        if (scale.dim() != 1) throw new IllegalArgumentException("scale should be a 1-D tensor");
        if (zeroPoint.dim() != 1) throw new IllegalArgumentException("zero point should be a 1-D tensor");
        if (scale.numel() != zeroPoint.numel()) {
            throw new IllegalArgumentException("scale and zero-point need to have the same dimensions");
        }
        int ax = Shapes.wrapDim(axis, x.dim());
        if (scale.numel() != x.size(ax)) {
            throw new IllegalArgumentException("dimensions of scale and zero-point are not consistent with input tensor");
        }
        boolean floatZp = zd.isFloatingPoint();
        if (!floatZp && zeroPoint.numel() > 0) {
            long lo, hi;
            try (var g = Torch.noGrad()) {
                lo = (long) zeroPoint.min().item();
                hi = (long) zeroPoint.max().item();
            }
            if (lo < quantMin || hi > quantMax) {
                throw new IllegalArgumentException("`zero_point` must be between `quant_min` and `quant_max`.");
            }
        }
        if (axis < 0 || axis > x.dim()) {
            throw new IllegalArgumentException("`axis` must be between 0 and number of dimensions of input");
        }
        checkFloating("fake_quantize_channel_cachemask_cpu_type_handling", x);
        long[] shape = new long[x.dim()];
        java.util.Arrays.fill(shape, 1);
        shape[ax] = scale.numel();
        Tensor s = scale.detach().to(DType.FLOAT32).reshape(shape);
        Tensor z = zeroPoint.detach().reshape(shape);
        Tensor[] outMask = untracked(() -> compute(x.detach(), s, z, floatZp, quantMin, quantMax));
        return record("FakeQuantizePerChannelAffineCachemaskBackward0", x, outMask);
    }

    /**
     * The fake quantization {@code torch.fused_moving_avg_obs_fake_quant} ends with, recorded as
     * {@code FusedMovingAvgObsFqHelperBackward0}: per tensor ({@code axis < 0}, one-element qparams) or per channel
     * along {@code axis}; when not {@code enabled}, a copy of x whose gradient passes everywhere.
     */
    public static Tensor fusedObserverTail(Tensor x, Tensor scale, Tensor zeroPoint, long axis, long quantMin, long quantMax,
                                           boolean enabled) {
        Tensor[] outMask = untracked(() -> {
            Tensor xd = x.detach();
            if (!enabled) return new Tensor[] {xd.clone(), Torch.onesLike(xd, Torch.dtype(DType.BOOL))};
            long[] shape = new long[x.dim()];
            java.util.Arrays.fill(shape, 1);
            if (axis >= 0) shape[(int) axis] = scale.numel();
            else shape = new long[0];
            return compute(xd, scale.to(DType.FLOAT32).reshape(shape), zeroPoint.reshape(shape), false, quantMin, quantMax);
        });
        return record("FusedMovingAvgObsFqHelperBackward0", x, outMask);
    }

    private static Tensor perTensor(String node, Tensor x, float scale, long zeroPoint, long quantMin, long quantMax) {
        checkFloating("fake_quantize_tensor_cachemask_kernel_type_handling", x);
        Tensor s = Torch.full(new long[0], scale, Torch.dtype(DType.FLOAT32).device(x.device()));
        Tensor z = Torch.full(new long[0], zeroPoint, Torch.dtype(DType.INT64).device(x.device()));
        Tensor[] outMask = untracked(() -> compute(x.detach(), s, z, false, quantMin, quantMax));
        return record(node, x, outMask);
    }

    /** The output and the mask; scale is float32, zero point integer or floating, both shaped to broadcast over x. */
    static Tensor[] compute(Tensor x, Tensor scale, Tensor zeroPoint, boolean floatZp, long quantMin, long quantMax) {
        DType ct = x.dtype() == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;
        Tensor inv = scale.reciprocal().to(ct); // 1.0f / scale in float32, then widened as C++ widens it
        Tensor q = floatZp ? mulAdd(x, inv, zeroPoint, ct).round() : x.to(ct).mul(inv).round().add(zeroPoint.to(ct));
        Tensor mask = q.ge(quantMin).logicalAnd(q.le(quantMax));
        Tensor out = q.clamp((double) quantMin, (double) quantMax).to(DType.FLOAT64)
                .sub(zeroPoint.to(DType.FLOAT64)).mul(scale.to(DType.FLOAT64)).to(x.dtype());
        return new Tensor[] {out, mask};
    }

    /**
     * {@code x * inv + zp} rounded once to {@code ct}: PyTorch's compiled kernels contract {@code zp + x * inv_scale}
     * into a fused multiply-add, so the product is not rounded on its own (which decides the halfway cases). For
     * float32 the double product of two floats is exact, so computing in double and rounding to float gives the fma.
     */
    static Tensor mulAdd(Tensor x, Tensor inv, Tensor zp, DType ct) {
        return x.to(DType.FLOAT64).mul(inv.to(DType.FLOAT64)).add(zp.to(DType.FLOAT64)).to(ct);
    }

    /** The output, recorded with the straight-through gradient {@code grad * mask} for x alone. */
    private static Tensor record(String node, Tensor x, Tensor[] outMask) {
        if (!Graph.isRecording(x)) return outMask[0];
        FnNode n = Graph.node(node, x);
        SavedTensor m = n.save(outMask[1]);
        return n.backward(g -> new Tensor[] {g[0].mul(m.get().to(g[0].dtype()))}).output(outMask[0]);
    }

    static void checkRange(long quantMin, long quantMax) {
        if (quantMin > quantMax) {
            // PyTorch's message carries the spaces of a C++ line continuation
            throw new IllegalArgumentException("`quant_min` should be less than or         equal to `quant_max`.");
        }
    }

    private static void checkFloating(String kernel, Tensor x) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("\"" + kernel + "\" not implemented for '" + x.dtype().scalarTypeName() + "'");
        }
    }

    /** A one-element tensor's value (PyTorch's {@code item()}), with its message for more elements. */
    static double scalar(Tensor t) {
        if (t.numel() != 1) {
            throw new IllegalArgumentException("a Tensor with " + t.numel() + " elements cannot be converted to Scalar");
        }
        return t.item();
    }
}
