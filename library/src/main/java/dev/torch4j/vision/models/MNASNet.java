package dev.torch4j.vision.models;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Py;
import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Dropout;
import dev.torch4j.nn.Init;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.ReLU;
import dev.torch4j.nn.Sequential;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code torchvision.models.MNASNet} (the B1 variant: {@link #mnasnet0_5()}, {@link #mnasnet0_75()},
 * {@link #mnasnet1_0()}, {@link #mnasnet1_3()}): a separable stem and six stacks of inverted residuals, widths
 * scaled by {@code alpha}. Module names ({@code layers.8.0.layers.3.weight}, ...), repr and initialisation are
 * torchvision's, so after {@code manualSeed} the weights equal torchvision's and its state dicts load.
 *
 * <p>State dicts saved by torchvision before 0.6 (its {@code _version} 1) kept a stem of 32 and 16 channels whatever
 * the {@code alpha}; torchvision swaps that stem in when the checkpoint says version 1. torch4j's loader drops the
 * checkpoint's {@code _metadata}, so the old stem is recognised by its shapes (layer 6 a {@code [16, 32, 1, 1]}
 * convolution where this model's is not) and swapped in the same way, with torchvision's warning.
 */
public class MNASNet extends Module {
    /** The stem, the stacks and the last 1x1 convolution. */
    public final Sequential layers;
    /** Dropout, linear; replace it to fine-tune for other classes. */
    public Sequential classifier;
    /** The width multiplier. */
    public final double alpha;
    /** The number of classes. */
    public final long numClasses;
    private int version = 2;

    /** {@code 1 - 0.9997}: the batch norms' momentum (TensorFlow's decay 0.9997). */
    private static final double BN_MOMENTUM = 1 - 0.9997;

    /** {@code mnasnet0_5()}: alpha 0.5, 1000 classes. */
    public static MNASNet mnasnet0_5() { return new MNASNet(0.5, 1000, 0.2); }

    /** {@code mnasnet0_5(num_classes=n)}. */
    public static MNASNet mnasnet0_5(long numClasses) { return new MNASNet(0.5, numClasses, 0.2); }

    /** {@code mnasnet0_5(weights=weights)}: loaded from the hub cache (see {@link Weights#getStateDict}); null: untrained. */
    public static MNASNet mnasnet0_5(MNASNet0_5Weights weights) { return build(0.5, weights); }

    /** {@code mnasnet0_75()}: alpha 0.75. */
    public static MNASNet mnasnet0_75() { return new MNASNet(0.75, 1000, 0.2); }

    /** {@code mnasnet0_75(num_classes=n)}. */
    public static MNASNet mnasnet0_75(long numClasses) { return new MNASNet(0.75, numClasses, 0.2); }

    /** {@code mnasnet0_75(weights=weights)}; null: untrained. */
    public static MNASNet mnasnet0_75(MNASNet0_75Weights weights) { return build(0.75, weights); }

    /** {@code mnasnet1_0()}: alpha 1.0. */
    public static MNASNet mnasnet1_0() { return new MNASNet(1.0, 1000, 0.2); }

    /** {@code mnasnet1_0(num_classes=n)}. */
    public static MNASNet mnasnet1_0(long numClasses) { return new MNASNet(1.0, numClasses, 0.2); }

    /** {@code mnasnet1_0(weights=weights)}; null: untrained. */
    public static MNASNet mnasnet1_0(MNASNet1_0Weights weights) { return build(1.0, weights); }

    /** {@code mnasnet1_3()}: alpha 1.3. */
    public static MNASNet mnasnet1_3() { return new MNASNet(1.3, 1000, 0.2); }

    /** {@code mnasnet1_3(num_classes=n)}. */
    public static MNASNet mnasnet1_3(long numClasses) { return new MNASNet(1.3, numClasses, 0.2); }

    /** {@code mnasnet1_3(weights=weights)}; null: untrained. */
    public static MNASNet mnasnet1_3(MNASNet1_3Weights weights) { return build(1.3, weights); }

    private static MNASNet build(double alpha, Weights weights) {
        return weights == null ? new MNASNet(alpha, 1000, 0.2) : Weights.load(new MNASNet(alpha, weights.numClasses(), 0.2), weights, sd -> sd);
    }

    /** {@code MNASNet(alpha, num_classes, dropout)}. */
    public MNASNet(double alpha, long numClasses, double dropout) {
        if (alpha <= 0.0) throw new IllegalArgumentException("alpha should be greater than 0.0 instead of " + Py.repr(alpha));
        this.alpha = alpha;
        this.numClasses = numClasses;
        long[] d = depths(alpha);
        List<Module> l = new ArrayList<>(Arrays.asList(stem(d[0], d[1], d[2])));
        l.add(stack(d[2], d[3], 5, 2, 3, 3));
        l.add(stack(d[3], d[4], 5, 2, 6, 3));
        l.add(stack(d[4], d[5], 3, 1, 6, 2));
        l.add(stack(d[5], d[6], 5, 2, 6, 4));
        l.add(stack(d[6], d[7], 3, 1, 6, 1));
        l.add(new Conv2d(d[7], 1280, 1, Conv2d.options().bias(false)));
        l.add(bn(1280));
        l.add(new ReLU(true));
        this.layers = new Sequential(l.toArray(Module[]::new));
        this.classifier = new Sequential(new Dropout(dropout, true), new Linear(1280, numClasses));
        for (Module m : modules()) {
            if (m instanceof Conv2d c) {
                Init.kaimingNormal_(c.weight, 0, "fan_out", "relu", null);
                if (c.bias != null) Init.zeros_(c.bias);
            } else if (m instanceof BatchNorm2d b) {
                Init.ones_(b.weight);
                Init.zeros_(b.bias);
            } else if (m instanceof Linear lin) {
                Init.kaimingUniform_(lin.weight, 0, "fan_out", "sigmoid", null);
                Init.zeros_(lin.bias);
            }
        }
    }

    /** The first nine layers: 3x3 convolution, depthwise 3x3, 1x1 to {@code d1}, and the first stack (to {@code d2}). */
    private static Module[] stem(long d0, long d1, long d2) {
        return new Module[] {
            new Conv2d(3, d0, 3, Conv2d.options().padding(1).stride(2).bias(false)), bn(d0), new ReLU(true),
            new Conv2d(d0, d0, 3, Conv2d.options().padding(1).stride(1).groups(d0).bias(false)), bn(d0), new ReLU(true),
            new Conv2d(d0, d1, 1, Conv2d.options().bias(false)), bn(d1),
            stack(d1, d2, 3, 2, 3, 3)};
    }

    private static BatchNorm2d bn(long c) { return new BatchNorm2d(c, 1e-5, BN_MOMENTUM, true, true); }

    /** {@code _get_depths(alpha)}: the eight widths, scaled and rounded to multiples of 8 (preferring up). */
    static long[] depths(double alpha) {
        long[] base = {32, 16, 24, 40, 80, 96, 192, 320};
        long[] out = new long[base.length];
        for (int i = 0; i < base.length; i++) out[i] = roundToMultipleOf(base[i] * alpha, 8);
        return out;
    }

    /** {@code _round_to_multiple_of(val, divisor, 0.9)}: rounds up unless that is more than 10% above the value rounded down. */
    private static long roundToMultipleOf(double val, long divisor) {
        long n = Math.max(divisor, (long) (val + divisor / 2.0) / divisor * divisor);
        return n >= 0.9 * val ? n : n + divisor;
    }

    /** {@code _stack}: {@code repeats} inverted residuals, the first from {@code in} with {@code stride}. */
    static Sequential stack(long in, long out, long kernel, long stride, long expansion, int repeats) {
        if (repeats < 1) throw new IllegalArgumentException("repeats should be >= 1, instead got " + repeats);
        Sequential s = new Sequential(new InvertedResidual(in, out, kernel, stride, expansion, BN_MOMENTUM));
        for (int i = 1; i < repeats; i++) s.append(new InvertedResidual(out, out, kernel, 1, expansion, BN_MOMENTUM));
        return s;
    }

    @Override
    public Tensor forward(Tensor x) { return classifier.call(layers.call(x).mean(new long[] {2, 3}, false)); }

    /** torchvision's {@code _version}: 2, or 1 after a version-1 state dict swapped the old stem in. */
    public int version() { return version; }

    @Override
    protected void beforeLoadStateDict(Map<String, Tensor> stateDict, String prefix) {
        Tensor old = stateDict.get(prefix + "layers.6.weight");
        long[] mine = ((Conv2d) layers.get(6)).weight.shapeArray();
        boolean v1 = old != null && Arrays.equals(old.shapeArray(), new long[] {16, 32, 1, 1}) && !Arrays.equals(mine, old.shapeArray());
        if (!v1 || alpha == 1.0) return;
        Module[] stem = stem(32, 16, depths(alpha)[2]);
        for (int i = 0; i < stem.length; i++) layers.registerModule(Integer.toString(i), stem[i]);
        version = 1;
        dev.torch4j.core.Warnings.warnOnce("dev.torch4j.vision.models", "mnasnet-v1",
                "A new version of MNASNet model has been implemented. Your checkpoint was saved using the previous version. "
                        + "This checkpoint will load and work as before, but you may want to upgrade by training a newer model or "
                        + "transfer learning from an updated ImageNet checkpoint.");
    }

    /** torchvision's MNASNet {@code _InvertedResidual}: 1x1 expand, depthwise, 1x1 project, plus the input when the shape is kept. */
    public static final class InvertedResidual extends Module {
        /** The block's layers. */
        public final Sequential layers;
        private final boolean applyResidual;

        /** {@code _InvertedResidual(in_ch, out_ch, kernel_size, stride, expansion_factor, bn_momentum)}. */
        public InvertedResidual(long in, long out, long kernel, long stride, long expansion, double bnMomentum) {
            if (stride != 1 && stride != 2) throw new IllegalArgumentException("stride should be 1 or 2 instead of " + stride);
            if (kernel != 3 && kernel != 5) throw new IllegalArgumentException("kernel_size should be 3 or 5 instead of " + kernel);
            long mid = in * expansion;
            this.applyResidual = in == out && stride == 1;
            this.layers = new Sequential(new Conv2d(in, mid, 1, Conv2d.options().bias(false)),
                    new BatchNorm2d(mid, 1e-5, bnMomentum, true, true), new ReLU(true),
                    new Conv2d(mid, mid, kernel, Conv2d.options().padding(kernel / 2).stride(stride).groups(mid).bias(false)),
                    new BatchNorm2d(mid, 1e-5, bnMomentum, true, true), new ReLU(true),
                    new Conv2d(mid, out, 1, Conv2d.options().bias(false)), new BatchNorm2d(out, 1e-5, bnMomentum, true, true));
        }

        @Override
        public String className() { return "_InvertedResidual"; }

        @Override
        public Tensor forward(Tensor input) { return applyResidual ? layers.call(input).add(input) : layers.call(input); }
    }

    /** {@inheritDoc} torchvision's: version 2 scales the stem with alpha (a version-1 state dict has the fixed stem); torchvision refuses a state dict without a version. */
    @Override
    protected int stateDictVersion() { return 2; }
}
