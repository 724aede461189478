package dev.torch4j.vision.models;

import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.hub.Hub;
import dev.torch4j.nn.Module;
import dev.torch4j.vision.transforms.InterpolationMode;
import dev.torch4j.vision.transforms.Transform;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * torchvision's {@code WeightsEnum}: a set of pretrained weights for one model, with where to fetch them, what they
 * expect and how to prepare an image for them. The enums ({@link ResNet18Weights}, {@link ViTB16Weights}, ...)
 * are written from torchvision's tables by scripts/codegen/vision_weights.py.
 *
 * <pre>{@code
 * ResNet model = ResNet.resnet50(ResNet50Weights.DEFAULT);   // downloads once into ~/.cache/torch/hub/checkpoints
 * model.eval();
 * Tensor batch = ResNet50Weights.DEFAULT.transforms().apply(image).unsqueeze(0);
 * int label = (int) model.forward(batch).argmax(1).itemLong();
 * String name = ResNet50Weights.DEFAULT.categories().get(label);
 * }</pre>
 */
public interface Weights {
    /**
     * What a weights entry holds: the checkpoint URL, the parameter count, the smallest input size, whether the
     * categories are ImageNet's, the {@code ImageClassification} preset and the ImageNet-1K accuracies torchvision
     * reports (NaN where it has none).
     */
    record Spec(String url, long numParams, long minHeight, long minWidth, boolean imagenetCategories, long cropSize,
                long resizeSize, InterpolationMode interpolation, double[] mean, double[] std, double acc1, double acc5) {}

    /** This entry's facts. */
    Spec spec();

    /** The constant's name ({@code IMAGENET1K_V1}). */
    String name();

    /** {@code weights.url}: the checkpoint, whose file name carries the prefix of its SHA-256. */
    default String url() { return spec().url(); }

    /** {@code weights.meta["num_params"]}. */
    default long numParams() { return spec().numParams(); }

    /** {@code weights.meta["min_size"]}: (height, width). */
    default long[] minSize() { return new long[] {spec().minHeight(), spec().minWidth()}; }

    /** {@code weights.meta["categories"]}: the 1000 ImageNet class names, or null (feature-only weights). */
    default List<String> categories() { return spec().imagenetCategories() ? ImageNet.CATEGORIES : null; }

    /** {@code weights.meta["_metrics"]["ImageNet-1K"]}: {@code acc@1} and {@code acc@5}, in percent. */
    default Map<String, Double> metrics() { return Map.of("acc@1", spec().acc1(), "acc@5", spec().acc5()); }

    /**
     * {@code weights.transforms()}: torchvision's {@code ImageClassification} preset for these weights: resize the
     * shorter side, center crop, scale to [0, 1] floats, normalize. See {@link ImageClassification} for how its
     * resize compares with torchvision's.
     */
    default Transform transforms() {
        Spec s = spec();
        return new ImageClassification(s.cropSize(), s.resizeSize(), s.mean(), s.std(), s.interpolation());
    }

    /**
     * {@code weights.get_state_dict(progress, check_hash=True)}: the checkpoint through {@link Hub}'s cache,
     * downloaded (and its SHA-256 checked) only the first time, onto the CPU.
     */
    default Map<String, Tensor> getStateDict(boolean progress) throws IOException {
        return Hub.loadStateDictFromUrl(url(), null, Device.CPU, progress, true, null);
    }

    /** The number of classes a model built for these weights has: the categories', or 1000 when there are none. */
    default long numClasses() { return categories() == null ? 1000 : categories().size(); }

    /** Loads these weights into {@code model} (strictly), wrapping download and format failures as unchecked. */
    static <M extends Module> M load(M model, Weights weights, java.util.function.UnaryOperator<Map<String, Tensor>> upgrade) {
        try {
            model.loadStateDict(upgrade.apply(weights.getStateDict(true)));
        } catch (IOException e) {
            throw new UncheckedIOException("loading " + weights.getClass().getSimpleName() + "." + weights.name() + " from " + weights.url()
                    + ": " + e.getMessage(), e);
        }
        return model;
    }

    /** Category names, one a line, from the library resource {@code resource} beside {@code anchor}. */
    static List<String> readCategories(Class<?> anchor, String resource) {
        try (var in = anchor.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " is missing from the library");
            return List.copyOf(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ImageNet class names, read once from the library's resources. */
    final class ImageNet {
        private ImageNet() {}

        static final List<String> CATEGORIES = readCategories(Weights.class, "imagenet_categories.txt");
    }
}
