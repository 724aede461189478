package dev.torch4j.vision.models;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.AdaptiveAvgPool2d;
import dev.torch4j.nn.BatchNorm2d;
import dev.torch4j.nn.Conv2d;
import dev.torch4j.nn.Dropout;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Init;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.MaxPool2d;
import dev.torch4j.nn.Module;
import dev.torch4j.vision.models.GoogLeNet.BasicConv2d;

/**
 * {@code torchvision.models.Inception3} ({@link #inceptionV3()}): Inception v3 for 299x299 inputs (75x75 at least),
 * with an auxiliary classifier after {@code Mixed_6e} used in training. Module names
 * ({@code Mixed_6b.branch7x7_2.conv.weight}, {@code AuxLogits.fc.weight}, ...), repr and initialisation (truncated
 * normal, std 0.1, the auxiliary classifier's linear layer 0.001) are torchvision's, so after {@code manualSeed} the
 * weights equal torchvision's and its state dicts load.
 *
 * <p>Python's forward returns an {@code InceptionOutputs} tuple in training with the auxiliary classifier and the
 * logits otherwise; {@link #forward} (and {@code call}) always return the logits, {@link #forwardOutputs} both.
 */
public class Inception3 extends Module {
    /** The stem. */
    public final BasicConv2d Conv2d_1a_3x3, Conv2d_2a_3x3, Conv2d_2b_3x3;
    /** Stem pooling. */
    public final MaxPool2d maxpool1 = new MaxPool2d(3, 2);
    /** The stem. */
    public final BasicConv2d Conv2d_3b_1x1, Conv2d_4a_3x3;
    /** Stem pooling. */
    public final MaxPool2d maxpool2 = new MaxPool2d(3, 2);
    /** The 35x35 blocks. */
    public final InceptionA Mixed_5b, Mixed_5c, Mixed_5d;
    /** Reduction to 17x17. */
    public final InceptionB Mixed_6a;
    /** The 17x17 blocks. */
    public final InceptionC Mixed_6b, Mixed_6c, Mixed_6d, Mixed_6e;
    /** The auxiliary classifier (null without {@code aux_logits}). */
    public InceptionAux AuxLogits;
    /** Reduction to 8x8. */
    public final InceptionD Mixed_7a;
    /** The 8x8 blocks. */
    public final InceptionE Mixed_7b, Mixed_7c;
    /** The global average pool. */
    public final AdaptiveAvgPool2d avgpool = new AdaptiveAvgPool2d(1, 1);
    /** Dropout before the classifier. */
    public final Dropout dropout;
    /** The classifier; replace it to fine-tune for other classes. */
    public Linear fc;
    /** Whether training returns the auxiliary logits ({@code aux_logits}). */
    public boolean auxLogits;
    /** Whether the input is renormalised from ImageNet's statistics to [-1, 1] first ({@code transform_input}). */
    public boolean transformInput;

    /** {@code InceptionOutputs}: the logits and the auxiliary classifier's (null outside training or without it). */
    public record InceptionOutputs(Tensor logits, Tensor auxLogits) {}

    /** {@code inception_v3()}: 1000 classes with the auxiliary classifier. */
    public static Inception3 inceptionV3() { return new Inception3(1000, true, false, true, 0.5); }

    /** {@code inception_v3(num_classes=n)}. */
    public static Inception3 inceptionV3(long numClasses) { return new Inception3(numClasses, true, false, true, 0.5); }

    /**
     * {@code inception_v3(weights=weights)}: built with {@code transform_input} (the weights were ported from
     * TensorFlow, whose inputs are in [-1, 1]) and the auxiliary classifier, loaded from the hub cache (see
     * {@link Weights#getStateDict}); null: untrained, as {@link #inceptionV3()}.
     */
    public static Inception3 inceptionV3(InceptionV3Weights weights) {
        return weights == null ? inceptionV3() : Weights.load(new Inception3(weights.numClasses(), true, true, false, 0.5), weights, sd -> sd);
    }

    /**
     * {@code Inception3(num_classes, aux_logits, transform_input, init_weights=initWeights, dropout=dropout)}; without
     * {@code initWeights} the layers keep PyTorch's default initialisation.
     */
    public Inception3(long numClasses, boolean auxLogits, boolean transformInput, boolean initWeights, double dropout) {
        this.auxLogits = auxLogits;
        this.transformInput = transformInput;
        this.Conv2d_1a_3x3 = new BasicConv2d(3, 32, 3, 2, 0);
        this.Conv2d_2a_3x3 = new BasicConv2d(32, 32, 3, 1, 0);
        this.Conv2d_2b_3x3 = new BasicConv2d(32, 64, 3, 1, 1);
        this.Conv2d_3b_1x1 = new BasicConv2d(64, 80, 1, 1, 0);
        this.Conv2d_4a_3x3 = new BasicConv2d(80, 192, 3, 1, 0);
        this.Mixed_5b = new InceptionA(192, 32);
        this.Mixed_5c = new InceptionA(256, 64);
        this.Mixed_5d = new InceptionA(288, 64);
        this.Mixed_6a = new InceptionB(288);
        this.Mixed_6b = new InceptionC(768, 128);
        this.Mixed_6c = new InceptionC(768, 160);
        this.Mixed_6d = new InceptionC(768, 160);
        this.Mixed_6e = new InceptionC(768, 192);
        if (auxLogits) this.AuxLogits = new InceptionAux(768, numClasses);
        this.Mixed_7a = new InceptionD(768);
        this.Mixed_7b = new InceptionE(1280);
        this.Mixed_7c = new InceptionE(2048);
        this.dropout = new Dropout(dropout);
        this.fc = new Linear(2048, numClasses);
        if (initWeights) {
            for (Module m : modules()) {
                // torchvision's stddev attribute takes effect only on the auxiliary fc: the one set on a BasicConv2d
                // (AuxLogits.conv1) is not on the Conv2d its loop looks at
                if (m instanceof Conv2d c) Init.truncNormal_(c.weight, 0.0, 0.1, -2, 2);
                else if (m instanceof Linear l) Init.truncNormal_(l.weight, 0.0, AuxLogits != null && l == AuxLogits.fc ? 0.001 : 0.1, -2, 2);
                else if (m instanceof BatchNorm2d b) {
                    Init.constant_(b.weight, 1);
                    Init.constant_(b.bias, 0);
                }
            }
        }
    }

    /** The logits (see the class comment for the auxiliary output). */
    @Override
    public Tensor forward(Tensor x) { return forwardOutputs(x).logits(); }

    /** {@code forward} as torchvision's {@code _forward}: the logits, and in training the auxiliary classifier's too. */
    public InceptionOutputs forwardOutputs(Tensor x) {
        x = GoogLeNet.transformInput(x, transformInput);
        x = maxpool1.call(Conv2d_2b_3x3.call(Conv2d_2a_3x3.call(Conv2d_1a_3x3.call(x))));
        x = maxpool2.call(Conv2d_4a_3x3.call(Conv2d_3b_1x1.call(x)));
        x = Mixed_6a.call(Mixed_5d.call(Mixed_5c.call(Mixed_5b.call(x))));
        x = Mixed_6e.call(Mixed_6d.call(Mixed_6c.call(Mixed_6b.call(x))));
        Tensor aux = AuxLogits != null && isTraining() ? AuxLogits.call(x) : null;
        x = Mixed_7c.call(Mixed_7b.call(Mixed_7a.call(x)));
        x = fc.call(dropout.call(avgpool.call(x)).flatten(1));
        return new InceptionOutputs(x, aux);
    }

    private static BasicConv2d conv(long in, long out, long kh, long kw, long ph, long pw) {
        return new BasicConv2d(in, out, new long[] {kh, kw}, Conv2d.options().padding(ph, pw));
    }

    private static Tensor avgPool3(Tensor x) {
        return Functional.avgPool2d(x, new long[] {3}, new long[] {1}, new long[] {1}, false, true, null);
    }

    private static Tensor maxPool3s2(Tensor x) {
        return Functional.maxPool2d(x, new long[] {3}, new long[] {2}, new long[] {0}, new long[] {1}, false);
    }

    /** torchvision's {@code InceptionA}: 1x1, 5x5, double 3x3 and pooled 1x1 branches. */
    public static final class InceptionA extends Module {
        /** The branches' convolutions. */
        public final BasicConv2d branch1x1, branch5x5_1, branch5x5_2, branch3x3dbl_1, branch3x3dbl_2, branch3x3dbl_3, branch_pool;

        /** {@code InceptionA(in_channels, pool_features)}. */
        public InceptionA(long in, long poolFeatures) {
            branch1x1 = new BasicConv2d(in, 64, 1, 1, 0);
            branch5x5_1 = new BasicConv2d(in, 48, 1, 1, 0);
            branch5x5_2 = new BasicConv2d(48, 64, 5, 1, 2);
            branch3x3dbl_1 = new BasicConv2d(in, 64, 1, 1, 0);
            branch3x3dbl_2 = new BasicConv2d(64, 96, 3, 1, 1);
            branch3x3dbl_3 = new BasicConv2d(96, 96, 3, 1, 1);
            branch_pool = new BasicConv2d(in, poolFeatures, 1, 1, 0);
        }

        @Override
        public Tensor forward(Tensor x) {
            return Torch.cat(new Tensor[] {branch1x1.call(x), branch5x5_2.call(branch5x5_1.call(x)),
                    branch3x3dbl_3.call(branch3x3dbl_2.call(branch3x3dbl_1.call(x))), branch_pool.call(avgPool3(x))}, 1);
        }
    }

    /** torchvision's {@code InceptionB}: a strided 3x3, a strided double 3x3 and a max pool. */
    public static final class InceptionB extends Module {
        /** The branches' convolutions. */
        public final BasicConv2d branch3x3, branch3x3dbl_1, branch3x3dbl_2, branch3x3dbl_3;

        /** {@code InceptionB(in_channels)}. */
        public InceptionB(long in) {
            branch3x3 = new BasicConv2d(in, 384, 3, 2, 0);
            branch3x3dbl_1 = new BasicConv2d(in, 64, 1, 1, 0);
            branch3x3dbl_2 = new BasicConv2d(64, 96, 3, 1, 1);
            branch3x3dbl_3 = new BasicConv2d(96, 96, 3, 2, 0);
        }

        @Override
        public Tensor forward(Tensor x) {
            return Torch.cat(new Tensor[] {branch3x3.call(x), branch3x3dbl_3.call(branch3x3dbl_2.call(branch3x3dbl_1.call(x))),
                    maxPool3s2(x)}, 1);
        }
    }

    /** torchvision's {@code InceptionC}: 1x1, factorised 7x7, double factorised 7x7 and pooled 1x1 branches. */
    public static final class InceptionC extends Module {
        /** The branches' convolutions. */
        public final BasicConv2d branch1x1, branch7x7_1, branch7x7_2, branch7x7_3, branch7x7dbl_1, branch7x7dbl_2, branch7x7dbl_3,
                branch7x7dbl_4, branch7x7dbl_5, branch_pool;

        /** {@code InceptionC(in_channels, channels_7x7)}. */
        public InceptionC(long in, long c7) {
            branch1x1 = new BasicConv2d(in, 192, 1, 1, 0);
            branch7x7_1 = new BasicConv2d(in, c7, 1, 1, 0);
            branch7x7_2 = conv(c7, c7, 1, 7, 0, 3);
            branch7x7_3 = conv(c7, 192, 7, 1, 3, 0);
            branch7x7dbl_1 = new BasicConv2d(in, c7, 1, 1, 0);
            branch7x7dbl_2 = conv(c7, c7, 7, 1, 3, 0);
            branch7x7dbl_3 = conv(c7, c7, 1, 7, 0, 3);
            branch7x7dbl_4 = conv(c7, c7, 7, 1, 3, 0);
            branch7x7dbl_5 = conv(c7, 192, 1, 7, 0, 3);
            branch_pool = new BasicConv2d(in, 192, 1, 1, 0);
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor b7 = branch7x7_3.call(branch7x7_2.call(branch7x7_1.call(x)));
            Tensor d7 = branch7x7dbl_5.call(branch7x7dbl_4.call(branch7x7dbl_3.call(branch7x7dbl_2.call(branch7x7dbl_1.call(x)))));
            return Torch.cat(new Tensor[] {branch1x1.call(x), b7, d7, branch_pool.call(avgPool3(x))}, 1);
        }
    }

    /** torchvision's {@code InceptionD}: a strided 3x3, a factorised 7x7 then strided 3x3, and a max pool. */
    public static final class InceptionD extends Module {
        /** The branches' convolutions. */
        public final BasicConv2d branch3x3_1, branch3x3_2, branch7x7x3_1, branch7x7x3_2, branch7x7x3_3, branch7x7x3_4;

        /** {@code InceptionD(in_channels)}. */
        public InceptionD(long in) {
            branch3x3_1 = new BasicConv2d(in, 192, 1, 1, 0);
            branch3x3_2 = new BasicConv2d(192, 320, 3, 2, 0);
            branch7x7x3_1 = new BasicConv2d(in, 192, 1, 1, 0);
            branch7x7x3_2 = conv(192, 192, 1, 7, 0, 3);
            branch7x7x3_3 = conv(192, 192, 7, 1, 3, 0);
            branch7x7x3_4 = new BasicConv2d(192, 192, 3, 2, 0);
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor b3 = branch3x3_2.call(branch3x3_1.call(x));
            Tensor b7 = branch7x7x3_4.call(branch7x7x3_3.call(branch7x7x3_2.call(branch7x7x3_1.call(x))));
            return Torch.cat(new Tensor[] {b3, b7, maxPool3s2(x)}, 1);
        }
    }

    /** torchvision's {@code InceptionE}: 1x1, split 3x3, double split 3x3 and pooled 1x1 branches. */
    public static final class InceptionE extends Module {
        /** The branches' convolutions. */
        public final BasicConv2d branch1x1, branch3x3_1, branch3x3_2a, branch3x3_2b, branch3x3dbl_1, branch3x3dbl_2, branch3x3dbl_3a,
                branch3x3dbl_3b, branch_pool;

        /** {@code InceptionE(in_channels)}. */
        public InceptionE(long in) {
            branch1x1 = new BasicConv2d(in, 320, 1, 1, 0);
            branch3x3_1 = new BasicConv2d(in, 384, 1, 1, 0);
            branch3x3_2a = conv(384, 384, 1, 3, 0, 1);
            branch3x3_2b = conv(384, 384, 3, 1, 1, 0);
            branch3x3dbl_1 = new BasicConv2d(in, 448, 1, 1, 0);
            branch3x3dbl_2 = new BasicConv2d(448, 384, 3, 1, 1);
            branch3x3dbl_3a = conv(384, 384, 1, 3, 0, 1);
            branch3x3dbl_3b = conv(384, 384, 3, 1, 1, 0);
            branch_pool = new BasicConv2d(in, 192, 1, 1, 0);
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor b3 = branch3x3_1.call(x);
            b3 = Torch.cat(new Tensor[] {branch3x3_2a.call(b3), branch3x3_2b.call(b3)}, 1);
            Tensor d3 = branch3x3dbl_2.call(branch3x3dbl_1.call(x));
            d3 = Torch.cat(new Tensor[] {branch3x3dbl_3a.call(d3), branch3x3dbl_3b.call(d3)}, 1);
            return Torch.cat(new Tensor[] {branch1x1.call(x), b3, d3, branch_pool.call(avgPool3(x))}, 1);
        }
    }

    /** torchvision's Inception3 {@code InceptionAux}: 5x5 stride-3 average pool, 1x1 and 5x5 convolutions, linear. */
    public static final class InceptionAux extends Module {
        /** The convolutions. */
        public final BasicConv2d conv0, conv1;
        /** The classifier. */
        public final Linear fc;

        /** {@code InceptionAux(in_channels, num_classes)}. */
        public InceptionAux(long in, long numClasses) {
            conv0 = new BasicConv2d(in, 128, 1, 1, 0);
            conv1 = new BasicConv2d(128, 768, 5, 1, 0);
            fc = new Linear(768, numClasses);
        }

        @Override
        public Tensor forward(Tensor x) {
            x = Functional.avgPool2d(x, new long[] {5}, new long[] {3}, new long[] {0}, false, true, null);
            x = conv1.call(conv0.call(x));
            return fc.call(Functional.adaptiveAvgPool2d(x, 1, 1).flatten(1));
        }
    }
}
