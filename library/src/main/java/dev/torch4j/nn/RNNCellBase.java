package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;

/**
 * {@code nn.RNNCellBase}: what {@link RNNCell}, {@link LSTMCell} and {@link GRUCell} share: parameters
 * {@code weight_ih [G * hidden, input]}, {@code weight_hh [G * hidden, hidden]}, {@code bias_ih}, {@code bias_hh}
 * ({@code [G * hidden]}) named and initialised as PyTorch's (U(-1/sqrt(hidden), 1/sqrt(hidden)) in that order), the
 * input checks with PyTorch's messages, and the repr. A cell computes one time step of input {@code [N, input]} or
 * unbatched {@code [input]}; the same arithmetic as one step of the matching multi-step module.
 */
public abstract class RNNCellBase extends Module {
    private final Recurrent.Mode cellMode;
    /** The {@code input_size, hidden_size} arguments. */
    public final long inputSize, hiddenSize;
    /** The {@code bias} argument. */
    public final boolean bias;

    RNNCellBase(Recurrent.Mode cellMode, long inputSize, long hiddenSize, boolean bias, TensorOptions options) {
        this(cellMode, inputSize, hiddenSize, bias, options, true);
    }

    /** With {@code parameters} false no parameter is registered and nothing is drawn (see {@link LSTMCell#LSTMCell(long, long, boolean, boolean)}). */
    RNNCellBase(Recurrent.Mode cellMode, long inputSize, long hiddenSize, boolean bias, TensorOptions options, boolean parameters) {
        this.cellMode = cellMode;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.bias = bias;
        if (!parameters) return;
        long gates = cellMode.gates * hiddenSize;
        TensorOptions to = options.requiresGrad(false);
        // parameters keep PyTorch's snake_case names, so they are registered explicitly rather than as fields
        registerParameter("weight_ih", Parameter.of(Torch.empty(Torch.shape(gates, inputSize), to)));
        registerParameter("weight_hh", Parameter.of(Torch.empty(Torch.shape(gates, hiddenSize), to)));
        if (bias) {
            registerParameter("bias_ih", Parameter.of(Torch.empty(Torch.shape(gates), to)));
            registerParameter("bias_hh", Parameter.of(Torch.empty(Torch.shape(gates), to)));
        }
        resetParameters();
    }

    /** Re-draws every parameter from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)), in registration order. */
    public void resetParameters() {
        double stdv = 1.0 / Math.sqrt(hiddenSize);
        for (Tensor p : parameters()) Init.uniform_(p, -stdv, stdv);
    }

    /** The {@code weight_ih} parameter. */
    public Tensor weightIh() { return parameter("weight_ih"); }

    /** The {@code weight_hh} parameter. */
    public Tensor weightHh() { return parameter("weight_hh"); }

    /** The {@code bias_ih} parameter, or null without biases. */
    public Tensor biasIh() { return parameter("bias_ih"); }

    /** The {@code bias_hh} parameter, or null without biases. */
    public Tensor biasHh() { return parameter("bias_hh"); }

    /**
     * One step with PyTorch's checks: input {@code [N, in]} or {@code [in]}, states of the same batching or null
     * (zeros); returns {h'} or {h', c'} shaped like the input's batching. Every {@code forward} of the cells comes here;
     * a subclass that keeps its weights in another form (the dynamic quantized cells) overrides it.
     */
    protected Tensor[] step(Tensor input, Tensor h, Tensor c) {
        String name = className();
        if (input.dim() != 1 && input.dim() != 2) {
            throw new IllegalArgumentException(name + ": Expected input to be 1D or 2D, got " + input.dim() + "D instead");
        }
        boolean lstm = cellMode == Recurrent.Mode.LSTM;
        for (int i = 0; i < 2; i++) {
            Tensor s = i == 0 ? h : c;
            if (s != null && s.dim() != 1 && s.dim() != 2) {
                throw new IllegalArgumentException(name + ": Expected " + (lstm ? "hx[" + i + "]" : "hidden") + " to be 1D or 2D, got "
                        + s.dim() + "D instead");
            }
        }
        boolean batched = input.dim() == 2;
        Tensor x = batched ? input : input.unsqueeze(0);
        if (x.size(1) != inputSize) {
            throw new IllegalArgumentException("input has inconsistent input_size: got " + x.size(1) + " expected " + inputSize);
        }
        Tensor[] states = {h, c};
        for (int i = 0; i < (lstm ? 2 : 1); i++) {
            Tensor s = states[i];
            if (s == null) {
                states[i] = Torch.zeros(Torch.shape(x.size(0), hiddenSize), Torch.dtype(x.dtype()).device(x.device()));
                continue;
            }
            if (!batched) s = s.unsqueeze(0);
            if (s.size(0) != x.size(0)) {
                throw new IllegalArgumentException("Input batch size " + x.size(0) + " doesn't match hidden" + i + " batch size " + s.size(0));
            }
            if (s.size(1) != hiddenSize) {
                throw new IllegalArgumentException("hidden" + i + " has inconsistent hidden_size: got " + s.size(1) + ", expected " + hiddenSize);
            }
            states[i] = s;
        }
        var cell = Recurrent.Cell.of(cellMode, new Recurrent.Weights(weightIh(), weightHh(), biasIh(), biasHh(), null));
        Tensor[] out = cell.step(cell.project(x), states[0], states[1]);
        if (!batched) for (int i = 0; i < out.length; i++) out[i] = out[i].squeeze(0);
        return out;
    }

    @Override
    public String extraRepr() {
        return inputSize + ", " + hiddenSize + (bias ? "" : ", bias=False");
    }
}
