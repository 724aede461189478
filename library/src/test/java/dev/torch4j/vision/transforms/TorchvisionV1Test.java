package dev.torch4j.vision.transforms;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The torchvision-0.14 transforms (color, geometry, blur, erasing, crops; functional and random class forms) against
 * torchvision itself, run by scripts/goldens/vision_transforms2_goldens.py: uint8 outputs exactly, float ones within a
 * few ulps (convolution and grid arithmetic sum in another order), random ones after the same seed, with the
 * generator left where torchvision leaves it.
 */
class TorchvisionV1Test {
    private static final VisionGoldens GOLDENS = new VisionGoldens("vision_transforms2");
    private static final Map<String, Tensor> IMAGES = GOLDENS.images;

    private static List<JsonObject> cases(String kind) { return GOLDENS.of(kind); }

    private static boolean isNull(JsonObject a, String key) { return !a.has(key) || a.get(key).isJsonNull(); }

    private static double[] doubles(JsonObject a, String key) {
        if (isNull(a, key)) return null;
        JsonArray arr = a.getAsJsonArray(key);
        double[] v = new double[arr.size()];
        for (int i = 0; i < v.length; i++) v[i] = arr.get(i).getAsDouble();
        return v;
    }

    private static long[] longs(JsonObject a, String key) {
        if (isNull(a, key)) return null;
        JsonArray arr = a.getAsJsonArray(key);
        long[] v = new long[arr.size()];
        for (int i = 0; i < v.length; i++) v[i] = arr.get(i).getAsLong();
        return v;
    }

    private static double d(JsonObject a, String key) { return a.get(key).getAsDouble(); }

    private static boolean antialias(JsonObject a) { return !isNull(a, "antialias") && a.get("antialias").getAsBoolean(); }

    private static InterpolationMode mode(JsonObject a) {
        return isNull(a, "mode") ? InterpolationMode.NEAREST : InterpolationMode.valueOf(a.get("mode").getAsString().toUpperCase());
    }

    /** uint8 exactly; float within a few ulps of the image range (torchvision sums convolutions and grids in another order). */
    private static void check(Tensor want, Tensor got, String what) {
        if (!want.dtype().isFloatingPoint()) Golden.assertExact(want, got, what);
        else Golden.assertClose(want, got, 1e-5, want.dtype() == DType.FLOAT64 ? 1e-6 : 1e-5, what);
    }

    /**
     * Bilinear resize runs in float32 without PyTorch's fused multiply-adds (see Functional.resize), so a uint8 value
     * at .5 may round the other way: within one.
     */
    private static void checkResized(Tensor want, Tensor got, String what) {
        if (want.dtype() != DType.UINT8) check(want, got, what);
        else Golden.assertClose(want.to(DType.FLOAT64), got.to(DType.FLOAT64), 0, 1, what);
    }

    private static Tensor runFn(String op, Tensor x, JsonObject a) {
        return switch (op) {
            case "adjust_brightness" -> Functional.adjustBrightness(x, d(a, "factor"));
            case "adjust_contrast" -> Functional.adjustContrast(x, d(a, "factor"));
            case "adjust_saturation" -> Functional.adjustSaturation(x, d(a, "factor"));
            case "adjust_sharpness" -> Functional.adjustSharpness(x, d(a, "factor"));
            case "adjust_hue" -> Functional.adjustHue(x, d(a, "factor"));
            case "adjust_gamma" -> Functional.adjustGamma(x, d(a, "gamma"), d(a, "gain"));
            case "rgb_to_grayscale" -> Functional.rgbToGrayscale(x, a.get("channels").getAsInt());
            case "invert" -> Functional.invert(x);
            case "autocontrast" -> Functional.autocontrast(x);
            case "solarize" -> Functional.solarize(x, d(a, "threshold"));
            case "posterize" -> Functional.posterize(x, a.get("bits").getAsInt());
            case "equalize" -> Functional.equalize(x);
            case "rotate" -> Functional.rotate(x, d(a, "angle"), mode(a), a.get("expand").getAsBoolean(), doubles(a, "center"), doubles(a, "fill"));
            case "affine" -> Functional.affine(x, d(a, "angle"), doubles(a, "translate"), d(a, "scale"), doubles(a, "shear"), mode(a),
                    doubles(a, "fill"), doubles(a, "center"));
            case "gaussian_blur" -> Functional.gaussianBlur(x, longs(a, "kernel"), doubles(a, "sigma"));
            case "resized_crop" -> {
                long[] b = longs(a, "box");
                yield Functional.resizedCrop(x, b[0], b[1], b[2], b[3], longs(a, "size"), mode(a), antialias(a));
            }
            case "five_crop" -> Torch.stack(Functional.fiveCrop(x, longs(a, "size")));
            case "ten_crop" -> Torch.stack(Functional.tenCrop(x, longs(a, "size"), a.get("vflip").getAsBoolean()));
            case "erase" -> {
                long[] b = longs(a, "box");
                yield Functional.erase(x, b[0], b[1], b[2], b[3], Torch.full(Size.of(1, 1, 1), d(a, "value")), false);
            }
            default -> throw new AssertionError(op);
        };
    }

    @Test
    void functionalOpsMatchTorchvision() {
        List<JsonObject> cs = cases("fn");
        assertTrue(cs.size() > 200, "cases: " + cs.size());
        List<String> failures = new ArrayList<>();
        for (JsonObject c : cs) {
            String op = c.get("op").getAsString(), what = op + " " + c.get("image").getAsString() + " " + c.get("args");
            Tensor x = IMAGES.get(c.get("image").getAsString());
            Tensor before = x.clone();
            try {
                Tensor want = Golden.tensor(c.getAsJsonObject("out")), got = runFn(op, x, c.getAsJsonObject("args"));
                if (op.equals("resized_crop")) checkResized(want, got, what);
                else check(want, got, what);
                Golden.assertExact(before, x, what + ": input untouched");
            } catch (AssertionError | RuntimeException e) {
                failures.add(what + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) fail(failures.size() + " failures:\n" + String.join("\n", failures));
    }

    private static UnaryOperator<Tensor> make(String name, JsonObject a) {
        return switch (name) {
            case "RandomResizedCrop" -> isNull(a, "scale") ? Transforms.randomResizedCrop(longs(a, "size"))
                    : Transforms.randomResizedCrop(longs(a, "size"), doubles(a, "scale"), doubles(a, "ratio"), mode(a), antialias(a));
            case "ColorJitter" -> Transforms.colorJitter(d(a, "b"), d(a, "c"), d(a, "s"), d(a, "h"));
            case "RandomRotation" -> isNull(a, "mode") ? Transforms.randomRotation(doubles(a, "degrees"))
                    : Transforms.randomRotation(doubles(a, "degrees"), mode(a), a.get("expand").getAsBoolean(), doubles(a, "center"), doubles(a, "fill"));
            case "RandomAffine" -> Transforms.randomAffine(doubles(a, "degrees"), doubles(a, "translate"), doubles(a, "scale"), doubles(a, "shear"),
                    mode(a), doubles(a, "fill"), doubles(a, "center"));
            case "GaussianBlur" -> isNull(a, "sigma") ? Transforms.gaussianBlur(longs(a, "kernel"))
                    : Transforms.gaussianBlur(longs(a, "kernel"), doubles(a, "sigma"));
            case "RandomGrayscale" -> Transforms.randomGrayscale(d(a, "p"));
            case "RandomInvert" -> Transforms.randomInvert(d(a, "p"));
            case "RandomSolarize" -> Transforms.randomSolarize(d(a, "threshold"), d(a, "p"));
            case "RandomAdjustSharpness" -> Transforms.randomAdjustSharpness(d(a, "factor"), d(a, "p"));
            case "RandomAutocontrast" -> Transforms.randomAutocontrast(d(a, "p"));
            case "RandomPosterize" -> Transforms.randomPosterize(a.get("bits").getAsInt(), d(a, "p"));
            case "RandomEqualize" -> Transforms.randomEqualize(d(a, "p"));
            case "RandomApply" -> Transforms.randomApply(List.of(Transforms.colorJitter(0.3, 0.3, 0, 0), Transforms.randomInvert(0.7)), d(a, "p"));
            case "RandomErasing" -> isNull(a, "scale") ? Transforms.randomErasing(d(a, "p"), new double[] {0.02, 0.33}, new double[] {0.3, 3.3},
                    doubles(a, "value"), false) : Transforms.randomErasing(d(a, "p"), doubles(a, "scale"), doubles(a, "ratio"), doubles(a, "value"), false);
            default -> throw new AssertionError(name);
        };
    }

    @Test
    void randomTransformsDrawAsTorchvision() {
        List<JsonObject> cs = cases("random");
        assertTrue(cs.size() > 150, "cases: " + cs.size());
        List<String> failures = new ArrayList<>();
        for (JsonObject c : cs) {
            String name = c.get("name").getAsString(), what = name + " " + c.get("image").getAsString() + " seed " + c.get("seed") + " " + c.get("args");
            Tensor x = IMAGES.get(c.get("image").getAsString());
            try {
                UnaryOperator<Tensor> t = make(name, c.getAsJsonObject("args"));
                Torch.manualSeed(c.get("seed").getAsLong());
                Tensor got = t.apply(x);
                long next = Torch.randint(0, 1L << 30, Size.of()).itemLong();
                Tensor want = Golden.tensor(c.getAsJsonObject("out"));
                if (name.equals("RandomResizedCrop")) checkResized(want, got, what);
                else check(want, got, what);
                assertEquals(c.get("next").getAsLong(), next, what + ": generator state after the call");
            } catch (AssertionError | RuntimeException e) {
                failures.add(what + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) fail(failures.size() + " failures:\n" + String.join("\n", failures));
    }

    @Test
    void reprsMatchTorchvision() {
        Map<String, String> seen = new HashMap<>();
        for (JsonObject c : cases("random")) seen.putIfAbsent(c.get("name").getAsString() + c.get("args"), c.get("repr").getAsString());
        List<String> failures = new ArrayList<>();
        for (JsonObject c : cases("random")) {
            String key = c.get("name").getAsString() + c.get("args");
            if (!seen.containsKey(key)) continue;
            String want = seen.remove(key), got = make(c.get("name").getAsString(), c.getAsJsonObject("args")).toString();
            if (!loose(want).equals(loose(got))) failures.add("want " + want + "\n      got  " + got);
        }
        if (!failures.isEmpty()) fail(failures.size() + " repr mismatches:\n" + String.join("\n", failures));
    }

    /**
     * A repr without what Java cannot know: whether Python was given a list or a tuple, an int or a float; and
     * antialias, None in torchvision 0.14 (meaning False for tensors) and a boolean here.
     */
    private static String loose(String repr) {
        return repr.replace('[', '(').replace(']', ')').replaceAll("(\\d)\\.0\\b", "$1").replace("antialias=None", "antialias=False");
    }

    private static String message(String name) {
        return cases("error").stream().filter(c -> c.get("name").getAsString().equals(name)).findFirst().orElseThrow()
                .get("message").getAsString();
    }

    private static void assertMessage(String name, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run, name);
        assertEquals(message(name), e.getMessage(), name);
    }

    @Test
    void errorsAreTorchvisions() {
        Tensor u8 = IMAGES.get("u8"), f32 = IMAGES.get("f32");
        assertMessage("brightness", () -> Functional.adjustBrightness(u8, -0.5));
        assertMessage("contrast", () -> Functional.adjustContrast(u8, -1.0));
        assertMessage("saturation", () -> Functional.adjustSaturation(u8, -2.0));
        assertMessage("sharpness", () -> Functional.adjustSharpness(u8, -0.25));
        assertMessage("hue", () -> Functional.adjustHue(u8, 0.75));
        assertMessage("gamma", () -> Functional.adjustGamma(u8, -1.0));
        assertMessage("grayscale_channels", () -> Functional.rgbToGrayscale(u8, 2));
        assertMessage("grayscale_dims", () -> Functional.rgbToGrayscale(u8.select(0, 0)));
        assertMessage("channels", () -> Functional.adjustBrightness(Torch.zeros(2, 4, 4), 0.5));
        assertMessage("posterize_bits", () -> Functional.posterize(u8, 9));
        assertMessage("posterize_dtype", () -> Functional.posterize(f32, 3));
        assertMessage("solarize_threshold", () -> Functional.solarize(f32, 1.5));
        assertMessage("equalize_dims", () -> Functional.equalize(IMAGES.get("batch").unsqueeze(0)));
        assertMessage("blur_even", () -> Functional.gaussianBlur(u8, new long[] {4, 3}, null));
        assertMessage("blur_sigma", () -> Functional.gaussianBlur(u8, new long[] {3, 3}, new double[] {0.0, 1.0}));
        assertMessage("affine_scale", () -> Functional.affine(u8, 0, new double[2], 0.0, new double[2], InterpolationMode.NEAREST, null, null));
        assertMessage("rotate_fill", () -> Functional.rotate(u8, 10.0, InterpolationMode.NEAREST, false, null, new double[] {1, 2}));
        assertMessage("five_crop_size", () -> Functional.fiveCrop(u8, 9, 4));
        assertMessage("jitter_negative", () -> Transforms.colorJitter(-1, 0, 0, 0));
        assertMessage("jitter_range", () -> Transforms.colorJitter(null, null, null, new double[] {-0.6, 0.2}));
        assertMessage("rotation_degrees", () -> Transforms.randomRotation(-3));
        assertMessage("affine_translate", () -> Transforms.randomAffine(new double[] {0}, new double[] {0.5, 1.5}, null, null,
                InterpolationMode.NEAREST, null, null));
        assertMessage("affine_shear_len", () -> Transforms.randomAffine(new double[] {0}, null, null, new double[] {1, 2, 3},
                InterpolationMode.NEAREST, null, null));
        assertMessage("blur_kernel", () -> Transforms.gaussianBlur(4));
        assertMessage("blur_sigma_order", () -> Transforms.gaussianBlur(new long[] {3}, new double[] {2.0, 1.0}));
        assertMessage("erasing_scale", () -> Transforms.randomErasing(0.5, new double[] {0.5, 1.5}, new double[] {0.3, 3.3}, new double[] {0}, false));
        assertMessage("erasing_p", () -> Transforms.randomErasing(1.5, new double[] {0.02, 0.33}, new double[] {0.3, 3.3}, new double[] {0}, false));
    }

    @Test
    void combinatorsApplyTheirTransforms() {
        Tensor x = IMAGES.get("u8");
        Transform inv = Transforms.lambda(Functional::invert);
        assertEquals("Lambda()", inv.toString());
        Golden.assertExact(Functional.invert(x), inv.apply(x), "lambda");
        Transform order = Transforms.randomOrder(List.of(Transforms.lambda(t -> t.add(1L)), Transforms.lambda(t -> t.mul(2L))), new java.util.Random(3));
        assertEquals("RandomOrder(\n    Lambda()\n    Lambda()\n)", order.toString());
        Tensor y = order.apply(x.to(DType.INT64));
        Tensor a = x.to(DType.INT64).add(1L).mul(2L), b = x.to(DType.INT64).mul(2L).add(1L);
        assertTrue(y.equal(a) || y.equal(b));
        Transform choice = Transforms.randomChoice(List.of(Transforms.lambda(t -> t.add(1L)), Transforms.lambda(t -> t.mul(2L))),
                new double[] {0, 1}, new java.util.Random(1));
        assertEquals("RandomChoice(\n    Lambda()\n    Lambda()\n)(p=[0.0, 1.0])", choice.toString());
        Golden.assertExact(x.to(DType.INT64).mul(2L), choice.apply(x.to(DType.INT64)), "weights pick the second");
        assertEquals("FiveCrop(size=(4, 5))", Transforms.fiveCrop(4, 5).toString());
        assertEquals(10, Transforms.tenCrop(new long[] {3}, false).apply(x).size());
    }
}
