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
 * {@code torch._fake_quantize_learnable_per_tensor_affine} / {@code _per_channel_affine} (LSQ, learned step size
 * quantization): the forward pass is fake quantization with the zero point rounded (half to even) and clamped, and
 * the backward pass gives scale and zero point gradients too, as PyTorch's {@code _backward} kernels do:
 * <ul>
 *   <li>x: {@code grad} where {@code q = nearbyint(z + x / scale)} lies in [qmin, qmax], else 0;</li>
 *   <li>scale: {@code grad * (xfq - x) / scale} inside, {@code grad * (qmin - z)} below, {@code grad * (qmax - z)}
 *   above;</li>
 *   <li>zero point: 0 inside, {@code -grad * scale} outside;</li>
 * </ul>
 * each scaled by {@code grad_factor} and summed over the elements (per channel: over all dims but the axis).
 * Note [LSQ zero point]: PyTorch's per-tensor backward takes the zero point as {@code (long) clamp(z + 0.5f)}, where
 * its forward (and the per-channel forms) round half to even; kept as PyTorch has it. The arithmetic is float32, as
 * PyTorch's backward requires float32 tensors.
 */
public final class LearnableFakeQuantization {
    private LearnableFakeQuantization() {}

    /** {@code torch._fake_quantize_learnable_per_tensor_affine(x, scale, zero_point, qmin, qmax, grad_factor)}. */
    public static Tensor perTensorAffine(Tensor x, Tensor scale, Tensor zeroPoint, long quantMin, long quantMax,
                                         double gradFactor) {
        float s = (float) scale.reshape(-1).select(0, 0).item();
        float zf = (float) zeroPoint.reshape(-1).select(0, 0).item();
        long zForward = (long) Math.min(Math.max((float) Math.rint(zf), (float) quantMin), (float) quantMax);
        Tensor out = FakeQuantization.perTensorAffine(x.detach(), s, zForward, quantMin, quantMax);
        if (!Graph.isRecording(x, scale, zeroPoint)) return out;
        FnNode n = Graph.node("FakeQuantizeLearnablePerTensorAffineBackward0", x, scale, zeroPoint);
        SavedTensor sx = n.save(x);
        long zBackward = (long) Math.min(Math.max(zf + 0.5f, (float) quantMin), (float) quantMax);
        return n.backward(g -> {
            Tensor xs = sx.get();
            checkFloat(g[0], xs, scale, zeroPoint);
            checkIncludesZero(quantMin, quantMax, "`quant_min` should be less than or         equal to `quant_max`, "
                    + "and the quantization range should include 0.");
            if (zBackward < quantMin || zBackward > quantMax) {
                throw new IllegalArgumentException("`zero_point` must be between `quant_min` and `quant_max`.");
            }
            Tensor sc = scalar(s, xs), z = scalar((float) zBackward, xs);
            Tensor[] d = untracked(() -> grads(g[0], xs, sc, z, quantMin, quantMax, gradFactor));
            return new Tensor[] {d[0], d[1].sum().reshape(1).to(scale.device()), d[2].sum().reshape(1).to(zeroPoint.device())};
        }).output(out);
    }

    /** {@code torch._fake_quantize_learnable_per_channel_affine(x, scale, zero_point, axis, qmin, qmax, grad_factor)}. */
    public static Tensor perChannelAffine(Tensor x, Tensor scale, Tensor zeroPoint, long axis, long quantMin, long quantMax,
                                          double gradFactor) {
        Tensor zRounded = untracked(() -> zeroPoint.detach().round().clamp((double) quantMin, (double) quantMax));
        Tensor out = FakeQuantization.perChannelAffine(x.detach(), scale.detach(), zRounded.to(DType.INT32), axis, quantMin, quantMax);
        if (!Graph.isRecording(x, scale, zeroPoint)) return out;
        FnNode n = Graph.node("FakeQuantizeLearnablePerChannelAffineBackward0", x, scale, zeroPoint);
        SavedTensor sx = n.save(x), ss = n.save(scale), sz = n.save(zRounded);
        return n.backward(g -> {
            Tensor xs = sx.get();
            checkFloat(g[0], xs, scale, zeroPoint);
            checkIncludesZero(quantMin, quantMax, "Expecting `quant_min` <= 0 and `quant_max` >= 0");
            int ax = Shapes.wrapDim(axis, xs.dim());
            long[] shape = new long[xs.dim()];
            java.util.Arrays.fill(shape, 1);
            shape[ax] = scale.numel();
            Tensor sc = ss.get().detach().reshape(shape), z = sz.get().reshape(shape);
            Tensor[] d = untracked(() -> grads(g[0], xs, sc, z, quantMin, quantMax, gradFactor));
            long[] others = java.util.stream.LongStream.range(0, xs.dim()).filter(i -> i != ax).toArray();
            return new Tensor[] {d[0], others.length == 0 ? d[1] : d[1].sum(others), others.length == 0 ? d[2] : d[2].sum(others)};
        }).output(out);
    }

    /** Elementwise dX, dScale and dZeroPoint (before the sums), float32 steps in PyTorch's kernel order. */
    private static Tensor[] grads(Tensor dy, Tensor x, Tensor scale, Tensor z, long quantMin, long quantMax, double gradFactor) {
        Tensor gf = scalar((float) gradFactor, x), inv = scale.reciprocal();
        Tensor q = FakeQuantization.mulAdd(x.detach(), inv, z, DType.FLOAT32).round(); // fma, as PyTorch's kernel
        Tensor below = q.lt(quantMin), above = q.gt(quantMax), inside = below.logicalOr(above).logicalNot();
        Tensor dx = dy.mul(inside.to(dy.dtype()));
        Tensor xfq = q.clamp((double) quantMin, (double) quantMax).sub(z).mul(scale);
        Tensor dScaleIn = dy.mul(xfq.sub(x.detach())).mul(inv).mul(gf);
        Tensor dScaleSmall = dy.mul(scalar(quantMin, x).sub(z)).mul(gf), dScaleBig = dy.mul(scalar(quantMax, x).sub(z)).mul(gf);
        Tensor dScale = Torch.where(below, dScaleSmall, Torch.where(above, dScaleBig, dScaleIn));
        Tensor dZero = Torch.where(inside, Torch.zerosLike(dy), dy.neg().mul(scale).mul(gf));
        return new Tensor[] {dx, dScale, dZero};
    }

    private static Tensor scalar(float v, Tensor like) {
        return Torch.full(new long[0], v, Torch.dtype(DType.FLOAT32).device(like.device()));
    }

    private static void checkFloat(Tensor... ts) {
        String[] names = {"dY", "X", "scale", "zero_point"};
        for (int i = 0; i < ts.length; i++) {
            if (ts[i].dtype() != DType.FLOAT32) {
                throw new IllegalArgumentException("Expected " + names[i] + ".scalar_type() == ScalarType::Float to be true, but got false.");
            }
        }
    }

    private static void checkIncludesZero(long quantMin, long quantMax, String message) {
        if (!(quantMin <= 0 && quantMax >= 0)) throw new IllegalArgumentException(message);
    }
}
