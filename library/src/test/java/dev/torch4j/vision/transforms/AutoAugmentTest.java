package dev.torch4j.vision.transforms;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * AutoAugment, RandAugment, TrivialAugmentWide and AugMix against torchvision 0.14 itself
 * (scripts/goldens/vision_autoaugment_goldens.py): after the same seed, the same output (uint8 exactly, float within
 * a few ulps) or the same error, and the generator left where torchvision leaves it.
 */
class AutoAugmentTest {
    private static final VisionGoldens GOLDENS = new VisionGoldens("vision_autoaugment");
    private static final Map<String, Tensor> IMAGES = GOLDENS.images;

    private static List<JsonObject> cases(String kind) { return GOLDENS.of(kind); }

    private static int i(JsonObject a, String key, int dflt) { return a.has(key) ? a.get(key).getAsInt() : dflt; }

    private static double[] fill(JsonObject a) {
        if (!a.has("fill")) return null;
        JsonArray arr = a.getAsJsonArray("fill");
        double[] v = new double[arr.size()];
        for (int k = 0; k < v.length; k++) v[k] = arr.get(k).getAsDouble();
        return v;
    }

    private static InterpolationMode mode(JsonObject a, InterpolationMode dflt) {
        return a.has("mode") ? InterpolationMode.valueOf(a.get("mode").getAsString().toUpperCase()) : dflt;
    }

    private static Transform make(String name, JsonObject a) {
        return switch (name) {
            case "AutoAugment" -> Transforms.autoAugment(AutoAugmentPolicy.valueOf(a.get("policy").getAsString()),
                    mode(a, InterpolationMode.NEAREST), fill(a));
            case "RandAugment" -> Transforms.randAugment(i(a, "num_ops", 2), i(a, "magnitude", 9), i(a, "bins", 31),
                    mode(a, InterpolationMode.NEAREST), fill(a));
            case "TrivialAugmentWide" -> Transforms.trivialAugmentWide(i(a, "bins", 31), mode(a, InterpolationMode.NEAREST), fill(a));
            case "AugMix" -> Transforms.augMix(i(a, "severity", 3), i(a, "width", 3), i(a, "depth", -1),
                    a.has("alpha") ? a.get("alpha").getAsDouble() : 1.0, !a.has("all_ops") || a.get("all_ops").getAsBoolean(),
                    mode(a, InterpolationMode.BILINEAR), fill(a));
            default -> throw new AssertionError(name);
        };
    }

    /**
     * Bilinear geometry on uint8: within one, at no more than two pixels. torchvision's float32 value before rounding
     * can sit a few ulps from .5 (ShearY by atan(0.2) at pixel 184 of the u8 image is 163.49998 there), and PyTorch's
     * CPU kernels (the affine grid's bmm, grid_sample's vectorised blend) order their float32 operations otherwise.
     */
    private static void checkBilinear(Tensor want, Tensor got, String what) {
        Golden.assertClose(want.to(DType.FLOAT64), got.to(DType.FLOAT64), 0, 1, what);
        long off = want.ne(got).sum().itemLong();
        assertTrue(off <= 2, what + ": " + off + " pixels off by one");
    }

    @Test
    void policiesDrawAndApplyAsTorchvision() {
        List<JsonObject> cs = cases("random");
        assertTrue(cs.size() > 100, "cases: " + cs.size());
        List<String> failures = new ArrayList<>();
        for (JsonObject c : cs) {
            String name = c.get("name").getAsString(), what = name + " " + c.get("image").getAsString() + " seed " + c.get("seed") + " " + c.get("args");
            Tensor x = IMAGES.get(c.get("image").getAsString()), before = x.clone();
            try {
                Transform t = make(name, c.getAsJsonObject("args"));
                Torch.manualSeed(c.get("seed").getAsLong());
                if (c.has("error")) {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.apply(x), what);
                    assertEquals(c.get("error").getAsString(), e.getMessage(), what);
                } else {
                    Tensor want = Golden.tensor(c.getAsJsonObject("out")), got = t.apply(x);
                    if (want.dtype() != DType.UINT8) Golden.assertClose(want, got, 1e-5, 1e-5, what);
                    else if (mode(c.getAsJsonObject("args"), name.equals("AugMix") ? InterpolationMode.BILINEAR : InterpolationMode.NEAREST)
                            == InterpolationMode.BILINEAR) checkBilinear(want, got, what);
                    else Golden.assertExact(want, got, what);
                }
                long next = Torch.randint(0, 1L << 30, Size.of()).itemLong();
                assertEquals(c.get("next").getAsLong(), next, what + ": generator state after the call");
                Golden.assertExact(before, x, what + ": input untouched");
            } catch (AssertionError | RuntimeException e) {
                failures.add(what + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) fail(failures.size() + " failures:\n" + String.join("\n", failures));
    }

    /** Reprs as torchvision's, save that Java cannot know whether Python was given ints or floats ({@code 1} or {@code 1.0}). */
    @Test
    void reprsMatchTorchvision() {
        List<String> failures = new ArrayList<>();
        for (JsonObject c : cases("random")) {
            String want = c.get("repr").getAsString(), got = make(c.get("name").getAsString(), c.getAsJsonObject("args")).toString();
            if (!loose(want).equals(loose(got))) failures.add("want " + want + "\n      got  " + got);
        }
        if (!failures.isEmpty()) fail(failures.size() + " repr mismatches:\n" + String.join("\n", new java.util.LinkedHashSet<>(failures)));
    }

    private static String loose(String repr) { return repr.replaceAll("(\\d)\\.0\\b", "$1"); }

    private static String message(String name) {
        return cases("error").stream().filter(c -> c.get("name").getAsString().equals(name)).findFirst().orElseThrow()
                .get("message").getAsString();
    }

    @Test
    void errorsAreTorchvisions() {
        for (int severity : new int[] {11, 0}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Transforms.augMix(severity, 3, -1, 1.0, true, InterpolationMode.BILINEAR, null));
            assertEquals(message(severity == 11 ? "augmix_severity" : "augmix_severity0"), e.getMessage());
        }
    }

    /**
     * A transform reused on images of another size gives what a fresh one gives: the translation magnitudes it keeps
     * from the last image (torchvision rebuilds them per call) follow the new width and height.
     */
    @Test
    void reusedTransformFollowsTheImageSize() {
        Torch.manualSeed(3);
        Tensor small = Torch.randint(0, 256, Size.of(3, 16, 16), Torch.dtype(DType.UINT8));
        Tensor wide = Torch.randint(0, 256, Size.of(3, 20, 40), Torch.dtype(DType.UINT8));
        List<java.util.function.Supplier<Transform>> makers = List.of(
                () -> Transforms.autoAugment(AutoAugmentPolicy.IMAGENET, InterpolationMode.NEAREST, null),
                () -> Transforms.randAugment(2, 30, 31, InterpolationMode.NEAREST, null),
                () -> Transforms.trivialAugmentWide(),
                () -> Transforms.augMix());
        for (var maker : makers) {
            Transform reused = maker.get();
            for (long seed = 0; seed < 40; seed++) {
                Torch.manualSeed(seed);
                reused.apply(small);
                Torch.manualSeed(seed);
                Tensor got = reused.apply(wide);
                Torch.manualSeed(seed);
                Golden.assertExact(maker.get().apply(wide), got, reused + " seed " + seed);
            }
        }
    }

    /** Every policy holds torchvision's 25 sub-policies of two steps; IMAGENET's first is (Posterize 0.4 8, Rotate 0.6 9). */
    @Test
    void policyTables() {
        for (AutoAugmentPolicy p : AutoAugmentPolicy.values()) {
            assertEquals(25, p.policies().size(), p.value());
            for (AutoAugmentPolicy.Step[] pair : p.policies()) assertEquals(2, pair.length, p.value());
        }
        AutoAugmentPolicy.Step[] first = AutoAugmentPolicy.IMAGENET.policies().getFirst();
        assertEquals(new AutoAugmentPolicy.Step("Posterize", 0.4, 8), first[0]);
        assertEquals(new AutoAugmentPolicy.Step("Rotate", 0.6, 9), first[1]);
        assertEquals(new AutoAugmentPolicy.Step("AutoContrast", 0.7, -1), AutoAugmentPolicy.SVHN.policies().get(23)[1]);
        assertEquals("AutoAugmentPolicy.CIFAR10", AutoAugmentPolicy.CIFAR10.toString());
    }
}
