package dev.torch4j.nn;

import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.ValuesIndices;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Function;

import static dev.torch4j.Torch.*;
import static dev.torch4j.nn.PoolNormGoldens.longs;
import static dev.torch4j.nn.PoolNormGoldens.tensor;
import static org.junit.jupiter.api.Assertions.*;

/** Pooling, pad and pixel_shuffle against real PyTorch: values, argmax indices, input gradients, reprs, errors. */
class PoolingTest {
    /** Runs fn on the case's input with grad, checks the output (and indices), and the gradient of sum(out * gw). */
    private static void check(JsonObject c, Function<Tensor, ValuesIndices> fn) {
        String name = c.get("name").getAsString();
        // without autograd first (the untracked fast paths), then recorded
        ValuesIndices plain = fn.apply(tensor(c, "x"));
        Golden.assertClose(tensor(c, "out"), plain.values(), name + " out (no grad)");
        if (c.has("indices")) Golden.assertExact(tensor(c, "indices"), plain.indices(), name + " indices (no grad)");
        Tensor x = tensor(c, "x").requiresGrad_(true);
        ValuesIndices r = fn.apply(x);
        Golden.assertClose(tensor(c, "out"), r.values(), name + " out");
        if (c.has("indices")) Golden.assertExact(tensor(c, "indices"), r.indices(), name + " indices");
        r.values().mul(tensor(c, "gw")).sum().backward();
        Golden.assertClose(tensor(c, "grad"), x.grad(), name + " grad");
    }

    private static ValuesIndices v(Tensor t) { return new ValuesIndices(t, null); }

    @Test
    void adaptiveMaxTakesTheLastNaNOfARaggedWindow() {
        // windows [0, 3) and [2, 5) of 5 columns: PyTorch's kernel takes a later value when it is greater or NaN, so
        // both pick the NaN at column 2 (torch.nn.functional.adaptive_max_pool2d/3d give indices [2, 2])
        double nan = Double.NaN;
        Tensor x = dev.torch4j.Torch.tensor(new double[] {nan, 1, nan, 0, 2}).reshape(1, 1, 1, 5);
        assertArrayEquals(new long[] {2, 2}, Functional.adaptiveMaxPool2dWithIndices(x, new long[] {1, 2}).indices().toLongArray());
        assertArrayEquals(new long[] {2, 2}, Functional.adaptiveMaxPool3dWithIndices(x.reshape(1, 1, 5, 1, 1), 2, 1, 1).indices().toLongArray());
    }

    @Test
    void maxPool2dGoldens() {
        for (JsonObject c : PoolNormGoldens.cases("max_pool2d")) {
            JsonObject a = c.getAsJsonObject("args");
            check(c, x -> Functional.maxPool2dWithIndices(x, longs(a, "k"), longs(a, "s"), longs(a, "p"), longs(a, "d"),
                    a.get("ceil").getAsBoolean()));
        }
    }

    @Test
    void maxPool2dGradFnName() {
        Tensor x = randn(1, 1, 4, 4).requiresGrad_(true);
        assertEquals("MaxPool2DWithIndicesBackward0", Functional.maxPool2d(x, 2).gradFn().name());
    }

    @Test
    void maxPool1dGoldens() {
        for (JsonObject c : PoolNormGoldens.cases("max_pool1d")) {
            JsonObject a = c.getAsJsonObject("args");
            check(c, x -> Functional.maxPool1dWithIndices(x, a.get("k").getAsLong(), a.get("s").getAsLong(), a.get("p").getAsLong(),
                    a.get("d").getAsLong(), a.get("ceil").getAsBoolean()));
        }
    }

    @Test
    void avgPoolGoldens() {
        for (JsonObject c : PoolNormGoldens.cases("avg_pool2d")) {
            JsonObject a = c.getAsJsonObject("args");
            Long div = a.get("div").isJsonNull() ? null : a.get("div").getAsLong();
            check(c, x -> v(Functional.avgPool2d(x, longs(a, "k"), longs(a, "s"), longs(a, "p"), a.get("ceil").getAsBoolean(),
                    a.get("cip").getAsBoolean(), div)));
        }
        for (JsonObject c : PoolNormGoldens.cases("avg_pool1d")) {
            JsonObject a = c.getAsJsonObject("args");
            check(c, x -> v(Functional.avgPool1d(x, a.get("k").getAsLong(), a.get("s").getAsLong(), a.get("p").getAsLong(),
                    a.get("ceil").getAsBoolean(), a.get("cip").getAsBoolean())));
        }
    }

    @Test
    void adaptivePoolGoldens() {
        for (JsonObject c : PoolNormGoldens.cases("adaptive_avg_pool2d")) {
            check(c, x -> v(Functional.adaptiveAvgPool2d(x, longs(c.getAsJsonObject("args"), "o"))));
        }
        for (JsonObject c : PoolNormGoldens.cases("adaptive_max_pool2d")) {
            check(c, x -> Functional.adaptiveMaxPool2dWithIndices(x, longs(c.getAsJsonObject("args"), "o")));
        }
        for (JsonObject c : PoolNormGoldens.cases("adaptive_avg_pool1d")) {
            check(c, x -> v(Functional.adaptiveAvgPool1d(x, c.getAsJsonObject("args").get("o").getAsLong())));
        }
    }

    @Test
    void padAndPixelShuffleGoldens() {
        for (JsonObject c : PoolNormGoldens.cases("pad")) {
            JsonObject a = c.getAsJsonObject("args");
            check(c, x -> v(Functional.pad(x, longs(a, "pad"), a.get("mode").getAsString(), a.get("value").getAsDouble())));
        }
        for (JsonObject c : PoolNormGoldens.cases("pixel_shuffle")) {
            check(c, x -> v(Functional.pixelShuffle(x, c.getAsJsonObject("args").get("r").getAsLong())));
        }
    }

    private static Tensor d(Tensor t) { return t.to(DType.FLOAT64).requiresGrad_(true); }

    /** A float64 input without ties (a scaled permutation), so max pooling is differentiable everywhere. */
    private static Tensor distinct(long... shape) {
        long n = 1;
        for (long s : shape) n *= s;
        return d(randperm(n).to(DType.FLOAT64).div(n).reshape(shape));
    }

    @Test
    void gradcheckAndGradgradcheck() {
        manualSeed(3);
        Tensor x = distinct(2, 2, 5, 6);
        Function<Tensor[], Tensor> mp = a -> Functional.maxPool2d(a[0], new long[] {3, 2}, new long[] {2, 1}, new long[] {1, 1},
                new long[] {1, 2}, true);
        assertTrue(GradCheck.gradcheck(mp, x), "max_pool2d");
        assertTrue(GradCheck.gradgradcheck(mp, x), "max_pool2d double backward");
        Function<Tensor[], Tensor> mp1 = a -> Functional.maxPool1d(a[0], 3, 2, 1, 1, true);
        Tensor x1 = distinct(2, 3, 7);
        assertTrue(GradCheck.gradcheck(mp1, x1), "max_pool1d");
        Function<Tensor[], Tensor> amp = a -> Functional.adaptiveMaxPool2d(a[0], 3, 4);
        assertTrue(GradCheck.gradcheck(amp, x), "adaptive_max_pool2d");
        assertTrue(GradCheck.gradgradcheck(amp, x), "adaptive_max_pool2d double backward");
        Tensor y = d(randn(2, 3, 5, 6));
        Function<Tensor[], Tensor> ap = a -> Functional.avgPool2d(a[0], new long[] {3}, new long[] {2}, new long[] {1}, true, false, null);
        assertTrue(GradCheck.gradcheck(ap, y), "avg_pool2d");
        assertTrue(GradCheck.gradgradcheck(ap, y), "avg_pool2d double backward");
        assertTrue(GradCheck.gradcheck(a -> Functional.adaptiveAvgPool2d(a[0], 4, 3), y), "adaptive_avg_pool2d");
        for (String mode : new String[] {"constant", "reflect", "replicate", "circular"}) {
            Function<Tensor[], Tensor> pd = a -> Functional.pad(a[0], new long[] {2, 1, 1, 2}, mode, 0.5);
            assertTrue(GradCheck.gradcheck(pd, y), "pad " + mode);
            assertTrue(GradCheck.gradgradcheck(pd, y), "pad double backward " + mode);
        }
        assertTrue(GradCheck.gradcheck(a -> Functional.pixelShuffle(a[0], 2), d(randn(1, 8, 2, 3))), "pixel_shuffle");
    }

    /**
     * The 3-d pieces the video models use (torchvision.models.video), in float64: S3D's and MViT's max pools (padded,
     * anisotropic), S3D's average pool, VideoResNet's adaptive average pool, a depthwise strided Conv3d (MViT's
     * attention pools), training batch norm over (N, C, T, H, W) and MViT's linear resize of its embeddings.
     */
    @Test
    void videoModelPiecesPassGradcheck() {
        manualSeed(5);
        Tensor x = distinct(1, 2, 4, 5, 5);
        Function<Tensor[], Tensor> mp = a -> Functional.maxPool3d(a[0], new long[] {1, 3, 3}, new long[] {1, 2, 2}, new long[] {0, 1, 1},
                new long[] {1}, false);
        assertTrue(GradCheck.gradcheck(mp, x), "max_pool3d (1, 3, 3)");
        assertTrue(GradCheck.gradgradcheck(mp, x), "max_pool3d double backward");
        assertTrue(GradCheck.gradcheck(a -> Functional.maxPool3d(a[0], new long[] {3}, new long[] {1}, new long[] {1}, new long[] {1}, false), x),
                "max_pool3d (3, 3, 3), stride 1");
        Tensor y = d(randn(1, 2, 3, 5, 4));
        Function<Tensor[], Tensor> ap = a -> Functional.avgPool3d(a[0], new long[] {2, 3, 3}, new long[] {1}, new long[] {0}, false, true);
        assertTrue(GradCheck.gradcheck(ap, y), "avg_pool3d");
        assertTrue(GradCheck.gradgradcheck(ap, y), "avg_pool3d double backward");
        assertTrue(GradCheck.gradcheck(a -> Functional.adaptiveAvgPool3d(a[0], 1, 1, 1), y), "adaptive_avg_pool3d (1, 1, 1)");
        assertTrue(GradCheck.gradcheck(a -> Functional.adaptiveAvgPool3d(a[0], 2, 3, 3), y), "adaptive_avg_pool3d (2, 3, 3)");
        Tensor w = d(randn(2, 1, 3, 3, 3));
        assertTrue(GradCheck.gradcheck(a -> Functional.conv3d(a[0], a[1], null, new long[] {1, 2, 2}, new long[] {1}, new long[] {1}, 2), y, w),
                "depthwise conv3d, stride (1, 2, 2)");
        Tensor g = d(randn(2)), b = d(randn(2));
        assertTrue(GradCheck.gradcheck(a -> Functional.batchNorm(a[0], null, null, a[1], a[2], true, 0.1, 1e-3), y, g, b), "batch_norm 5-d");
        Tensor e = d(randn(1, 4, 3));
        assertTrue(GradCheck.gradcheck(a -> Functional.interpolate(a[0], new long[] {5}, "linear"), e), "linear interpolate");
    }

    @Test
    void largeInputsMatchAComposite() {
        // the parallel kernel on a non-contiguous (channels-last-like) input: compare with max over unfolded windows
        manualSeed(4);
        Tensor x = randn(4, 5, 3, 33, 34).select(2, 1);
        Tensor y = Functional.maxPool2d(x, 2);
        Tensor ref = x.narrow(2, 0, 32).narrow(3, 0, 34).reshape(4, 5, 16, 2, 17, 2).amax(new long[] {3, 5}, false);
        Golden.assertExact(ref, y, "max_pool2d of a strided input");
        // an empty batch pools to an empty batch
        assertArrayEquals(new long[] {0, 3, 2, 2}, Functional.maxPool2d(randn(0, 3, 4, 4), 2).shapeArray());
        assertArrayEquals(new long[] {0, 3, 2, 2}, Functional.avgPool2d(randn(0, 3, 4, 4), 2).shapeArray());
        // float64 and float16 dtypes are kept
        assertEquals(DType.FLOAT64, Functional.maxPool2d(x.to(DType.FLOAT64), 2).dtype());
        assertEquals(DType.FLOAT16, Functional.maxPool2d(x.to(DType.FLOAT16), 2).dtype());
    }

    @Test
    void nanPropagatesAndPaddingNeverWins() {
        Tensor x = dev.torch4j.Torch.tensor(new float[][][] {{{-5, -6}, {Float.NaN, -7}}});
        ValuesIndices r = Functional.maxPool2dWithIndices(x, new long[] {2}, new long[] {1}, new long[] {1}, new long[] {1}, false);
        assertEquals(-5f, r.values().get(0L, 0L, 0L).item(), 0f);
        assertTrue(Double.isNaN(r.values().get(0L, 1L, 1L).item()));
        assertEquals(2L, (long) r.indices().get(0L, 1L, 1L).item());
    }

    @Test
    void reprsMatchPyTorch() {
        Map<String, String> want = new java.util.HashMap<>();
        PoolNormGoldens.cases("repr").get(0).getAsJsonObject("reprs").entrySet().forEach(e -> want.put(e.getKey(), e.getValue().getAsString()));
        assertEquals(want.get("MaxPool2d(3)"), new MaxPool2d(3).toString());
        assertEquals(want.get("MaxPool2d(3,2,1,2,true,true)"),
                new MaxPool2d(new long[] {3}, new long[] {2}, new long[] {1}, new long[] {2}, true, true).toString());
        assertEquals(want.get("MaxPool1d(3)"), new MaxPool1d(3).toString());
        assertEquals(want.get("AvgPool2d(3)"), new AvgPool2d(3).toString());
        assertEquals(want.get("AvgPool1d(3)"), new AvgPool1d(3).toString());
        assertEquals(want.get("AdaptiveAvgPool2d(3,4)"), new AdaptiveAvgPool2d(3, 4).toString());
        assertEquals(want.get("AdaptiveAvgPool1d(3)"), new AdaptiveAvgPool1d(3).toString());
        assertEquals(want.get("AdaptiveMaxPool2d(3,4)"), new AdaptiveMaxPool2d(3, 4).toString());
        assertEquals(want.get("PixelShuffle(2)"), new PixelShuffle(2).toString());
        assertEquals(want.get("ZeroPad2d(1,2,3,4)"), new ZeroPad2d(1, 2, 3, 4).toString());
        assertEquals(want.get("ZeroPad2d(2)"), new ZeroPad2d(2).toString());
        assertEquals(want.get("ConstantPad2d(2,1.5)"), new ConstantPad2d(2, 1.5).toString());
        assertEquals(want.get("ReflectionPad2d(1,2,3,4)"), new ReflectionPad2d(1, 2, 3, 4).toString());
        assertEquals(want.get("ReplicationPad2d(2)"), new ReplicationPad2d(2).toString());
        // modules run their functional forms
        Tensor x = randn(2, 3, 6, 6);
        Golden.assertExact(Functional.maxPool2d(x, 3), new MaxPool2d(3).forward(x), "MaxPool2d forward");
        Golden.assertExact(Functional.avgPool2d(x, 3), new AvgPool2d(3).forward(x), "AvgPool2d forward");
        Golden.assertExact(Functional.pad(x, new long[] {1, 2, 3, 4}, "reflect", 0), new ReflectionPad2d(1, 2, 3, 4).forward(x), "ReflectionPad2d");
        Golden.assertExact(Functional.pad(x, 2, 2, 2, 2), new ZeroPad2d(2).forward(x), "ZeroPad2d");
    }

    /**
     * PyTorch's positional {@code (kernel_size, stride)}: {@code MaxPool2d(3, 2)} is a 3x3 window moving by 2, not a
     * 3x2 window (the tuple is {@code new long[] {3, 2}}), so a line translated from Python means what it meant there.
     * Reprs as PyTorch 1.13 prints them.
     */
    @Test
    void twoPositionalSizesAreKernelAndStride() {
        Tensor x = randn(1, 2, 7, 7);
        Tensor want = Functional.maxPool2d(x, new long[] {3}, new long[] {2}, new long[] {0}, new long[] {1}, false);
        assertArrayEquals(new long[] {1, 2, 3, 3}, want.shapeArray());
        Golden.assertExact(want, new MaxPool2d(3, 2).forward(x), "MaxPool2d(3, 2)");
        Golden.assertExact(want, Functional.maxPool2d(x, 3, 2), "F.max_pool2d(x, 3, 2)");
        Tensor avg = Functional.avgPool2d(x, new long[] {3}, new long[] {2}, new long[] {0}, false, true, null);
        Golden.assertExact(avg, new AvgPool2d(3, 2).forward(x), "AvgPool2d(3, 2)");
        Golden.assertExact(avg, Functional.avgPool2d(x, 3, 2), "F.avg_pool2d(x, 3, 2)");
        assertArrayEquals(new long[] {1, 2, 2, 3}, Functional.maxPool2d(x, new long[] {3, 2}).shapeArray(), "the tuple (3, 2)");
        Tensor seq = randn(1, 2, 9);
        Golden.assertExact(Functional.maxPool1d(seq, 3, 2, 0, 1, false), new MaxPool1d(3, 2).forward(seq), "MaxPool1d(3, 2)");
        Golden.assertExact(Functional.avgPool1d(seq, 3, 2, 0, false, true), Functional.avgPool1d(seq, 3, 2), "F.avg_pool1d(x, 3, 2)");
        assertEquals("MaxPool2d(kernel_size=3, stride=2, padding=0, dilation=1, ceil_mode=False)", new MaxPool2d(3, 2).toString());
        assertEquals("AvgPool2d(kernel_size=3, stride=2, padding=0)", new AvgPool2d(3, 2).toString());
        assertEquals("MaxPool1d(kernel_size=3, stride=2, padding=0, dilation=1, ceil_mode=False)", new MaxPool1d(3, 2).toString());
        assertEquals("AvgPool1d(kernel_size=(3,), stride=(2,), padding=(0,))", new AvgPool1d(3, 2).toString());
    }

    private static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void errorsNameTheOpAndShapes() {
        Map<String, String> torch = new java.util.HashMap<>();
        PoolNormGoldens.cases("errors").get(0).getAsJsonObject("errors").entrySet().forEach(e -> torch.put(e.getKey(), e.getValue().getAsString()));
        // PyTorch 2.x words the padding check "at most half of effective kernel size ... and dilation=" (1.13 omits the dilation)
        String m = error(() -> Functional.maxPool2d(randn(1, 1, 5, 5), new long[] {3}, new long[] {1}, new long[] {2}, new long[] {1}, false));
        assertEquals("pad should be at most half of effective kernel size, but got pad=2, kernel_size=3 and dilation=1", m);
        assertTrue(torch.get("mp_pad").startsWith("pad should be at most half of"), torch.get("mp_pad"));
        m = error(() -> Functional.avgPool2d(randn(1, 1, 5, 5), new long[] {2}, new long[] {1}, new long[] {2}, false, true, null));
        assertTrue(m.startsWith("pad should be at most half of effective kernel size, but got pad=2, kernel_size=2"), m);
        m = error(() -> Functional.maxPool2d(randn(1, 3, 2, 2), 3));
        assertTrue(m.endsWith(torch.get("mp_small")), m);
        assertTrue(m.startsWith("max_pool2d"), m);
        m = error(() -> Functional.maxPool2d(randn(5, 5), 2));
        assertTrue(m.contains("3D or 4D") && m.contains("[5, 5]"), m);
        m = error(() -> Functional.maxPool2d(randn(1, 1, 5, 5), 0));
        assertTrue(m.contains("kernel size should be greater than zero"), m);
        m = error(() -> Functional.maxPool2d(randn(1, 1, 5, 5).to(DType.INT64), 2));
        assertTrue(m.contains("max_pool2d") && m.contains("Long"), m);
        assertEquals(torch.get("ps_div"), error(() -> Functional.pixelShuffle(randn(1, 5, 2, 2), 2)));
        assertEquals(torch.get("reflect_big"), error(() -> Functional.pad(randn(1, 2, 3), new long[] {3, 0}, "reflect", 0)));
    }
}
