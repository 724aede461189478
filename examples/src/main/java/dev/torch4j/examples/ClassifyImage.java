package dev.torch4j.examples;

import dev.torch4j.Tensor;
import dev.torch4j.ValuesIndices;
import dev.torch4j.vision.Images;
import dev.torch4j.vision.models.ResNet;
import dev.torch4j.vision.models.ResNet50Weights;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.torch4j.Torch.*;

/**
 * Classifying a photo with torchvision's pretrained ResNet-50, as torchvision's documentation does it:
 * <pre>
 * weights = ResNet50_Weights.DEFAULT
 * model = resnet50(weights=weights)
 * model.eval()
 * batch = weights.transforms()(read_image("photo.jpg")).unsqueeze(0)
 * prediction = model(batch).squeeze(0).softmax(0)
 * </pre>
 * The weights (98 MB) are downloaded on the first run into PyTorch's own cache ({@code ~/.cache/torch/hub}), so
 * a machine that ran the Python version already has them. Run with {@code ./torch4j run ClassifyImage photo.jpg}.
 */
public final class ClassifyImage {
    private ClassifyImage() {}

    /** One of the top classes: its ImageNet name and probability. */
    public record Prediction(String category, double probability) {}

    /** The {@code k} most likely ImageNet classes of a {@code [3, H, W]} uint8 image under {@code weights}. */
    public static List<Prediction> topK(ResNet model, ResNet50Weights weights, Tensor image, int k) {
        model.eval();
        try (var g = noGrad()) {
            Tensor batch = weights.transforms().apply(image).unsqueeze(0);
            Tensor probabilities = model.call(batch).squeeze(0).softmax(0);
            ValuesIndices top = probabilities.topk(k);
            List<Prediction> out = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                out.add(new Prediction(weights.categories().get((int) top.indices().select(0, i).itemLong()), top.values().select(0, i).item()));
            }
            return out;
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: ./torch4j run ClassifyImage <image.jpg|png>");
            System.exit(2);
        }
        ResNet50Weights weights = ResNet50Weights.DEFAULT;
        ResNet model = ResNet.resnet50(weights);
        Tensor image = Images.readImage(Path.of(args[0]));
        if (image.size(0) == 1) image = image.expand(3, -1, -1); // a grayscale photo, as torchvision's RGB mode reads it
        if (image.size(0) == 4) image = image.narrow(0, 0, 3);
        for (Prediction p : topK(model, weights, image, 5)) System.out.printf("%-30s %5.1f%%%n", p.category(), 100 * p.probability());
    }
}
