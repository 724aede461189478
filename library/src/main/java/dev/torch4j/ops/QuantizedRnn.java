package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * PyTorch's dynamic quantized recurrences ({@code torch.quantized_lstm}/{@code quantized_gru} with
 * {@code use_dynamic}, and {@code quantized::quantized_lstm_cell_dynamic}, {@code quantized_gru_cell_dynamic},
 * {@code quantized_rnn_tanh_cell_dynamic}, {@code quantized_rnn_relu_cell_dynamic}), as ATen's CPU code runs them
 * (aten/src/ATen/native/RNN.cpp, {@code QuantizedCellParamsDynamic}).
 *
 * <p>Every product with a weight is a dynamic quantized linear ({@link QuantizedLinear#linearDynamic}: the input is
 * quantized per call from its own min and max, the packed bias added in float32), or for float16 weights (float32
 * tensors of float16 values: {@code QuantizedCellParamsFP16}) {@link QuantizedLinear#linearDynamicFp16}. A layer first projects its whole
 * input (all time steps, or all rows of a packed sequence) at once, so one quantization covers the sequence; each step
 * then projects only the hidden state of the rows still running. The gates take ATen's float32 kernels in ATen's order
 * ({@link AtenCpuFloat}; sigmoid's vector/scalar split falls on each row of a gate chunk):
 * <ul>
 *   <li>LSTM: {@code g = W_hh h + (W_ih x)}; i, f, o = sigmoid, c' = tanh chunk; {@code c' = f * c + i * g},
 *   {@code h' = o * tanh(c')};</li>
 *   <li>GRU: {@code r = sigmoid(gh_r + gi_r)}, {@code z = sigmoid(gh_z + gi_z)}, {@code n = tanh(gi_n + gh_n * r)},
 *   {@code h' = (h - n) * z + n};</li>
 *   <li>RNN: {@code tanh} or {@code relu} of {@code W_hh h + (W_ih x)}.</li>
 * </ul>
 * Each float operation rounds once, as ATen's separate kernels do. Bidirectional layers concatenate the directions'
 * outputs along the features; a packed sequence's rows shrink (forward) and grow (reverse) with its batch sizes.
 */
public final class QuantizedRnn {
    private QuantizedRnn() {}

    /** The cell, with its number of gates. */
    public enum Cell {
        LSTM(4), GRU(3), RNN_TANH(1), RNN_RELU(1);

        /** The gate chunks of {@code W_ih x} and {@code W_hh h}. */
        public final int gates;

        Cell(int gates) { this.gates = gates; }
    }

    /**
     * One layer-direction's (or one cell's) packed parameters: qint8 per-tensor {@code wIh} ({@code [gates * H, in]})
     * and {@code wHh} ({@code [gates * H, H]}) (or float32 ones holding float16 values), float32 biases or null.
     */
    public record Weights(Tensor wIh, Tensor bIh, Tensor wHh, Tensor bHh) {}

    /**
     * A recurrence's result: the output ({@code [T, B, D * H]} time-major, or packed data {@code [N, D * H]}), the
     * final hidden states {@code [layers * D, B, H]}, the final cell states (LSTM) or null.
     */
    public record Result(Tensor output, Tensor hN, Tensor cN) {}

    /**
     * One step of a cell op from {@code input [B, in]} and {@code hx [B, H]} (and {@code cx} for LSTM): {h'} or
     * {h', c'}.
     */
    public static Tensor[] cell(Cell cell, Tensor input, Tensor hx, Tensor cx, Weights w, boolean reduceRange) {
        int rows = (int) input.size(0), hs = (int) hx.size(1);
        floats(input, "input");
        float[] gi = linear(input, w.wIh(), w.bIh(), reduceRange);
        float[] h = floats(hx, "hx").clone(), c = cx == null ? null : floats(cx, "cx").clone();
        step(cell, gi, 0, h, c, rows, hs, w, reduceRange);
        Tensor h1 = Torch.fromArray(h, rows, hs);
        return c == null ? new Tensor[] {h1} : new Tensor[] {h1, Torch.fromArray(c, rows, hs)};
    }

    /**
     * All layers and directions over a time-major {@code input [T, B, in]} ({@code batchSizes} null) or packed data
     * {@code [N, in]} with its batch sizes; {@code h0} (and {@code c0} for LSTM) {@code [layers * D, B, H]}, weights
     * layer-major, forward before reverse. {@code betweenLayers} (null for none) is applied to each layer's output but
     * the last (training dropout).
     */
    public static Result run(Cell cell, List<Weights> weights, int layers, boolean bidirectional, Tensor input, long[] batchSizes,
                             Tensor h0, Tensor c0, boolean reduceRange, UnaryOperator<Tensor> betweenLayers) {
        int dirs = bidirectional ? 2 : 1, batch = (int) h0.size(1), hs = (int) h0.size(2), gates = cell.gates * hs;
        int steps = (int) (batchSizes == null ? input.size(0) : batchSizes.length);
        int[] rows = new int[steps], offsets = new int[steps];
        for (int t = 0, off = 0; t < steps; off += rows[t], t++) {
            rows[t] = batchSizes == null ? batch : Math.toIntExact(batchSizes[t]);
            offsets[t] = off;
        }
        int total = steps == 0 ? 0 : offsets[steps - 1] + rows[steps - 1];
        floats(input, "input");
        float[] h0s = floats(h0, "hx"), c0s = c0 == null ? null : floats(c0, "cx");
        float[] hN = new float[layers * dirs * batch * hs], cN = c0 == null ? null : new float[hN.length];
        Tensor x = batchSizes == null ? input.reshape(-1, input.size(2)) : input;
        for (int l = 0; l < layers; l++) {
            float[] out = new float[total * dirs * hs];
            for (int d = 0; d < dirs; d++) {
                int i = l * dirs + d, state = i * batch * hs;
                Weights w = weights.get(i);
                float[] gi = linear(x, w.wIh(), w.bIh(), reduceRange);
                float[] h = Arrays.copyOfRange(h0s, state, state + batch * hs);
                float[] c = c0s == null ? null : Arrays.copyOfRange(c0s, state, state + batch * hs);
                for (int k = 0; k < steps; k++) {
                    int t = d == 0 ? k : steps - 1 - k;
                    step(cell, gi, offsets[t] * gates, h, c, rows[t], hs, w, reduceRange);
                    for (int r = 0; r < rows[t]; r++) System.arraycopy(h, r * hs, out, ((offsets[t] + r) * dirs + d) * hs, hs);
                }
                System.arraycopy(h, 0, hN, state, batch * hs);
                if (c != null) System.arraycopy(c, 0, cN, state, batch * hs);
            }
            x = Torch.fromArray(out, total, dirs * hs);
            if (betweenLayers != null && l < layers - 1) x = betweenLayers.apply(x);
        }
        Tensor output = batchSizes == null ? x.view(steps, batch, dirs * hs) : x;
        return new Result(output, Torch.fromArray(hN, layers * dirs, batch, hs),
                cN == null ? null : Torch.fromArray(cN, layers * dirs, batch, hs));
    }

    /**
     * One cell step on rows {@code [0, rows)} of the states {@code h} (and {@code c}), {@code [*, hs]} row-major,
     * updated in place; {@code gi} from {@code giOff} holds the rows' input projections.
     */
    private static void step(Cell cell, float[] gi, int giOff, float[] h, float[] c, int rows, int hs, Weights w, boolean reduceRange) {
        int g = cell.gates * hs;
        float[] gh = linear(Torch.fromArray(Arrays.copyOf(h, rows * hs), rows, hs), w.wHh(), w.bHh(), reduceRange);
        switch (cell) {
            case LSTM -> {
                for (int i = 0; i < rows * g; i++) gh[i] += gi[giOff + i];
                for (int r = 0; r < rows; r++) {
                    int o = r * g;
                    AtenCpuFloat.sigmoid(gh, o, hs);
                    AtenCpuFloat.sigmoid(gh, o + hs, hs);
                    AtenCpuFloat.tanh(gh, o + 2 * hs, hs);
                    AtenCpuFloat.sigmoid(gh, o + 3 * hs, hs);
                    for (int j = 0; j < hs; j++) {
                        float cy = gh[o + hs + j] * c[r * hs + j] + gh[o + j] * gh[o + 2 * hs + j];
                        c[r * hs + j] = cy;
                        h[r * hs + j] = gh[o + 3 * hs + j] * AtenCpuFloat.sleefTanhf(cy);
                    }
                }
            }
            case GRU -> {
                for (int r = 0; r < rows; r++) {
                    int o = r * g, io = giOff + o;
                    for (int j = 0; j < 2 * hs; j++) gh[o + j] += gi[io + j];
                    AtenCpuFloat.sigmoid(gh, o, hs);
                    AtenCpuFloat.sigmoid(gh, o + hs, hs);
                    for (int j = 0; j < hs; j++) {
                        float n = AtenCpuFloat.sleefTanhf(gi[io + 2 * hs + j] + gh[o + 2 * hs + j] * gh[o + j]);
                        h[r * hs + j] = (h[r * hs + j] - n) * gh[o + hs + j] + n;
                    }
                }
            }
            case RNN_TANH, RNN_RELU -> {
                for (int i = 0; i < rows * hs; i++) {
                    float v = gh[i] + gi[giOff + i];
                    h[i] = cell == Cell.RNN_TANH ? AtenCpuFloat.sleefTanhf(v) : v < 0f ? 0f : v;
                }
            }
        }
    }

    /** The dynamic quantized linear's float32 result (a float16 weight's: the float16 GEMM), as an array this code may write. */
    private static float[] linear(Tensor x, Tensor w, Tensor b, boolean reduceRange) {
        return Quantized.floats(w.isQuantized() ? QuantizedLinear.linearDynamic(x, w, b, reduceRange)
                : QuantizedLinear.linearDynamicFp16(x, w, b));
    }

    /** The values of an input or state, which must be float32 on the CPU (PyTorch's quantized ops run there only). */
    private static float[] floats(Tensor t, String what) {
        if (t.dtype() != DType.FLOAT32 || !t.device().isCpu()) {
            throw new IllegalArgumentException("quantized RNN: " + what + " must be a float32 CPU tensor, got " + t.dtype() + " on "
                    + t.device());
        }
        return Quantized.floats(t);
    }
}
