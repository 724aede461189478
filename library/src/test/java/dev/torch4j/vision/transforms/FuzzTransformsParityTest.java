package dev.torch4j.vision.transforms;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.FuzzCases;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Differential fuzzing of the vision transforms against torchvision 0.14 (scripts/goldens/fuzz_transforms_goldens.py):
 * seeded random images (2-d to 5-d, 1 or 3 channels, 0 to 40 pixels a side, contiguous or not, uint8, float32, float64
 * and the other integer dtypes) through every functional op with random arguments, and the random transform classes
 * after the same seed (their output and the generator's next draw).
 *
 * <p>Outputs must be torchvision's bit for bit, with these allowances, each for float32 arithmetic torch4j orders
 * otherwise: the values the script counts as ties ("ties": integer results rounded from within 1e-3 of .5, where
 * torch4j's interpolation without fused multiply-adds, its Gaussian kernel normalised by a sum accumulated in float64,
 * or Java's pow may round the other way; nearest grid samples within 1e-4 of a pixel boundary, in the automatic
 * augmentations with the pixels later ops move them to) may differ; float outputs of convolutions, interpolation,
 * grids, means and pow within 1e-5 (float32) or 1e-9 (float64; blurs 1e-6, their kernel being float32); the random
 * classes that resize or blur, whose ties the script cannot count, within one on integer images, and the automatic
 * augmentations sampling bilinearly, which chain up to three such ops, within three. Where torchvision raised a
 * ValueError or TypeError, torch4j must raise with the same message; where torch itself raised (RuntimeError,
 * IndexError, ZeroDivisionError), any exception.
 * {@code -Dt4j.fuzzTransforms=NAME} replays an exploration golden instead.
 */
class FuzzTransformsParityTest {
    /** Classes whose integer results may differ by one at rounding ties (see the class comment). */
    private static final Set<String> WITHIN_ONE = Set.of("RandomResizedCrop", "GaussianBlur");
    /**
     * Classes that may sample an integer image bilinearly on a grid (rotate, affine) up to three times in a chain: their
     * chained ops rule out the script's count of ties, so with bilinear sampling they are compared within three.
     */
    private static final Set<String> GRID_CLASSES = Set.of("AutoAugment", "RandAugment", "TrivialAugmentWide", "AugMix");
    /**
     * Ops that copy values or compute each one elementwise in torchvision's order: their float results must be
     * torchvision's bit for bit.
     */
    private static final Set<String> EXACT = Set.of("hflip", "vflip", "crop", "center_crop", "pad", "five_crop", "ten_crop", "erase",
            "convert_image_dtype", "normalize", "invert", "solarize", "posterize", "adjust_brightness", "adjust_saturation", "rgb_to_grayscale",
            "adjust_hue", "autocontrast", "RandomHorizontalFlip", "RandomVerticalFlip", "RandomCrop", "RandomGrayscale",
            "RandomInvert", "RandomSolarize", "RandomAutocontrast", "RandomErasing");
    /** Ops whose float64 results carry float32 rounding (see the class comment). */
    private static final Set<String> FLOAT32_KERNEL = Set.of("gaussian_blur", "GaussianBlur");

    @Test
    void everyCaseMatchesTorchvision() {
        List<JsonObject> cases = Golden.cases(System.getProperty("t4j.fuzzTransforms", "fuzz_transforms"));
        FuzzCases.assertAllMatch(cases, c -> c.get("op").getAsString() + " " + c.get("img") + " " + c.get("a")
                + (c.has("seed") ? " seed " + c.get("seed") : ""), FuzzTransformsParityTest::replay);
    }

    /** The cases explorations once failed, one or two per torch4j bug they found. */
    @Test
    void regressionsMatchTorchvision() {
        FuzzCases.assertAllMatch(Golden.cases("fuzz_transforms_regressions"), c -> c.get("op").getAsString() + " " + c.get("img") + " "
                + c.get("a"), FuzzTransformsParityTest::replay);
    }

    private static String replay(JsonObject c) {
        String op = c.get("op").getAsString();
        JsonObject a = c.getAsJsonObject("a");
        Tensor x = image(c.getAsJsonObject("img"));
        Tensor before = x.clone();
        Object got;
        long next = 0;
        try {
            if (c.has("seed")) {
                UnaryOperator<Tensor> t = make(op, a);
                Torch.manualSeed(c.get("seed").getAsLong());
                got = t.apply(x);
                next = Torch.randint(0, 1L << 30, Size.of()).itemLong();
            } else {
                got = functional(op, x, a);
            }
        } catch (RuntimeException e) {
            if (!c.has("error")) return "torch4j raised " + e;
            String want = c.get("error").getAsString(), type = c.get("etype").getAsString();
            if ((type.equals("ValueError") || type.equals("TypeError")) && !want.equals(e.getMessage())) {
                return "message differs: torchvision \"" + want + "\", torch4j \"" + e.getMessage() + "\"";
            }
            return null;
        }
        if (c.has("error")) return "torchvision raised " + c.get("etype").getAsString() + " " + c.get("error").getAsString();
        if (!before.equal(x)) return "the input was modified";
        if (c.has("next") && c.get("next").getAsLong() != next) return "generator state after the call: " + next + ", torchvision " + c.get("next");
        List<Tensor> outs = got instanceof List<?> l ? l.stream().map(Tensor.class::cast).toList() : List.of((Tensor) got);
        JsonArray want = c.has("outs") ? c.getAsJsonArray("outs") : new JsonArray();
        if (c.has("out")) want.add(c.get("out"));
        if (want.size() != outs.size()) return outs.size() + " outputs, torchvision " + want.size();
        String mode = a.has("mode") ? a.get("mode").getAsString() : "";
        int intTolerance = WITHIN_ONE.contains(op) ? 1 : GRID_CLASSES.contains(op) && mode.equals("bilinear") ? 3 : 0;
        boolean exact = EXACT.contains(op) || mode.startsWith("nearest") && op.contains("esize"); // nearest resizes copy values
        long ties = a.has("ties") ? a.get("ties").getAsLong() : 0;
        for (int k = 0; k < outs.size(); k++) {
            String problem = compare(unpack(want.get(k).getAsJsonObject()), outs.get(k), intTolerance, FLOAT32_KERNEL.contains(op), exact, ties);
            if (problem != null) return "output " + k + ": " + problem;
        }
        return null;
    }

    /**
     * Null when {@code got} is {@code want} (bit for bit where {@code exact}, else within the dtype's tolerance;
     * integers within {@code intTolerance}), but for up to {@code ties} values (see the class comment).
     */
    private static String compare(Tensor want, Tensor got, int intTolerance, boolean float32Kernel, boolean exact, long ties) {
        if (want.dtype() != got.dtype()) return "dtype " + got.dtype() + ", torchvision " + want.dtype();
        if (!java.util.Arrays.equals(want.shapeArray(), got.shapeArray())) {
            return "shape " + got.shape() + ", torchvision " + want.shape();
        }
        if (want.numel() == 0) return null;
        if (want.isFloatingPoint() && !want.isnan().equal(got.isnan())) return "NaN where torchvision has none, or none where it has";
        double diff = want.to(DType.FLOAT64).sub(got.to(DType.FLOAT64)).abs().max().item();
        double tol = exact ? 0 : want.dtype() == DType.FLOAT32 ? 1e-5 : want.dtype() == DType.FLOAT64 ? (float32Kernel ? 1e-6 : 1e-9)
                : intTolerance;
        long off = diff <= tol ? 0 : want.to(DType.FLOAT64).sub(got.to(DType.FLOAT64)).abs().gt(tol).sum().itemLong();
        if (off > ties) {
            return "max difference " + diff + " (" + off + " of " + want.numel() + " values beyond " + tol + ")"
                    + (want.numel() <= 48 ? "; torch4j " + java.util.Arrays.toString(got.to(DType.FLOAT64).toDoubleArray())
                    + ", torchvision " + java.util.Arrays.toString(want.to(DType.FLOAT64).toDoubleArray()) : "");
        }
        return null;
    }

    /** The script's make(spec): the image drawn after torch.manual_seed(seed). */
    static Tensor image(JsonObject spec) {
        Torch.manualSeed(spec.get("seed").getAsLong());
        DType dt = Golden.dtype(spec.get("dtype").getAsString());
        Size shape = Size.of(longs(spec.getAsJsonArray("shape")));
        long[] dims = shape.toArray();
        boolean transposed = spec.has("t"); // drawn as [..., W, H] and transposed: a non-contiguous image
        if (transposed) {
            long t = dims[dims.length - 1];
            dims[dims.length - 1] = dims[dims.length - 2];
            dims[dims.length - 2] = t;
        }
        Size drawn = Size.of(dims);
        Tensor x = spec.has("q") ? Torch.randint(spec.has("wide") ? -4 : 0, spec.has("wide") ? 13 : 9, drawn).to(dt).div(8.0)
                : !dt.isFloatingPoint() ? Torch.randint(spec.get("lo").getAsLong(), spec.get("hi").getAsLong(), drawn).to(dt)
                : Torch.rand(drawn, TensorOptions.DEFAULT.dtype(dt));
        return transposed ? x.transpose(-1, -2) : x;
    }

    /** The script's pack(t): little-endian bytes in base64. */
    static Tensor unpack(JsonObject j) {
        DType dt = Golden.dtype(j.get("dtype").getAsString());
        long[] shape = longs(j.getAsJsonArray("shape"));
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(j.get("b64").getAsString())).order(ByteOrder.LITTLE_ENDIAN);
        int n = b.remaining() / dt.itemSize();
        Tensor flat = switch (dt) {
            case FLOAT64 -> { double[] v = new double[n]; b.asDoubleBuffer().get(v); yield Torch.fromArray(v); }
            case FLOAT32 -> { float[] v = new float[n]; b.asFloatBuffer().get(v); yield Torch.fromArray(v); }
            case INT64 -> { long[] v = new long[n]; b.asLongBuffer().get(v); yield Torch.fromArray(v); }
            case INT32 -> { int[] v = new int[n]; b.asIntBuffer().get(v); yield Torch.fromArray(v); }
            case INT16 -> { short[] v = new short[n]; b.asShortBuffer().get(v); yield Torch.fromArray(v); }
            case INT8 -> { byte[] v = new byte[n]; b.get(v); yield Torch.fromArray(v); }
            case UINT8 -> { long[] v = new long[n]; for (int i = 0; i < n; i++) v[i] = b.get() & 0xFF; yield Torch.fromArray(v).to(DType.UINT8); }
            default -> throw new IllegalArgumentException("dtype " + dt);
        };
        return flat.reshape(shape);
    }

    private static long[] longs(JsonArray arr) {
        long[] v = new long[arr.size()];
        for (int i = 0; i < v.length; i++) v[i] = arr.get(i).getAsLong();
        return v;
    }

    private static boolean isNull(JsonObject a, String key) { return !a.has(key) || a.get(key).isJsonNull(); }

    private static long[] longs(JsonObject a, String key) { return isNull(a, key) ? null : longs(a.getAsJsonArray(key)); }

    private static double[] doubles(JsonObject a, String key) {
        if (isNull(a, key)) return null;
        JsonArray arr = a.getAsJsonArray(key);
        double[] v = new double[arr.size()];
        for (int i = 0; i < v.length; i++) v[i] = arr.get(i).getAsDouble();
        return v;
    }

    private static double d(JsonObject a, String key) { return a.get(key).getAsDouble(); }

    /** Four (x, y) points. */
    private static long[][] points(JsonObject a, String key) {
        JsonArray arr = a.getAsJsonArray(key);
        long[][] v = new long[arr.size()][];
        for (int i = 0; i < v.length; i++) v[i] = longs(arr.get(i).getAsJsonArray());
        return v;
    }

    private static long l(JsonObject a, String key) { return a.get(key).getAsLong(); }

    private static int i(JsonObject a, String key) { return a.get(key).getAsInt(); }

    private static boolean b(JsonObject a, String key) { return a.get(key).getAsBoolean(); }

    private static InterpolationMode mode(JsonObject a) {
        return InterpolationMode.valueOf(a.get("mode").getAsString().toUpperCase().replace('-', '_'));
    }

    private static Object functional(String op, Tensor x, JsonObject a) {
        return switch (op) {
            case "hflip" -> Functional.hflip(x);
            case "vflip" -> Functional.vflip(x);
            case "crop" -> Functional.crop(x, l(a, "top"), l(a, "left"), l(a, "height"), l(a, "width"));
            case "center_crop" -> Functional.centerCrop(x, longs(a, "size"));
            case "pad" -> Functional.pad(x, longs(a, "padding"), d(a, "fill"), a.get("mode").getAsString());
            case "resize" -> Functional.resize(x, longs(a, "size"), mode(a), isNull(a, "max_size") ? null : l(a, "max_size"), b(a, "antialias"));
            case "resized_crop" -> Functional.resizedCrop(x, l(a, "top"), l(a, "left"), l(a, "height"), l(a, "width"), longs(a, "size"), mode(a),
                    b(a, "antialias"));
            case "rotate" -> Functional.rotate(x, d(a, "angle"), mode(a), b(a, "expand"), doubles(a, "center"), doubles(a, "fill"));
            case "affine" -> Functional.affine(x, d(a, "angle"), doubles(a, "translate"), d(a, "scale"), doubles(a, "shear"), mode(a),
                    doubles(a, "fill"), doubles(a, "center"));
            case "perspective" -> Functional.perspective(x, points(a, "start"), points(a, "end"), mode(a), doubles(a, "fill"));
            case "adjust_brightness" -> Functional.adjustBrightness(x, d(a, "factor"));
            case "adjust_contrast" -> Functional.adjustContrast(x, d(a, "factor"));
            case "adjust_saturation" -> Functional.adjustSaturation(x, d(a, "factor"));
            case "adjust_sharpness" -> Functional.adjustSharpness(x, d(a, "factor"));
            case "adjust_hue" -> Functional.adjustHue(x, d(a, "factor"));
            case "adjust_gamma" -> Functional.adjustGamma(x, d(a, "gamma"), d(a, "gain"));
            case "posterize" -> Functional.posterize(x, i(a, "bits"));
            case "solarize" -> Functional.solarize(x, d(a, "threshold"));
            case "autocontrast" -> Functional.autocontrast(x);
            case "equalize" -> Functional.equalize(x);
            case "invert" -> Functional.invert(x);
            case "rgb_to_grayscale" -> Functional.rgbToGrayscale(x, i(a, "channels"));
            case "gaussian_blur" -> Functional.gaussianBlur(x, longs(a, "kernel"), doubles(a, "sigma"));
            case "normalize" -> Functional.normalize(x, doubles(a, "mean"), doubles(a, "std"));
            case "erase" -> Functional.erase(x, l(a, "i"), l(a, "j"), l(a, "h"), l(a, "w"), unpack(a.getAsJsonObject("v")), false);
            case "convert_image_dtype" -> Functional.convertImageDtype(x, Golden.dtype(a.get("dtype").getAsString()));
            case "five_crop" -> Functional.fiveCrop(x, longs(a, "size"));
            case "ten_crop" -> Functional.tenCrop(x, longs(a, "size"), b(a, "vflip"));
            default -> throw new AssertionError(op);
        };
    }

    private static UnaryOperator<Tensor> make(String name, JsonObject a) {
        double p = a.has("p") ? d(a, "p") : 0;
        return switch (name) {
            case "RandomResizedCrop" -> Transforms.randomResizedCrop(longs(a, "size"), doubles(a, "scale"), doubles(a, "ratio"), mode(a),
                    b(a, "antialias"));
            case "RandomAffine" -> Transforms.randomAffine(doubles(a, "degrees"), doubles(a, "translate"), doubles(a, "scale"),
                    doubles(a, "shear"), mode(a), doubles(a, "fill"), doubles(a, "center"));
            case "ColorJitter" -> a.has("b") ? Transforms.colorJitter(d(a, "b"), d(a, "c"), d(a, "s"), d(a, "h"))
                    : Transforms.colorJitter(doubles(a, "br"), doubles(a, "cr"), doubles(a, "sr"), doubles(a, "hr"));
            case "RandomRotation" -> Transforms.randomRotation(doubles(a, "degrees"), mode(a), b(a, "expand"), doubles(a, "center"),
                    doubles(a, "fill"));
            case "RandomPerspective" -> Transforms.randomPerspective(d(a, "distortion"), p, mode(a), doubles(a, "fill"));
            case "GaussianBlur" -> Transforms.gaussianBlur(longs(a, "kernel"), doubles(a, "sigma"));
            case "RandomErasing" -> Transforms.randomErasing(p, doubles(a, "scale"), doubles(a, "ratio"), doubles(a, "value"), false);
            case "RandomGrayscale" -> Transforms.randomGrayscale(p);
            case "RandomInvert" -> Transforms.randomInvert(p);
            case "RandomAutocontrast" -> Transforms.randomAutocontrast(p);
            case "RandomEqualize" -> Transforms.randomEqualize(p);
            case "RandomHorizontalFlip" -> Transforms.randomHorizontalFlip(p);
            case "RandomVerticalFlip" -> Transforms.randomVerticalFlip(p);
            case "RandomPosterize" -> Transforms.randomPosterize(i(a, "bits"), p);
            case "RandomSolarize" -> Transforms.randomSolarize(d(a, "threshold"), p);
            case "RandomAdjustSharpness" -> Transforms.randomAdjustSharpness(d(a, "factor"), p);
            case "RandomCrop" -> Transforms.randomCrop(longs(a, "size"), longs(a, "padding"), b(a, "pad_if_needed"), d(a, "fill"),
                    a.get("mode").getAsString());
            case "AutoAugment" -> Transforms.autoAugment(AutoAugmentPolicy.valueOf(a.get("policy").getAsString()), mode(a), doubles(a, "fill"));
            case "RandAugment" -> Transforms.randAugment(i(a, "num_ops"), i(a, "magnitude"), i(a, "bins"), mode(a), doubles(a, "fill"));
            case "TrivialAugmentWide" -> Transforms.trivialAugmentWide(i(a, "bins"), mode(a), doubles(a, "fill"));
            case "AugMix" -> Transforms.augMix(i(a, "severity"), i(a, "width"), i(a, "depth"), d(a, "alpha"), b(a, "all_ops"), mode(a),
                    doubles(a, "fill"));
            default -> throw new AssertionError(name);
        };
    }
}
