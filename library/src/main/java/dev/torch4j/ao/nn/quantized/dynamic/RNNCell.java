package dev.torch4j.ao.nn.quantized.dynamic;

import dev.torch4j.Tensor;
import dev.torch4j.ops.QuantizedRnn;

import java.util.List;
import java.util.Map;

/**
 * {@code torch.ao.nn.quantized.dynamic.RNNCell} (printed {@code DynamicQuantizedRNNCell}): an
 * {@link dev.torch4j.nn.RNNCell} with qint8 per-tensor weights whose two gate products are dynamic quantized linears
 * ({@code quantized::quantized_rnn_tanh_cell_dynamic} or {@code quantized_rnn_relu_cell_dynamic},
 * {@link QuantizedRnn#cell}). Called as the float cell
 * ({@code forward(input, hx)}, a zero state by default), with PyTorch's quantized checks: 2-d float32
 * input only. It extends the float cell so that it can take its place in a field of that type; {@link #weightIh()}
 * and the other accessors give the quantized weights and float biases. {@link #reduceRange()} is true, as the op's;
 * {@code setReduceRange(false)} computes as QNNPACK, which ignores it. State dict: PyTorch's
 * {@code _packed_weight_ih}/{@code _packed_weight_hh} (see {@code CellSupport}).
 *
 * <pre>{@code
 * var q = RNNCell.fromFloat(new dev.torch4j.nn.RNNCell(4, 8));
 * Tensor h = q.forward(Torch.randn(2, 4));   // [2, 8]
 * }</pre>
 */
public class RNNCell extends dev.torch4j.nn.RNNCell {
    private Tensor[] params;
    private boolean reduceRange = true;

    /** {@code nnqd.RNNCell(input_size, hidden_size)}: tanh, placeholder weights drawn as PyTorch's constructor draws them. */
    public RNNCell(long inputSize, long hiddenSize) { this(inputSize, hiddenSize, true, "tanh"); }

    /** {@code nnqd.RNNCell(input_size, hidden_size, bias, nonlinearity)} ({@code "tanh"} or {@code "relu"}). */
    public RNNCell(long inputSize, long hiddenSize, boolean bias, String nonlinearity) {
        super(inputSize, hiddenSize, bias, nonlinearity, false);
        params = CellSupport.placeholders(gates(), inputSize, hiddenSize, bias);
    }

    /** {@code RNNCell.from_float(mod)}: an {@code nn.RNNCell} (its nonlinearity kept) with biases, weights quantized as {@link LSTM#fromFloat}'s. */
    public static RNNCell fromFloat(dev.torch4j.nn.RNNCell mod) {
        CellSupport.checkFloat(mod, dev.torch4j.nn.RNNCell.class, "RNNCell");
        RNNCell q = new RNNCell(mod.inputSize, mod.hiddenSize, mod.bias, mod.nonlinearity);
        q.params = CellSupport.fromFloat(mod);
        return q;
    }

    private long gates() { return hiddenSize; }

    @Override
    protected Tensor[] step(Tensor input, Tensor h, Tensor c) {
        QuantizedRnn.Cell cell = nonlinearity.equals("tanh") ? QuantizedRnn.Cell.RNN_TANH : QuantizedRnn.Cell.RNN_RELU;
        return CellSupport.step(this, cell, params, reduceRange, input, h, c);
    }

    /** The qint8 {@code weight_ih}. */
    @Override
    public Tensor weightIh() { return params[0]; }

    /** The qint8 {@code weight_hh}. */
    @Override
    public Tensor weightHh() { return params[2]; }

    /** The float32 {@code bias_ih} (the packed one, which the product adds), or null. */
    @Override
    public Tensor biasIh() { return params[1]; }

    /** The float32 {@code bias_hh}, or null. */
    @Override
    public Tensor biasHh() { return params[3]; }

    /** {@code get_weight()}: {@code weight_ih} and {@code weight_hh}. */
    public Map<String, Tensor> getWeight() { return LSTMCell.named("weight", params[0], params[2]); }

    /** {@code get_bias()}: {@code bias_ih} and {@code bias_hh}. */
    public Map<String, Tensor> getBias() { return LSTMCell.named("bias", params[1], params[3]); }

    /** {@code set_weight_bias}: {@code weight_ih}, {@code weight_hh} (qint8 per tensor), {@code bias_ih}, {@code bias_hh} (float32 or null). */
    public void setWeightBias(Map<String, Tensor> weightsAndBiases) { params = CellSupport.fromNamed(this, gates(), weightsAndBiases); }

    /** Whether each product quantizes its input to [0, 127] rather than [0, 255] (PyTorch's {@code reduce_range}). */
    public boolean reduceRange() { return reduceRange; }

    /** Sets {@link #reduceRange()}: false computes as PyTorch's QNNPACK engine, which ignores reduce_range. */
    public void setReduceRange(boolean reduceRange) { this.reduceRange = reduceRange; }

    /** Its weights are quantized: there is nothing to redraw. */
    @Override
    public void resetParameters() {
        throw new UnsupportedOperationException("a dynamic quantized " + className() + " has no float parameters to reset");
    }

    @Override
    protected void saveToStateDict(Map<String, Tensor> destination, String prefix, boolean keepVars) {
        CellSupport.save(destination, prefix, params);
    }

    @Override
    protected void readNonTensorEntries(Map<String, Object> entries, String prefix) { CellSupport.read(entries, prefix); }

    @Override
    protected void beforeLoadStateDict(Map<String, Tensor> stateDict, String prefix, List<String> errorMsgs) {
        Tensor[] p = CellSupport.load(this, gates(), stateDict, prefix, errorMsgs);
        if (p != null) params = p;
    }

    @Override
    public String className() { return "DynamicQuantizedRNNCell"; }
}
