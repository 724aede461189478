package dev.torch4j.vision.transforms;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Py;

import java.util.function.UnaryOperator;

/**
 * The color transform classes of {@link Transforms} (torchvision 0.14's {@code ColorJitter}, {@code Grayscale},
 * {@code RandomGrayscale} and the {@code Random*} forms of the value kernels), plus the shared repr and draw helpers.
 * Reached as {@code Transforms.colorJitter(...)}; this class only keeps Transforms.java at reading size.
 */
abstract class ColorTransforms {
    ColorTransforms() {}

    /** A transform with a repr. */
    private record Named(String repr, UnaryOperator<Tensor> body) implements Transform {
        @Override public Tensor apply(Tensor img) { return body.apply(img); }
        @Override public String toString() { return repr; }
    }

    static Transform named(String repr, UnaryOperator<Tensor> body) { return new Named(repr, body); }

    /** One {@code torch.rand(1)} draw compared with {@code p} in float32, as {@code torch.rand(1) < p} is. */
    static boolean draw(double p) { return (float) Torch.rand(1).item() < (float) p; }

    /** One {@code torch.rand(1).item()} draw compared with {@code p} in double, as {@code torch.rand(1).item() < p} is. */
    static boolean drawItem(double p) { return Torch.rand(1).item() < p; }

    /** {@code float(torch.empty(1).uniform_(lo, hi))}: one float32 draw, widened. */
    static double uniform(double lo, double hi) { return Torch.empty(1).uniform_(lo, hi).item(); }

    /** A value as Python prints the number it was given: {@code 0} for whole numbers, else {@code 0.5}. */
    static String num(double v) { return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Py.repr(v); }

    /** A pair of floats as Python prints a list of them, or None. */
    static String floats(double[] v) { return v == null ? "None" : Functional.pyList(v); }

    /**
     * {@code ColorJitter(brightness, contrast, saturation, hue)}: each a non-negative amount {@code x} (giving the
     * factor range {@code [max(0, 1 - x), 1 + x]}, hue {@code [-x, x]}); {@code 0} disables it. Each call draws
     * {@code torch.randperm(4)} (the order), then one {@code uniform_} factor per enabled adjustment in the order
     * brightness, contrast, saturation, hue, as torchvision does.
     *
     * @throws IllegalArgumentException for a negative amount or a hue above 0.5 (refused here, as torchvision 0.15+
     *                                  does; 0.14 took it and refused a drawn factor beyond 0.5 in adjust_hue)
     */
    public static Transform colorJitter(double brightness, double contrast, double saturation, double hue) {
        return colorJitter(jitterRange(brightness, "brightness", 1, true), jitterRange(contrast, "contrast", 1, true),
                jitterRange(saturation, "saturation", 1, true), jitterRange(hue, "hue", 0, false));
    }

    /**
     * {@code ColorJitter} with explicit (min, max) ranges; null disables an adjustment. Brightness, contrast and
     * saturation ranges must lie in [0, inf), hue's in [-0.5, 0.5].
     */
    public static Transform colorJitter(double[] brightness, double[] contrast, double[] saturation, double[] hue) {
        double[] b = jitterRange(brightness, "brightness", 1, 0, Double.POSITIVE_INFINITY);
        double[] c = jitterRange(contrast, "contrast", 1, 0, Double.POSITIVE_INFINITY);
        double[] s = jitterRange(saturation, "saturation", 1, 0, Double.POSITIVE_INFINITY);
        double[] h = jitterRange(hue, "hue", 0, -0.5, 0.5);
        String repr = "ColorJitter(brightness=" + floats(b) + ", contrast=" + floats(c) + ", saturation=" + floats(s) + ", hue=" + floats(h) + ")";
        return named(repr, img -> {
            Tensor order = Torch.randperm(4);
            Double fb = b == null ? null : uniform(b[0], b[1]), fc = c == null ? null : uniform(c[0], c[1]);
            Double fs = s == null ? null : uniform(s[0], s[1]), fh = h == null ? null : uniform(h[0], h[1]);
            for (int k = 0; k < 4; k++) {
                int id = (int) order.select(0, k).itemLong();
                if (id == 0 && fb != null) img = Functional.adjustBrightness(img, fb);
                else if (id == 1 && fc != null) img = Functional.adjustContrast(img, fc);
                else if (id == 2 && fs != null) img = Functional.adjustSaturation(img, fs);
                else if (id == 3 && fh != null) img = Functional.adjustHue(img, fh);
            }
            return img;
        });
    }

    private static double[] jitterRange(double value, String name, double center, boolean clipFirstOnZero) {
        if (value < 0) throw new IllegalArgumentException("If " + name + " is a single number, it must be non negative.");
        double[] r = {center - value, center + value};
        if (clipFirstOnZero) r[0] = Math.max(r[0], 0.0);
        return r[0] == center && r[1] == center ? null : r;
    }

    private static double[] jitterRange(double[] value, String name, double center, double lo, double hi) {
        if (value == null) return null;
        if (value.length != 2) throw new IllegalArgumentException(name + " should be a single number or a list/tuple with length 2.");
        if (!(lo <= value[0] && value[0] <= value[1] && value[1] <= hi)) {
            throw new IllegalArgumentException(name + " values should be between (" + num(lo) + ", " + (hi == Double.POSITIVE_INFINITY ? "inf" : num(hi)) + ")");
        }
        return value[0] == center && value[1] == center ? null : value.clone();
    }

    /** {@code Grayscale(num_output_channels)}: see {@link Functional#rgbToGrayscale}. */
    public static Transform grayscale(int numOutputChannels) {
        return named("Grayscale(num_output_channels=" + numOutputChannels + ")", img -> Functional.rgbToGrayscale(img, numOutputChannels));
    }

    /** {@code Grayscale()}: one output channel. */
    public static Transform grayscale() { return grayscale(1); }

    /** {@code RandomGrayscale(p)}: grayscale with as many channels as the input when {@code torch.rand(1) < p}. */
    public static Transform randomGrayscale(double p) {
        return named("RandomGrayscale(p=" + Py.repr(p) + ")", img -> {
            int channels = (int) ColorFunctions.channels(img);
            return draw(p) ? Functional.rgbToGrayscale(img, channels) : img;
        });
    }

    /** {@code RandomGrayscale(p=0.1)}. */
    public static Transform randomGrayscale() { return randomGrayscale(0.1); }

    /** {@code RandomInvert(p)}: {@link Functional#invert} when {@code torch.rand(1).item() < p}. */
    public static Transform randomInvert(double p) {
        return named("RandomInvert(p=" + Py.repr(p) + ")", img -> drawItem(p) ? Functional.invert(img) : img);
    }

    /** {@code RandomPosterize(bits, p)}: {@link Functional#posterize} when {@code torch.rand(1).item() < p}. */
    public static Transform randomPosterize(int bits, double p) {
        return named("RandomPosterize(bits=" + bits + ",p=" + Py.repr(p) + ")", img -> drawItem(p) ? Functional.posterize(img, bits) : img);
    }

    /** {@code RandomSolarize(threshold, p)}: {@link Functional#solarize} when {@code torch.rand(1).item() < p}. */
    public static Transform randomSolarize(double threshold, double p) {
        return named("RandomSolarize(threshold=" + num(threshold) + ",p=" + Py.repr(p) + ")",
                img -> drawItem(p) ? Functional.solarize(img, threshold) : img);
    }

    /** {@code RandomAdjustSharpness(sharpness_factor, p)}: {@link Functional#adjustSharpness} when drawn. */
    public static Transform randomAdjustSharpness(double sharpnessFactor, double p) {
        return named("RandomAdjustSharpness(sharpness_factor=" + num(sharpnessFactor) + ",p=" + Py.repr(p) + ")",
                img -> drawItem(p) ? Functional.adjustSharpness(img, sharpnessFactor) : img);
    }

    /** {@code RandomAutocontrast(p)}: {@link Functional#autocontrast} when {@code torch.rand(1).item() < p}. */
    public static Transform randomAutocontrast(double p) {
        return named("RandomAutocontrast(p=" + Py.repr(p) + ")", img -> drawItem(p) ? Functional.autocontrast(img) : img);
    }

    /** {@code RandomEqualize(p)}: {@link Functional#equalize} when {@code torch.rand(1).item() < p}. */
    public static Transform randomEqualize(double p) {
        return named("RandomEqualize(p=" + Py.repr(p) + ")", img -> drawItem(p) ? Functional.equalize(img) : img);
    }
}
