package dev.torch4j.nn;

import dev.torch4j.Tensor;

/** {@code nn.LogSigmoid()}: {@code log(sigmoid(x))}. */
public class LogSigmoid extends Module {

    /** {@code nn.LogSigmoid()}. */
    public LogSigmoid() {
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.logsigmoid(input);
    }
}
