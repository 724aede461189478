package dev.torch4j.vision.transforms;

import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * resize with antialias, bicubic and nearest-exact against torchvision 0.17+'s tensor kernel
 * (scripts/goldens/interpolate_aa_goldens.py, cross-checked there against torchvision 0.14's F.resize): float
 * images, uint8 through float32 with bicubic's clamp, int16 without it; Resize, resized_crop and
 * RandomResizedCrop with antialias; reprs; the grid transforms' mode check.
 */
class ResizeAntialiasTest {
    private static List<JsonObject> cases(String kind) {
        return Golden.cases("interpolate_aa").stream().filter(c -> c.get("kind").getAsString().equals(kind)).toList();
    }

    private static InterpolationMode mode(JsonObject c) {
        return InterpolationMode.valueOf(c.get("mode").getAsString().replace('-', '_').toUpperCase());
    }

    private static void check(Tensor want, Tensor got, String what) {
        if (want.dtype() == DType.FLOAT64) Golden.assertClose(want, got, 1e-13, 1e-13, what);
        else if (want.dtype() == DType.FLOAT32) Golden.assertClose(want, got, 2e-6, 2e-5, what); // pixel values up to 10
        else Golden.assertExact(want, got, what);
    }

    @Test
    void resizeMatchesTorchvision() {
        List<JsonObject> cs = cases("resize");
        assertEquals(15, cs.size());
        for (JsonObject c : cs) {
            Tensor x = Golden.tensor(c.getAsJsonObject("input"));
            InterpolationMode mode = mode(c);
            long[] size = TransformsTest.longs(c.get("size"));
            Long maxSize = c.get("maxSize").isJsonNull() ? null : c.get("maxSize").getAsLong();
            boolean aa = c.get("antialias").getAsBoolean();
            Tensor want = Golden.tensor(c.getAsJsonObject("out")), got = Functional.resize(x, size, mode, maxSize, aa);
            String what = "resize " + x.dtype() + " " + x.shape() + " -> " + want.shape() + " " + mode + " antialias=" + aa;
            check(want, got, what);
            Golden.assertExact(got, Transforms.resize(size, mode, maxSize, aa).apply(x), "Resize " + what);
        }
    }

    @Test
    void resizedCropAndRandomResizedCropAntialias() {
        JsonObject c = cases("resized_crop").get(0);
        Tensor x = Golden.tensor(c.getAsJsonObject("input"));
        long[] box = TransformsTest.longs(c.get("box"));
        Tensor got = Functional.resizedCrop(x, box[0], box[1], box[2], box[3], TransformsTest.longs(c.get("size")), mode(c), true);
        check(Golden.tensor(c.getAsJsonObject("out")), got, "resized_crop");
        // RandomResizedCrop draws its box as before, then resizes it with antialiasing
        Transform t = Transforms.randomResizedCrop(new long[] {5, 4}, new double[] {0.3, 0.9}, new double[] {0.75, 1.3333},
                InterpolationMode.BICUBIC, true);
        assertEquals("RandomResizedCrop(size=(5, 4), scale=(0.3, 0.9), ratio=(0.75, 1.3333), interpolation=bicubic), antialias=True)",
                t.toString());
        Torch.manualSeed(4);
        Tensor y = t.apply(x);
        Torch.manualSeed(4);
        Tensor plain = Transforms.randomResizedCrop(new long[] {5, 4}, new double[] {0.3, 0.9}, new double[] {0.75, 1.3333},
                InterpolationMode.BICUBIC, false).apply(x);
        assertEquals(List.of(3L, 5L, 4L), List.of(y.size(0), y.size(1), y.size(2)));
        assertTrue(y.sub(plain).abs().max().item() > 1e-3, "antialias changes a downscaled crop");
    }

    @Test
    void reprsAndDefaults() {
        assertEquals("Resize(size=256, interpolation=bicubic, max_size=None, antialias=True)",
                Transforms.resize(new long[] {256}, InterpolationMode.BICUBIC, null, true).toString());
        assertEquals("Resize(size=[4, 5], interpolation=nearest-exact, max_size=None, antialias=False)",
                Transforms.resize(new long[] {4, 5}, InterpolationMode.NEAREST_EXACT, null).toString());
        // the overloads without antialias keep torchvision 0.14's tensor default (False)
        Tensor x = Torch.rand(3, 12, 10);
        Golden.assertExact(Functional.resize(x, new long[] {4}, InterpolationMode.BICUBIC, null, false),
                Functional.resize(x, new long[] {4}, InterpolationMode.BICUBIC, null), "default antialias");
        // antialias is ignored for the nearest modes, as torchvision 0.17+ does
        Golden.assertExact(Functional.resize(x, new long[] {4}, InterpolationMode.NEAREST_EXACT, null, false),
                Functional.resize(x, new long[] {4}, InterpolationMode.NEAREST_EXACT, null, true), "nearest-exact antialias");
    }

    @Test
    void gradcheckThroughAntialiasedResize() {
        Torch.manualSeed(2);
        Tensor x = Torch.rand(2, 7, 6).to(DType.FLOAT64).requiresGrad_(true);
        for (InterpolationMode m : List.of(InterpolationMode.BILINEAR, InterpolationMode.BICUBIC)) {
            assertTrue(GradCheck.gradcheck(in -> Functional.resize(in[0], new long[] {3, 4}, m, null, true), x), m.toString());
        }
        assertTrue(GradCheck.gradcheck(in -> Functional.resize(in[0], new long[] {9, 4}, InterpolationMode.BICUBIC, null, false), x));
    }

    @Test
    void gridTransformsTakeNearestAndBilinearOnly() {
        Tensor x = Torch.rand(3, 5, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Functional.rotate(x, 30, InterpolationMode.BICUBIC, false, null, null));
        assertEquals("Interpolation mode 'bicubic' is unsupported with Tensor input", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Functional.affine(x, 10, new double[] {0, 0}, 1.0, new double[] {0},
                InterpolationMode.NEAREST_EXACT, null, null));
        assertEquals("Interpolation mode 'nearest-exact' is unsupported with Tensor input", e.getMessage());
    }
}
