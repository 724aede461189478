package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.Tanh()}: {@code tanh(x)} elementwise. */
public class Tanh extends Module {
    @Override
    public Tensor forward(Tensor input) { return input.tanh(); }
}
