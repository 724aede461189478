package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.nn.utils.PackedSequence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code nn.RNNBase}: what {@link RNN}, {@link LSTM} and {@link GRU} share: the options, the parameters (named,
 * shaped, ordered and initialised as PyTorch's, so state dicts load both ways and {@code manualSeed(s)} gives
 * PyTorch's weights), the input and state checks with PyTorch's messages, packed-sequence handling and the repr.
 *
 * <h2>Calling</h2>
 * {@link #forward(Tensor)} and {@link #call} return the output sequence alone, so a recurrent module fits in a
 * {@link Sequential} and forward hooks see the output tensor. {@link #forwardWithState(Tensor)} (and the overloads
 * of each subclass taking initial states) returns PyTorch's whole result, output and final states, as an
 * {@link Output}; it does not run hooks. A {@link PackedSequence} input gives a {@link PackedOutput}.
 *
 * <p>Input is {@code [L, N, H_in]}, {@code [N, L, H_in]} with {@code batchFirst}, or unbatched {@code [L, H_in]};
 * states are {@code [numLayers * D, N, H]} ({@code [numLayers * D, H]} unbatched), D = 2 when bidirectional.
 */
public abstract class RNNBase extends Module {
    /**
     * Optional arguments of a recurrent module, PyTorch's defaults unless set:
     * {@code LSTM.options().numLayers(2).batchFirst(true).bidirectional(true)}.
     *
     * @param numLayers stacked layers (1)
     * @param nonlinearity {@code "tanh"} (default) or {@code "relu"}; RNN only
     * @param bias whether the layers have {@code b_ih} and {@code b_hh} (true)
     * @param batchFirst input and output as {@code [N, L, *]} (false)
     * @param dropout dropout probability on the outputs of every layer but the last, in training (0)
     * @param bidirectional a reverse direction per layer (false)
     * @param projSize LSTM only: project h to this size (0: no projection)
     * @param tensorOptions {@code device=, dtype=} of the parameters
     */
    public record Options(long numLayers, String nonlinearity, boolean bias, boolean batchFirst, double dropout,
            boolean bidirectional, long projSize, TensorOptions tensorOptions) {
        /** {@code num_layers}. */
        public Options numLayers(long n) { return new Options(n, nonlinearity, bias, batchFirst, dropout, bidirectional, projSize, tensorOptions); }
        /** {@code nonlinearity} ("tanh" or "relu"; RNN only). */
        public Options nonlinearity(String s) { return new Options(numLayers, s, bias, batchFirst, dropout, bidirectional, projSize, tensorOptions); }
        /** {@code bias}. */
        public Options bias(boolean b) { return new Options(numLayers, nonlinearity, b, batchFirst, dropout, bidirectional, projSize, tensorOptions); }
        /** {@code batch_first}. */
        public Options batchFirst(boolean b) { return new Options(numLayers, nonlinearity, bias, b, dropout, bidirectional, projSize, tensorOptions); }
        /** {@code dropout}. */
        public Options dropout(double p) { return new Options(numLayers, nonlinearity, bias, batchFirst, p, bidirectional, projSize, tensorOptions); }
        /** {@code bidirectional}. */
        public Options bidirectional(boolean b) { return new Options(numLayers, nonlinearity, bias, batchFirst, dropout, b, projSize, tensorOptions); }
        /** {@code proj_size} (LSTM only). */
        public Options projSize(long p) { return new Options(numLayers, nonlinearity, bias, batchFirst, dropout, bidirectional, p, tensorOptions); }
        /** {@code device=, dtype=} of the parameters. */
        public Options tensorOptions(TensorOptions o) { return new Options(numLayers, nonlinearity, bias, batchFirst, dropout, bidirectional, projSize, o); }
    }

    /** PyTorch's defaults: one layer, tanh, biases, time-major, no dropout, one direction, no projection. */
    public static Options options() { return new Options(1, "tanh", true, false, 0.0, false, 0, TensorOptions.DEFAULT); }

    /**
     * The result of {@code forwardWithState} on a tensor: the output sequence {@code [L, N, D * H_out]} and the final
     * hidden states {@code [numLayers * D, N, H_out]} (without the N dim for unbatched input); {@code cN}, the final
     * cell states, is null except for LSTM.
     *
     * @param output the last layer's h at every step (both directions concatenated)
     * @param hN every layer's and direction's final hidden state
     * @param cN LSTM's final cell states, else null
     */
    public record Output(Tensor output, Tensor hN, Tensor cN) {}

    /**
     * The result of {@code forwardWithState} on a packed sequence: the output packed like the input, and the final
     * states of each sequence (taken at its own length) in the original batch order.
     *
     * @param output the last layer's h at every step, packed as the input
     * @param hN the final hidden states
     * @param cN LSTM's final cell states, else null
     */
    public record PackedOutput(PackedSequence output, Tensor hN, Tensor cN) {}

    private final Recurrent.Mode cellMode;
    /** PyTorch's {@code mode}: "RNN_TANH", "RNN_RELU", "LSTM" or "GRU". */
    public final String mode;
    /** The {@code input_size, hidden_size, num_layers, proj_size} arguments. */
    public final long inputSize, hiddenSize, numLayers, projSize;
    /** The {@code bias, batch_first, bidirectional} arguments. */
    public final boolean bias, batchFirst, bidirectional;
    /** The {@code dropout} argument. */
    public final double dropout;
    private final List<List<String>> weightNames = new ArrayList<>();

    RNNBase(Recurrent.Mode cellMode, long inputSize, long hiddenSize, Options o) { this(cellMode, inputSize, hiddenSize, o, true); }

    /** With {@code parameters} false no parameter is registered and nothing is drawn (see {@link LSTM#LSTM(long, long, Options, boolean)}). */
    RNNBase(Recurrent.Mode cellMode, long inputSize, long hiddenSize, Options o, boolean parameters) {
        String label = cellMode.label();
        if (cellMode != Recurrent.Mode.LSTM && o.projSize() != 0) {
            throw new IllegalArgumentException("proj_size argument is only supported for LSTM, not RNN or GRU");
        }
        if (cellMode.gates != 1 && !o.nonlinearity().equals("tanh")) {
            throw new IllegalArgumentException(label + ": the nonlinearity argument is only supported for RNN, not LSTM or GRU");
        }
        if (!(o.dropout() >= 0 && o.dropout() <= 1)) {
            throw new IllegalArgumentException("dropout should be a number in range [0, 1] representing the probability of an "
                    + "element being zeroed");
        }
        if (o.dropout() > 0 && o.numLayers() == 1) {
            System.getLogger("dev.torch4j.nn").log(System.Logger.Level.WARNING, "dropout option adds dropout after all but last "
                    + "recurrent layer, so non-zero dropout expects num_layers greater than 1, but got dropout=" + Py.repr(o.dropout())
                    + " and num_layers=" + o.numLayers());
        }
        if (hiddenSize <= 0) throw new IllegalArgumentException("hidden_size must be greater than zero");
        if (o.numLayers() <= 0) throw new IllegalArgumentException("num_layers must be greater than zero");
        if (o.projSize() < 0) {
            throw new IllegalArgumentException("proj_size should be a positive integer or zero to disable projections");
        }
        if (o.projSize() >= hiddenSize) throw new IllegalArgumentException("proj_size has to be smaller than hidden_size");
        this.cellMode = cellMode;
        this.mode = cellMode.name();
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = o.numLayers();
        this.projSize = o.projSize();
        this.bias = o.bias();
        this.batchFirst = o.batchFirst();
        this.bidirectional = o.bidirectional();
        this.dropout = o.dropout();
        long gateSize = cellMode.gates * hiddenSize, realHidden = hiddenOutSize();
        if (!parameters) return;
        TensorOptions to = o.tensorOptions().requiresGrad(false);
        for (long layer = 0; layer < numLayers; layer++) {
            for (int dir = 0; dir < directions(); dir++) {
                long layerInput = layer == 0 ? inputSize : realHidden * directions();
                String suffix = "_l" + layer + (dir == 1 ? "_reverse" : "");
                List<String> names = new ArrayList<>();
                names.add(register("weight_ih" + suffix, to, gateSize, layerInput));
                names.add(register("weight_hh" + suffix, to, gateSize, realHidden));
                if (bias) {
                    names.add(register("bias_ih" + suffix, to, gateSize));
                    names.add(register("bias_hh" + suffix, to, gateSize));
                }
                if (projSize > 0) names.add(register("weight_hr" + suffix, to, projSize, hiddenSize));
                weightNames.add(List.copyOf(names));
            }
        }
        resetParameters();
    }

    private String register(String name, TensorOptions to, long... shape) {
        registerParameter(name, Parameter.of(Torch.empty(Torch.shape(shape), to)));
        return name;
    }

    /** 2 when bidirectional, else 1. */
    final int directions() { return bidirectional ? 2 : 1; }

    /** The size of h: {@code projSize} when set, else {@code hiddenSize}. */
    final long hiddenOutSize() { return projSize > 0 ? projSize : hiddenSize; }

    /** Re-draws every parameter from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)), in registration order. */
    public void resetParameters() {
        double stdv = 1.0 / Math.sqrt(hiddenSize);
        for (Tensor p : parameters()) Init.uniform_(p, -stdv, stdv);
    }

    /**
     * {@code flatten_parameters()}: a no-op, kept so ported code compiles. PyTorch packs the weights into one cuDNN
     * buffer; here every step reads the parameters themselves, on any device.
     */
    public void flattenParameters() {}

    /** {@code all_weights}: each layer-direction's parameters, in PyTorch's order. */
    public List<List<Tensor>> allWeights() {
        List<List<Tensor>> out = new ArrayList<>();
        for (List<String> names : weightNames) out.add(names.stream().map(this::parameter).toList());
        return out;
    }

    private List<Recurrent.Weights> weights() {
        List<Recurrent.Weights> out = new ArrayList<>();
        for (List<String> names : weightNames) {
            Tensor[] p = names.stream().map(this::parameter).toArray(Tensor[]::new);
            out.add(new Recurrent.Weights(p[0], p[1], bias ? p[2] : null, bias ? p[3] : null, projSize > 0 ? p[p.length - 1] : null));
        }
        return out;
    }

    // ---------------------------------------------------------------- forward

    /** The output sequence for zero initial states (the first element of PyTorch's result). */
    @Override
    public Tensor forward(Tensor input) { return forwardWithState(input).output(); }

    /** The packed output sequence for zero initial states. */
    public PackedSequence forward(PackedSequence input) { return forwardWithState(input).output(); }

    /** Output and final states for zero initial states. */
    public Output forwardWithState(Tensor input) { return run(input, null, null); }

    /** Packed output and final states for zero initial states. */
    public PackedOutput forwardWithState(PackedSequence input) { return run(input, null, null); }

    /**
     * The padded (or unbatched) forward behind every tensor {@code forward}/{@code forwardWithState}: checks as PyTorch's,
     * in its order, then the recurrence. {@code hx}/{@code cx} null mean zeros ({@code cx} is LSTM's). A subclass that
     * keeps its weights in another form (the dynamic quantized LSTM and GRU) overrides it and the packed one.
     */
    protected Output run(Tensor input, Tensor hx, Tensor cx) {
        String label = cellMode.label();
        if (input.dim() != 2 && input.dim() != 3) {
            throw new IllegalArgumentException(label + ": Expected input to be 2D or 3D, got " + input.dim() + "D"
                    + (cellMode.gates == 1 ? " tensor" : "") + " instead");
        }
        boolean batched = input.dim() == 3;
        int batchDim = batchFirst ? 0 : 1, want = batched ? 3 : 2;
        boolean lstm = checkStatePair(hx, cx);
        if (hx != null && (hx.dim() != want || lstm && cx.dim() != want)) {
            String what = batched ? "For batched 3-D input, hx" : "For unbatched 2-D input, hx";
            throw new IllegalArgumentException(lstm
                    ? what + " and cx should also be " + want + "-D but got (" + hx.dim() + "-D, " + cx.dim() + "-D) tensors"
                    : what + " should also be " + want + "-D but got " + hx.dim() + "-D tensor");
        }
        Tensor x = batched ? input : input.unsqueeze(batchDim);
        Tensor h = hx == null || batched ? hx : hx.unsqueeze(1), c = cx == null || batched ? cx : cx.unsqueeze(1);
        checkInput(x, 3);
        long n = x.size(batchDim);
        if (x.size(1 - batchDim) == 0) throw new IllegalArgumentException("Expected sequence length to be larger than 0 in RNN");
        Tensor[] states = initialStates(x, n, h, c);
        Recurrent.Result r = Recurrent.run(cellMode, weights(), bidirectional, isTraining() ? dropout : 0, x, batchFirst ? 1 : 0,
                null, states[0], states[1]);
        if (batched) return new Output(r.output(), r.hN(), r.cN());
        return new Output(r.output().squeeze(batchDim), r.hN().squeeze(1), r.cN() == null ? null : r.cN().squeeze(1));
    }

    /** The packed forward: states are permuted into the sorted order and back, as PyTorch's {@code permute_hidden}. */
    protected PackedOutput run(PackedSequence input, Tensor hx, Tensor cx) {
        checkStatePair(hx, cx);
        long[] batchSizes = input.batchSizes().toLongArray();
        Tensor sorted = input.sortedIndices(), unsorted = input.unsortedIndices();
        Tensor h = hx == null || sorted == null ? hx : hx.indexSelect(1, sorted);
        Tensor c = cx == null || sorted == null ? cx : cx.indexSelect(1, sorted);
        checkInput(input.data(), 2);
        Tensor[] states = initialStates(input.data(), batchSizes[0], h, c);
        Recurrent.Result r = Recurrent.run(cellMode, weights(), bidirectional, isTraining() ? dropout : 0, input.data(), 0,
                batchSizes, states[0], states[1]);
        Tensor hN = unsorted == null ? r.hN() : r.hN().indexSelect(1, unsorted);
        Tensor cN = r.cN() == null || unsorted == null ? r.cN() : r.cN().indexSelect(1, unsorted);
        return new PackedOutput(new PackedSequence(r.output(), input.batchSizes(), sorted, unsorted), hN, cN);
    }

    /** True for LSTM, whose h_0 and c_0 come as a pair (PyTorch's tuple): both or neither. */
    private boolean checkStatePair(Tensor hx, Tensor cx) {
        boolean lstm = cellMode == Recurrent.Mode.LSTM;
        if (lstm && (hx == null) != (cx == null)) {
            throw new IllegalArgumentException("LSTM: h_0 and c_0 must be given together (or neither)");
        }
        return lstm;
    }

    /** PyTorch's {@code check_input}: the parameters' dtype, the number of dims, the feature size. */
    private void checkInput(Tensor x, int dims) {
        Tensor w = parameter("weight_ih_l0");
        if (x.dtype() != w.dtype()) {
            throw new IllegalArgumentException("input must have the type " + w.dtype() + ", got type " + x.dtype());
        }
        if (x.dim() != dims) throw new IllegalArgumentException("input must have " + dims + " dimensions, got " + x.dim());
        if (x.size(-1) != inputSize) {
            throw new IllegalArgumentException("input.size(-1) must be equal to input_size. Expected " + inputSize + ", got " + x.size(-1));
        }
    }

    /** The given states checked against PyTorch's expected sizes, or zeros: {h0, c0 (LSTM) or null}. */
    private Tensor[] initialStates(Tensor x, long batch, Tensor h, Tensor c) {
        long layers = numLayers * directions();
        long[] hShape = {layers, batch, hiddenOutSize()}, cShape = {layers, batch, hiddenSize};
        boolean lstm = cellMode == Recurrent.Mode.LSTM;
        TensorOptions like = Torch.dtype(x.dtype()).device(x.device());
        if (h == null) return new Tensor[] {Torch.zeros(Torch.shape(hShape), like), lstm ? Torch.zeros(Torch.shape(cShape), like) : null};
        checkHidden(h, hShape, lstm ? "Expected hidden[0] size " : "Expected hidden size ");
        if (lstm) checkHidden(c, cShape, "Expected hidden[1] size ");
        return new Tensor[] {h, c};
    }

    private static void checkHidden(Tensor t, long[] expected, String what) {
        if (!Arrays.equals(t.shapeArray(), expected)) {
            throw new IllegalArgumentException(what + Py.tuple(expected) + ", got " + Arrays.toString(t.shapeArray()));
        }
    }

    @Override
    public String extraRepr() {
        StringBuilder s = new StringBuilder().append(inputSize).append(", ").append(hiddenSize);
        if (projSize != 0) s.append(", proj_size=").append(projSize);
        if (numLayers != 1) s.append(", num_layers=").append(numLayers);
        if (!bias) s.append(", bias=False");
        if (batchFirst) s.append(", batch_first=True");
        if (dropout != 0) s.append(", dropout=").append(Py.repr(dropout));
        if (bidirectional) s.append(", bidirectional=True");
        return s.toString();
    }
}
