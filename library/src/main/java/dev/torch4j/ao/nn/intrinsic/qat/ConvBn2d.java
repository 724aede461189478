package dev.torch4j.ao.nn.intrinsic.qat;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.quantization.QConfig;
import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Module;

/**
 * {@code torch.ao.nn.intrinsic.qat.ConvBn2d} (printed {@code ConvBn2d}): QAT's conv and batch norm (PyTorch's
 * {@code _forward_approximate}): the weight scaled by {@code bn.weight / sqrt(running_var + eps)} is fake-quantized, the
 * convolution's output divided back, the conv bias added, and the BatchNorm2d child ({@code bn}) applied, updating its
 * statistics while training. {@code convert} folds the statistics into the weight and bias ({@link #fusedWeightBias})
 * and quantizes them with the trained {@code weight_fake_quant}.
 */
public class ConvBn2d extends dev.torch4j.nn.Conv2d {
    /** {@code freeze_bn}: the BatchNorm's statistics no longer update. */
    public boolean freezeBn;

    /** As the float Conv2d (its bias in {@code o}), with the BatchNorm's eps and momentum and the qconfig. */
    public ConvBn2d(long inChannels, long outChannels, long[] kernelSize, Options o, double eps, Double momentum, boolean freezeBn,
                    QConfig qconfig) {
        super(inChannels, outChannels, kernelSize, o);
        if (qconfig == null) throw new IllegalArgumentException("qconfig must be provided for QAT module");
        registerModule("bn", new BatchNorm2d(outChannels, eps, momentum, true, true));
        registerModule("weight_fake_quant", qconfig.weight().get());
        this.freezeBn = freezeBn;
        if (freezeBn) bn().eval();
    }

    /** {@code ConvBn2d.from_float(mod)}: from a fused {@link dev.torch4j.ao.nn.intrinsic.ConvBn2d}, sharing its parameters and statistics. */
    public static ConvBn2d fromFloat(dev.torch4j.ao.nn.intrinsic.ConvBn2d mod, QConfig qconfig) {
        var c = conv(mod);
        return init(new ConvBn2d(c.inChannels, c.outChannels, c.kernelSize, dev.torch4j.ao.nn.qat.Conv2d.optionsOf(c), bnOf(mod).eps,
                bnOf(mod).momentum, false, qconfig), mod);
    }

    static dev.torch4j.nn.Conv2d conv(Module fused) { return (dev.torch4j.nn.Conv2d) ((dev.torch4j.ao.nn.intrinsic.FusedModule) fused).get(0); }

    static BatchNorm2d bnOf(Module fused) { return (BatchNorm2d) ((dev.torch4j.ao.nn.intrinsic.FusedModule) fused).get(1); }

    /** {@code q} given the fused module's conv parameters and BatchNorm parameters and statistics. */
    static <C extends ConvBn2d> C init(C q, Module fused) {
        dev.torch4j.nn.Conv2d c = conv(fused);
        BatchNorm2d b = bnOf(fused), qb = q.bn();
        q.weight = c.weight;
        q.bias = c.bias;
        qb.weight = b.weight;
        qb.bias = b.bias;
        qb.registerBuffer("running_mean", b.runningMean());
        qb.registerBuffer("running_var", b.runningVar());
        qb.registerBuffer("num_batches_tracked", b.numBatchesTracked());
        q.train(fused.isTraining());
        return q;
    }

    /** The {@code bn} child. */
    public BatchNorm2d bn() { return (BatchNorm2d) getSubmodule("bn"); }

    /** {@code freeze_bn_stats()}: the BatchNorm keeps its statistics (eval mode) from now on. */
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
    public Tensor forward(Tensor x) {
        BatchNorm2d bn = bn();
        Tensor scaleFactor = bn.weight.div(bn.runningVar().add(bn.eps).sqrt());
        Tensor w = getSubmodule("weight_fake_quant").call(weight.mul(scaleFactor.reshape(-1, 1, 1, 1)));
        Tensor zero = Torch.zeros(outChannels).to(x.dtype());
        Tensor conv = paddingString != null ? Functional.conv2d(x, w, zero, stride, paddingString, dilation, groups)
                : Functional.conv2d(x, w, zero, stride, padding, dilation, groups);
        Tensor orig = conv.div(scaleFactor.reshape(1, -1, 1, 1));
        if (bias != null) orig = orig.add(bias.reshape(1, -1, 1, 1));
        return bn.call(orig);
    }

    /**
     * {@code fuse_conv_bn_weights}: {@code w * (bn_w / sqrt(rv + eps))} and {@code ((b - rm) / sqrt(rv + eps)) * bn_w + bn_b},
     * in float32 step by step as PyTorch's tensor ops round them ({@code rsqrt} as {@code 1 / sqrt}).
     */
    public Tensor[] fusedWeightBias() {
        BatchNorm2d bn = bn();
        float[] rm = f32(bn.runningMean()), rv = f32(bn.runningVar()), bw = f32(bn.weight), bb = f32(bn.bias);
        float[] cb = bias == null ? new float[rm.length] : f32(bias), w = f32(weight);
        int c = rm.length, per = w.length / c;
        float eps = (float) bn.eps;
        float[] fw = new float[w.length], fb = new float[c];
        for (int o = 0; o < c; o++) {
            float rsqrt = 1f / (float) Math.sqrt(rv[o] + eps), k = bw[o] * rsqrt;
            for (int i = 0; i < per; i++) fw[o * per + i] = w[o * per + i] * k;
            fb[o] = (cb[o] - rm[o]) * rsqrt * bw[o] + bb[o];
        }
        return new Tensor[] {Torch.tensor(fw).reshape(weight.shapeArray()), Torch.tensor(fb)};
    }

    private static float[] f32(Tensor t) { return t.detach().to(DType.FLOAT32).contiguous().toFloatArray(); }

    @Override
    public String className() { return "ConvBn2d"; }

    /** {@inheritDoc} PyTorch's _ConvBnNd: version 2 keeps the batch norm's entries under bn.. */
    @Override
    protected int stateDictVersion() { return 2; }
}
