package dev.torch4j.vision.models.video;

import dev.torch4j.Tensor;
import dev.torch4j.nn.AvgPool3d;
import dev.torch4j.nn.BatchNorm3d;
import dev.torch4j.nn.Conv3d;
import dev.torch4j.nn.Dropout;
import dev.torch4j.nn.MaxPool3d;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Sequential;
import dev.torch4j.vision.models.Weights;
import dev.torch4j.vision.ops.Conv3dNormActivation;

import java.util.function.LongFunction;

import static dev.torch4j.Torch.cat;

/**
 * {@code torchvision.models.video.S3D} (separable 3-d CNN, "Rethinking Spatiotemporal Feature Learning"): an
 * Inception network whose convolutions are split into spatial (1xkxk) and temporal (kx1x1) ones. Takes clips
 * {@code (N, 3, T, H, W)} of at least 13 frames of 209x209 (its 2x7x7 average pool needs them; the weights use 224)
 * and gives {@code (N, num_classes)}: the classifier, a 1x1x1 convolution, runs on every pooled position and the
 * scores are averaged. Module names and initialisation (PyTorch's defaults) are torchvision's.
 */
public class S3D extends Module {
    /** The stem, the separable Inception blocks and their pools. */
    public final Sequential features;
    public final AvgPool3d avgpool = new AvgPool3d(new long[] {2, 7, 7}, new long[] {1}, new long[] {0}, false, true);
    /** Dropout and the 1x1x1 convolution to the classes. */
    public final Sequential classifier;

    /** {@code S3D(num_classes, dropout)} with batch norms of eps 1e-3 and momentum 1e-3. */
    public S3D(long numClasses, double dropout) { this(numClasses, dropout, c -> new BatchNorm3d(c, 0.001, 0.001, true, true)); }

    /** {@code S3D(num_classes, dropout, norm_layer)}: the norm layer built from the channel count. */
    public S3D(long numClasses, double dropout, LongFunction<Module> norm) {
        features = new Sequential(
                new TemporalSeparableConv(3, 64, 7, 2, 3, norm),
                maxPool(new long[] {1, 3, 3}, new long[] {1, 2, 2}, new long[] {0, 1, 1}),
                convNormAct(64, 64, norm),
                new TemporalSeparableConv(64, 192, 3, 1, 1, norm),
                maxPool(new long[] {1, 3, 3}, new long[] {1, 2, 2}, new long[] {0, 1, 1}),
                new SepInceptionBlock3D(192, 64, 96, 128, 16, 32, 32, norm),
                new SepInceptionBlock3D(256, 128, 128, 192, 32, 96, 64, norm),
                maxPool(new long[] {3, 3, 3}, new long[] {2, 2, 2}, new long[] {1, 1, 1}),
                new SepInceptionBlock3D(480, 192, 96, 208, 16, 48, 64, norm),
                new SepInceptionBlock3D(512, 160, 112, 224, 24, 64, 64, norm),
                new SepInceptionBlock3D(512, 128, 128, 256, 24, 64, 64, norm),
                new SepInceptionBlock3D(512, 112, 144, 288, 32, 64, 64, norm),
                new SepInceptionBlock3D(528, 256, 160, 320, 32, 128, 128, norm),
                maxPool(new long[] {2, 2, 2}, new long[] {2, 2, 2}, new long[] {0, 0, 0}),
                new SepInceptionBlock3D(832, 256, 160, 320, 32, 128, 128, norm),
                new SepInceptionBlock3D(832, 384, 192, 384, 48, 128, 128, norm));
        classifier = new Sequential(new Dropout(dropout), new Conv3d(1024, numClasses, new long[] {1}, Conv3d.options().stride(1)));
    }

    private static MaxPool3d maxPool(long[] kernel, long[] stride, long[] padding) {
        return new MaxPool3d(kernel, stride, padding, new long[] {1}, false);
    }

    private static Conv3dNormActivation convNormAct(long in, long out, LongFunction<Module> norm) {
        return new Conv3dNormActivation(in, out, Conv3dNormActivation.options().kernelSize(1).stride(1).normLayer(norm));
    }

    /** {@code s3d()}: 400 classes, dropout 0.2. */
    public static S3D s3d() { return s3d(null, 400); }

    /** {@code s3d(num_classes=n)}. */
    public static S3D s3d(long numClasses) { return s3d(null, numClasses); }

    /** {@code s3d(weights=weights)}: null builds it untrained. */
    public static S3D s3d(S3DWeights weights) { return s3d(weights, 400); }

    /** {@code s3d(weights=weights, num_classes=n)}: with weights, {@code n} must be theirs (or the default). */
    public static S3D s3d(S3DWeights weights, long numClasses) {
        if (weights != null) numClasses = VideoWeights.overwrite("num_classes", numClasses, 400, weights.numClasses());
        S3D model = new S3D(numClasses, 0.2);
        return weights == null ? model : Weights.load(model, weights, sd -> sd);
    }

    @Override
    public Tensor forward(Tensor x) {
        x = features.call(x);
        x = avgpool.call(x);
        x = classifier.call(x);
        return x.mean(new long[] {2, 3, 4}, false);
    }

    /** torchvision's {@code TemporalSeparableConv}: a 1xkxk convolution (spatial stride), then kx1x1 (temporal stride), each with norm and ReLU. */
    public static final class TemporalSeparableConv extends Sequential {
        /** {@code TemporalSeparableConv(in_planes, out_planes, kernel_size, stride, padding, norm_layer)}. */
        public TemporalSeparableConv(long in, long out, long kernel, long stride, long padding, LongFunction<Module> norm) {
            super(new Conv3dNormActivation(in, out, Conv3dNormActivation.options().kernelSize(1, kernel, kernel).stride(1, stride, stride)
                            .padding(0, padding, padding).bias(false).normLayer(norm)),
                    new Conv3dNormActivation(out, out, Conv3dNormActivation.options().kernelSize(kernel, 1, 1).stride(stride, 1, 1)
                            .padding(padding, 0, 0).bias(false).normLayer(norm)));
        }
    }

    /** torchvision's {@code SepInceptionBlock3D}: four branches (1x1x1; two separable 3x3x3 ones; a 3x3x3 max pool) concatenated. */
    public static final class SepInceptionBlock3D extends Module {
        public final Conv3dNormActivation branch0;
        public final Sequential branch1, branch2, branch3;

        /** {@code SepInceptionBlock3D(in_planes, b0_out, b1_mid, b1_out, b2_mid, b2_out, b3_out, norm_layer)}. */
        public SepInceptionBlock3D(long in, long b0Out, long b1Mid, long b1Out, long b2Mid, long b2Out, long b3Out, LongFunction<Module> norm) {
            branch0 = convNormAct(in, b0Out, norm);
            branch1 = new Sequential(convNormAct(in, b1Mid, norm), new TemporalSeparableConv(b1Mid, b1Out, 3, 1, 1, norm));
            branch2 = new Sequential(convNormAct(in, b2Mid, norm), new TemporalSeparableConv(b2Mid, b2Out, 3, 1, 1, norm));
            branch3 = new Sequential(new MaxPool3d(new long[] {3, 3, 3}, new long[] {1}, new long[] {1}, new long[] {1}, false),
                    convNormAct(in, b3Out, norm));
        }

        @Override
        public Tensor forward(Tensor x) {
            return cat(new Tensor[] {branch0.call(x), branch1.call(x), branch2.call(x), branch3.call(x)}, 1);
        }
    }
}
