package dev.torch4j;

import dev.torch4j.nn.RecurrentFunctions;

/**
 * {@code torch.lstm}, {@code torch.gru}, {@code torch.rnn_tanh}, {@code torch.rnn_relu} (the functions behind the
 * recurrent modules, over a flat parameter list) and their {@code _cell} forms. They run the modules' recurrence
 * ({@link dev.torch4j.nn.LSTM} and friends give the same values for the same weights). Inherited by {@link Torch}.
 */
abstract class RnnFunctions extends NnFunctions {
    RnnFunctions() {}

    /**
     * {@code torch.lstm(input, hx, params, has_biases, num_layers, dropout, train, bidirectional, batch_first)}: hx is
     * {h_0, c_0}, each {@code [layers * directions, N, H]} (h_0's H is proj_size when the params carry
     * {@code w_hr}); params are {@code w_ih, w_hh[, b_ih, b_hh][, w_hr]} per layer and direction, layer-major and
     * forward first (a module's {@code _flat_weights}); dropout applies between layers while train. Returns
     * {output, h_n, c_n}.
     */
    public static Tensor[] lstm(Tensor input, Tensor[] hx, Tensor[] params, boolean hasBiases, long numLayers, double dropout,
            boolean train, boolean bidirectional, boolean batchFirst) {
        if (hx.length != 2) throw new IllegalArgumentException("lstm expects two hidden states");
        return RecurrentFunctions.run("lstm", input, hx[0], hx[1], params, hasBiases, numLayers, dropout, train, bidirectional, batchFirst);
    }

    /** {@code torch.gru(input, hx, params, has_biases, num_layers, dropout, train, bidirectional, batch_first)}: {output, h_n}. */
    public static Tensor[] gru(Tensor input, Tensor hx, Tensor[] params, boolean hasBiases, long numLayers, double dropout, boolean train,
            boolean bidirectional, boolean batchFirst) {
        return RecurrentFunctions.run("gru", input, hx, null, params, hasBiases, numLayers, dropout, train, bidirectional, batchFirst);
    }

    /** {@code torch.rnn_tanh(input, hx, params, ...)}: {output, h_n}; {@code h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)}. */
    public static Tensor[] rnnTanh(Tensor input, Tensor hx, Tensor[] params, boolean hasBiases, long numLayers, double dropout,
            boolean train, boolean bidirectional, boolean batchFirst) {
        return RecurrentFunctions.run("rnn_tanh", input, hx, null, params, hasBiases, numLayers, dropout, train, bidirectional, batchFirst);
    }

    /** {@code torch.rnn_relu(input, hx, params, ...)}: as {@link #rnnTanh} with relu. */
    public static Tensor[] rnnRelu(Tensor input, Tensor hx, Tensor[] params, boolean hasBiases, long numLayers, double dropout,
            boolean train, boolean bidirectional, boolean batchFirst) {
        return RecurrentFunctions.run("rnn_relu", input, hx, null, params, hasBiases, numLayers, dropout, train, bidirectional, batchFirst);
    }

    /** {@code torch.lstm_cell(input, hx, w_ih, w_hh, b_ih, b_hh)}: hx is {h, c}; returns {h', c'}. Biases may be null. */
    public static Tensor[] lstmCell(Tensor input, Tensor[] hx, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        if (hx.length != 2) throw new IllegalArgumentException("lstm_cell expects two hidden states");
        return RecurrentFunctions.cell("lstm", input, hx[0], hx[1], wIh, wHh, bIh, bHh);
    }

    /** {@code torch.gru_cell(input, hx, w_ih, w_hh, b_ih, b_hh)}: h'. */
    public static Tensor gruCell(Tensor input, Tensor hx, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        return RecurrentFunctions.cell("gru", input, hx, null, wIh, wHh, bIh, bHh)[0];
    }

    /** {@code torch.rnn_tanh_cell(input, hx, w_ih, w_hh, b_ih, b_hh)}: h'. */
    public static Tensor rnnTanhCell(Tensor input, Tensor hx, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        return RecurrentFunctions.cell("rnn_tanh", input, hx, null, wIh, wHh, bIh, bHh)[0];
    }

    /** {@code torch.rnn_relu_cell(input, hx, w_ih, w_hh, b_ih, b_hh)}: h'. */
    public static Tensor rnnReluCell(Tensor input, Tensor hx, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        return RecurrentFunctions.cell("rnn_relu", input, hx, null, wIh, wHh, bIh, bHh)[0];
    }
}
