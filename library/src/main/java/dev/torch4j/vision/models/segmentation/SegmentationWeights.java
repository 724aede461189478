package dev.torch4j.vision.models.segmentation;

import dev.torch4j.vision.models.SemanticSegmentation;
import dev.torch4j.vision.models.Weights;
import dev.torch4j.vision.transforms.Transform;

import java.util.List;
import java.util.Map;

/**
 * The weights of torchvision's segmentation models ({@link FCNResNet50Weights}, {@link DeepLabV3ResNet50Weights},
 * {@link LRASPPMobileNetV3LargeWeights}, ...): trained on the subset of COCO with Pascal VOC's 20 categories (and the
 * background), prepared by the {@link SemanticSegmentation} preset (resize to 520, normalize).
 */
public interface SegmentationWeights extends Weights {
    /** {@code weights.meta["categories"]}: VOC's 21 names, {@code __background__} first. */
    @Override
    default List<String> categories() { return Voc.CATEGORIES; }

    /** {@code weights.meta["_metrics"]["COCO-val2017-VOC-labels"]}: {@code miou} and {@code pixel_acc}, in percent. */
    @Override
    Map<String, Double> metrics();

    /** {@code weights.transforms()}: torchvision's {@code SemanticSegmentation} preset for these weights. */
    @Override
    default Transform transforms() {
        Spec s = spec();
        return new SemanticSegmentation(s.resizeSize(), s.mean(), s.std(), s.interpolation());
    }

    /** The VOC class names, read once from the library's resources. */
    final class Voc {
        private Voc() {}

        static final List<String> CATEGORIES = Weights.readCategories(SegmentationWeights.class, "voc_categories.txt");
    }
}
