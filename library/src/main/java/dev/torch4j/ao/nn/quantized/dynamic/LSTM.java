package dev.torch4j.ao.nn.quantized.dynamic;

import dev.torch4j.Tensor;
import dev.torch4j.nn.utils.PackedSequence;
import dev.torch4j.ops.QuantizedRnn;

import java.util.List;
import java.util.Map;

/**
 * {@code torch.ao.nn.quantized.dynamic.LSTM} (printed {@code DynamicQuantizedLSTM}): an {@link dev.torch4j.nn.LSTM}
 * whose weights are qint8 per tensor and whose every gate product is a dynamic quantized linear (the input, or the
 * hidden state, quantized per call from its own range; {@link QuantizedRnn}). Made by {@link #fromFloat} or
 * {@code QuantizeDynamic.quantizeDynamic}; called as the float LSTM is ({@code forward}, {@code forwardWithState},
 * packed sequences, {@code batch_first}, bidirectional, stacked layers, zero states by default), with PyTorch's
 * quantized module's checks: the input must be 3-d (no unbatched input) and float32.
 *
 * <p>It extends the float LSTM so that it can take its place in a field of that type; it has no parameters. As
 * PyTorch's, it starts in eval mode (dropout between layers only after {@code train()}) and needs biases. Its
 * {@link #reduceRange()} is PyTorch's {@code reduce_range} of each cell (true, as PyTorch's module since version 2,
 * which FBGEMM honours; QNNPACK ignores it, which {@code setReduceRange(false)} reproduces). The state dict is
 * PyTorch's ({@code _all_weight_values.i.param}, see {@code RnnSupport}); float16 dynamic quantization is not here.
 *
 * <pre>{@code
 * var q = LSTM.fromFloat(new dev.torch4j.nn.LSTM(4, 8));
 * var out = q.forwardWithState(Torch.randn(5, 3, 4));   // output [5, 3, 8], hN, cN [1, 3, 8]
 * }</pre>
 */
public class LSTM extends dev.torch4j.nn.LSTM {
    private Tensor[] params;
    private boolean reduceRange = true;

    /** {@code nnqd.LSTM(input_size, hidden_size)}: placeholder weights, drawn as PyTorch's constructor draws them. */
    public LSTM(long inputSize, long hiddenSize) { this(inputSize, hiddenSize, options()); }

    /** {@code nnqd.LSTM(input_size, hidden_size, **options)} (no {@code proj_size}). */
    public LSTM(long inputSize, long hiddenSize, Options o) {
        super(inputSize, hiddenSize, RnnSupport.check(o), false);
        params = RnnSupport.placeholders(this);
        train(false);
    }

    /**
     * {@code LSTM.from_float(mod)}: an {@code nn.LSTM} with biases; each weight is quantized per tensor to qint8 by a
     * fresh weight observer of its qconfig ({@code QuantizeStatic.setQconfig}; {@code default_weight_observer} when it
     * has none, where PyTorch requires the attribute), the biases kept float.
     */
    public static LSTM fromFloat(dev.torch4j.nn.LSTM mod) {
        LSTM q = new LSTM(mod.inputSize, mod.hiddenSize, RnnSupport.fromFloatOptions(mod, dev.torch4j.nn.LSTM.class, "LSTM"));
        q.params = RnnSupport.fromFloat(mod);
        return q;
    }

    @Override
    protected Output run(Tensor input, Tensor hx, Tensor cx) {
        return RnnSupport.forward(this, QuantizedRnn.Cell.LSTM, params, reduceRange, input, hx, cx);
    }

    @Override
    protected PackedOutput run(PackedSequence input, Tensor hx, Tensor cx) {
        return RnnSupport.forward(this, QuantizedRnn.Cell.LSTM, params, reduceRange, input, hx, cx);
    }

    /** {@code get_weight()}: the qint8 weights by PyTorch's names ({@code weight_ih_l0}, {@code weight_hh_l0}, ...). */
    public Map<String, Tensor> getWeight() { return RnnSupport.named(this, params, true); }

    /** {@code get_bias()}: the float32 biases ({@code bias_ih_l0}, ...). */
    public Map<String, Tensor> getBias() { return RnnSupport.named(this, params, false); }

    /** {@code set_weight_bias}: every {@code weight_*} (qint8 per tensor) and {@code bias_*} (float32) by PyTorch's names. */
    public void setWeightBias(Map<String, Tensor> weightsAndBiases) { params = RnnSupport.fromNamed(this, weightsAndBiases); }

    /** Whether each product quantizes its input to [0, 127] rather than [0, 255] (PyTorch's {@code reduce_range}). */
    public boolean reduceRange() { return reduceRange; }

    /** Sets {@link #reduceRange()}: false computes as PyTorch's QNNPACK engine, which ignores reduce_range. */
    public void setReduceRange(boolean reduceRange) { this.reduceRange = reduceRange; }

    /** Its weights are quantized: there is nothing to redraw. */
    @Override
    public void resetParameters() {
        throw new UnsupportedOperationException("a dynamic quantized LSTM has no float parameters to reset");
    }

    @Override
    protected int stateDictVersion() { return 2; }

    @Override
    protected void saveToStateDict(Map<String, Tensor> destination, String prefix, boolean keepVars) {
        RnnSupport.save(destination, prefix, params, reduceRange, RnnSupport.cells(this));
    }

    @Override
    protected void readNonTensorEntries(Map<String, Object> entries, String prefix) {
        Boolean rr = RnnSupport.read(entries, prefix);
        if (rr != null) reduceRange = rr;
    }

    @Override
    protected void beforeLoadStateDict(Map<String, Tensor> stateDict, String prefix, List<String> errorMsgs) {
        Tensor[] p = RnnSupport.load(this, stateDict, prefix, errorMsgs);
        if (p != null) params = p;
    }

    @Override
    public String className() { return "DynamicQuantizedLSTM"; }
}
