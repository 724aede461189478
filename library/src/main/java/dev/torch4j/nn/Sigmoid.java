package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.Sigmoid()}: {@code 1 / (1 + exp(-x))} elementwise. */
public class Sigmoid extends Module {
    @Override
    public Tensor forward(Tensor input) { return input.sigmoid(); }
}
