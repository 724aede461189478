package dev.torch4j.vision;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.core.Shapes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * {@code torchvision.utils}: {@link #makeGrid} lays a batch of images out in a grid, {@link #saveImage} writes it as
 * a PNG, as the 60 Minute Blitz shows its CIFAR batches ({@code imshow(torchvision.utils.make_grid(images))}).
 *
 * <pre>{@code
 * Utils.saveImage(images.mul(0.5).add(0.5), Path.of("batch.png"));   // unnormalise, then a row of 4 images
 * Tensor grid = Utils.makeGrid(images, Utils.gridOptions().nrow(2).padding(1));
 * }</pre>
 */
public final class Utils {
    private Utils() {}

    /** {@code make_grid}'s keyword arguments; {@link #gridOptions()} gives torchvision's defaults. */
    public record GridOptions(int nrow, int padding, boolean normalize, double[] valueRange, boolean scaleEach, double padValue) {
        /** Images per row of the grid (default 8). */
        public GridOptions nrow(int v) { return new GridOptions(v, padding, normalize, valueRange, scaleEach, padValue); }

        /** Pixels of padding around each image (default 2). */
        public GridOptions padding(int v) { return new GridOptions(nrow, v, normalize, valueRange, scaleEach, padValue); }

        /** Shift the images to [0, 1] by their min and max, or by {@link #valueRange} (default false). */
        public GridOptions normalize(boolean v) { return new GridOptions(nrow, padding, v, valueRange, scaleEach, padValue); }

        /** The (min, max) that {@link #normalize} maps to (0, 1); values outside are clamped. */
        public GridOptions valueRange(double min, double max) {
            return new GridOptions(nrow, padding, normalize, new double[] {min, max}, scaleEach, padValue);
        }

        /** With {@link #normalize}, each image by its own min and max (default false). */
        public GridOptions scaleEach(boolean v) { return new GridOptions(nrow, padding, normalize, valueRange, v, padValue); }

        /** The value of the padding pixels (default 0). */
        public GridOptions padValue(double v) { return new GridOptions(nrow, padding, normalize, valueRange, scaleEach, v); }
    }

    /** torchvision's defaults: 8 per row, padding 2, no normalisation, padding value 0. */
    public static GridOptions gridOptions() { return new GridOptions(8, 2, false, null, false, 0); }

    /** {@code make_grid(tensor)} with torchvision's defaults. */
    public static Tensor makeGrid(Tensor tensor) { return makeGrid(tensor, gridOptions()); }

    /** {@code make_grid(list_of_images, ...)}: the images, of one size, stacked first. */
    public static Tensor makeGrid(List<Tensor> images, GridOptions o) { return makeGrid(Torch.stack(images, 0), o); }

    /**
     * {@code torchvision.utils.make_grid(tensor, nrow, padding, normalize, value_range, scale_each, pad_value)}: a
     * {@code [B, C, H, W]} batch (or one {@code [C, H, W]} or {@code [H, W]} image) as one {@code [3 or C, rows *
     * (H + p) + p, cols * (W + p) + p]} image, single channels repeated to three; a batch of one is returned as that
     * image. Not recorded by autograd.
     */
    public static Tensor makeGrid(Tensor tensor, GridOptions o) {
        Objects.requireNonNull(tensor, "tensor");
        if (o.nrow() < 1) throw new IllegalArgumentException("make_grid: nrow must be positive, got " + o.nrow());
        if (o.padding() < 0) throw new IllegalArgumentException("make_grid: padding must not be negative, got " + o.padding());
        try (GradMode.Scope ignored = Torch.noGrad()) {
            Tensor t = tensor.detach();
            if (t.dim() == 2) t = t.unsqueeze(0);
            if (t.dim() == 3) {
                if (t.size(0) == 1) t = Torch.cat(new Tensor[] {t, t, t}, 0);
                t = t.unsqueeze(0);
            }
            if (t.dim() != 4) {
                throw new IllegalArgumentException("make_grid: expected a [B, C, H, W] batch or one [C, H, W] or [H, W] image, got shape "
                        + Shapes.str(tensor.shapeArray()));
            }
            if (t.size(1) == 1) t = Torch.cat(new Tensor[] {t, t, t}, 1);
            if (o.normalize()) {
                t = t.clone();
                if (o.scaleEach()) {
                    for (long i = 0; i < t.size(0); i++) normRange(t.select(0, i), o.valueRange());
                } else {
                    normRange(t, o.valueRange());
                }
            }
            if (t.size(0) == 1) return t.squeeze(0);
            long nmaps = t.size(0), xmaps = Math.min(o.nrow(), nmaps), ymaps = (nmaps + xmaps - 1) / xmaps;
            long height = t.size(2) + o.padding(), width = t.size(3) + o.padding();
            Tensor grid = Torch.full(new long[] {t.size(1), height * ymaps + o.padding(), width * xmaps + o.padding()}, o.padValue(),
                    Torch.dtype(t.dtype()).device(t.device()));
            long k = 0;
            for (long y = 0; y < ymaps && k < nmaps; y++) {
                for (long x = 0; x < xmaps && k < nmaps; x++, k++) {
                    grid.narrow(1, y * height + o.padding(), height - o.padding())
                            .narrow(2, x * width + o.padding(), width - o.padding()).copy_(t.get(k));
                }
            }
            return grid;
        }
    }

    /** torchvision's norm_ip in place: clamp to (low, high), then map it to (0, 1). */
    private static void normRange(Tensor img, double[] range) {
        double low = range != null ? range[0] : img.min().item(), high = range != null ? range[1] : img.max().item();
        img.clamp_(low, high);
        img.sub_(low).div_(Math.max(high - low, 1e-5));
    }

    /** {@code save_image(tensor, path)} with make_grid's defaults. */
    public static void saveImage(Tensor tensor, Path path) throws IOException { saveImage(tensor, path, gridOptions()); }

    /**
     * {@code torchvision.utils.save_image(tensor, path, **grid_options)}: {@link #makeGrid}, then values in [0, 1]
     * to bytes as torchvision rounds them ({@code x * 255 + 0.5}, clamped, truncated), written as a PNG (to a
     * temporary file moved into place).
     */
    public static void saveImage(Tensor tensor, Path path, GridOptions o) throws IOException {
        Tensor grid = makeGrid(tensor, o);
        try (GradMode.Scope ignored = Torch.noGrad()) {
            Tensor bytes = grid.mul(255).add_(0.5).clamp_(0, 255).cpu().to(DType.UINT8);
            Images.writePng(bytes, path);
        }
    }
}
