package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;

/**
 * {@code nn.LSTMCell(input_size, hidden_size, bias=True)}: one LSTM step (gates i, f, g, o as in {@link LSTM}).
 * {@link #forwardWithState} returns PyTorch's {@code (h_1, c_1)}; {@link #forward(Tensor)} returns h_1 alone, so
 * the cell also works where a module maps one tensor to one tensor.
 *
 * <pre>{@code
 * var cell = new LSTMCell(10, 20);
 * var s = cell.forwardWithState(x0);                 // zero initial state
 * s = cell.forwardWithState(x1, s.h(), s.c());
 * }</pre>
 */
public class LSTMCell extends RNNCellBase {
    /**
     * The next hidden and cell states.
     *
     * @param h {@code h_1}, {@code [N, hidden_size]} or {@code [hidden_size]}
     * @param c {@code c_1}, shaped as h
     */
    public record State(Tensor h, Tensor c) {}

    /** {@code nn.LSTMCell(input_size, hidden_size)}. */
    public LSTMCell(long inputSize, long hiddenSize) { this(inputSize, hiddenSize, true); }

    /** {@code nn.LSTMCell(input_size, hidden_size, bias)}. */
    public LSTMCell(long inputSize, long hiddenSize, boolean bias) { this(inputSize, hiddenSize, bias, TensorOptions.DEFAULT); }

    /** {@code nn.LSTMCell(input_size, hidden_size, bias, device=, dtype=)}. */
    public LSTMCell(long inputSize, long hiddenSize, boolean bias, TensorOptions options) {
        super(Recurrent.Mode.LSTM, inputSize, hiddenSize, bias, options);
    }

    /**
     * An LSTMCell without parameters when {@code parameters} is false (nothing drawn from the generator): for subclasses that
     * keep their weights in another form (the dynamic quantized {@code dev.torch4j.ao.nn.quantized.dynamic.LSTMCell}), which
     * then override {@code step}.
     */
    protected LSTMCell(long inputSize, long hiddenSize, boolean bias, boolean parameters) {
        super(Recurrent.Mode.LSTM, inputSize, hiddenSize, bias, TensorOptions.DEFAULT, parameters);
    }

    /** h_1 from zero states. */
    @Override
    public Tensor forward(Tensor input) { return forwardWithState(input).h(); }

    /** With three inputs {@code (input, h_0, c_0)}: h_1. */
    @Override
    public Tensor forward(Tensor... inputs) {
        return inputs.length == 3 ? forwardWithState(inputs[0], inputs[1], inputs[2]).h() : super.forward(inputs);
    }

    /** {@code (h_1, c_1) = cell(input)}: from zero states. */
    public State forwardWithState(Tensor input) { return forwardWithState(input, null, null); }

    /** {@code (h_1, c_1) = cell(input, (h_0, c_0))}; both null means zeros. */
    public State forwardWithState(Tensor input, Tensor h0, Tensor c0) {
        if ((h0 == null) != (c0 == null)) throw new IllegalArgumentException("LSTMCell: h_0 and c_0 must be given together (or neither)");
        Tensor[] r = step(input, h0, c0);
        return new State(r[0], r[1]);
    }
}
