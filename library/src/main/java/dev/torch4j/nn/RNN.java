package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.nn.utils.PackedSequence;

/**
 * {@code nn.RNN(input_size, hidden_size, num_layers=1, nonlinearity='tanh', bias=True, batch_first=False, dropout=0.0,
 * bidirectional=False)}: the Elman RNN, {@code h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)} (or ReLU),
 * stacked over layers. Parameters {@code weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, ..._reverse} as in
 * PyTorch; see {@link RNNBase} for shapes and calling.
 *
 * <pre>{@code
 * var rnn = new RNN(10, 20, RNN.options().numLayers(2));
 * var out = rnn.forwardWithState(randn(5, 3, 10), randn(2, 3, 20));   // out.output() [5, 3, 20], out.hN() [2, 3, 20]
 * }</pre>
 */
public class RNN extends RNNBase {
    /** The {@code nonlinearity} argument: "tanh" or "relu". */
    public final String nonlinearity;

    /** {@code nn.RNN(input_size, hidden_size)}. */
    public RNN(long inputSize, long hiddenSize) { this(inputSize, hiddenSize, options()); }

    /** {@code nn.RNN(input_size, hidden_size, num_layers)}. */
    public RNN(long inputSize, long hiddenSize, long numLayers) { this(inputSize, hiddenSize, options().numLayers(numLayers)); }

    /** {@code nn.RNN(input_size, hidden_size, **options)}. */
    public RNN(long inputSize, long hiddenSize, Options o) {
        super(mode(o.nonlinearity()), inputSize, hiddenSize, o);
        this.nonlinearity = o.nonlinearity();
    }

    private static Recurrent.Mode mode(String nonlinearity) {
        return switch (nonlinearity) {
            case "tanh" -> Recurrent.Mode.RNN_TANH;
            case "relu" -> Recurrent.Mode.RNN_RELU;
            default -> throw new IllegalArgumentException("Unknown nonlinearity '" + nonlinearity + "'. Select from 'tanh' or 'relu'.");
        };
    }

    /** The output sequence from initial hidden states {@code hx} (null: zeros). */
    @Override
    public Tensor forward(Tensor input, Tensor hx) { return run(input, hx, null).output(); }

    /** {@code output, h_n = rnn(input, hx)}; {@code hx} null means zeros. */
    public Output forwardWithState(Tensor input, Tensor hx) { return run(input, hx, null); }

    /** {@code output, h_n = rnn(packed, hx)}: {@code hx} in the original batch order. */
    public PackedOutput forwardWithState(PackedSequence input, Tensor hx) { return run(input, hx, null); }
}
