package dev.torch4j.vision.transforms;

import dev.torch4j.DType;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.core.Shapes;

import java.util.Objects;

/**
 * The color and value kernels of {@link Functional} (torchvision 0.14's {@code functional_tensor}): brightness,
 * contrast, saturation, hue, gamma, sharpness, grayscale, invert, posterize, solarize, autocontrast, equalize.
 * Reached as {@code Functional.adjustHue(...)}; this class only keeps Functional.java at reading size.
 *
 * <p>They follow torchvision's arithmetic step by step: integer images are scaled by float32 factors and truncated
 * back ({@code .to(img.dtype)} after a clamp), so uint8 results are torchvision's exactly.
 */
abstract class ColorFunctions {
    ColorFunctions() {}

    static void checkImage(Tensor img, int minDims, String op) {
        Objects.requireNonNull(img, op + ": image is null");
        if (img.dim() < minDims) {
            throw new IllegalArgumentException(minDims <= 2 ? "Tensor is not a torch image."
                    : "Input image tensor should have at least " + minDims + " dimensions, but found " + img.dim());
        }
    }

    /** torchvision's {@code _assert_channels}: the channel count (1 for a 2-d image) must be one of {@code permitted}. */
    static void requireChannels(Tensor img, long... permitted) {
        long c = channels(img);
        for (long p : permitted) if (c == p) return;
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < permitted.length; i++) sb.append(i > 0 ? ", " : "").append(permitted[i]);
        throw new IllegalArgumentException("Input image tensor permitted channel values are " + sb + "], but found " + c);
    }

    /** {@code get_dimensions(img)[0]}: 1 for a 2-d image, else the size of dim -3. */
    static long channels(Tensor img) { return img.dim() == 2 ? 1 : img.size(-3); }

    /** The floating type torchvision computes in: the image's own, or float32 for integer images. */
    static Tensor asFloat(Tensor img) { return img.isFloatingPoint() ? img : img.to(DType.FLOAT32); }

    private static double bound(Tensor img) { return img.isFloatingPoint() ? 1.0 : 255.0; }

    /** {@code _blend}: {@code (ratio * img1 + (1 - ratio) * img2).clamp(0, bound).to(img1.dtype)}. */
    static Tensor blend(Tensor img1, Tensor img2, double ratio) {
        Tensor mixed = asFloat(img1).mul(ratio).add(asFloat(img2).mul(1.0 - ratio));
        return mixed.clamp(0.0, bound(img1)).to(img1.dtype());
    }

    /**
     * {@code rgb_to_grayscale(img, num_output_channels)}: {@code 0.2989 r + 0.587 g + 0.114 b} (truncated back to an
     * integer dtype), as one channel or expanded to three; a one-channel image is copied.
     *
     * @throws IllegalArgumentException for fewer than 3 dims, a channel count other than 1 or 3, or
     *                                  {@code numOutputChannels} other than 1 or 3
     */
    public static Tensor rgbToGrayscale(Tensor img, int numOutputChannels) {
        checkImage(img, 3, "rgbToGrayscale");
        requireChannels(img, 1, 3);
        if (numOutputChannels != 1 && numOutputChannels != 3) {
            throw new IllegalArgumentException("num_output_channels should be either 1 or 3");
        }
        Tensor gray;
        if (img.size(-3) == 3) {
            Tensor[] rgb = asFloat(img).unbind(-3);
            gray = rgb[0].mul(0.2989).add(rgb[1].mul(0.587)).add(rgb[2].mul(0.114)).to(img.dtype()).unsqueeze(-3);
        } else {
            gray = img.clone();
        }
        return numOutputChannels == 3 ? gray.expand(img.shapeArray()) : gray;
    }

    /** {@code rgb_to_grayscale(img)}: one output channel. */
    public static Tensor rgbToGrayscale(Tensor img) { return rgbToGrayscale(img, 1); }

    /**
     * {@code adjust_brightness(img, brightness_factor)}: blends with black, {@code img * factor} clamped to the
     * image range.
     */
    public static Tensor adjustBrightness(Tensor img, double brightnessFactor) {
        if (brightnessFactor < 0) throw new IllegalArgumentException("brightness_factor (" + num(brightnessFactor) + ") is not non-negative.");
        checkImage(img, 2, "adjustBrightness");
        requireChannels(img, 1, 3);
        return blend(img, Torch.zerosLike(img), brightnessFactor);
    }

    /** {@code adjust_contrast(img, contrast_factor)}: blends with the mean of the grayscale image (float32 for integers). */
    public static Tensor adjustContrast(Tensor img, double contrastFactor) {
        if (contrastFactor < 0) throw new IllegalArgumentException("contrast_factor (" + num(contrastFactor) + ") is not non-negative.");
        checkImage(img, 2, "adjustContrast");
        requireChannels(img, 3, 1);
        Tensor gray = channels(img) == 3 ? rgbToGrayscale(img) : img;
        Tensor mean = asFloat(gray).mean(new long[] {-3, -2, -1}, true);
        return blend(img, mean, contrastFactor);
    }

    /** {@code adjust_saturation(img, saturation_factor)}: blends with the grayscale image; one channel is returned as is. */
    public static Tensor adjustSaturation(Tensor img, double saturationFactor) {
        if (saturationFactor < 0) throw new IllegalArgumentException("saturation_factor (" + num(saturationFactor) + ") is not non-negative.");
        checkImage(img, 2, "adjustSaturation");
        requireChannels(img, 1, 3);
        if (channels(img) == 1) return img;
        return blend(img, rgbToGrayscale(img), saturationFactor);
    }

    /**
     * {@code adjust_hue(img, hue_factor)}: shifts the hue in HSV space by {@code hueFactor} (in [-0.5, 0.5]) turns;
     * uint8 images go through float32 in [0, 1] and are truncated back; one channel is returned as is.
     */
    public static Tensor adjustHue(Tensor img, double hueFactor) {
        if (!(-0.5 <= hueFactor && hueFactor <= 0.5)) throw new IllegalArgumentException("hue_factor (" + num(hueFactor) + ") is not in [-0.5, 0.5].");
        checkImage(img, 2, "adjustHue");
        requireChannels(img, 1, 3);
        if (channels(img) == 1) return img;
        DType orig = img.dtype();
        Tensor x = orig == DType.UINT8 ? img.to(DType.FLOAT32).div(255.0) : img;
        Tensor[] hsv = rgbToHsv(x).unbind(-3);
        Tensor h = hsv[0].add(hueFactor).remainder(1.0);
        Tensor out = hsvToRgb(Torch.stack(new Tensor[] {h, hsv[1], hsv[2]}, -3));
        return orig == DType.UINT8 ? out.mul(255.0).to(orig) : out;
    }

    /** torchvision's {@code _rgb2hsv} (after Pillow's Convert.c), with its guards against dividing by zero. */
    private static Tensor rgbToHsv(Tensor img) {
        Tensor[] rgb = img.unbind(-3);
        Tensor r = rgb[0], g = rgb[1], b = rgb[2];
        Tensor maxc = img.amax(-3, false), minc = img.amin(-3, false);
        Tensor eqc = maxc.eq(minc);
        Tensor cr = maxc.sub(minc);
        Tensor ones = Torch.onesLike(maxc);
        Tensor s = cr.div(Torch.where(eqc, ones, maxc));
        Tensor crDivisor = Torch.where(eqc, ones, cr);
        Tensor rc = maxc.sub(r).div(crDivisor), gc = maxc.sub(g).div(crDivisor), bc = maxc.sub(b).div(crDivisor);
        Tensor isR = maxc.eq(r), isG = maxc.eq(g);
        Tensor hr = isR.to(img.dtype()).mul(bc.sub(gc));
        Tensor hg = isG.logicalAnd(isR.logicalNot()).to(img.dtype()).mul(rc.add(2.0).sub(bc));
        Tensor hb = isG.logicalNot().logicalAnd(isR.logicalNot()).to(img.dtype()).mul(gc.add(4.0).sub(rc));
        Tensor h = hr.add(hg).add(hb).div(6.0).add(1.0).fmod(1.0);
        return Torch.stack(new Tensor[] {h, s, maxc}, -3);
    }

    /** torchvision's {@code _hsv2rgb}: the sector's (r, g, b) picked by a one-hot mask over the six candidates. */
    private static Tensor hsvToRgb(Tensor img) {
        Tensor[] hsv = img.unbind(-3);
        Tensor h = hsv[0], s = hsv[1], v = hsv[2];
        Tensor i = h.mul(6.0).floor();
        Tensor f = h.mul(6.0).sub(i);
        Tensor sector = i.to(DType.INT32).remainder(6L);
        Tensor p = v.mul(s.neg().add(1.0)).clamp(0.0, 1.0);
        Tensor q = v.mul(s.mul(f).neg().add(1.0)).clamp(0.0, 1.0);
        Tensor t = v.mul(s.mul(f.neg().add(1.0)).neg().add(1.0)).clamp(0.0, 1.0);
        Tensor six = Torch.arange(0, 6, 1, TensorOptions.DEFAULT.dtype(DType.INT32).device(img.device())).view(-1, 1, 1);
        Tensor mask = sector.unsqueeze(-3).eq(six).to(img.dtype()); // [..., 6, H, W]
        Tensor a1 = Torch.stack(new Tensor[] {v, q, p, p, t, v}, -3);
        Tensor a2 = Torch.stack(new Tensor[] {t, v, v, q, p, p}, -3);
        Tensor a3 = Torch.stack(new Tensor[] {p, p, t, v, v, q}, -3);
        Tensor a4 = Torch.stack(new Tensor[] {a1, a2, a3}, -4); // [..., 3, 6, H, W]
        return mask.unsqueeze(-4).mul(a4).sum(-3); // one term per pixel is nonzero: the einsum's sum, exactly
    }

    /**
     * {@code adjust_gamma(img, gamma, gain)}: {@code gain * img^gamma} in [0, 1], clamped; integer images are
     * converted to float32 (divided by their max) and back ({@code convert_image_dtype}).
     */
    public static Tensor adjustGamma(Tensor img, double gamma, double gain) {
        Objects.requireNonNull(img, "Input img should be a Tensor.");
        requireChannels(img, 1, 3);
        if (gamma < 0) throw new IllegalArgumentException("Gamma should be a non-negative real number");
        Tensor x = img.isFloatingPoint() ? img : Functional.convertImageDtype(img, DType.FLOAT32);
        Tensor y = x.pow(gamma).mul(gain).clamp(0.0, 1.0);
        return img.isFloatingPoint() ? y : Functional.convertImageDtype(y, img.dtype());
    }

    /** {@code adjust_gamma(img, gamma)}: gain 1. */
    public static Tensor adjustGamma(Tensor img, double gamma) { return adjustGamma(img, gamma, 1.0); }

    /**
     * {@code adjust_sharpness(img, sharpness_factor)}: blends with the image smoothed by torchvision's 3x3 kernel
     * (center 5/13, the rest 1/13; borders kept); 0 blurs, 1 keeps, 2 sharpens. Images of 2 or fewer rows or
     * columns come back unchanged.
     */
    public static Tensor adjustSharpness(Tensor img, double sharpnessFactor) {
        if (sharpnessFactor < 0) throw new IllegalArgumentException("sharpness_factor (" + num(sharpnessFactor) + ") is not non-negative.");
        checkImage(img, 2, "adjustSharpness");
        requireChannels(img, 1, 3);
        if (img.size(-1) <= 2 || img.size(-2) <= 2) return img;
        return blend(img, blurredDegenerate(img), sharpnessFactor);
    }

    private static Tensor blurredDegenerate(Tensor img) {
        // ones with a 5 at the center, divided by their sum 13 in the image's float type (float64 for float64 images)
        Tensor kernel = Torch.ones(Size.of(3, 3), TensorOptions.DEFAULT.dtype(asFloat(img).dtype()).device(img.device()));
        kernel.select(0, 1).select(0, 1).fill_(5.0);
        kernel = kernel.div(13.0);
        long[] shape = img.shapeArray();
        int d = shape.length;
        Tensor blurred = depthwiseConv(asFloat(img).reshape(-1, channels(img), shape[d - 2], shape[d - 1]), kernel);
        shape[d - 2] -= 2;
        shape[d - 1] -= 2;
        Tensor result = img.clone();
        result.narrow(d - 2, 1, shape[d - 2]).narrow(d - 1, 1, shape[d - 1]).copy_(castBack(blurred.reshape(shape), img.dtype()));
        return result;
    }

    /** {@code conv2d(x, kernel.expand(C, 1, kh, kw), groups=C)} for a float {@code [N, C, H, W]} batch and a 2-d kernel. */
    static Tensor depthwiseConv(Tensor x, Tensor kernel) {
        long c = x.size(1);
        Tensor weight = kernel.expand(c, 1, kernel.size(0), kernel.size(1));
        return dev.torch4j.nn.Functional.conv2d(x, weight, null, new long[] {1, 1}, new long[] {0, 0}, new long[] {1, 1}, c);
    }

    /** {@code _cast_squeeze_out}'s cast: integer dtypes are rounded first. */
    static Tensor castBack(Tensor y, DType dtype) {
        if (y.dtype() == dtype) return y;
        return dtype.isFloatingPoint() ? y.to(dtype) : y.round().to(dtype);
    }

    /** {@code invert(img)}: {@code bound - img}, bound 1 for float images and 255 otherwise. */
    public static Tensor invert(Tensor img) {
        checkImage(img, 2, "invert");
        checkImage(img, 3, "invert");
        requireChannels(img, 1, 3);
        Tensor bound = Torch.full(Size.of(), img.isFloatingPoint() ? 1.0 : 255.0, TensorOptions.DEFAULT.dtype(img.dtype()).device(img.device()));
        return bound.sub(img);
    }

    /** {@code posterize(img, bits)}: keeps the top {@code bits} (0 to 8) bits of each uint8 value. */
    public static Tensor posterize(Tensor img, int bits) {
        if (!(0 <= bits && bits <= 8)) throw new IllegalArgumentException("The number if bits should be between 0 and 8. Got " + bits);
        checkImage(img, 2, "posterize");
        checkImage(img, 3, "posterize");
        if (img.dtype() != DType.UINT8) throw new IllegalArgumentException("Only torch.uint8 image tensors are supported, but found torch." + img.dtype().pyName());
        requireChannels(img, 1, 3);
        return img.bitwiseAnd((long) (~((1 << (8 - bits)) - 1) & 0xFF));
    }

    /** {@code solarize(img, threshold)}: inverts the values at or above {@code threshold}. */
    public static Tensor solarize(Tensor img, double threshold) {
        checkImage(img, 2, "solarize");
        checkImage(img, 3, "solarize");
        requireChannels(img, 1, 3);
        if (threshold > bound(img)) throw new IllegalArgumentException("Threshold should be less than bound of img.");
        return Torch.where(img.ge(threshold), invert(img), img);
    }

    /**
     * {@code autocontrast(img)}: per channel, maps the minimum to 0 and the maximum to the bound (a constant channel
     * is left as is), clamped and cast back.
     */
    public static Tensor autocontrast(Tensor img) {
        checkImage(img, 2, "autocontrast");
        checkImage(img, 3, "autocontrast");
        requireChannels(img, 1, 3);
        double bound = bound(img);
        DType dtype = asFloat(img).dtype();
        long[] hw = {-2, -1};
        Tensor minimum = img.amin(hw, true).to(dtype), maximum = img.amax(hw, true).to(dtype);
        Tensor scale = maximum.sub(minimum).reciprocal().mul(bound); // Python's bound / t is t.reciprocal() * bound
        Tensor eq = scale.isfinite().logicalNot();
        minimum = minimum.maskedFill(eq, 0.0);
        scale = scale.maskedFill(eq, 1.0);
        return asFloat(img).sub(minimum).mul(scale).clamp(0.0, bound).to(img.dtype());
    }

    /**
     * {@code equalize(img)}: histogram equalization of each channel of a uint8 {@code [C, H, W]} or
     * {@code [N, C, H, W]} image, with torchvision's lookup table (a channel whose histogram gives a zero step is
     * left as is).
     */
    public static Tensor equalize(Tensor img) {
        checkImage(img, 2, "equalize");
        if (!(3 <= img.dim() && img.dim() <= 4)) throw new IllegalArgumentException("Input image tensor should have 3 or 4 dimensions, but found " + img.dim());
        if (img.dtype() != DType.UINT8) throw new IllegalArgumentException("Only torch.uint8 image tensors are supported, but found torch." + img.dtype().pyName());
        requireChannels(img, 1, 3);
        if (img.dim() == 4) {
            Tensor[] each = new Tensor[(int) img.size(0)];
            for (int n = 0; n < each.length; n++) each[n] = equalize(img.select(0, n));
            return Torch.stack(each, 0);
        }
        Tensor[] chans = new Tensor[(int) img.size(0)];
        for (int c = 0; c < chans.length; c++) chans[c] = scaleChannel(img.select(0, c));
        return Torch.stack(chans, 0);
    }

    /** torchvision's {@code _scale_channel}: the cumulative histogram, shifted by one bin, divided by the step. */
    private static Tensor scaleChannel(Tensor chan) {
        Tensor hist = chan.flatten().to(DType.INT64).bincount(null, 256);
        Tensor nonzero = hist.maskedSelect(hist.ne(0L));
        long step = nonzero.numel() <= 1 ? 0 : Math.floorDiv(nonzero.narrow(0, 0, nonzero.numel() - 1).sum().itemLong(), 255L);
        if (step == 0) return chan;
        Tensor lut = hist.cumsum(0).add(step / 2).floorDivide(step);
        lut = dev.torch4j.nn.Functional.pad(lut, 1, 0).narrow(0, 0, 256).clamp(0.0, 255.0);
        return lut.take(chan.to(DType.INT64)).to(DType.UINT8);
    }

    /** torchvision's {@code _max_value}: the largest value of an integer image dtype, 1 for floating ones. */
    static double imageMax(DType d) {
        return switch (d) {
            case UINT8 -> 255;
            case INT8 -> 127;
            case INT16 -> 32767;
            case INT32 -> Integer.MAX_VALUE;
            case INT64 -> Long.MAX_VALUE;
            default -> 1;
        };
    }

    /** A number as Python's f-string prints the float it was given. */
    static String num(double v) { return dev.torch4j.nn.Py.repr(v); }

    static String shape(Tensor t) { return Shapes.str(t.shapeArray()); }
}
