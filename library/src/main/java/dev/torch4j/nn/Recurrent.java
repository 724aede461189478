package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.Function;
import dev.torch4j.autograd.GradMode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The recurrence behind {@link RNNBase} and the cells, composed from differentiable tensor ops so autograd and every
 * backend work unchanged. Per layer and direction, the input projection of all time steps is one matmul (with the
 * biases folded in), and each step is one {@code addmm} for the hidden projection plus the gate arithmetic.
 *
 * <p>A sequence is stepped as a list of per-step slices: the rows of one time step of a padded batch (an
 * {@code unbind} view, one autograd node for all steps), or the {@code batch_sizes[t]} rows of step t of a packed
 * sequence (a {@code split} view). Packed batches shrink over time (sorted by decreasing length), so the forward
 * direction sets aside the rows of sequences that have ended (their final states) and the reverse direction, which
 * starts at the last step, takes in the initial states of sequences as they begin. A layer over a padded batch
 * (an LSTM's without projection) runs as one {@link LstmLayer}, {@link GruLayer} or {@link RnnLayer} node instead
 * when autograd records (a faster backward).
 */
final class Recurrent {
    private Recurrent() {}

    /** The cell type, with PyTorch's mode name and number of gates. */
    enum Mode {
        RNN_TANH(1), RNN_RELU(1), LSTM(4), GRU(3);

        final int gates;

        Mode(int gates) { this.gates = gates; }

        /** The name PyTorch's messages use ({@code RNN}, {@code LSTM}, {@code GRU}). */
        String label() { return this == LSTM || this == GRU ? name() : "RNN"; }
    }

    /** One layer-direction's parameters as PyTorch shapes them; biases and projection may be null. */
    record Weights(Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, Tensor wHr) {}

    /** The outputs of a run: output (padded or packed data), final hidden states, final cell states (LSTM) or null. */
    record Result(Tensor output, Tensor hN, Tensor cN) {}

    /**
     * The weights as each step uses them: transposed views (a transpose flag for the GEMM, no copy) and the bias
     * added to the input projection: both biases for RNN and LSTM, {@code b_ih} alone for GRU, whose {@code b_hn}
     * sits inside the reset gate's product.
     */
    record Cell(Mode mode, Tensor wIhT, Tensor inputBias, Tensor wHhT, Tensor hiddenBias, Tensor wHrT) {
        static Cell of(Mode mode, Weights w) {
            Tensor inBias = w.bIh() == null ? null : mode == Mode.GRU ? w.bIh() : w.bIh().add(w.bHh());
            return new Cell(mode, w.wIh().t(), inBias, w.wHh().t(), mode == Mode.GRU ? w.bHh() : null,
                    w.wHr() == null ? null : w.wHr().t());
        }

        /** {@code x W_ih^T + bias} over the last dim of a 2-D or 3-D input. */
        Tensor project(Tensor x) {
            Tensor flat = x.dim() == 2 ? x : x.reshape(-1, x.size(-1));
            Tensor y = inputBias == null ? flat.mm(wIhT) : Torch.addmm(inputBias, flat, wIhT);
            return x.dim() == 2 ? y : y.view(x.size(0), x.size(1), y.size(1));
        }

        /** One step from the projected input {@code xw} [N, G]: {h'} or, for LSTM, {h', c'}. */
        Tensor[] step(Tensor xw, Tensor h, Tensor c) {
            return switch (mode) {
                case RNN_TANH -> new Tensor[] {xw.addmm(h, wHhT).tanh()};
                case RNN_RELU -> new Tensor[] {xw.addmm(h, wHhT).relu()};
                case LSTM -> lstm(xw, h, c);
                case GRU -> new Tensor[] {gru(xw, h)};
            };
        }

        // gates in PyTorch's order i, f, g, o; c' = f*c + i*g, h' = o*tanh(c') (projected by W_hr when proj_size > 0)
        private Tensor[] lstm(Tensor xw, Tensor h, Tensor c) {
            Tensor[] g = xw.addmm(h, wHhT).chunk(4, 1);
            Tensor c1 = g[1].sigmoid().mul(c).add(g[0].sigmoid().mul(g[2].tanh()));
            Tensor h1 = g[3].sigmoid().mul(c1.tanh());
            return new Tensor[] {wHrT == null ? h1 : h1.mm(wHrT), c1};
        }

        // gates r, z, n: n = tanh(x_n + r * (W_hn h + b_hn)), h' = (1 - z) * n + z * h = n + z * (h - n)
        private Tensor gru(Tensor xw, Tensor h) {
            long hs = h.size(1);
            long[] sizes = {2 * hs, hs};
            Tensor hw = hiddenBias == null ? h.mm(wHhT) : Torch.addmm(hiddenBias, h, wHhT);
            Tensor[] x = xw.split(sizes, 1), hh = hw.split(sizes, 1);
            Tensor[] rz = x[0].add(hh[0]).sigmoid().chunk(2, 1);
            Tensor n = x[1].add(rz[0].mul(hh[1])).tanh();
            return n.add(rz[1].mul(h.sub(n)));
        }
    }

    /**
     * Runs all layers and directions. {@code input} is padded ({@code [T, N, H_in]}, or {@code [N, T, H_in]} with
     * {@code timeDim} 1) when {@code batchSizes} is null, else packed data {@code [sum(batch_sizes), H_in]};
     * {@code h0}/{@code c0} are {@code [layers * D, N, H]}, c0 null unless LSTM. Weights are layer-major,
     * forward direction before reverse. Dropout (already 0 outside training) is applied between layers.
     */
    static Result run(Mode mode, List<Weights> weights, boolean bidirectional, double dropout, Tensor input, int timeDim,
                      long[] batchSizes, Tensor h0, Tensor c0) {
        int dirs = bidirectional ? 2 : 1, layers = weights.size() / dirs;
        Tensor[] h0s = h0.unbind(0), c0s = c0 == null ? null : c0.unbind(0);
        List<Tensor> hN = new ArrayList<>(), cN = new ArrayList<>();
        Tensor x = input;
        for (int l = 0; l < layers; l++) {
            Tensor[] outs = new Tensor[dirs];
            for (int d = 0; d < dirs; d++) {
                int i = l * dirs + d;
                Cell cell = Cell.of(mode, weights.get(i));
                Tensor xw = cell.project(x);
                Tensor wHh = weights.get(i).wHh();
                // one node for the layer when a graph is recorded (without one, the plain steps allocate less)
                Tensor[] node = batchSizes == null && GradMode.isEnabled()
                        ? node(cell, timeDim, d == 1, xw, h0s[i], c0s == null ? null : c0s[i], weights.get(i)) : null;
                if (node != null) {
                    outs[d] = node[0];
                    hN.add(node[1]);
                    if (c0 != null) cN.add(node[2]);
                    continue;
                }
                Tensor[] steps = batchSizes == null ? xw.unbind(timeDim) : xw.split(batchSizes, 0);
                Tensor[] r = direction(cell, steps, d == 1, h0s[i], c0s == null ? null : c0s[i]);
                outs[d] = batchSizes == null ? Torch.stack(Arrays.copyOf(r, steps.length), timeDim)
                        : Torch.cat(Arrays.asList(r).subList(0, steps.length), 0);
                hN.add(r[steps.length]);
                if (c0 != null) cN.add(r[steps.length + 1]);
            }
            x = dirs == 1 ? outs[0] : Torch.cat(outs, -1);
            if (dropout > 0 && l < layers - 1) x = Functional.dropout(x, dropout, true);
        }
        return new Result(x, Torch.stack(hN, 0), c0 == null ? null : Torch.stack(cN, 0));
    }

    /** A padded layer-direction as one node ({@link LstmLayer}, {@link GruLayer}, {@link RnnLayer}), or null. */
    private static Tensor[] node(Cell cell, int timeDim, boolean reverse, Tensor xw, Tensor h0, Tensor c0, Weights w) {
        if (cell.wHrT() != null) return null;
        List<Tensor> in = new ArrayList<>(List.of(xw, h0));
        if (c0 != null) in.add(c0);
        in.add(w.wHh());
        if (cell.hiddenBias() != null) in.add(cell.hiddenBias()); // GRU's b_hn sits inside the reset product
        if (in.stream().noneMatch(Tensor::requiresGrad)) return null;
        Function f = switch (cell.mode()) {
            case LSTM -> new LstmLayer(timeDim, reverse);
            case GRU -> new GruLayer(timeDim, reverse);
            case RNN_TANH, RNN_RELU -> new RnnLayer(cell.mode() == Mode.RNN_RELU, timeDim, reverse);
        };
        return f.applyAll(in.toArray(Tensor[]::new));
    }

    /**
     * One direction over the per-step projected inputs; returns the step outputs in time order followed by the final
     * h (and c). Rows beyond a step's batch size belong to sequences that have ended (forward) or not yet begun
     * (reverse).
     */
    private static Tensor[] direction(Cell cell, Tensor[] steps, boolean reverse, Tensor h0, Tensor c0) {
        int n = steps.length;
        Tensor[] out = new Tensor[n + (c0 == null ? 1 : 2)];
        long full = h0.size(0);
        if (!reverse) {
            List<Tensor> doneH = new ArrayList<>(), doneC = new ArrayList<>();
            Tensor h = h0, c = c0;
            long rows = full;
            for (int t = 0; t < n; t++) {
                long b = steps[t].size(0);
                if (b < rows) { // sequences b..rows-1 ended at t-1: their states are final
                    doneH.add(h.narrow(0, b, rows - b));
                    h = h.narrow(0, 0, b);
                    if (c != null) {
                        doneC.add(c.narrow(0, b, rows - b));
                        c = c.narrow(0, 0, b);
                    }
                    rows = b;
                }
                Tensor[] s = cell.step(steps[t], h, c);
                out[t] = h = s[0];
                if (c != null) c = s[1];
            }
            out[n] = finals(h, doneH);
            if (c0 != null) out[n + 1] = finals(c, doneC);
        } else {
            long rows = n == 0 ? full : steps[n - 1].size(0);
            Tensor h = rows < full ? h0.narrow(0, 0, rows) : h0, c = c0 == null || rows == full ? c0 : c0.narrow(0, 0, rows);
            for (int t = n - 1; t >= 0; t--) {
                long b = steps[t].size(0);
                if (b > rows) { // sequences rows..b-1 start here, from their initial states
                    h = Torch.cat(h, h0.narrow(0, rows, b - rows));
                    if (c != null) c = Torch.cat(c, c0.narrow(0, rows, b - rows));
                    rows = b;
                }
                Tensor[] s = cell.step(steps[t], h, c);
                out[t] = h = s[0];
                if (c != null) c = s[1];
            }
            out[n] = h;
            if (c0 != null) out[n + 1] = c;
        }
        return out;
    }

    /** The final states in batch order: the rows still running, then the set-aside rows, latest first. */
    private static Tensor finals(Tensor last, List<Tensor> done) {
        if (done.isEmpty()) return last;
        List<Tensor> parts = new ArrayList<>(done);
        parts.add(last);
        Collections.reverse(parts);
        return Torch.cat(parts, 0);
    }
}
