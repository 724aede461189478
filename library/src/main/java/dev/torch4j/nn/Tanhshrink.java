package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.Tanhshrink()}: {@code x - tanh(x)}. */
public class Tanhshrink extends Module {

    /** {@code nn.Tanhshrink()}. */
    public Tanhshrink() {
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.tanhshrink(input);
    }
}
