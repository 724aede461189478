package dev.torch4j.ao.nn.quantized;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.quantization.QuantizeStatic;
import dev.torch4j.nn.Module;

/**
 * {@code torch.ao.nn.quantized.Quantize(scale, zero_point, dtype)}: quantizes a float input per tensor; what
 * {@code convert} puts in place of a {@link dev.torch4j.ao.quantization.QuantStub}. Buffers {@code scale} ([1] float32)
 * and {@code zero_point} ([1] int64), as PyTorch's.
 */
public class Quantize extends Module {
    /** The quantized dtype of the output. */
    public final DType dtype;

    /** With the output's scale, zero point and dtype ({@link DType#QUINT8}, ...). */
    public Quantize(double scale, long zeroPoint, DType dtype) {
        if (!dtype.isQuantized()) throw new IllegalArgumentException("Quantize: dtype must be a quantized dtype, got " + dtype);
        this.dtype = dtype;
        registerBuffer("scale", Torch.tensor(new float[] {(float) scale}));
        registerBuffer("zero_point", Torch.tensor(new long[] {zeroPoint}));
    }

    /** {@code Quantize.from_float(mod)}: the scale and zero point of the stub's observer. */
    public static Quantize fromFloat(Module mod) {
        Tensor[] qp = QuantizeStatic.activationQparams(mod, "Quantize");
        return new Quantize(qp[0].item(), qp[1].itemLong(), QuantizeStatic.activationDtype(mod));
    }

    /** {@code quantize_per_tensor(x, float(scale), int(zero_point), dtype)}. */
    @Override
    public Tensor forward(Tensor x) { return Torch.quantizePerTensor(x, buffer("scale").item(), buffer("zero_point").itemLong(), dtype); }

    @Override
    public String extraRepr() { return "scale=" + buffer("scale") + ", zero_point=" + buffer("zero_point") + ", dtype=" + dtype; }
}
