package dev.torch4j.vision.ops;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Functional;

import java.util.List;

/** torchvision's {@code LastLevelMaxPool}: a level {@code "pool"} of every other pixel of the last one. */
public class LastLevelMaxPool extends ExtraFPNBlock {
    @Override
    public void extend(List<Tensor> results, List<Tensor> x, List<String> names) {
        names.add("pool");
        results.add(Functional.maxPool2d(results.getLast(), new long[] {1}, new long[] {2}, new long[] {0}, new long[] {1}, false));
    }
}
