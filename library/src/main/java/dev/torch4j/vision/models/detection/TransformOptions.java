package dev.torch4j.vision.models.detection;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The keyword arguments the detection models pass to their {@link GeneralizedRCNNTransform} ({@code min_size},
 * {@code max_size}, {@code image_mean}, {@code image_std}, {@code size_divisible}, {@code fixed_size}), shared by
 * {@link FasterRCNN.Options} and {@link RetinaNet.Options}; each setter returns a changed copy and remembers the
 * change, so that a factory's own defaults can go under the caller's settings ({@code {**defaults, **kwargs}}).
 *
 * @param <O> the options class itself
 */
public abstract class TransformOptions<O extends TransformOptions<O>> implements Cloneable {
    long[] minSize = {800};
    long maxSize = 1333;
    double[] imageMean, imageStd;
    long sizeDivisible = 32;
    long[] fixedSize;
    private List<Consumer<O>> changes = List.of();

    TransformOptions() {}

    /** A copy with {@code change} made, and remembered. */
    @SuppressWarnings("unchecked")
    final O with(Consumer<O> change) {
        try {
            O o = (O) clone();
            change.accept(o);
            List<Consumer<O>> cs = new ArrayList<>(changes);
            cs.add(change);
            ((TransformOptions<O>) o).changes = List.copyOf(cs);
            return o;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    /** These settings made over {@code defaults}: Python's {@code {**defaults, **kwargs}}. */
    final O over(O defaults) {
        O o = defaults;
        for (Consumer<O> c : changes) o = o.with(c);
        return o;
    }

    /** The transform these settings describe (ImageNet's mean and std unless set). */
    final GeneralizedRCNNTransform transform() {
        return new GeneralizedRCNNTransform(minSize, maxSize, imageMean == null ? FasterRCNN.IMAGE_MEAN : imageMean,
                imageStd == null ? FasterRCNN.IMAGE_STD : imageStd, sizeDivisible, fixedSize);
    }

    /** {@code min_size} (800): the shorter side after resizing; several sizes: training draws one, evaluation takes the last. */
    public O minSize(long... v) { return with(o -> o.minSize = v.clone()); }

    /** {@code max_size} (1333): the longest side allowed after resizing. */
    public O maxSize(long v) { return with(o -> o.maxSize = v); }

    /** {@code image_mean} (ImageNet's). */
    public O imageMean(double... v) { return with(o -> o.imageMean = v.clone()); }

    /** {@code image_std} (ImageNet's). */
    public O imageStd(double... v) { return with(o -> o.imageStd = v.clone()); }

    /** {@code size_divisible} (32), passed on to the transform. */
    public O sizeDivisible(long v) { return with(o -> o.sizeDivisible = v); }

    /** {@code fixed_size} (none): (width, height) every image is resized to, passed on to the transform. */
    public O fixedSize(long width, long height) { return with(o -> o.fixedSize = new long[] {width, height}); }
}
