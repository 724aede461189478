package dev.torch4j.ao.nn.quantizable;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.quantization.QConfig;
import dev.torch4j.ao.quantization.QuantizeStatic;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.RNNBase;

import java.util.List;

/**
 * PyTorch's {@code torch.ao.nn.quantizable.modules.rnn._LSTMLayer} (printed so): one layer of a quantizable
 * {@link LSTM}, its forward direction {@code layer_fw} and, when bidirectional, {@code layer_bw}, which reads the
 * sequence reversed; both directions' outputs are concatenated on the last dim, their final states stacked.
 */
public class LSTMLayer extends Module {
    /** The {@code batch_first}, {@code bidirectional} arguments. */
    public final boolean batchFirst, bidirectional;

    /** {@code _LSTMLayer(input_dim, hidden_dim, bias, batch_first, bidirectional, split_gates=)}. */
    public LSTMLayer(long inputDim, long hiddenDim, boolean bias, boolean batchFirst, boolean bidirectional, boolean splitGates) {
        this.batchFirst = batchFirst;
        this.bidirectional = bidirectional;
        registerModule("layer_fw", new LSTMSingleLayer(inputDim, hiddenDim, bias, splitGates));
        if (bidirectional) registerModule("layer_bw", new LSTMSingleLayer(inputDim, hiddenDim, bias, splitGates));
    }

    /**
     * {@code _LSTMLayer.from_float(other, layer_idx, qconfig, split_gates=)}: layer {@code layerIdx} of an {@code nn.LSTM}
     * over its weights (shared), time-major, with the LSTM's qconfig or else {@code qconfig}.
     */
    public static LSTMLayer fromFloat(dev.torch4j.nn.LSTM other, int layerIdx, QConfig qconfig, boolean splitGates) {
        if (!QuantizeStatic.hasQconfig(other) && qconfig == null) throw new IllegalArgumentException("The float module must have 'qconfig'");
        LSTMLayer layer = new LSTMLayer(other.inputSize, other.hiddenSize, other.bias, false, other.bidirectional, splitGates);
        QuantizeStatic.setQconfig(layer, QuantizeStatic.hasQconfig(other) ? QuantizeStatic.qconfig(other) : qconfig);
        layer.setSubmodule("layer_fw", direction(other, "_l" + layerIdx, splitGates));
        if (other.bidirectional) layer.setSubmodule("layer_bw", direction(other, "_l" + layerIdx + "_reverse", splitGates));
        return layer;
    }

    private static LSTMSingleLayer direction(dev.torch4j.nn.LSTM other, String suffix, boolean splitGates) {
        return LSTMSingleLayer.fromParams(other.getParameter("weight_ih" + suffix), other.getParameter("weight_hh" + suffix),
                other.bias ? other.getParameter("bias_ih" + suffix) : null, other.bias ? other.getParameter("bias_hh" + suffix) : null, splitGates);
    }

    /** The output sequence from zero states. */
    @Override
    public Tensor forward(Tensor x) { return forwardWithState(x, null, null).output(); }

    /**
     * {@code result, (h, c) = layer(x, (h, c))}: when bidirectional, h and c are {@code [2, N, hidden]} (forward, backward),
     * else {@code [N, hidden]}; null states mean zeros.
     */
    public RNNBase.Output forwardWithState(Tensor x, Tensor h, Tensor c) {
        if (batchFirst) x = x.transpose(0, 1);
        Tensor hBw = null, cBw = null;
        if (bidirectional) {
            if (h != null) {
                hBw = h.select(0, 1);
                h = h.select(0, 0);
            }
            if (c != null) {
                cBw = c.select(0, 1);
                c = c.select(0, 0);
            }
        }
        RNNBase.Output fw = ((LSTMSingleLayer) getSubmodule("layer_fw")).forwardWithState(x, h, c);
        Tensor result;
        Tensor hN, cN;
        if (bidirectional) {
            // a backward state is used only when both parts of it are given
            boolean bwState = hBw != null && cBw != null;
            RNNBase.Output bw = ((LSTMSingleLayer) getSubmodule("layer_bw")).forwardWithState(x.flip(0), bwState ? hBw : null, bwState ? cBw : null);
            result = Torch.cat(List.of(fw.output(), bw.output().flip(0)), fw.output().dim() - 1);
            hN = Torch.stack(List.of(fw.hN(), bw.hN()), 0);
            cN = Torch.stack(List.of(fw.cN(), bw.cN()), 0);
        } else {
            result = fw.output();
            hN = fw.hN();
            cN = fw.cN();
        }
        if (batchFirst) result = result.transpose(0, 1);
        return new RNNBase.Output(result, hN, cN);
    }

    @Override
    public String className() { return "_LSTMLayer"; }
}
