package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.nn.utils.PackedSequence;

/**
 * {@code nn.GRU(input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
 * bidirectional=False)}: the gated recurrent unit with PyTorch's gate order r, z, n:
 * {@code r = σ(W_ir x + b_ir + W_hr h + b_hr)}, {@code z = σ(W_iz x + b_iz + W_hz h + b_hz)},
 * {@code n = tanh(W_in x + b_in + r * (W_hn h + b_hn))}, {@code h' = (1 - z) * n + z * h}. See {@link RNNBase} for
 * shapes and calling.
 *
 * <pre>{@code
 * var gru = new GRU(10, 20, 2);
 * Tensor out = gru.forward(randn(5, 3, 10));                        // [5, 3, 20]
 * Tensor hN = gru.forwardWithState(randn(5, 3, 10), h0).hN();      // [2, 3, 20]
 * }</pre>
 */
public class GRU extends RNNBase {
    /** {@code nn.GRU(input_size, hidden_size)}. */
    public GRU(long inputSize, long hiddenSize) { this(inputSize, hiddenSize, options()); }

    /** {@code nn.GRU(input_size, hidden_size, num_layers)}. */
    public GRU(long inputSize, long hiddenSize, long numLayers) { this(inputSize, hiddenSize, options().numLayers(numLayers)); }

    /** {@code nn.GRU(input_size, hidden_size, **options)}. */
    public GRU(long inputSize, long hiddenSize, Options o) { super(Recurrent.Mode.GRU, inputSize, hiddenSize, o); }

    /**
     * A GRU of these options without parameters when {@code parameters} is false (nothing drawn from the generator): for
     * subclasses that keep their weights in another form (the dynamic quantized {@code dev.torch4j.ao.nn.quantized.dynamic.GRU}),
     * which then override both {@code run} methods.
     */
    protected GRU(long inputSize, long hiddenSize, Options o, boolean parameters) {
        super(Recurrent.Mode.GRU, inputSize, hiddenSize, o, parameters);
    }

    /** The output sequence from initial hidden states {@code hx} (null: zeros). */
    @Override
    public Tensor forward(Tensor input, Tensor hx) { return run(input, hx, null).output(); }

    /** {@code output, h_n = gru(input, hx)}; {@code hx} null means zeros. */
    public Output forwardWithState(Tensor input, Tensor hx) { return run(input, hx, null); }

    /** {@code output, h_n = gru(packed, hx)}: {@code hx} in the original batch order. */
    public PackedOutput forwardWithState(PackedSequence input, Tensor hx) { return run(input, hx, null); }
}
