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
import dev.torch4j.nn.Sequential;

/**
 * {@code torchvision.models.GoogLeNet} (Inception v1, {@link #googlenet()}): a stem and nine inception blocks, with
 * two auxiliary classifiers used in training. Module names ({@code inception4a.branch2.1.conv.weight},
 * {@code aux1.fc1.weight}, ...), repr and initialisation (truncated normal, std 0.01) are torchvision's, so after
 * {@code manualSeed} the weights equal torchvision's and its state dicts load.
 *
 * <p>Python's forward returns a {@code GoogLeNetOutputs} tuple in training with the auxiliary classifiers and the
 * logits otherwise; {@link #forward} (and {@code call}) always return the logits, and {@link #forwardOutputs} gives
 * all three, with {@code auxLogits1} from {@code aux1} as torchvision since 0.21 (0.14 swapped the two).
 */
public class GoogLeNet extends Module {
    /** The stem. */
    public final BasicConv2d conv1;
    /** Stem pooling. */
    public final MaxPool2d maxpool1 = pool(3);
    /** The stem. */
    public final BasicConv2d conv2, conv3;
    /** Stem pooling. */
    public final MaxPool2d maxpool2 = pool(3);
    /** The inception blocks at 28x28 (for a 224 input). */
    public final Inception inception3a, inception3b;
    /** Pooling. */
    public final MaxPool2d maxpool3 = pool(3);
    /** The inception blocks at 14x14. */
    public final Inception inception4a, inception4b, inception4c, inception4d, inception4e;
    /** Pooling. */
    public final MaxPool2d maxpool4 = pool(2);
    /** The inception blocks at 7x7. */
    public final Inception inception5a, inception5b;
    /** The auxiliary classifiers after inception4a and inception4d (null without {@code aux_logits}). */
    public InceptionAux aux1, aux2;
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

    /** {@code GoogLeNetOutputs}: the logits and the auxiliary classifiers' (null outside training or without them). */
    public record GoogLeNetOutputs(Tensor logits, Tensor auxLogits2, Tensor auxLogits1) {}

    private static MaxPool2d pool(long k) { return new MaxPool2d(new long[] {k}, new long[] {2}, new long[] {0}, new long[] {1}, false, true); }

    /** {@code googlenet()}: 1000 classes with the auxiliary classifiers (torchvision's defaults without weights). */
    public static GoogLeNet googlenet() { return new GoogLeNet(1000, true, false, true, 0.2, 0.7); }

    /** {@code googlenet(num_classes=n)}. */
    public static GoogLeNet googlenet(long numClasses) { return new GoogLeNet(numClasses, true, false, true, 0.2, 0.7); }

    /**
     * {@code googlenet(weights=weights)}: built with {@code transform_input} (the weights were ported from TensorFlow,
     * whose inputs are in [-1, 1]), loaded from the hub cache (see {@link Weights#getStateDict}), the auxiliary
     * classifiers then removed (they are not pretrained); null: untrained, as {@link #googlenet()}.
     */
    public static GoogLeNet googlenet(GoogLeNetWeights weights) {
        if (weights == null) return googlenet();
        GoogLeNet model = Weights.load(new GoogLeNet(weights.numClasses(), true, true, false, 0.2, 0.7), weights, sd -> sd);
        model.auxLogits = false;
        model.aux1 = null;
        model.aux2 = null;
        return model;
    }

    /**
     * {@code GoogLeNet(num_classes, aux_logits, transform_input, init_weights, dropout=dropout, dropout_aux=dropoutAux)};
     * without {@code initWeights} the layers keep PyTorch's default initialisation.
     */
    public GoogLeNet(long numClasses, boolean auxLogits, boolean transformInput, boolean initWeights, double dropout, double dropoutAux) {
        this.auxLogits = auxLogits;
        this.transformInput = transformInput;
        this.conv1 = new BasicConv2d(3, 64, 7, 2, 3);
        this.conv2 = new BasicConv2d(64, 64, 1, 1, 0);
        this.conv3 = new BasicConv2d(64, 192, 3, 1, 1);
        this.inception3a = new Inception(192, 64, 96, 128, 16, 32, 32);
        this.inception3b = new Inception(256, 128, 128, 192, 32, 96, 64);
        this.inception4a = new Inception(480, 192, 96, 208, 16, 48, 64);
        this.inception4b = new Inception(512, 160, 112, 224, 24, 64, 64);
        this.inception4c = new Inception(512, 128, 128, 256, 24, 64, 64);
        this.inception4d = new Inception(512, 112, 144, 288, 32, 64, 64);
        this.inception4e = new Inception(528, 256, 160, 320, 32, 128, 128);
        this.inception5a = new Inception(832, 256, 160, 320, 32, 128, 128);
        this.inception5b = new Inception(832, 384, 192, 384, 48, 128, 128);
        if (auxLogits) {
            this.aux1 = new InceptionAux(512, numClasses, dropoutAux);
            this.aux2 = new InceptionAux(528, numClasses, dropoutAux);
        }
        this.dropout = new Dropout(dropout);
        this.fc = new Linear(1024, numClasses);
        if (initWeights) {
            for (Module m : modules()) {
                if (m instanceof Conv2d c) Init.truncNormal_(c.weight, 0.0, 0.01, -2, 2);
                else if (m instanceof Linear l) Init.truncNormal_(l.weight, 0.0, 0.01, -2, 2);
                else if (m instanceof BatchNorm2d b) {
                    Init.constant_(b.weight, 1);
                    Init.constant_(b.bias, 0);
                }
            }
        }
    }

    /** {@code _transform_input}: each channel from ImageNet's normalisation to [-1, 1]'s, when {@code transform_input}. */
    static Tensor transformInput(Tensor x, boolean transform) {
        if (!transform) return x;
        double[] mean = {0.485, 0.456, 0.406}, std = {0.229, 0.224, 0.225};
        Tensor[] ch = new Tensor[3];
        for (int c = 0; c < 3; c++) ch[c] = x.select(1, c).unsqueeze(1).mul(std[c] / 0.5).add((mean[c] - 0.5) / 0.5);
        return Torch.cat(ch, 1);
    }

    /** The logits (see the class comment for the auxiliary outputs). */
    @Override
    public Tensor forward(Tensor x) { return forwardOutputs(x).logits(); }

    /** {@code forward} as torchvision's {@code _forward}: the logits, and in training the auxiliary classifiers' too. */
    public GoogLeNetOutputs forwardOutputs(Tensor x) {
        x = transformInput(x, transformInput);
        x = maxpool2.call(conv3.call(conv2.call(maxpool1.call(conv1.call(x)))));
        x = maxpool3.call(inception3b.call(inception3a.call(x)));
        x = inception4a.call(x);
        Tensor a1 = aux1 != null && isTraining() ? aux1.call(x) : null;
        x = inception4d.call(inception4c.call(inception4b.call(x)));
        Tensor a2 = aux2 != null && isTraining() ? aux2.call(x) : null;
        x = inception5b.call(inception5a.call(maxpool4.call(inception4e.call(x))));
        x = fc.call(dropout.call(avgpool.call(x).flatten(1)));
        return new GoogLeNetOutputs(x, a2, a1);
    }

    /** torchvision's {@code BasicConv2d}: convolution without bias, batch norm (eps 0.001), ReLU. */
    public static final class BasicConv2d extends Module {
        /** The convolution. */
        public final Conv2d conv;
        /** The batch norm. */
        public final BatchNorm2d bn;

        /** {@code BasicConv2d(in_channels, out_channels, kernel_size=kernel, **options)}: {@code options}' bias is ignored. */
        public BasicConv2d(long in, long out, long[] kernel, Conv2d.Options options) {
            this.conv = new Conv2d(in, out, kernel, options.bias(false));
            this.bn = new BatchNorm2d(out, 0.001, 0.1, true, true);
        }

        /** {@code BasicConv2d(in_channels, out_channels, kernel_size, stride=stride, padding=padding)}. */
        public BasicConv2d(long in, long out, long kernel, long stride, long padding) {
            this(in, out, new long[] {kernel}, Conv2d.options().stride(stride).padding(padding));
        }

        @Override
        public Tensor forward(Tensor x) { return Functional.relu_(bn.call(conv.call(x))); }
    }

    /** torchvision's GoogLeNet {@code Inception}: 1x1, 1x1 then 3x3, 1x1 then 3x3 (torchvision's 5x5 is 3x3), pool then 1x1. */
    public static final class Inception extends Module {
        /** The 1x1 branch. */
        public final BasicConv2d branch1;
        /** The reduced 3x3 branches and the pooling branch. */
        public final Sequential branch2, branch3, branch4;

        /** {@code Inception(in_channels, ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5, pool_proj)}. */
        public Inception(long in, long ch1x1, long ch3x3red, long ch3x3, long ch5x5red, long ch5x5, long poolProj) {
            this.branch1 = new BasicConv2d(in, ch1x1, 1, 1, 0);
            this.branch2 = new Sequential(new BasicConv2d(in, ch3x3red, 1, 1, 0), new BasicConv2d(ch3x3red, ch3x3, 3, 1, 1));
            // kernel 3 where the paper has 5: torchvision's known bug (pytorch/vision#906), kept for its weights
            this.branch3 = new Sequential(new BasicConv2d(in, ch5x5red, 1, 1, 0), new BasicConv2d(ch5x5red, ch5x5, 3, 1, 1));
            this.branch4 = new Sequential(new MaxPool2d(new long[] {3}, new long[] {1}, new long[] {1}, new long[] {1}, false, true),
                    new BasicConv2d(in, poolProj, 1, 1, 0));
        }

        @Override
        public Tensor forward(Tensor x) {
            return Torch.cat(new Tensor[] {branch1.call(x), branch2.call(x), branch3.call(x), branch4.call(x)}, 1);
        }
    }

    /** torchvision's GoogLeNet {@code InceptionAux}: 4x4 average pool, 1x1 convolution, two linear layers with dropout. */
    public static final class InceptionAux extends Module {
        /** The 1x1 convolution to 128 channels. */
        public final BasicConv2d conv;
        /** The hidden and output layers. */
        public final Linear fc1, fc2;
        /** Dropout between them. */
        public final Dropout dropout;

        /** {@code InceptionAux(in_channels, num_classes, dropout=dropout)}. */
        public InceptionAux(long in, long numClasses, double dropout) {
            this.conv = new BasicConv2d(in, 128, 1, 1, 0);
            this.fc1 = new Linear(2048, 1024);
            this.fc2 = new Linear(1024, numClasses);
            this.dropout = new Dropout(dropout);
        }

        @Override
        public Tensor forward(Tensor x) {
            x = conv.call(Functional.adaptiveAvgPool2d(x, 4, 4)).flatten(1);
            return fc2.call(dropout.call(Functional.relu_(fc1.call(x))));
        }
    }
}
