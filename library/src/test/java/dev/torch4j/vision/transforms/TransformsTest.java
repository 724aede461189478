package dev.torch4j.vision.transforms;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Transforms against torchvision's v2 kernels (computed with plain torch ops in scripts/goldens/vision_goldens.py). */
class TransformsTest {
    private static List<JsonObject> cases(String kind) {
        return Golden.cases("vision").stream().filter(c -> c.get("kind").getAsString().equals(kind)).toList();
    }

    private static double[] doubles(JsonArray a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsDouble();
        return v;
    }

    static long[] longs(JsonElement e) {
        if (e == null || e.isJsonNull()) return null;
        JsonArray a = e.getAsJsonArray();
        long[] v = new long[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsLong();
        return v;
    }

    @Test
    void normalizeMatchesTorchvision() {
        List<JsonObject> cs = cases("normalize");
        assertEquals(3, cs.size());
        for (JsonObject c : cs) {
            Tensor x = Golden.tensor(c.getAsJsonObject("input"));
            double[] mean = doubles(c.getAsJsonArray("mean")), std = doubles(c.getAsJsonArray("std"));
            Tensor want = Golden.tensor(c.getAsJsonObject("out"));
            Golden.assertExact(want, Functional.normalize(x, mean, std), "normalize " + x.dtype());
            Golden.assertExact(want, Transforms.normalize(mean, std).apply(x), "Normalize " + x.dtype());
            Tensor copy = x.clone();
            assertSame(copy, Functional.normalize(copy, mean, std, true));
            Golden.assertExact(want, copy, "in place");
        }
    }

    @Test
    void resizeMatchesInterpolate() {
        List<JsonObject> cs = cases("resize");
        assertEquals(12, cs.size());
        for (JsonObject c : cs) {
            Tensor x = Golden.tensor(c.getAsJsonObject("input"));
            InterpolationMode mode = InterpolationMode.valueOf(c.get("mode").getAsString().toUpperCase());
            long[] size = longs(c.get("size"));
            Long maxSize = c.get("maxSize").isJsonNull() ? null : c.get("maxSize").getAsLong();
            Tensor want = Golden.tensor(c.getAsJsonObject("out")), got = Functional.resize(x, size, mode, maxSize);
            String what = "resize " + x.dtype() + " " + x.shape() + " -> " + want.shape() + " " + mode;
            if (x.dtype() == DType.FLOAT64) Golden.assertClose(want, got, 1e-12, 1e-12, what);
            else if (x.dtype() == DType.FLOAT32) Golden.assertClose(want, got, 1e-6, 1e-6, what);
            else Golden.assertExact(want, got, what);
            Golden.assertExact(got, Transforms.resize(size, mode, maxSize).apply(x), "Resize");
        }
    }

    @Test
    void toDtypeScalesBetweenImageRanges() {
        List<JsonObject> cs = cases("toDtype");
        assertEquals(10, cs.size());
        for (JsonObject c : cs) {
            Tensor x = Golden.tensor(c.getAsJsonObject("input"));
            DType d = Golden.dtype(c.get("dtype").getAsString());
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("out")), Functional.toDtype(x, d, true), c.get("name").getAsString());
            Golden.assertExact(Functional.convertImageDtype(x, d), Transforms.convertImageDtype(d).apply(x), "ConvertImageDtype");
            if (!(!x.isFloatingPoint() && d.isFloatingPoint())) { // v1's convert_image_dtype divides integers (FuzzTransformsParityTest)
                Golden.assertExact(Functional.toDtype(x, d, true), Functional.convertImageDtype(x, d), "convert_image_dtype");
            }
        }
        Tensor u8 = Torch.tensor(new long[] {0, 255}).to(DType.UINT8);
        Golden.assertExact(Torch.tensor(new double[] {0, 255}).to(DType.FLOAT32), Functional.toDtype(u8, DType.FLOAT32, false), "no scale");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Functional.toDtype(Torch.zeros(1), DType.INT64, true));
        assertEquals("The conversion from torch.float32 to torch.int64 cannot be performed safely.", e.getMessage());
        // ToTensor: to_tensor's uint8 -> float32 / 255
        Golden.assertExact(u8.to(DType.FLOAT32).div(255.0), Transforms.toTensor().apply(u8), "ToTensor");
        assertThrows(IllegalArgumentException.class, () -> Transforms.toTensor().apply(Torch.zeros(1, 2, 2)));
    }

    @Test
    void centerCropMatchesTorchvisionIncludingPaddingAndRounding() {
        List<JsonObject> cs = cases("centerCrop");
        assertEquals(7, cs.size());
        for (JsonObject c : cs) {
            Tensor x = Golden.tensor(c.getAsJsonObject("input"));
            long[] size = longs(c.get("size"));
            Tensor want = Golden.tensor(c.getAsJsonObject("out"));
            Golden.assertExact(want, Functional.centerCrop(x, size), "centerCrop " + size[0] + "x" + size[1]);
            Golden.assertExact(want, Transforms.centerCrop(size).apply(x), "CenterCrop");
        }
    }

    @Test
    void randomCropDrawsAsTorchvisionV2AfterTheSameSeed() {
        List<JsonObject> cs = cases("randomCrop");
        assertEquals(8, cs.size());
        for (JsonObject c : cs) {
            Tensor x = Golden.tensor(c.getAsJsonObject("input"));
            Transform t = Transforms.randomCrop(longs(c.get("size")), longs(c.get("padding")), c.get("padIfNeeded").getAsBoolean(),
                    c.get("fill").getAsDouble(), c.get("mode").getAsString());
            Torch.manualSeed(c.get("seed").getAsLong());
            for (JsonElement out : c.getAsJsonArray("outs")) {
                Golden.assertExact(Golden.tensor(out.getAsJsonObject()), t.apply(x), "seed " + c.get("seed") + " " + t);
            }
        }
    }

    @Test
    void flipsDrawOneRandPerCall() {
        Tensor x = Torch.arange(2).to(DType.FLOAT32).reshape(1, 1, 2);
        for (JsonObject c : cases("flips")) {
            double p = c.get("p").getAsDouble();
            JsonArray flipped = c.getAsJsonArray("flipped");
            for (Transform t : new Transform[] {Transforms.randomHorizontalFlip(p), Transforms.randomVerticalFlip(p)}) {
                Torch.manualSeed(c.get("seed").getAsLong());
                Tensor img = t.toString().contains("Vertical") ? x.transpose(1, 2) : x;
                for (int i = 0; i < flipped.size(); i++) {
                    boolean f = t.apply(img).flatten().get(0).item() == 1;
                    assertEquals(flipped.get(i).getAsBoolean(), f, t + " call " + i);
                }
            }
        }
    }

    @Test
    void kernelsReverseAndCropTheLastDims() {
        Tensor x = Torch.arange(2 * 3 * 4).reshape(2, 3, 4); // a batch of two 3x4 images
        Golden.assertExact(Torch.tensor(new long[] {3, 2, 1, 0}), Functional.hflip(x).get(0).get(0), "hflip reverses the width");
        Golden.assertExact(Torch.tensor(new long[] {8, 9, 10, 11}), Functional.vflip(x).get(0).get(0), "vflip reverses the height");
        Golden.assertExact(x, Functional.hflip(Functional.hflip(x)), "twice");
        Tensor one = Torch.zeros(1, 1, 1);
        Functional.hflip(one).fill_(1); // a copy, as flip's, even when there is nothing to reverse
        assertEquals(0.0, one.item());
        assertArrayEquals(new long[] {2, 0, 3}, Functional.vflip(Torch.zeros(2, 0, 3)).shapeArray());
        // a window reaching outside the image is zero-filled: rows -1..0, cols 2..4 of image 0
        Golden.assertExact(Torch.tensor(new long[][] {{0, 0, 0}, {2, 3, 0}}), Functional.crop(x, -1, 2, 2, 3).get(0), "crop");
        Golden.assertExact(Torch.zeros(2, 2, 2).to(DType.INT64), Functional.crop(x, 5, -9, 2, 2), "entirely outside");
        // symmetric padding repeats the edge, reflect does not: [1, 2, 3, 4] padded by 2
        Tensor row = Torch.tensor(new long[] {1, 2, 3, 4}).reshape(1, 4);
        Golden.assertExact(Torch.tensor(new long[] {2, 1, 1, 2, 3, 4, 4, 3}).reshape(1, 8),
                Functional.pad(row, new long[] {2, 0}, 0, "symmetric"), "symmetric");
        Golden.assertExact(Torch.tensor(new long[] {3, 2, 1, 2, 3, 4, 3, 2}).reshape(1, 8),
                Functional.pad(row, new long[] {2, 0}, 0, "reflect"), "reflect");
        Golden.assertExact(Torch.tensor(new long[] {1, 1, 1, 2, 3, 4, 4, 4}).reshape(1, 8),
                Functional.pad(row, new long[] {2, 0}, 0, "edge"), "edge");
        Golden.assertExact(Torch.tensor(new long[] {9, 1, 2, 3, 4, 9}).reshape(1, 6),
                Functional.pad(row, new long[] {1, 0}, 9, "constant"), "constant");
        assertArrayEquals(new long[] {2, 3, 7, 8}, Functional.pad(Torch.zeros(2, 3, 4, 5), new long[] {1, 2, 2, 1}, 0, "constant").shapeArray());
    }

    @Test
    void composeRunsInOrderAndPrintsAsTorchvision() {
        UnaryOperator<Tensor> plusOne = t -> t.add(1);
        Compose c = new Compose(Transforms.toTensor(), plusOne, Transforms.normalize(new double[] {0.5}, new double[] {0.25}));
        Tensor x = Torch.tensor(new long[] {0, 255}).to(DType.UINT8).reshape(1, 1, 2);
        // (x / 255 + 1 - 0.5) / 0.25
        assertArrayEquals(new double[] {2.0, 6.0}, c.apply(x).toDoubleArray(), 1e-6);
        assertEquals(3, c.transforms().size());
        assertEquals("""
                Compose(
                    ToTensor()
                    RandomCrop(size=(32, 32), padding=4)
                    RandomHorizontalFlip(p=0.5)
                    Normalize(mean=[0.4914, 0.4822, 0.4465], std=[0.247, 0.243, 0.261])
                )""", new Compose(Transforms.toTensor(), Transforms.randomCrop(new long[] {32}, new long[] {4}), Transforms.randomHorizontalFlip(),
                Transforms.normalize(new double[] {0.4914, 0.4822, 0.4465}, new double[] {0.247, 0.243, 0.261})).toString());
        assertEquals("CenterCrop(size=(224, 224))", Transforms.centerCrop(224).toString());
        assertEquals("RandomCrop(size=(28, 20), padding=None)", Transforms.randomCrop(28, 20).toString());
        assertEquals("Resize(size=256, interpolation=bilinear, max_size=None, antialias=False)", Transforms.resize(256).toString());
        assertEquals("Pad(padding=[1, 2], fill=0, padding_mode=reflect)", Transforms.pad(new long[] {1, 2}, 0, "reflect").toString());
        assertEquals("RandomVerticalFlip(p=0.3)", Transforms.randomVerticalFlip(0.3).toString());
        assertEquals("ToDtype(dtype=torch.float32, scale=True)", Transforms.toDtype(DType.FLOAT32, true).toString());
    }

    @Test
    void randomTransformsShareOneDrawAcrossABatch() {
        Tensor batch = Torch.arange(3 * 6 * 6).to(DType.FLOAT32).reshape(3, 1, 6, 6);
        Tensor same = batch.get(0).expand(3, 1, 6, 6); // three copies of one image
        Torch.manualSeed(5);
        Tensor a = Transforms.randomCrop(4).apply(same);
        for (int i = 1; i < 3; i++) Golden.assertExact(a.get(0), a.get(i), "one crop for the whole batch");
        Torch.manualSeed(5);
        Tensor b = Transforms.randomCrop(4).apply(batch);
        Golden.assertExact(a.get(0), b.get(0), "the draw does not depend on the batch size");
        // manualSeed makes a pipeline repeat
        Compose aug = new Compose(Transforms.randomCrop(new long[] {5}, new long[] {2}, false, 0, "reflect"), Transforms.randomHorizontalFlip());
        Torch.manualSeed(9);
        Tensor first = aug.apply(batch);
        Torch.manualSeed(9);
        Golden.assertExact(first, aug.apply(batch), "reproducible");
    }

    @Test
    void kernelsAreDifferentiable() {
        Torch.manualSeed(0);
        Tensor x = Torch.randn(Torch.shape(1, 2, 3, 4), Torch.dtype(DType.FLOAT64)).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(in -> Functional.resize(in[0], new long[] {5, 3}, InterpolationMode.BILINEAR, null), x));
        assertTrue(GradCheck.gradcheck(in -> Functional.resize(in[0], new long[] {2, 7}, InterpolationMode.NEAREST, null), x));
        assertTrue(GradCheck.gradcheck(in -> Functional.normalize(in[0], new double[] {0.1, 0.2}, new double[] {0.5, 2}), x));
        assertTrue(GradCheck.gradcheck(in -> Functional.crop(Functional.hflip(in[0]), -1, 1, 4, 4), x));
        assertTrue(GradCheck.gradcheck(in -> Functional.pad(Functional.vflip(in[0]), new long[] {2, 1}, 0, "symmetric"), x));
        assertTrue(GradCheck.gradgradcheck(in -> Functional.resize(in[0], new long[] {4, 6}, InterpolationMode.BILINEAR, null).square(), x));
    }

    @Test
    void errorsSayWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Functional.normalize(Torch.zeros(1, 2, 2).to(DType.UINT8), new double[] {0}, new double[] {1}));
        assertEquals("Input tensor should be a float tensor. Got torch.uint8.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Functional.normalize(Torch.zeros(2, 2), new double[] {0}, new double[] {1}));
        assertEquals("Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = torch.Size([2, 2])", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Functional.normalize(Torch.zeros(3, 2, 2), new double[] {0}, new double[] {1, 0, 1}));
        assertEquals("std evaluated to zero after conversion to torch.float32, leading to division by zero.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Functional.normalize(Torch.zeros(3, 2, 2), new double[] {0, 0}, new double[] {1}));
        assertTrue(e.getMessage().contains("need 1 or 3 values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Transforms.randomCrop(5).apply(Torch.zeros(1, 4, 8)));
        assertEquals("Required crop size (5, 5) is larger than input image size (4, 8).", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Transforms.randomCrop(new long[] {9}, new long[] {1}, false, 0, "constant").apply(Torch.zeros(1, 4, 8)));
        assertEquals("Required crop size (9, 9) is larger than padded input image size (6, 10).", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Transforms.pad(new long[] {1}, 0, "wrap"));
        assertTrue(e.getMessage().contains("constant, edge, reflect or symmetric"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Transforms.pad(new long[] {1, 2, 3}, 0, "constant"));
        assertTrue(e.getMessage().contains("1, 2, or 4 element tuple"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Transforms.resize(new long[] {32}, InterpolationMode.BILINEAR, 32L));
        assertTrue(e.getMessage().startsWith("max_size = 32 must be strictly greater"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Functional.hflip(Torch.zeros(3)));
        assertTrue(e.getMessage().contains("[..., H, W]"), e.getMessage());
    }
}
