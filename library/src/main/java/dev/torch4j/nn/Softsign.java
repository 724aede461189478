package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.Softsign()}: {@code x / (1 + |x|)}. */
public class Softsign extends Module {

    /** {@code nn.Softsign()}. */
    public Softsign() {
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.softsign(input);
    }
}
