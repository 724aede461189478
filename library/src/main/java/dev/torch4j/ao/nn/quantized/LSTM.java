package dev.torch4j.ao.nn.quantized;

import dev.torch4j.ao.quantization.QuantizeStatic;
import dev.torch4j.nn.ModuleList;

/**
 * {@code torch.ao.nn.quantized.LSTM} (printed {@code QuantizedLSTM}): a statically quantized LSTM, the
 * {@link dev.torch4j.ao.nn.quantizable.LSTM} it was calibrated as with its cells' Linear layers and FloatFunctionals
 * converted (quantized Linear, {@link QFunctional}); the same forward then runs on quint8 tensors: the input, the states
 * (zeros quantized with scale 1, or given quantized), every gate (QNNPACK's sigmoid and tanh tables) and the outputs
 * (quint8, with the parameters of the last cell's {@code ogate_cy} and {@code fgate_cx_igate_cgate}; layers and
 * directions joined by the quantized cat). {@code QuantizeStatic.convert} makes it ({@link #fromObserved}).
 */
public class LSTM extends dev.torch4j.ao.nn.quantizable.LSTM {
    /** {@code LSTM(input_size, hidden_size)}: float layers, as PyTorch's constructor (made by convert in practice). */
    public LSTM(long inputSize, long hiddenSize) { super(inputSize, hiddenSize); }

    /** {@code LSTM(input_size, hidden_size, **options)}. */
    public LSTM(long inputSize, long hiddenSize, Options o) { super(inputSize, hiddenSize, o); }

    private LSTM(dev.torch4j.ao.nn.quantizable.LSTM source, ModuleList layers) { super(source, layers); }

    /** Refused, as PyTorch does: a float LSTM becomes quantized through {@code prepare}, calibration and {@code convert}. */
    public static LSTM fromFloat(dev.torch4j.nn.LSTM other) {
        throw new UnsupportedOperationException("It looks like you are trying to convert a non-observed LSTM module. Please, see "
                + "the examples on quantizable LSTMs.");
    }

    /** Refused, as {@link #fromFloat(dev.torch4j.nn.LSTM)}. */
    public static LSTM fromFloat(dev.torch4j.nn.LSTM other, dev.torch4j.ao.quantization.QConfig qconfig) { return fromFloat(other); }

    /** Refused, as {@link #fromFloat(dev.torch4j.nn.LSTM)}. */
    public static LSTM fromFloat(dev.torch4j.nn.LSTM other, dev.torch4j.ao.quantization.QConfig qconfig, boolean splitGates) {
        return fromFloat(other);
    }

    /** {@code LSTM.from_observed(other)}: a calibrated quantizable LSTM, converted (a copy; its qconfigs dropped). */
    public static LSTM fromObserved(dev.torch4j.ao.nn.quantizable.LSTM other) {
        if (other.getClass() != dev.torch4j.ao.nn.quantizable.LSTM.class) {
            throw new IllegalArgumentException("from_observed: expected a QuantizableLSTM, got " + other.className());
        }
        return new LSTM(other, QuantizeStatic.convert(other).layers);
    }

    @Override
    public String className() { return "QuantizedLSTM"; }
}
