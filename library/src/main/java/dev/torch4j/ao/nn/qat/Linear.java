package dev.torch4j.ao.nn.qat;

import dev.torch4j.Tensor;
import dev.torch4j.ao.quantization.QConfig;
import dev.torch4j.nn.Functional;

/**
 * {@code torch.ao.nn.qat.Linear} (printed {@code Linear}): a Linear whose weight passes through its
 * {@code weight_fake_quant} child (the qconfig's weight fake quantizer) on every forward.
 */
public class Linear extends dev.torch4j.nn.Linear {
    /** {@code Linear(in, out, bias, qconfig)}: a fresh {@code weight_fake_quant} from {@code qconfig.weight()}. */
    public Linear(long inFeatures, long outFeatures, boolean bias, QConfig qconfig) {
        super(inFeatures, outFeatures, bias);
        if (qconfig == null) throw new IllegalArgumentException("qconfig must be provided for QAT module");
        registerModule("weight_fake_quant", qconfig.weight().get());
    }

    /** {@code Linear.from_float(mod)}: shares the float Linear's weight and bias (as PyTorch assigns them). */
    public static Linear fromFloat(dev.torch4j.nn.Linear mod, QConfig qconfig) {
        return init(new Linear(mod.inFeatures, mod.outFeatures, mod.bias != null, qconfig), mod);
    }

    /** {@code q} given the float module's parameters. */
    protected static <L extends Linear> L init(L q, dev.torch4j.nn.Linear mod) {
        q.weight = mod.weight;
        q.bias = mod.bias;
        q.train(mod.isTraining());
        return q;
    }

    /** {@code weight_fake_quant(weight)}. */
    public Tensor fakeQuantWeight() { return getSubmodule("weight_fake_quant").call(weight); }

    @Override
    public Tensor forward(Tensor x) { return Functional.linear(x, fakeQuantWeight(), bias); }

    @Override
    public String className() { return "Linear"; }
}
