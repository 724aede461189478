package dev.torch4j.vision.ops;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Module;

import java.util.List;

/** torchvision's {@code ExtraFPNBlock}: levels a {@link FeaturePyramidNetwork} adds after its own. */
public abstract class ExtraFPNBlock extends Module {
    /**
     * Appends this block's levels to {@code results} (the pyramid's outputs) and their names to {@code names}, from
     * the results and the pyramid's inputs {@code x}: torchvision's {@code forward(results, x, names)}.
     */
    public abstract void extend(List<Tensor> results, List<Tensor> x, List<String> names);
}
