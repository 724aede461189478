package dev.torch4j.vision.models.video;

import dev.torch4j.vision.models.Weights;
import dev.torch4j.vision.transforms.Transform;

import java.util.List;
import java.util.Map;

/**
 * torchvision's {@code WeightsEnum} for the video models: Kinetics-400 categories and accuracies, the
 * {@link VideoClassification} preset, and the fewest frames the model takes where torchvision says. The enums
 * ({@link R3D_18Weights}, {@link S3DWeights}, ...) are written from torchvision's tables by
 * scripts/codegen/vision_weights.py. {@link Weights.Spec#cropSize()} is the (square) crop; the resize is
 * {@link #resizeSize()}.
 */
public interface VideoWeights extends Weights {
    /** The preset's {@code resize_size}: (height, width), or one value for the shorter side. */
    long[] resizeSize();

    /** {@code weights.meta["min_temporal_size"]}: the fewest frames; 1 where torchvision gives none. */
    long minTemporalSize();

    /** {@code weights.meta["categories"]}: the 400 Kinetics class names. */
    @Override
    default List<String> categories() { return Kinetics.CATEGORIES; }

    /** {@code weights.meta["_metrics"]["Kinetics-400"]}: {@code acc@1} and {@code acc@5}, in percent. */
    @Override
    default Map<String, Double> metrics() { return Map.of("acc@1", spec().acc1(), "acc@5", spec().acc5()); }

    /** {@code weights.transforms()}: torchvision's {@link VideoClassification} preset for these weights. */
    @Override
    default Transform transforms() {
        Spec s = spec();
        return new VideoClassification(new long[] {s.cropSize(), s.cropSize()}, resizeSize(), s.mean(), s.std(), s.interpolation());
    }

    /** torchvision's {@code _ovewrite_named_param}: {@code given} must be the default or {@code wanted}. */
    static long overwrite(String name, long given, long byDefault, long wanted) {
        if (given != byDefault && given != wanted) {
            throw new IllegalArgumentException("The parameter '" + name + "' expected value " + wanted + " but got " + given + " instead.");
        }
        return wanted;
    }

    /** The Kinetics-400 class names, read once from the library's resources. */
    final class Kinetics {
        private Kinetics() {}

        static final List<String> CATEGORIES = Weights.readCategories(VideoWeights.class, "kinetics400_categories.txt");
    }
}
