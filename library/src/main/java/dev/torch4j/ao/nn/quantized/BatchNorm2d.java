package dev.torch4j.ao.nn.quantized;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.quantization.QuantizeStatic;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Parameter;
import dev.torch4j.ops.QuantizedActivations;

/**
 * {@code torch.ao.nn.quantized.BatchNorm2d} (printed {@code QuantizedBatchNorm2d}): eval-mode batch norm of a quantized
 * {@code (N, C, H, W)} input, requantized to the buffers {@code scale} and {@code zero_point}
 * ({@link QuantizedActivations#batchNorm2d}). As PyTorch's, it keeps the float {@code weight} and {@code bias} as
 * parameters and the running statistics as buffers; its state dict holds {@code weight}, {@code bias},
 * {@code running_mean}, {@code running_var}, {@code num_batches_tracked}, {@code scale}, {@code zero_point}.
 */
public class BatchNorm2d extends dev.torch4j.nn.BatchNorm2d {
    /** {@code BatchNorm2d(num_features)}: eps 1e-5, output scale 1.0 and zero point 0. */
    public BatchNorm2d(long numFeatures) { this(numFeatures, 1e-5); }

    /** {@code BatchNorm2d(num_features, eps)}. */
    public BatchNorm2d(long numFeatures, double eps) {
        super(numFeatures, eps, 0.1, true, true);
        registerBuffer("scale", Torch.tensor(1.0f));
        registerBuffer("zero_point", Torch.tensor(0L));
    }

    /** {@code BatchNorm2d.from_float(mod)}: the float module's statistics and affine map, the observer's scale and zero point. */
    public static BatchNorm2d fromFloat(Module mod) {
        dev.torch4j.nn.BatchNorm2d f = floatBn(mod, "BatchNorm2d");
        return init(new BatchNorm2d(f.numFeatures, f.eps), mod, "BatchNorm2d");
    }

    /** The float BatchNorm2d inside {@code mod} (the module itself, or a fused BNReLU2d's first). */
    static dev.torch4j.nn.BatchNorm2d floatBn(Module mod, String cls) { return floatBn(mod, dev.torch4j.nn.BatchNorm2d.class, cls); }

    /** The float batch norm of {@code type} inside {@code mod} (the module itself, or a fused module's first). */
    static <F extends dev.torch4j.nn.BatchNorm1d> F floatBn(Module mod, Class<F> type, String cls) {
        Module inner = mod instanceof dev.torch4j.ao.nn.intrinsic.FusedModule f ? f.get(0) : mod;
        if (!type.isInstance(inner)) {
            throw new IllegalArgumentException("nnq." + cls + ".from_float only works for " + type.getSimpleName() + ", but got: "
                    + mod.className());
        }
        return type.cast(inner);
    }

    /** Fills {@code q} from the observed float module {@code mod}. */
    protected static <B extends BatchNorm2d> B init(B q, Module mod, String cls) { return copy(q, floatBn(mod, cls), mod, cls); }

    /** {@code q} (a quantized batch norm of any rank) given the float one's parameters and statistics, and the observer's qparams. */
    static <B extends dev.torch4j.nn.BatchNorm1d> B copy(B q, dev.torch4j.nn.BatchNorm1d f, Module observed, String cls) {
        Tensor[] qp = QuantizeStatic.activationQparams(observed, cls);
        try (var g = Torch.noGrad()) {
            q.weight = f.weight == null ? null : Parameter.of(f.weight.detach());
            q.bias = f.bias == null ? null : Parameter.of(f.bias.detach());
            q.registerBuffer("running_mean", f.runningMean().detach());
            q.registerBuffer("running_var", f.runningVar().detach());
        }
        q.registerBuffer("scale", qp[0]);
        q.registerBuffer("zero_point", qp[1]);
        return q;
    }

    /** Whether a ReLU is fused into the output. */
    protected boolean relu() { return false; }

    @Override
    public Tensor forward(Tensor x) {
        return QuantizedActivations.batchNorm2d(x, weight, bias, runningMean(), runningVar(), eps, buffer("scale").item(),
                buffer("zero_point").itemLong(), relu());
    }

    @Override
    public String className() { return "QuantizedBatchNorm2d"; }
}
