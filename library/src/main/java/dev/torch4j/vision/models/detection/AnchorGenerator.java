package dev.torch4j.vision.models.detection;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.nn.Module;

import java.util.ArrayList;
import java.util.List;

/**
 * torchvision's {@code AnchorGenerator(sizes, aspect_ratios)}: for each feature map {@code i}, one anchor per size
 * in {@code sizes[i]} and aspect ratio (height / width) in {@code aspectRatios[i]} at every location, the anchors of
 * a location centred on it in image pixels (the image size over the map size is the stride). The zero-centred cell
 * anchors are rounded (half to even), as torchvision rounds them.
 *
 * <pre>{@code
 * var gen = new AnchorGenerator(new long[][] {{32}, {64}}, new double[][] {{0.5, 1.0, 2.0}, {0.5, 1.0, 2.0}});
 * List<Tensor> anchors = gen.forward(imageList, featureMaps);   // per image: [sum over maps of H * W * 3, 4]
 * }</pre>
 */
public class AnchorGenerator extends Module {
    /** The anchor sizes of each feature map. */
    public final long[][] sizes;
    /** The aspect ratios (height / width) of each feature map. */
    public final double[][] aspectRatios;
    private List<Tensor> cellAnchors;

    /** {@code AnchorGenerator()}: one map with sizes (128, 256, 512) and ratios (0.5, 1, 2). */
    public AnchorGenerator() { this(new long[][] {{128, 256, 512}}, new double[][] {{0.5, 1.0, 2.0}}); }

    /** {@code AnchorGenerator(sizes, aspect_ratios)}: one row of each per feature map; a single row of ratios serves every map. */
    public AnchorGenerator(long[][] sizes, double[][] aspectRatios) {
        if (aspectRatios.length == 1 && sizes.length > 1) {
            double[][] r = new double[sizes.length][];
            java.util.Arrays.fill(r, aspectRatios[0]);
            aspectRatios = r;
        }
        this.sizes = sizes;
        this.aspectRatios = aspectRatios;
        this.cellAnchors = new ArrayList<>();
        for (int i = 0; i < Math.min(sizes.length, aspectRatios.length); i++) {
            cellAnchors.add(generateAnchors(sizes[i], aspectRatios[i], DType.FLOAT32, Device.CPU));
        }
    }

    /**
     * {@code generate_anchors(scales, aspect_ratios, dtype, device)}: the {@code [ratios * scales, 4]} zero-centred
     * anchors, ratio-major, each {@code round((-w, -h, w, h) / 2)} with {@code h = sqrt(ratio) scale}, {@code w = scale / sqrt(ratio)}.
     */
    public static Tensor generateAnchors(long[] scales, double[] aspectRatios, DType dtype, Device device) {
        TensorOptions o = TensorOptions.DEFAULT.dtype(dtype).device(device);
        Tensor s = Torch.tensor(scales).to(o.dtype()).to(device), r = Torch.tensor(aspectRatios).to(o.dtype()).to(device);
        Tensor hRatios = r.sqrt(), wRatios = hRatios.reciprocal();
        Tensor ws = wRatios.unsqueeze(1).mul(s.unsqueeze(0)).reshape(-1), hs = hRatios.unsqueeze(1).mul(s.unsqueeze(0)).reshape(-1);
        return Torch.stack(List.of(ws.neg(), hs.neg(), ws, hs), 1).div(2).round();
    }

    /** {@code num_anchors_per_location()}: sizes times ratios, per feature map. */
    public long[] numAnchorsPerLocation() {
        long[] n = new long[Math.min(sizes.length, aspectRatios.length)];
        for (int i = 0; i < n.length; i++) n[i] = (long) sizes[i].length * aspectRatios[i].length;
        return n;
    }

    /** The cell anchors, {@code [ratios * sizes, 4]} per feature map. */
    public List<Tensor> cellAnchors() { return List.copyOf(cellAnchors); }

    /**
     * {@code grid_anchors(grid_sizes, strides)}: per feature map of (height, width) and (stride y, stride x), the
     * anchors of every location, row-major, the cell anchors innermost.
     */
    public List<Tensor> gridAnchors(List<long[]> gridSizes, List<long[]> strides) {
        if (gridSizes.size() != strides.size() || gridSizes.size() != cellAnchors.size()) {
            throw new IllegalArgumentException("Anchors should be Tuple[Tuple[int]] because each feature map could potentially have different "
                    + "sizes and aspect ratios. There needs to be a match between the number of feature maps passed and the number of sizes / "
                    + "aspect ratios specified.");
        }
        List<Tensor> anchors = new ArrayList<>();
        for (int i = 0; i < gridSizes.size(); i++) {
            Tensor base = cellAnchors.get(i);
            TensorOptions longs = TensorOptions.DEFAULT.dtype(DType.INT64).device(base.device());
            Tensor shiftsX = Torch.arange(0, gridSizes.get(i)[1], 1, longs).mul(strides.get(i)[1]);
            Tensor shiftsY = Torch.arange(0, gridSizes.get(i)[0], 1, longs).mul(strides.get(i)[0]);
            long gh = shiftsY.size(0), gw = shiftsX.size(0);
            Tensor shiftX = shiftsX.unsqueeze(0).expand(gh, gw).reshape(-1), shiftY = shiftsY.unsqueeze(1).expand(gh, gw).reshape(-1);
            Tensor shifts = Torch.stack(List.of(shiftX, shiftY, shiftX, shiftY), 1);
            anchors.add(shifts.view(-1, 1, 4).add(base.view(1, -1, 4)).reshape(-1, 4));
        }
        return anchors;
    }

    /** {@code forward(image_list, feature_maps)}: per image, the anchors of every map concatenated, in the maps' dtype. */
    public List<Tensor> forward(ImageList imageList, List<Tensor> featureMaps) {
        long imageH = imageList.tensors().size(-2), imageW = imageList.tensors().size(-1);
        List<long[]> gridSizes = new ArrayList<>(), strides = new ArrayList<>();
        for (Tensor f : featureMaps) {
            gridSizes.add(new long[] {f.size(-2), f.size(-1)});
            strides.add(new long[] {imageH / f.size(-2), imageW / f.size(-1)});
        }
        Tensor first = featureMaps.getFirst();
        List<Tensor> moved = new ArrayList<>();
        for (Tensor c : cellAnchors) moved.add(c.to(first.dtype()).to(first.device()));
        cellAnchors = moved;
        Tensor all = Torch.cat(gridAnchors(gridSizes, strides), 0);
        List<Tensor> anchors = new ArrayList<>();
        for (int i = 0; i < imageList.imageSizes().size(); i++) anchors.add(all);
        return anchors;
    }
}
