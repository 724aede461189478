package dev.torch4j.vision.ops;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Py;

import java.util.Map;

/**
 * {@code torchvision.ops.FrozenBatchNorm2d(num_features, eps)}: batch norm with fixed statistics and affine
 * parameters, all four buffers ({@code weight}, {@code bias}, {@code running_mean}, {@code running_var}), never
 * trained, as detection backbones freeze them. Loading a BatchNorm2d state dict drops its {@code num_batches_tracked}.
 */
public class FrozenBatchNorm2d extends Module {
    /** Added to the variance; settable, as torchvision's {@code overwrite_eps} sets it after loading old detection weights. */
    public double eps;

    /** {@code FrozenBatchNorm2d(num_features)}: eps 1e-5. */
    public FrozenBatchNorm2d(long numFeatures) { this(numFeatures, 1e-5); }

    /** {@code FrozenBatchNorm2d(num_features, eps)}: weight 1, bias 0, mean 0, variance 1. */
    public FrozenBatchNorm2d(long numFeatures, double eps) {
        this.eps = eps;
        registerBuffer("weight", Torch.ones(numFeatures));
        registerBuffer("bias", Torch.zeros(numFeatures));
        registerBuffer("running_mean", Torch.zeros(numFeatures));
        registerBuffer("running_var", Torch.ones(numFeatures));
    }

    @Override
    protected void beforeLoadStateDict(Map<String, Tensor> stateDict, String prefix) { stateDict.remove(prefix + "num_batches_tracked"); }

    /** {@code x * scale + shift} with {@code scale = weight / sqrt(running_var + eps)}, {@code shift = bias - running_mean * scale}. */
    @Override
    public Tensor forward(Tensor x) {
        Tensor w = buffer("weight").reshape(1, -1, 1, 1), b = buffer("bias").reshape(1, -1, 1, 1);
        Tensor rv = buffer("running_var").reshape(1, -1, 1, 1), rm = buffer("running_mean").reshape(1, -1, 1, 1);
        Tensor scale = w.mul(rv.add(eps).rsqrt());
        return x.mul(scale).add(b.sub(rm.mul(scale)));
    }

    @Override
    public String toString() { return className() + "(" + buffer("weight").size(0) + ", eps=" + Py.repr(eps) + ")"; }
}
