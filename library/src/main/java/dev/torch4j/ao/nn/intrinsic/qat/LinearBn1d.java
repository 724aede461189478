package dev.torch4j.ao.nn.intrinsic.qat;

import dev.torch4j.Tensor;
import dev.torch4j.ao.quantization.QConfig;
import dev.torch4j.nn.BatchNorm1d;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Module;

/**
 * {@code torch.ao.nn.intrinsic.qat.LinearBn1d} (printed {@code LinearBn1d}): QAT's Linear and BatchNorm1d, as
 * {@link ConvBn2d} for a convolution: the weight scaled by {@code bn.weight / sqrt(running_var + eps)} is
 * fake-quantized, the product divided back, the bias added and the {@code bn} child applied; {@code convert} folds the
 * statistics in ({@code fuse_linear_bn_weights}) and gives a quantized Linear.
 */
public class LinearBn1d extends dev.torch4j.nn.Linear implements QatConvBn {
    /** {@code freeze_bn}: the BatchNorm's statistics no longer update. */
    public boolean freezeBn;

    /** {@code LinearBn1d(in_features, out_features, bias, eps, momentum, freeze_bn, qconfig)}. */
    public LinearBn1d(long inFeatures, long outFeatures, boolean bias, double eps, Double momentum, boolean freezeBn, QConfig qconfig) {
        super(inFeatures, outFeatures, bias);
        ConvBnSupport.setUp(this, new BatchNorm1d(outFeatures, eps, momentum, true, true), qconfig, freezeBn);
        this.freezeBn = freezeBn;
    }

    /** {@code LinearBn1d.from_float(mod)}: from a fused {@link dev.torch4j.ao.nn.intrinsic.LinearBn1d}, sharing its parameters and statistics. */
    public static LinearBn1d fromFloat(dev.torch4j.ao.nn.intrinsic.LinearBn1d mod, QConfig qconfig) {
        var l = (dev.torch4j.nn.Linear) mod.get(0);
        var b = (BatchNorm1d) mod.get(1);
        return ConvBnSupport.init(new LinearBn1d(l.inFeatures, l.outFeatures, l.bias != null, b.eps, b.momentum, false, qconfig), mod);
    }

    @Override
    public BatchNorm1d bn() { return (BatchNorm1d) getSubmodule("bn"); }

    @Override
    public void freezeBnStats() {
        freezeBn = true;
        bn().eval();
    }

    @Override
    public <M extends Module> M train(boolean mode) {
        super.train(mode);
        if (freezeBn) bn().eval(); // PyTorch's LinearBn1d.train leaves a frozen bn alone
        return (M) this;
    }

    @Override
    public Tensor forward(Tensor x) { return ConvBnSupport.forward(this, weight, bias, Functional::linear, x); }

    @Override
    public Tensor[] fusedWeightBias() { return ConvBnSupport.fusedWeightBias(weight, bias, bn()); }

    @Override
    public String className() { return "LinearBn1d"; }
}
