package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;

/**
 * {@code nn.GRUCell(input_size, hidden_size, bias=True)}: one GRU step (gates r, z, n as in {@link GRU}).
 * Input {@code [N, input_size]} or {@code [input_size]}; h defaults to zeros.
 */
public class GRUCell extends RNNCellBase {
    /** {@code nn.GRUCell(input_size, hidden_size)}. */
    public GRUCell(long inputSize, long hiddenSize) { this(inputSize, hiddenSize, true); }

    /** {@code nn.GRUCell(input_size, hidden_size, bias)}. */
    public GRUCell(long inputSize, long hiddenSize, boolean bias) { this(inputSize, hiddenSize, bias, TensorOptions.DEFAULT); }

    /** {@code nn.GRUCell(input_size, hidden_size, bias, device=, dtype=)}. */
    public GRUCell(long inputSize, long hiddenSize, boolean bias, TensorOptions options) {
        super(Recurrent.Mode.GRU, inputSize, hiddenSize, bias, options);
    }

    /**
     * A GRUCell without parameters when {@code parameters} is false (nothing drawn from the generator): for subclasses that
     * keep their weights in another form (the dynamic quantized {@code dev.torch4j.ao.nn.quantized.dynamic.GRUCell}), which
     * then override {@code step}.
     */
    protected GRUCell(long inputSize, long hiddenSize, boolean bias, boolean parameters) {
        super(Recurrent.Mode.GRU, inputSize, hiddenSize, bias, TensorOptions.DEFAULT, parameters);
    }

    /** h' from zero h. */
    @Override
    public Tensor forward(Tensor input) { return step(input, null, null)[0]; }

    /** h' from {@code hx} (null: zeros). */
    @Override
    public Tensor forward(Tensor input, Tensor hx) { return step(input, hx, null)[0]; }
}
