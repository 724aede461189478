package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;

/**
 * {@code nn.RNNCell(input_size, hidden_size, bias=True, nonlinearity='tanh')}: one Elman step,
 * {@code h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)} (or ReLU). Input {@code [N, input_size]} or
 * {@code [input_size]}; h defaults to zeros.
 *
 * <pre>{@code
 * var cell = new RNNCell(10, 20);
 * Tensor h = null;
 * for (Tensor x : input.unbind(0)) h = cell.forward(x, h);
 * }</pre>
 */
public class RNNCell extends RNNCellBase {
    /** The {@code nonlinearity} argument: "tanh" or "relu". */
    public final String nonlinearity;

    /** {@code nn.RNNCell(input_size, hidden_size)}. */
    public RNNCell(long inputSize, long hiddenSize) { this(inputSize, hiddenSize, true, "tanh"); }

    /** {@code nn.RNNCell(input_size, hidden_size, bias, nonlinearity)}. */
    public RNNCell(long inputSize, long hiddenSize, boolean bias, String nonlinearity) {
        this(inputSize, hiddenSize, bias, nonlinearity, TensorOptions.DEFAULT);
    }

    /** {@code nn.RNNCell(input_size, hidden_size, bias, nonlinearity, device=, dtype=)}. */
    public RNNCell(long inputSize, long hiddenSize, boolean bias, String nonlinearity, TensorOptions options) {
        super(mode(nonlinearity), inputSize, hiddenSize, bias, options);
        this.nonlinearity = nonlinearity;
    }

    /**
     * An RNNCell without parameters when {@code parameters} is false (nothing drawn from the generator): for subclasses that
     * keep their weights in another form (the dynamic quantized {@code dev.torch4j.ao.nn.quantized.dynamic.RNNCell}), which
     * then override {@code step}.
     */
    protected RNNCell(long inputSize, long hiddenSize, boolean bias, String nonlinearity, boolean parameters) {
        super(mode(nonlinearity), inputSize, hiddenSize, bias, TensorOptions.DEFAULT, parameters);
        this.nonlinearity = nonlinearity;
    }

    private static Recurrent.Mode mode(String nonlinearity) {
        return switch (nonlinearity) {
            case "tanh" -> Recurrent.Mode.RNN_TANH;
            case "relu" -> Recurrent.Mode.RNN_RELU;
            default -> throw new IllegalArgumentException("Unknown nonlinearity: " + nonlinearity);
        };
    }

    /** h' from zero h. */
    @Override
    public Tensor forward(Tensor input) { return step(input, null, null)[0]; }

    /** h' from {@code hx} (null: zeros). */
    @Override
    public Tensor forward(Tensor input, Tensor hx) { return step(input, hx, null)[0]; }

    @Override
    public String extraRepr() { return super.extraRepr() + (nonlinearity.equals("tanh") ? "" : ", nonlinearity=" + nonlinearity); }
}
