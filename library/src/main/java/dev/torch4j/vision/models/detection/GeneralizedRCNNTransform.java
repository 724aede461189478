package dev.torch4j.vision.models.detection;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Py;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * torchvision's {@code GeneralizedRCNNTransform(min_size, max_size, image_mean, image_std, size_divisible)}: each
 * {@code [C, H, W]} float image normalized, resized by one factor so that its shorter side becomes {@code min_size}
 * unless its longer side would pass {@code max_size} (bilinear, the factor computed in float32 as torchvision's), its
 * target boxes scaled alike; then all images zero-padded into one batch whose height and width are multiples of
 * {@code size_divisible}. In training mode the shorter side is drawn from {@code min_size} by one
 * {@code torch.empty(1).uniform_} per image, as torchvision draws it. Target {@code masks} ({@code [N, H, W]}) are
 * resized alike by nearest neighbour, as uint8, and {@code keypoints} scaled. {@link #postprocess} maps boxes and
 * keypoints back and pastes {@code masks} into the original image.
 */
public class GeneralizedRCNNTransform extends Module {
    /** The shorter-side sizes (training draws one, evaluation takes the last). */
    public final long[] minSize;
    /** The longest side allowed after resizing. */
    public final long maxSize;
    /** Per-channel mean and standard deviation. */
    public final double[] imageMean, imageStd;
    /** The batch's height and width are multiples of this. */
    public final long sizeDivisible;
    /** A fixed (width, height) to resize every image to instead, or null. */
    public final long[] fixedSize;

    /** The transformed batch and targets. */
    public record Output(ImageList images, List<Map<String, Tensor>> targets) {}

    /** {@code GeneralizedRCNNTransform(min_size, max_size, image_mean, image_std)}: size_divisible 32. */
    public GeneralizedRCNNTransform(long minSize, long maxSize, double[] imageMean, double[] imageStd) {
        this(new long[] {minSize}, maxSize, imageMean, imageStd, 32, null);
    }

    /** {@code GeneralizedRCNNTransform(min_size, max_size, image_mean, image_std, size_divisible, fixed_size)}. */
    public GeneralizedRCNNTransform(long[] minSize, long maxSize, double[] imageMean, double[] imageStd, long sizeDivisible, long[] fixedSize) {
        this.minSize = minSize.clone();
        this.maxSize = maxSize;
        this.imageMean = imageMean.clone();
        this.imageStd = imageStd.clone();
        this.sizeDivisible = sizeDivisible;
        this.fixedSize = fixedSize == null ? null : fixedSize.clone();
    }

    /** {@code forward(images)}: the batch, no targets. */
    public ImageList forward(List<Tensor> images) { return forward(images, null).images(); }

    /** {@code forward(images, targets)}: the batch and the targets with resized boxes (copies; the caller's maps are untouched). */
    public Output forward(List<Tensor> images, List<Map<String, Tensor>> targets) {
        List<Tensor> out = new ArrayList<>(images);
        List<Map<String, Tensor>> outTargets = null;
        if (targets != null) {
            outTargets = new ArrayList<>();
            for (Map<String, Tensor> t : targets) outTargets.add(new LinkedHashMap<>(t));
        }
        for (int i = 0; i < out.size(); i++) {
            Tensor image = out.get(i);
            if (image.dim() != 3) {
                throw new IllegalArgumentException("images is expected to be a list of 3d tensors of shape [C, H, W], got " + image.shape());
            }
            image = normalize(image);
            Map<String, Tensor> target = outTargets == null ? null : outTargets.get(i);
            out.set(i, resize(image, target));
        }
        List<long[]> sizes = new ArrayList<>();
        for (Tensor img : out) sizes.add(new long[] {img.size(-2), img.size(-1)});
        return new Output(new ImageList(batchImages(out, sizeDivisible), sizes), outTargets);
    }

    /** {@code normalize(image)}: {@code (image - mean) / std} per channel, in the image's dtype. */
    public Tensor normalize(Tensor image) {
        if (!image.isFloatingPoint()) {
            throw new IllegalArgumentException("Expected input images to be of floating type (in range [0, 1]), but found type "
                    + image.dtype() + " instead");
        }
        Tensor mean = Torch.tensor(imageMean).to(image.dtype()).to(image.device()), std = Torch.tensor(imageStd).to(image.dtype()).to(image.device());
        return image.sub(mean.reshape(-1, 1, 1)).div(std.reshape(-1, 1, 1));
    }

    /** {@code torch_choice(k)}: one of {@code k}, by {@code int(torch.empty(1).uniform_(0, len(k)))}. */
    private long torchChoice(long[] k) {
        int index = (int) Torch.empty(1).uniform_(0.0, k.length).item();
        return k[index];
    }

    /** {@code resize(image, target)}: the resized image; the target's boxes (if any) are replaced by scaled ones. */
    public Tensor resize(Tensor image, Map<String, Tensor> target) {
        long h = image.size(-2), w = image.size(-1);
        double size = isTraining() ? torchChoice(minSize) : minSize[minSize.length - 1];
        Tensor resized;
        if (fixedSize != null) {
            resized = Functional.interpolate(image.unsqueeze(0), new long[] {fixedSize[1], fixedSize[0]}, null, "bilinear", false, null).select(0, 0);
        } else {
            resized = Functional.interpolate(image.unsqueeze(0), null, new double[] {scaleFactor(h, w, size)}, "bilinear", false, true).select(0, 0);
        }
        if (target != null && target.containsKey("boxes")) {
            target.put("boxes", resizeBoxes(target.get("boxes"), new long[] {h, w}, new long[] {resized.size(-2), resized.size(-1)}));
        }
        if (target != null && target.containsKey("keypoints")) {
            target.put("keypoints", resizeKeypoints(target.get("keypoints"), new long[] {h, w}, new long[] {resized.size(-2), resized.size(-1)}));
        }
        if (target != null && target.containsKey("masks")) {
            // as the image: the same size or factor (recomputed), but nearest, from float back to uint8
            Tensor mask = target.get("masks").unsqueeze(1).to(DType.FLOAT32);
            mask = fixedSize != null ? Functional.interpolate(mask, new long[] {fixedSize[1], fixedSize[0]}, null, "nearest", null, null)
                    : Functional.interpolate(mask, null, new double[] {scaleFactor(h, w, size)}, "nearest", null, true);
            target.put("masks", mask.select(1, 0).to(DType.UINT8));
        }
        return resized;
    }

    /** The resize factor: torchvision's {@code torch.min(min_size / smaller, max_size / larger)} on float32 tensors, where x / t is t.reciprocal() * x. */
    private float scaleFactor(long h, long w, double size) {
        float small = Math.min(h, w), large = Math.max(h, w);
        return Math.min((1f / small) * (float) size, (1f / large) * (float) maxSize);
    }

    /** {@code batch_images(images, size_divisible)}: zero-padded at the bottom and right to the largest size, rounded up to a multiple. */
    public static Tensor batchImages(List<Tensor> images, long sizeDivisible) {
        long[] max = images.getFirst().shapeArray().clone();
        for (Tensor img : images) for (int d = 0; d < max.length; d++) max[d] = Math.max(max[d], img.size(d));
        max[1] = (long) (Math.ceil((double) max[1] / sizeDivisible) * sizeDivisible);
        max[2] = (long) (Math.ceil((double) max[2] / sizeDivisible) * sizeDivisible);
        Tensor batched = Torch.zeros(Torch.shape(images.size(), max[0], max[1], max[2]),
                dev.torch4j.TensorOptions.DEFAULT.dtype(images.getFirst().dtype()).device(images.getFirst().device()));
        for (int i = 0; i < images.size(); i++) {
            Tensor img = images.get(i);
            batched.select(0, i).narrow(0, 0, img.size(0)).narrow(1, 0, img.size(1)).narrow(2, 0, img.size(2)).copy_(img);
        }
        return batched;
    }

    /**
     * {@code postprocess(result, image_shapes, original_image_sizes)}: in evaluation mode each result's boxes mapped
     * from the resized image back onto the original, and its {@code masks} (if any) pasted into the original image by
     * {@link RoIHeads#pasteMasksInImage}; in training mode the results as they are.
     */
    public List<Map<String, Tensor>> postprocess(List<Map<String, Tensor>> result, List<long[]> imageShapes, List<long[]> originalImageSizes) {
        if (isTraining()) return result;
        List<Map<String, Tensor>> out = new ArrayList<>();
        for (int i = 0; i < result.size(); i++) {
            Map<String, Tensor> pred = new LinkedHashMap<>(result.get(i));
            Tensor boxes = resizeBoxes(pred.get("boxes"), imageShapes.get(i), originalImageSizes.get(i));
            pred.put("boxes", boxes);
            if (pred.containsKey("masks")) pred.put("masks", RoIHeads.pasteMasksInImage(pred.get("masks"), boxes, originalImageSizes.get(i), 1));
            if (pred.containsKey("keypoints")) pred.put("keypoints", resizeKeypoints(pred.get("keypoints"), imageShapes.get(i), originalImageSizes.get(i)));
            out.add(pred);
        }
        return out;
    }

    /** {@code resize_keypoints(keypoints, original_size, new_size)}: {@code [..., 3]} keypoints' x and y scaled as {@link #resizeBoxes} scales boxes, visibility kept. */
    public static Tensor resizeKeypoints(Tensor keypoints, long[] originalSize, long[] newSize) {
        double ratioH = (float) newSize[0] / (float) originalSize[0], ratioW = (float) newSize[1] / (float) originalSize[1];
        Tensor[] c = keypoints.unbind(-1);
        return Torch.stack(List.of(c[0].mul(ratioW), c[1].mul(ratioH), c[2]), -1);
    }

    /** {@code resize_boxes(boxes, original_size, new_size)}: x scaled by the widths' ratio, y by the heights', each ratio a float32 quotient. */
    public static Tensor resizeBoxes(Tensor boxes, long[] originalSize, long[] newSize) {
        double ratioH = (float) newSize[0] / (float) originalSize[0], ratioW = (float) newSize[1] / (float) originalSize[1];
        Tensor[] c = boxes.unbind(1);
        return Torch.stack(List.of(c[0].mul(ratioW), c[1].mul(ratioH), c[2].mul(ratioW), c[3].mul(ratioH)), 1);
    }

    @Override
    public String toString() {
        return className() + "(\n    Normalize(mean=" + list(imageMean) + ", std=" + list(imageStd) + ")\n    Resize(min_size="
                + Py.tuple(minSize) + ", max_size=" + maxSize + ", mode='bilinear')\n)";
    }

    private static String list(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (double x : v) b.append(b.length() > 1 ? ", " : "").append(Py.repr(x));
        return b.append(']').toString();
    }
}
