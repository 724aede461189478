package dev.torch4j.vision.ops;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Py;

import java.util.Arrays;

/**
 * {@code torchvision.ops.StochasticDepth(p, mode)} (Huang et al., "Deep Networks with Stochastic Depth"): in training,
 * zeroes the whole input ({@code "batch"}) or each sample ({@code "row"}) with probability {@code p} and scales
 * survivors by {@code 1 / (1 - p)}; the identity in eval mode. ConvNeXt's blocks use it on their residual branch.
 */
public class StochasticDepth extends Module {
    /** The drop probability. */
    public final double p;
    /** {@code "row"} or {@code "batch"}. */
    public final String mode;

    /** {@code StochasticDepth(p, mode)}. */
    public StochasticDepth(double p, String mode) {
        check(p, mode);
        this.p = p;
        this.mode = mode;
    }

    private static void check(double p, String mode) {
        if (p < 0.0 || p > 1.0) throw new IllegalArgumentException("drop probability has to be between 0 and 1, but got " + Py.repr(p));
        if (!mode.equals("batch") && !mode.equals("row")) {
            throw new IllegalArgumentException("mode has to be either 'batch' or 'row', but got " + mode);
        }
    }

    /**
     * {@code stochastic_depth(input, p, mode, training)}: one Bernoulli({@code 1 - p}) draw per sample (row) or one
     * for the batch, from an empty tensor of the input's dtype and device, as torchvision draws, so seeded results match.
     */
    public static Tensor stochasticDepth(Tensor input, double p, String mode, boolean training) {
        check(p, mode);
        if (!training || p == 0.0) return input;
        double survival = 1.0 - p;
        long[] size = new long[input.dim()];
        Arrays.fill(size, 1);
        if (mode.equals("row")) size[0] = input.size(0);
        Tensor noise = Torch.empty(Torch.shape(size), TensorOptions.DEFAULT.dtype(input.dtype()).device(input.device()));
        noise.bernoulli_(survival);
        if (survival > 0.0) noise.div_(survival);
        return input.mul(noise);
    }

    @Override
    public Tensor forward(Tensor input) { return stochasticDepth(input, p, mode, isTraining()); }

    @Override
    public String toString() { return className() + "(p=" + Py.repr(p) + ", mode=" + mode + ")"; }
}
