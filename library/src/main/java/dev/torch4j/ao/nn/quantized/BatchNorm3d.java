package dev.torch4j.ao.nn.quantized;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Module;
import dev.torch4j.ops.QuantizedActivations;

/**
 * {@code torch.ao.nn.quantized.BatchNorm3d} (printed {@code QuantizedBatchNorm3d}): {@link BatchNorm2d} for quantized
 * {@code (N, C, D, H, W)} inputs ({@link QuantizedActivations#batchNorm3d}); the same parameters, buffers and state dict.
 */
public class BatchNorm3d extends dev.torch4j.nn.BatchNorm3d {
    /** {@code BatchNorm3d(num_features)}: eps 1e-5, output scale 1.0 and zero point 0. */
    public BatchNorm3d(long numFeatures) { this(numFeatures, 1e-5); }

    /** {@code BatchNorm3d(num_features, eps)}. */
    public BatchNorm3d(long numFeatures, double eps) {
        super(numFeatures, eps, 0.1, true, true);
        registerBuffer("scale", Torch.tensor(1.0f));
        registerBuffer("zero_point", Torch.tensor(0L));
    }

    /** {@code BatchNorm3d.from_float(mod)}: the float module's statistics and affine map, the observer's scale and zero point. */
    public static BatchNorm3d fromFloat(Module mod) {
        dev.torch4j.nn.BatchNorm3d f = floatBn(mod, "BatchNorm3d");
        return init(new BatchNorm3d(f.numFeatures, f.eps), mod, "BatchNorm3d");
    }

    /** Fills {@code q} from the observed float module {@code mod}. */
    protected static <B extends BatchNorm3d> B init(B q, Module mod, String cls) { return BatchNorm2d.copy(q, floatBn(mod, cls), mod, cls); }

    /** The float BatchNorm3d inside {@code mod} (the module itself, or a fused BNReLU3d's first). */
    protected static dev.torch4j.nn.BatchNorm3d floatBn(Module mod, String cls) {
        return BatchNorm2d.floatBn(mod, dev.torch4j.nn.BatchNorm3d.class, cls);
    }

    /** Whether a ReLU is fused into the output. */
    protected boolean relu() { return false; }

    @Override
    public Tensor forward(Tensor x) {
        return QuantizedActivations.batchNorm3d(x, weight, bias, runningMean(), runningVar(), eps, buffer("scale").item(),
                buffer("zero_point").itemLong(), relu());
    }

    @Override
    public String className() { return "QuantizedBatchNorm3d"; }
}
