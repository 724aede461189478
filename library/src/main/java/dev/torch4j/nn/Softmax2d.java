package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.Softmax2d()}: softmax over the channels of {@code (N, C, H, W)} or {@code (C, H, W)} at every location. */
public class Softmax2d extends Module {
    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 3 && input.dim() != 4) {
            throw new IllegalArgumentException("Softmax2d: expected input to be 3D or 4D, got " + input.dim() + "D instead");
        }
        return input.softmax(-3);
    }
}
