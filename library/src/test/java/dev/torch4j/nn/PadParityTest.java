package dev.torch4j.nn;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.function.Function;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * F.pad's negative amounts (crops) in reflect, replicate and circular modes and the refusals PyTorch gives for
 * integer inputs and layouts in those modes, for integer inputs of interpolate's nearest modes, kl_div and
 * local_response_norm (which average-pools int64 alone); goldens from scripts/goldens/pad_parity_goldens.py.
 */
class PadParityTest {
    private static final JsonObject G = Golden.cases("pad_parity").get(0);

    private static long[] longs(JsonElement e) {
        return e.getAsJsonArray().asList().stream().mapToLong(JsonElement::getAsLong).toArray();
    }

    private static String message(Executable e) {
        return assertThrows(RuntimeException.class, e).getMessage();
    }

    private static String torch(String key) { return G.getAsJsonObject("errors").get(key).getAsString(); }

    @Test
    void negativePadsCropAsPyTorch() {
        for (JsonElement e : G.getAsJsonArray("pad")) {
            JsonObject c = e.getAsJsonObject();
            long[] pads = longs(c.get("pads"));
            String mode = c.get("mode").getAsString(), what = mode + " " + java.util.Arrays.toString(pads);
            Tensor x = Golden.tensor(c.getAsJsonObject("x")).requiresGrad_(true);
            Tensor y = Functional.pad(x, pads, mode, 0.0);
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("out")), y, what);
            y.mul(Golden.tensor(c.getAsJsonObject("w"))).sum().backward();
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("grad")), x.grad(), what + " grad");
        }
    }

    @Test
    void negativePadsPassGradcheck() {
        manualSeed(4);
        Tensor x = randn(2, 3, 4, 5).to(DType.FLOAT64).requiresGrad_(true);
        for (String mode : new String[] {"reflect", "replicate", "circular"}) {
            Function<Tensor[], Tensor> f = a -> Functional.pad(a[0], new long[] {-1, 2, 1, -2}, mode, 0.0);
            assertTrue(GradCheck.gradcheck(f, x), "pad " + mode);
            assertTrue(GradCheck.gradgradcheck(f, x), "pad double backward " + mode);
        }
    }

    @Test
    void refusalsAsPyTorch() {
        Tensor x = randn(1, 2, 5);
        assertEquals(torch("reflect_long_1d"), message(() -> Functional.pad(x.to(DType.INT64), new long[] {1, 1}, "reflect", 0)));
        assertEquals(torch("reflect_bool_2d"), message(() -> Functional.pad(ones(2, 3, 3).to(DType.BOOL), new long[] {1, 1, 1, 1}, "reflect", 0)));
        assertEquals(torch("reflect_int_3d"), message(() -> Functional.pad(ones(1, 2, 3, 3, 3).to(DType.INT32), new long[] {1, 1, 1, 1, 1, 1}, "reflect", 0)));
        assertEquals(torch("replicate_long_1d"), message(() -> Functional.pad(x.to(DType.INT64), new long[] {1, 1}, "replicate", 0)));
        assertEquals(torch("replicate_uint8_2d"), message(() -> Functional.pad(ones(1, 2, 3, 3).to(DType.UINT8), new long[] {1, 1, 1, 1}, "replicate", 0)));
        assertEquals(torch("layout_reflect"), message(() -> Functional.pad(randn(2, 2, 2, 5), new long[] {1, 1}, "reflect", 0)));
        assertEquals(torch("layout_circular"), message(() -> Functional.pad(randn(5), new long[] {1, 1}, "circular", 0)));
        assertEquals(torch("reflect_big"), message(() -> Functional.pad(x, new long[] {-1, 5}, "reflect", 0)));
        // 1.13 garbles this one ("2input (W: 5)is too small"): its substance is compared
        assertTrue(torch("reflect_small").contains("input (W: 5)"), torch("reflect_small"));
        assertEquals("input (W: 5) is too small. Calculated output W: 0", message(() -> Functional.pad(x, new long[] {-3, -2}, "reflect", 0)));
        assertEquals(torch("circular_wrap"), message(() -> Functional.pad(x, new long[] {6, -1}, "circular", 0)));
        assertEquals(torch("circular_negative"), message(() -> Functional.pad(x, new long[] {-3, -3}, "circular", 0)));
        // circular wrapping past what the other side's crop left: PyTorch reads uninitialised memory, torch4j refuses
        assertTrue(message(() -> Functional.pad(x, new long[] {-4, 2}, "circular", 0)).startsWith(torch("circular_wrap")));
        // circular pads integers by copies
        assertArrayEquals(new long[] {4, 0, 1, 2, 3, 4, 0, 1}, Functional.pad(arange(5).view(1, 1, 5), new long[] {1, 2}, "circular", 0).toLongArray());
        // torchvision pads integer images in these modes through float32
        Tensor img = arange(6).to(DType.UINT8).view(1, 2, 3);
        assertArrayEquals(new long[] {1, 0, 1, 2, 1, 4, 3, 4, 5, 4},
                dev.torch4j.vision.transforms.Functional.pad(img, new long[] {1, 0, 1, 0}, 0, "reflect").toLongArray());
    }

    @Test
    void integerInputsOfInterpolateKlDivAndLrnAsPyTorch() {
        Tensor x = randn(1, 2, 5);
        assertEquals(torch("nearest_long"), message(() -> Functional.interpolate(x.to(DType.INT64), null, new double[] {2}, "nearest", null, null)));
        assertEquals(torch("nearest_bool"), message(() -> Functional.interpolate(x.gt(0), new long[] {7}, null, "nearest-exact", null, null)));
        assertEquals(torch("kl_div_long"), message(() -> Functional.klDiv(x.to(DType.INT64), x, Reduction.SUM, false)));
        assertEquals(torch("kl_div_bool_target"), message(() -> Functional.klDiv(x, x.gt(0), Reduction.SUM, false)));
        assertEquals(torch("lrn_int_3d"), message(() -> Functional.localResponseNorm(ones(1, 3, 2).to(DType.INT32), 2, 1e-4, 0.75, 1.0)));
        assertEquals(torch("lrn_int_4d"), message(() -> Functional.localResponseNorm(ones(1, 3, 2, 2).to(DType.INT32), 2, 1e-4, 0.75, 1.0)));
        JsonObject l = G.getAsJsonObject("lrn_long");   // int64: the window means truncate, the result is float32
        Golden.assertClose(Golden.tensor(l.getAsJsonObject("out")),
                Functional.localResponseNorm(Golden.tensor(l.getAsJsonObject("x")), 2, 0.5, 0.75, 1.0), "lrn int64 3-d");
        Golden.assertClose(Golden.tensor(l.getAsJsonObject("out4")),
                Functional.localResponseNorm(Golden.tensor(l.getAsJsonObject("x4")), 3, 0.5, 0.75, 2.0), "lrn int64 4-d");
    }
}
