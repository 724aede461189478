package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.Identity()}: returns its input unchanged (a placeholder layer). */
public class Identity extends Module {
    @Override
    public Tensor forward(Tensor input) { return input; }
}
