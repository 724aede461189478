package dev.torch4j.vision.datasets;

import dev.torch4j.Tensor;
import dev.torch4j.vision.Images;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * {@code torchvision.datasets.ImageFolder(root, transform, target_transform, loader, is_valid_file)}: a
 * {@link DatasetFolder} of images ({@code root/dog/xxx.png}, {@code root/cat/123.png}, ...), kept by torchvision's
 * {@code IMG_EXTENSIONS} and read by {@link #rgbLoader}: each item's image is a uint8 {@code [3, H, W]} tensor, what
 * {@code pil_to_tensor(Image.open(path).convert("RGB"))} gives (JPEG decoding by {@code javax.imageio} may differ
 * from PIL's libjpeg in the low bits; PNG, BMP and the other lossless formats match).
 *
 * <pre>{@code
 * var train = new ImageFolder(Path.of("data/train"), new Compose(Transforms.randomResizedCrop(224),
 *         Transforms.randomHorizontalFlip(), Transforms.toTensor()));
 * }</pre>
 */
public final class ImageFolder extends DatasetFolder {
    /** torchvision's {@code IMG_EXTENSIONS}. */
    public static final List<String> IMG_EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp");

    /** {@code ImageFolder(root)}: images as uint8 RGB tensors, no transforms. */
    public ImageFolder(Path root) throws IOException { this(root, null, null, ImageFolder::rgbLoader, null); }

    /** {@code ImageFolder(root, transform)}. */
    public ImageFolder(Path root, UnaryOperator<Tensor> transform) throws IOException { this(root, transform, null, ImageFolder::rgbLoader, null); }

    /**
     * {@code ImageFolder(root, transform, target_transform, loader, is_valid_file)}: with a null {@code isValidFile},
     * files are kept by {@link #IMG_EXTENSIONS}.
     *
     * @throws java.io.FileNotFoundException when {@code root} has no class folder, or a class has no valid file
     */
    public ImageFolder(Path root, UnaryOperator<Tensor> transform, UnaryOperator<Tensor> targetTransform, Loader loader,
                       Predicate<Path> isValidFile) throws IOException {
        super(root, loader, isValidFile == null ? IMG_EXTENSIONS : null, transform, targetTransform, isValidFile);
    }

    /**
     * torchvision's {@code default_loader} ({@code pil_loader}): the file as uint8 RGB {@code [3, H, W]}, as PIL's
     * {@code convert("RGB")} makes it: gray copied to three channels, alpha dropped, palettes looked up.
     */
    public static Tensor rgbLoader(Path path) throws IOException {
        Tensor img = Images.readImage(path);
        long c = img.size(0);
        if (c == 3) return img;
        if (c == 4) return img.narrow(0, 0, 3).contiguous();
        return img.narrow(0, 0, 1).expand(3, img.size(1), img.size(2)).contiguous(); // L or LA
    }

    @Override
    String reprName() { return "ImageFolder"; }
}
