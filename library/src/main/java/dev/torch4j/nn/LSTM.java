package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.nn.utils.PackedSequence;

/**
 * {@code nn.LSTM(input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
 * bidirectional=False, proj_size=0)}: long short-term memory with PyTorch's gate order i, f, g, o:
 * {@code c' = f * c + i * g}, {@code h' = o * tanh(c')}, and with {@code projSize > 0} {@code h' = W_hr h'}
 * (parameter {@code weight_hr_l0}). See {@link RNNBase} for shapes and calling; the result's {@code cN()} holds the
 * final cell states.
 *
 * <pre>{@code
 * var lstm = new LSTM(10, 20, LSTM.options().numLayers(2).batchFirst(true));
 * var out = lstm.forwardWithState(x, h0, c0);     // out.output(), out.hN(), out.cN()
 * var next = lstm.forwardWithState(x2, out.hN().detach(), out.cN().detach());   // carry the state on
 * }</pre>
 */
public class LSTM extends RNNBase {
    /** {@code nn.LSTM(input_size, hidden_size)}. */
    public LSTM(long inputSize, long hiddenSize) { this(inputSize, hiddenSize, options()); }

    /** {@code nn.LSTM(input_size, hidden_size, num_layers)}. */
    public LSTM(long inputSize, long hiddenSize, long numLayers) { this(inputSize, hiddenSize, options().numLayers(numLayers)); }

    /** {@code nn.LSTM(input_size, hidden_size, **options)}. */
    public LSTM(long inputSize, long hiddenSize, Options o) { super(Recurrent.Mode.LSTM, inputSize, hiddenSize, o); }

    /**
     * An LSTM of these options without parameters when {@code parameters} is false (nothing drawn from the generator): for
     * subclasses that keep their weights in another form (the dynamic quantized {@code dev.torch4j.ao.nn.quantized.dynamic.LSTM}),
     * which then override both {@code run} methods.
     */
    protected LSTM(long inputSize, long hiddenSize, Options o, boolean parameters) {
        super(Recurrent.Mode.LSTM, inputSize, hiddenSize, o, parameters);
    }

    /** {@code lstm(input)} or, with three inputs, {@code lstm(input, (h_0, c_0))}: the output sequence. */
    @Override
    public Tensor forward(Tensor... inputs) {
        return inputs.length == 3 ? run(inputs[0], inputs[1], inputs[2]).output() : super.forward(inputs);
    }

    /** {@code output, (h_n, c_n) = lstm(input, (h_0, c_0))}; both states null means zeros. */
    public Output forwardWithState(Tensor input, Tensor h0, Tensor c0) { return run(input, h0, c0); }

    /** {@code output, (h_n, c_n) = lstm(packed, (h_0, c_0))}: states in the original batch order. */
    public PackedOutput forwardWithState(PackedSequence input, Tensor h0, Tensor c0) { return run(input, h0, c0); }
}
