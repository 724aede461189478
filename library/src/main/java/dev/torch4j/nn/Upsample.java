package dev.torch4j.nn;

import dev.torch4j.Tensor;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * {@code nn.Upsample(size=None, scale_factor=None, mode='nearest', align_corners=None, recompute_scale_factor=None)}:
 * {@link Functional#interpolate} as a module. Give either the output {@code size} or a {@code scaleFactor} (one
 * value for every spatial dim, or one each).
 *
 * <pre>{@code
 * var up = new Upsample(2.0, "nearest");                       // Upsample(scale_factor=2.0, mode='nearest')
 * var fit = new Upsample(new long[] {32, 32}, "bilinear");      // Upsample(size=(32, 32), mode='bilinear')
 * }</pre>
 */
public class Upsample extends Module {
    /** The output size (one value or one per spatial dim), or null when a scale factor is given. */
    public final long[] size;
    /** The scale factor (one value or one per spatial dim), or null when a size is given. */
    public final double[] scaleFactor;
    /** The mode: "nearest", "nearest-exact", "linear", "bilinear", "bicubic", "trilinear" or "area". */
    public final String mode;
    /** {@code align_corners} and {@code recompute_scale_factor}; null is PyTorch's None. */
    public final Boolean alignCorners, recomputeScaleFactor;

    /** {@code nn.Upsample(size, scale_factor, mode, align_corners, recompute_scale_factor)}; null arguments are None. */
    public Upsample(long[] size, double[] scaleFactor, String mode, Boolean alignCorners, Boolean recomputeScaleFactor) {
        this.size = size == null ? null : size.clone();
        this.scaleFactor = scaleFactor == null ? null : scaleFactor.clone();
        this.mode = mode;
        this.alignCorners = alignCorners;
        this.recomputeScaleFactor = recomputeScaleFactor;
    }

    /** {@code nn.Upsample(scale_factor=scaleFactor, mode=mode)} (an int literal here is a scale factor, not a size). */
    public Upsample(double scaleFactor, String mode) { this(null, new double[] {scaleFactor}, mode, null, null); }

    /** {@code nn.Upsample(size=size, mode=mode)}. */
    public Upsample(long[] size, String mode) { this(size, null, mode, null, null); }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.interpolate(input, size, scaleFactor, mode, alignCorners, recomputeScaleFactor);
    }

    /** PyTorch 2.x's {@code extra_repr}: {@code scale_factor=2.0, mode='nearest'} or {@code size=(4, 5), mode='bilinear'}. */
    @Override
    public String extraRepr() {
        String info;
        if (scaleFactor != null) {
            info = "scale_factor=" + (scaleFactor.length == 1 ? Py.repr(scaleFactor[0])
                    : Arrays.stream(scaleFactor).mapToObj(Py::repr).collect(Collectors.joining(", ", "(", ")")));
        } else {
            info = "size=" + (size == null ? "None" : MaxPool2d.intOrTuple(size));
        }
        return info + ", mode='" + mode + "'";
    }
}
