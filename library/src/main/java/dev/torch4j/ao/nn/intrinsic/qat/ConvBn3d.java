package dev.torch4j.ao.nn.intrinsic.qat;

import dev.torch4j.Tensor;
import dev.torch4j.ao.nn.qat.QatConvs;
import dev.torch4j.ao.quantization.QConfig;
import dev.torch4j.nn.BatchNorm3d;
import dev.torch4j.nn.Module;

/**
 * {@code torch.ao.nn.intrinsic.qat.ConvBn3d} (printed {@code ConvBn3d}): QAT's conv and batch norm (PyTorch's
 * {@code _forward_approximate}): the weight scaled by {@code bn.weight / sqrt(running_var + eps)} is fake-quantized, the
 * convolution's output divided back, the conv bias added, and the BatchNorm3d child ({@code bn}) applied, updating its
 * statistics while training. {@code convert} folds the statistics into the weight and bias ({@link #fusedWeightBias})
 * and quantizes them with the trained {@code weight_fake_quant}.
 */
public class ConvBn3d extends dev.torch4j.nn.Conv3d implements QatConvBn {
    /** {@code freeze_bn}: the BatchNorm's statistics no longer update. */
    public boolean freezeBn;

    /** As the float Conv3d (its bias in {@code o}), with the BatchNorm's eps and momentum and the qconfig. */
    public ConvBn3d(long inChannels, long outChannels, long[] kernelSize, Options o, double eps, Double momentum, boolean freezeBn,
                    QConfig qconfig) {
        super(inChannels, outChannels, kernelSize, o);
        ConvBnSupport.setUp(this, new BatchNorm3d(outChannels, eps, momentum, true, true), qconfig, freezeBn);
        this.freezeBn = freezeBn;
    }

    /** {@code ConvBn3d.from_float(mod)}: from a fused {@link dev.torch4j.ao.nn.intrinsic.ConvBn3d}, sharing its parameters and statistics. */
    public static ConvBn3d fromFloat(dev.torch4j.ao.nn.intrinsic.ConvBn3d mod, QConfig qconfig) {
        var c = (dev.torch4j.nn.Conv3d) mod.get(0);
        var b = (BatchNorm3d) mod.get(1);
        return ConvBnSupport.init(new ConvBn3d(c.inChannels, c.outChannels, c.kernelSize, QatConvs.optionsOf(c), b.eps, b.momentum,
                false, qconfig), mod);
    }

    @Override
    public BatchNorm3d bn() { return (BatchNorm3d) getSubmodule("bn"); }

    @Override
    public void freezeBnStats() {
        freezeBn = true;
        bn().eval();
    }

    @Override
    public <M extends Module> M train(boolean mode) {
        super.train(mode);
        if (freezeBn) bn().eval(); // PyTorch's _ConvBnNd.train leaves a frozen bn alone
        return (M) this;
    }

    @Override
    public Tensor forward(Tensor x) { return ConvBnSupport.forward(this, weight, bias, (in, w, b) -> QatConvs.conv(this, in, w, b), x); }

    @Override
    public Tensor[] fusedWeightBias() { return ConvBnSupport.fusedWeightBias(weight, bias, bn()); }

    @Override
    public String className() { return "ConvBn3d"; }

    /** {@inheritDoc} PyTorch's _ConvBnNd: version 2 keeps the batch norm's entries under bn.. */
    @Override
    protected int stateDictVersion() { return 2; }
}
