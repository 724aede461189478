package dev.torch4j.vision.transforms;

import dev.torch4j.DType;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.ArrayList;
import java.util.List;

/**
 * torchvision 0.14's {@code autoaugment} machinery shared by AutoAugment, RandAugment, TrivialAugmentWide and AugMix:
 * {@code _apply_op} and the {@code _augmentation_space} tables. Magnitudes are built as torchvision builds them
 * (float32 {@code linspace}, the posterize bins through float32 division and rounding) and read back widened, so the
 * values handed to the ops are torchvision's bit for bit.
 */
final class AugmentOps {
    private AugmentOps() {}

    /** One entry of an augmentation space: the op's name, its magnitude bins (null: none) and whether a sign is drawn. */
    record Space(String op, Tensor magnitudes, boolean signed) {
        /** {@code float(magnitudes[i].item())}. */
        double magnitude(long i) { return magnitudes.select(0, i).item(); }
    }

    /**
     * The last space a transform built, reused while images keep their size (and the default dtype its magnitudes
     * were built in stays): torchvision rebuilds the table per call, but only the translations depend on the image.
     * Safe to share between loader threads: an entry is immutable and replaced whole.
     */
    static final class SpaceCache {
        private record Entry(long height, long width, DType dtype, List<Space> space) {}

        private final SpaceBuilder builder;
        private volatile Entry last;

        SpaceCache(SpaceBuilder builder) { this.builder = builder; }

        List<Space> get(long height, long width) {
            Entry e = last;
            DType dtype = Torch.getDefaultDtype();
            if (e == null || e.height != height || e.width != width || e.dtype != dtype) {
                e = new Entry(height, width, dtype, List.copyOf(builder.build(height, width)));
                last = e;
            }
            return e.space;
        }
    }

    /** Builds a space for an image of the given size. */
    @FunctionalInterface
    interface SpaceBuilder { List<Space> build(long height, long width); }

    private static Space lin(String op, double end, int bins) { return new Space(op, Torch.linspace(0.0, end, bins), true); }

    private static Space none(String op) { return new Space(op, null, false); }

    /** {@code base - (torch.arange(bins) / ((bins - 1) / divisor)).round().int()}. */
    private static Space posterize(int base, int bins, int divisor) {
        Tensor rounded = Torch.arange(bins).div((bins - 1) / (double) divisor).round(); // float32, as torchvision's
        return new Space("Posterize", rounded.neg().add(base).to(DType.INT32), false); // small whole numbers: exact
    }

    private static Space solarize(int bins) { return new Space("Solarize", Torch.linspace(255.0, 0.0, bins), false); }

    /**
     * The space of AutoAugment ({@code identity == false}, 10 bins) and RandAugment ({@code identity == true}): shears
     * to 0.3, translations to 150/331 of the side, rotations to 30 degrees, color amounts to 0.9.
     */
    static List<Space> randAugmentSpace(int bins, long height, long width, boolean identity, boolean invert) {
        return space(bins, identity, 0.3, 150.0 / 331.0 * width, 150.0 / 331.0 * height, 30.0, 0.9, 4, invert);
    }

    /** TrivialAugmentWide's space: wider ranges (shears and color amounts to 0.99, 32 pixels, 135 degrees). */
    static List<Space> trivialAugmentSpace(int bins) { return space(bins, true, 0.99, 32.0, 32.0, 135.0, 0.99, 6, false); }

    private static List<Space> space(int bins, boolean identity, double shear, double dx, double dy, double degrees, double amount,
                                     int posterizeDivisor, boolean invert) {
        List<Space> s = new ArrayList<>();
        if (identity) s.add(none("Identity"));
        s.add(lin("ShearX", shear, bins));
        s.add(lin("ShearY", shear, bins));
        s.add(lin("TranslateX", dx, bins));
        s.add(lin("TranslateY", dy, bins));
        s.add(lin("Rotate", degrees, bins));
        for (String op : List.of("Brightness", "Color", "Contrast", "Sharpness")) s.add(lin(op, amount, bins));
        s.add(posterize(8, bins, posterizeDivisor));
        s.add(solarize(bins));
        s.add(none("AutoContrast"));
        s.add(none("Equalize"));
        if (invert) s.add(none("Invert"));
        return s;
    }

    /** AugMix's space: translations to a third of the side, posterize from 4 bits; color ops only with {@code allOps}. */
    static List<Space> augMixSpace(int bins, long height, long width, boolean allOps) {
        List<Space> s = new ArrayList<>();
        s.add(lin("ShearX", 0.3, bins));
        s.add(lin("ShearY", 0.3, bins));
        s.add(lin("TranslateX", width / 3.0, bins));
        s.add(lin("TranslateY", height / 3.0, bins));
        s.add(lin("Rotate", 30.0, bins));
        s.add(posterize(4, bins, 4));
        s.add(solarize(bins));
        s.add(none("AutoContrast"));
        s.add(none("Equalize"));
        if (allOps) for (String op : List.of("Brightness", "Color", "Contrast", "Sharpness")) s.add(lin(op, 0.9, bins));
        return s;
    }

    /**
     * {@code _apply_op(img, op_name, magnitude, interpolation, fill)}: shears as an affine map about the top-left
     * corner with the angle {@code degrees(atan(magnitude))}; translations by {@code int(magnitude)} pixels; the
     * color ops at factor {@code 1 + magnitude}; posterize to {@code int(magnitude)} bits; solarize at
     * {@code magnitude}.
     */
    static Tensor applyOp(Tensor img, String op, double magnitude, InterpolationMode interpolation, double[] fill) {
        double[] zero = {0.0, 0.0};
        return switch (op) {
            case "ShearX" -> Functional.affine(img, 0.0, zero, 1.0, new double[] {Math.toDegrees(Math.atan(magnitude)), 0.0},
                    interpolation, fill, zero);
            case "ShearY" -> Functional.affine(img, 0.0, zero, 1.0, new double[] {0.0, Math.toDegrees(Math.atan(magnitude))},
                    interpolation, fill, zero);
            case "TranslateX" -> Functional.affine(img, 0.0, new double[] {(long) magnitude, 0}, 1.0, zero, interpolation, fill, null);
            case "TranslateY" -> Functional.affine(img, 0.0, new double[] {0, (long) magnitude}, 1.0, zero, interpolation, fill, null);
            case "Rotate" -> Functional.rotate(img, magnitude, interpolation, false, null, fill);
            case "Brightness" -> Functional.adjustBrightness(img, 1.0 + magnitude);
            case "Color" -> Functional.adjustSaturation(img, 1.0 + magnitude);
            case "Contrast" -> Functional.adjustContrast(img, 1.0 + magnitude);
            case "Sharpness" -> Functional.adjustSharpness(img, 1.0 + magnitude);
            case "Posterize" -> Functional.posterize(img, (int) magnitude);
            case "Solarize" -> Functional.solarize(img, magnitude);
            case "AutoContrast" -> Functional.autocontrast(img);
            case "Equalize" -> Functional.equalize(img);
            case "Invert" -> Functional.invert(img);
            case "Identity" -> img;
            default -> throw new IllegalArgumentException("The provided operator " + op + " is not recognized.");
        };
    }

    /** One draw: {@code int(torch.randint(n, (1,)).item())}. */
    static int randint(long n) { return (int) Torch.randint(0, n, Size.of(1)).itemLong(); }

    /**
     * Draws one op of {@code space}, its magnitude and sign as RandAugment, TrivialAugmentWide and AugMix do: the
     * op index; then, when the op has magnitudes, the bin {@code fixedBin} (not drawn; negative counts from the end,
     * as Python's index does) or, when that is null, one of the first {@code binChoices} drawn; then, for a signed
     * op, {@code torch.randint(2, (1,))} (1 negates); and applies it.
     */
    static Tensor drawAndApply(Tensor img, List<Space> space, Integer fixedBin, int binChoices, InterpolationMode interpolation, double[] fill) {
        Space s = space.get(randint(space.size()));
        double magnitude = s.magnitudes() == null ? 0.0 : s.magnitude(fixedBin != null ? fixedBin : randint(binChoices));
        if (s.signed() && randint(2) != 0) magnitude *= -1.0;
        return applyOp(img, s.op(), magnitude, interpolation, fill);
    }
}
