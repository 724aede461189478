package dev.torch4j.ao.nn.quantizable;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.quantization.QConfig;
import dev.torch4j.ao.quantization.QuantizeStatic;
import dev.torch4j.core.Warnings;
import dev.torch4j.nn.ModuleList;
import dev.torch4j.nn.utils.PackedSequence;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code torch.ao.nn.quantizable.LSTM} (printed {@code QuantizableLSTM}): an LSTM re-expressed as {@code layers}, a
 * ModuleList of {@link LSTMLayer}s whose {@link LSTMCell}s are Linear layers and FloatFunctional ops, so that static
 * quantization observes every intermediate. {@code QuantizeStatic.prepare} swaps each {@code nn.LSTM} that has a
 * qconfig for one ({@link #fromFloat}: PyTorch's default custom-module config), already prepared; {@code convert} then
 * swaps it for a {@link dev.torch4j.ao.nn.quantized.LSTM}. It computes what the float LSTM computes (up to the float32
 * summation order), time-major inside whatever {@code batch_first} says.
 *
 * <p>It extends the float LSTM so that it can take its place in a field of that type, and is called the same way
 * ({@code forward}, {@code forwardWithState}, zero states by default; batched input only, no packed sequences, no
 * {@code proj_size}); it has no parameters of its own (the layers hold them, {@code layers.0.layer_fw.cell.igates.weight}
 * and so on). As PyTorch's, it starts in eval mode and ignores dropout.
 *
 * <pre>{@code
 * QuantizeStatic.setQconfig(model, Defaults.getDefaultQconfig("qnnpack"));
 * var prepared = QuantizeStatic.prepare(model.eval());     // model.lstm: QuantizableLSTM, observed
 * for (Tensor batch : calibration) prepared.call(batch);
 * var quantized = QuantizeStatic.convert(prepared);       // model.lstm: QuantizedLSTM
 * }</pre>
 */
public class LSTM extends dev.torch4j.nn.LSTM {
    /** The layers, {@link LSTMLayer}s. */
    public final ModuleList layers;

    /** {@code LSTM(input_size, hidden_size)}. */
    public LSTM(long inputSize, long hiddenSize) { this(inputSize, hiddenSize, options()); }

    /**
     * {@code LSTM(input_size, hidden_size, **options)}: layers drawn as PyTorch's constructor draws them, which gives every
     * layer after the first {@code hidden_size} inputs even when bidirectional (PyTorch's; {@link #fromFloat} sizes the
     * layers by the float LSTM's weights).
     */
    public LSTM(long inputSize, long hiddenSize, Options o) { this(inputSize, hiddenSize, o, false); }

    /** {@code LSTM(input_size, hidden_size, **options, split_gates=)}: see {@link LSTMCell#splitGates}. */
    public LSTM(long inputSize, long hiddenSize, Options o, boolean splitGates) {
        super(inputSize, hiddenSize, check(o), false);
        train(false); // this module only, as PyTorch's `self.training = False`
        List<LSTMLayer> ls = new ArrayList<>();
        for (long i = 0; i < o.numLayers(); i++) {
            ls.add(new LSTMLayer(i == 0 ? inputSize : hiddenSize, hiddenSize, o.bias(), false, o.bidirectional(), splitGates));
        }
        layers = new ModuleList(ls);
    }

    /** A copy of {@code source}'s settings over {@code layers} (nothing drawn), for the quantized LSTM. */
    protected LSTM(LSTM source, ModuleList layers) {
        super(source.inputSize, source.hiddenSize, settings(source), false);
        train(source.isTraining());
        this.layers = layers;
    }

    private static Options settings(dev.torch4j.nn.LSTM m) {
        return options().numLayers(m.numLayers).bias(m.bias).batchFirst(m.batchFirst).dropout(m.dropout).bidirectional(m.bidirectional);
    }

    private static Options check(Options o) {
        if (o.projSize() != 0) throw new IllegalArgumentException("quantizable LSTM: proj_size is not supported");
        if (o.dropout() > 0 && o.dropout() <= 1) {
            Warnings.warnOnce("dev.torch4j.ao.nn.quantizable", "lstm.dropout", "dropout option for quantizable LSTM is ignored. "
                    + "If you are training, please, use nn.LSTM version followed by `prepare` step.");
        }
        return o;
    }

    /** {@code LSTM.from_float(other)}: an {@code nn.LSTM} that has a qconfig, re-expressed and prepared with it. */
    public static LSTM fromFloat(dev.torch4j.nn.LSTM other) { return fromFloat(other, null, false); }

    /**
     * {@code LSTM.from_float(other, qconfig)}: each layer over the float LSTM's weights (shared), with the float LSTM's
     * qconfig or else {@code qconfig}, then prepared in place: observed by {@code QuantizeStatic.prepare} in eval mode,
     * or, for a float LSTM in training mode, made QAT by {@code QuantizeStatic.prepareQat} (PyTorch 2.x; 1.13 always
     * prepared).
     */
    public static LSTM fromFloat(dev.torch4j.nn.LSTM other, QConfig qconfig) { return fromFloat(other, qconfig, false); }

    /** {@code LSTM.from_float(other, qconfig, split_gates)}: with {@link LSTMCell#splitGates} cells. */
    public static LSTM fromFloat(dev.torch4j.nn.LSTM other, QConfig qconfig, boolean splitGates) {
        if (!QuantizeStatic.hasQconfig(other) && qconfig == null) throw new IllegalArgumentException("The float module must have 'qconfig'");
        LSTM observed = new LSTM(other.inputSize, other.hiddenSize, settings(other).projSize(other.projSize), splitGates);
        QuantizeStatic.setQconfig(observed, QuantizeStatic.hasQconfig(other) ? QuantizeStatic.qconfig(other) : qconfig);
        for (int i = 0; i < other.numLayers; i++) observed.layers.set(i, LSTMLayer.fromFloat(other, i, qconfig, splitGates));
        if (other.isTraining()) return QuantizeStatic.prepareQat(observed.train(), true);
        return QuantizeStatic.prepare(observed.eval(), true);
    }

    /** Refused, as PyTorch does: a quantizable LSTM is made from an observed one by {@code quantized.LSTM.fromObserved}. */
    public static LSTM fromObserved(LSTM other) {
        throw new UnsupportedOperationException("It looks like you are trying to convert a non-quantizable LSTM module. Please, see "
                + "the examples on quantizable LSTMs.");
    }

    @Override
    protected Output run(Tensor input, Tensor hx, Tensor cx) {
        if ((hx == null) != (cx == null)) throw new IllegalArgumentException("LSTM: h_0 and c_0 must be given together (or neither)");
        Tensor x = batchFirst ? input.transpose(0, 1) : input;
        long batch = x.size(1), dirs = bidirectional ? 2 : 1;
        Tensor[] hs = new Tensor[(int) numLayers], cs = new Tensor[(int) numLayers];
        if (hx == null) {
            Tensor zeros = Torch.zeros(dirs, batch, hiddenSize).squeeze(0);
            if (x.isQuantized()) zeros = Torch.quantizePerTensor(zeros, 1.0, 0, x.dtype());
            java.util.Arrays.fill(hs, zeros);
            java.util.Arrays.fill(cs, zeros);
        } else {
            Tensor h = hx.reshape(numLayers, dirs, batch, hiddenSize), c = cx.reshape(numLayers, dirs, batch, hiddenSize);
            for (int i = 0; i < numLayers; i++) {
                hs[i] = h.select(0, i).squeeze(0);
                cs[i] = c.select(0, i).squeeze(0);
            }
        }
        List<Tensor> hN = new ArrayList<>(), cN = new ArrayList<>();
        for (int i = 0; i < numLayers; i++) {
            Output o = ((LSTMLayer) layers.get(i)).forwardWithState(x, hs[i], cs[i]);
            x = o.output();
            hN.add(o.hN());
            cN.add(o.cN());
        }
        Tensor h = Torch.stack(hN, 0), c = Torch.stack(cN, 0);
        h = h.reshape(-1, h.size(-2), h.size(-1));
        c = c.reshape(-1, c.size(-2), c.size(-1));
        return new Output(batchFirst ? x.transpose(0, 1) : x, h, c);
    }

    /** Packed sequences are not supported (nor are they by PyTorch's quantizable LSTM). */
    @Override
    protected PackedOutput run(PackedSequence input, Tensor hx, Tensor cx) {
        throw new UnsupportedOperationException(className() + " does not take packed sequences");
    }

    /** The layers hold the weights: there is no flat set to redraw. */
    @Override
    public void resetParameters() {
        throw new UnsupportedOperationException("'" + className() + "' object has no attribute 'reset_parameters'");
    }

    @Override
    public String extraRepr() { return ""; }

    @Override
    public String className() { return "QuantizableLSTM"; }
}
