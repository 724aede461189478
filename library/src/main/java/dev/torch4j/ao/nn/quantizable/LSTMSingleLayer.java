package dev.torch4j.ao.nn.quantizable;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.RNNBase;

import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch's {@code torch.ao.nn.quantizable.modules.rnn._LSTMSingleLayer} (printed so): one direction of one layer, its
 * {@link LSTMCell} ({@code cell}) run over a time-major sequence.
 */
public class LSTMSingleLayer extends Module {
    /** {@code _LSTMSingleLayer(input_dim, hidden_dim, bias, split_gates=)}. */
    public LSTMSingleLayer(long inputDim, long hiddenDim, boolean bias, boolean splitGates) {
        registerModule("cell", new LSTMCell(inputDim, hiddenDim, bias, splitGates));
    }

    /** {@code _LSTMSingleLayer.from_params(wi, wh, bi, bh, split_gates=)}: a layer whose cell is {@link LSTMCell#fromParams}. */
    public static LSTMSingleLayer fromParams(Tensor wi, Tensor wh, Tensor bi, Tensor bh, boolean splitGates) {
        LSTMCell cell = LSTMCell.fromParams(wi, wh, bi, bh, splitGates);
        LSTMSingleLayer layer = new LSTMSingleLayer(cell.inputSize, cell.hiddenSize, cell.bias, cell.splitGates);
        layer.setSubmodule("cell", cell);
        return layer;
    }

    /** The cell. */
    public LSTMCell cell() { return (LSTMCell) getSubmodule("cell"); }

    /** The outputs {@code [L, N, hidden]} for x {@code [L, N, input]}. */
    @Override
    public Tensor forward(Tensor x) { return forwardWithState(x, null, null).output(); }

    /** {@code result, (h, c) = layer(x, (h, c))}: the cell's h at every step, stacked, and the last state (null states: zeros). */
    public RNNBase.Output forwardWithState(Tensor x, Tensor h, Tensor c) {
        List<Tensor> result = new ArrayList<>();
        LSTMCell cell = cell();
        for (long i = 0, n = x.size(0); i < n; i++) {
            var s = cell.forwardWithState(x.select(0, i), h, c);
            h = s.h();
            c = s.c();
            result.add(h);
        }
        return new RNNBase.Output(Torch.stack(result, 0), h, c);
    }

    @Override
    public String className() { return "_LSTMSingleLayer"; }
}
