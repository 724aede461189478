package dev.torch4j.ao.nn.intrinsic.qat;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ao.nn.intrinsic.FusedModule;
import dev.torch4j.ao.nn.qat.QatConvs;
import dev.torch4j.ao.quantization.QConfig;
import dev.torch4j.nn.BatchNorm1d;
import dev.torch4j.nn.ConvNd;
import dev.torch4j.nn.Module;

/** What the QAT conv+bn modules of every rank (and LinearBn1d) share: PyTorch's {@code _ConvBnNd} and {@code LinearBn1d}. */
final class ConvBnSupport {
    private ConvBnSupport() {}

    /** The {@code bn} child and the {@code weight_fake_quant} of a new module, PyTorch's checks first. */
    static void setUp(Module m, BatchNorm1d bn, QConfig qconfig, boolean freezeBn) {
        if (qconfig == null) throw new IllegalArgumentException("qconfig must be provided for QAT module");
        m.registerModule("bn", bn);
        m.registerModule("weight_fake_quant", qconfig.weight().get());
        if (freezeBn) bn.eval();
    }

    /** {@code q} given the fused module's layer parameters and BatchNorm parameters and statistics (shared). */
    static <Q extends Module & QatConvBn> Q init(Q q, FusedModule fused) {
        Module layer = fused.get(0);
        BatchNorm1d b = (BatchNorm1d) fused.get(1), qb = q.bn();
        if (layer instanceof ConvNd c) QatConvs.init((ConvNd) q, c);
        else {
            var l = (dev.torch4j.nn.Linear) layer;
            ((dev.torch4j.nn.Linear) q).weight = l.weight;
            ((dev.torch4j.nn.Linear) q).bias = l.bias;
        }
        qb.weight = b.weight;
        qb.bias = b.bias;
        qb.registerBuffer("running_mean", b.runningMean());
        qb.registerBuffer("running_var", b.runningVar());
        qb.registerBuffer("num_batches_tracked", b.numBatchesTracked());
        q.train(fused.isTraining());
        return q;
    }

    /** {@code bn.weight / sqrt(running_var + eps)}. */
    private static Tensor scaleFactor(BatchNorm1d bn) { return bn.weight.div(bn.runningVar().add(bn.eps).sqrt()); }

    /** {@code [-1, 1, ...]} (weight) or {@code [1, -1, 1, ...]} (output) of rank {@code n}. */
    private static long[] along(int n, int dim) {
        long[] s = new long[n];
        java.util.Arrays.fill(s, 1);
        s[dim] = -1;
        return s;
    }

    /** The module's own layer (a convolution or a linear map) with a given weight and bias. */
    @FunctionalInterface
    interface Layer {
        Tensor apply(Tensor x, Tensor weight, Tensor bias);
    }

    /**
     * PyTorch's {@code _forward_approximate}: the weight scaled by the factor is fake-quantized, the layer's output
     * (zero bias) divided back, the layer's bias added, and the batch norm applied (updating its statistics while
     * training).
     */
    static Tensor forward(Module m, Tensor weight, Tensor bias, Layer layer, Tensor x) {
        BatchNorm1d bn = (BatchNorm1d) m.getSubmodule("bn");
        Tensor sf = scaleFactor(bn);
        Tensor w = m.getSubmodule("weight_fake_quant").call(weight.mul(sf.reshape(along(weight.dim(), 0))));
        Tensor out = layer.apply(x, w, Torch.zeros(sf.size(0)).to(x.dtype()));
        long[] perChannel = along(out.dim(), 1);
        Tensor orig = out.div(sf.reshape(perChannel));
        if (bias != null) orig = orig.add(bias.reshape(perChannel));
        return bn.call(orig);
    }

    /**
     * {@code fuse_conv_bn_weights} / {@code fuse_linear_bn_weights}: {@code w * (bn_w / sqrt(rv + eps))} and
     * {@code ((b - rm) / sqrt(rv + eps)) * bn_w + bn_b}, in float32 step by step as PyTorch's tensor ops round them
     * ({@code rsqrt} as {@code 1 / sqrt}).
     */
    static Tensor[] fusedWeightBias(Tensor weight, Tensor bias, BatchNorm1d bn) {
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
}
