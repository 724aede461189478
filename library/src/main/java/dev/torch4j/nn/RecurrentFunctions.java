package dev.torch4j.nn;

import dev.torch4j.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The recurrences of {@link RNN}, {@link LSTM} and {@link GRU} and their cells as functions of flat parameter lists,
 * the form of {@code torch.lstm}, {@code torch.gru}, {@code torch.rnn_tanh}, {@code torch.rnn_relu} and their
 * {@code _cell} forms (see {@code Torch.lstm}). The modules and these run the same code.
 */
public final class RecurrentFunctions {
    private RecurrentFunctions() {}

    private static Recurrent.Mode mode(String name) {
        return switch (name) {
            case "rnn_tanh" -> Recurrent.Mode.RNN_TANH;
            case "rnn_relu" -> Recurrent.Mode.RNN_RELU;
            case "lstm" -> Recurrent.Mode.LSTM;
            case "gru" -> Recurrent.Mode.GRU;
            default -> throw new IllegalArgumentException("unknown recurrence " + name);
        };
    }

    /**
     * Runs a multi-layer recurrence: {@code mode} is "rnn_tanh", "rnn_relu", "lstm" or "gru"; params are
     * {@code w_ih, w_hh[, b_ih, b_hh][, w_hr]} per layer and direction (layer-major, forward first), as a module's
     * {@code _flat_weights}; h0 (and c0 for LSTM) are {@code [layers * directions, N, H]}. Returns {output, h_n}
     * and, for LSTM, c_n.
     */
    public static Tensor[] run(String mode, Tensor input, Tensor h0, Tensor c0, Tensor[] params, boolean hasBiases, long numLayers,
            double dropout, boolean train, boolean bidirectional, boolean batchFirst) {
        Recurrent.Mode m = mode(mode);
        if (input.dim() != 3) throw new IllegalArgumentException(mode + ": expected a 3-D (batched) input, got " + input.dim() + "-D");
        int dirs = bidirectional ? 2 : 1;
        long groups = numLayers * dirs;
        int per = hasBiases ? 4 : 2;
        if (params.length != groups * per && !(m == Recurrent.Mode.LSTM && params.length == groups * (per + 1))) {
            throw new IllegalArgumentException(mode + ": expected " + groups * per + " parameters (" + numLayers + " layers, " + dirs
                    + " directions" + (hasBiases ? ", with biases" : "") + "), got " + params.length);
        }
        int stride = (int) (params.length / groups);
        boolean proj = stride == per + 1;
        List<Recurrent.Weights> weights = new ArrayList<>();
        for (int i = 0; i < groups; i++) {
            int o = i * stride;
            weights.add(new Recurrent.Weights(params[o], params[o + 1], hasBiases ? params[o + 2] : null, hasBiases ? params[o + 3] : null,
                    proj ? params[o + stride - 1] : null));
        }
        Recurrent.Result r = Recurrent.run(m, weights, bidirectional, train ? dropout : 0, input, batchFirst ? 1 : 0, null, h0,
                m == Recurrent.Mode.LSTM ? c0 : null);
        return m == Recurrent.Mode.LSTM ? new Tensor[] {r.output(), r.hN(), r.cN()} : new Tensor[] {r.output(), r.hN()};
    }

    /**
     * One step of a cell ({@code mode} as in {@link #run}) over a batch {@code [N, H_in]} (or an unbatched
     * {@code [H_in]}): {h'} or, for LSTM, {h', c'}. Biases may be null.
     */
    public static Tensor[] cell(String mode, Tensor input, Tensor h, Tensor c, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        Recurrent.Mode m = mode(mode);
        if (bIh == null && bHh != null || bIh != null && bHh == null) {
            throw new IllegalArgumentException(mode + "_cell: b_ih and b_hh must be given together (or neither)");
        }
        boolean unbatched = input.dim() == 1;
        Tensor x = unbatched ? input.unsqueeze(0) : input;
        Tensor hh = unbatched ? h.unsqueeze(0) : h, cc = c == null || !unbatched ? c : c.unsqueeze(0);
        Recurrent.Cell cell = Recurrent.Cell.of(m, new Recurrent.Weights(wIh, wHh, bIh, bHh, null));
        Tensor[] out = cell.step(cell.project(x), hh, cc);
        if (unbatched) for (int i = 0; i < out.length; i++) out[i] = out[i].squeeze(0);
        return out;
    }
}
