package dev.torch4j.vision.ops;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Init;

import java.util.List;

/** torchvision's {@code LastLevelP6P7} (RetinaNet): levels {@code "p6"} and {@code "p7"} by stride-2 3x3 convolutions. */
public class LastLevelP6P7 extends ExtraFPNBlock {
    /** From P5 (when its channels are the output's) or C5. */
    public final Conv2d p6;
    /** From ReLU(P6). */
    public final Conv2d p7;
    private final boolean useP5;

    /** {@code LastLevelP6P7(in_channels, out_channels)}: weights kaiming-uniform (a = 1), biases 0. */
    public LastLevelP6P7(long inChannels, long outChannels) {
        this.p6 = new Conv2d(inChannels, outChannels, 3, Conv2d.options().stride(2).padding(1));
        this.p7 = new Conv2d(outChannels, outChannels, 3, Conv2d.options().stride(2).padding(1));
        for (Conv2d c : new Conv2d[] {p6, p7}) {
            Init.kaimingUniform_(c.weight, 1);
            Init.zeros_(c.bias);
        }
        this.useP5 = inChannels == outChannels;
    }

    @Override
    public void extend(List<Tensor> results, List<Tensor> x, List<String> names) {
        Tensor p6Out = p6.call(useP5 ? results.getLast() : x.getLast());
        results.add(p6Out);
        results.add(p7.call(p6Out.relu()));
        names.add("p6");
        names.add("p7");
    }
}
