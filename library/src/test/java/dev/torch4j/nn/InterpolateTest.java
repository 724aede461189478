package dev.torch4j.nn;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * F.interpolate and nn.Upsample against real PyTorch (scripts/goldens/conv_extra_goldens.py): every mode, align
 * corners both ways, sizes and (non-integer, per-dim, downsampling) scale factors with and without
 * recompute_scale_factor, outputs and input gradients in float64 and outputs in float32 (whose index arithmetic
 * PyTorch does in float32); gradcheck and gradgradcheck per mode; the modules' reprs and forwards; the error texts.
 */
class InterpolateTest {
    private static List<JsonObject> cases(String kind) {
        return Golden.cases("conv_extra").stream().filter(c -> c.get("kind").getAsString().equals(kind)).toList();
    }

    static long[] sizeArg(JsonElement e) { return e.isJsonNull() ? null : ConvTest.longs(e); }

    static double[] scaleArg(JsonElement e) {
        if (e.isJsonNull()) return null;
        if (!e.isJsonArray()) return new double[] {e.getAsDouble()};
        JsonArray a = e.getAsJsonArray();
        double[] r = new double[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).getAsDouble();
        return r;
    }

    static Boolean boolArg(JsonElement e) { return e.isJsonNull() ? null : e.getAsBoolean(); }

    @Test
    void matchesPyTorch() {
        List<JsonObject> cs = cases("interpolate");
        assertTrue(cs.size() > 40);
        for (JsonObject c : cs) {
            String what = c.get("mode").getAsString() + " size=" + c.get("size") + " scale=" + c.get("scale") + " align="
                    + c.get("align") + " recompute=" + c.get("recompute") + " " + c.get("dtype").getAsString();
            Tensor x = Golden.tensor(c.getAsJsonObject("input")).requiresGrad_(true);
            Tensor y = Functional.interpolate(x, sizeArg(c.get("size")), scaleArg(c.get("scale")), c.get("mode").getAsString(),
                    boolArg(c.get("align")), boolArg(c.get("recompute")));
            // float32: the index arithmetic (done in float32, as PyTorch does) picks the same taps and weights; the
            // sums may round differently
            double tol = x.dtype() == DType.FLOAT32 ? 1e-5 : 1e-12;
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("out")), y.detach(), tol, tol, what + " out");
            y.backward(Golden.tensor(c.getAsJsonObject("grad")));
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("grad_input")), x.grad(), tol, tol, what + " grad input");
        }
    }

    @Test
    void gradcheckAndGradgradcheckPerMode() {
        manualSeed(3);
        record Mode(String mode, long[] shape, Boolean align) {}
        for (Mode m : List.of(new Mode("nearest", new long[] {1, 2, 3, 2}, null), new Mode("nearest-exact", new long[] {1, 1, 4}, null),
                new Mode("linear", new long[] {2, 1, 4}, false), new Mode("linear", new long[] {1, 2, 3}, true),
                new Mode("bilinear", new long[] {1, 1, 3, 3}, false), new Mode("bilinear", new long[] {1, 1, 3, 2}, true),
                new Mode("bicubic", new long[] {1, 1, 3, 3}, false), new Mode("bicubic", new long[] {1, 1, 2, 3}, true),
                new Mode("trilinear", new long[] {1, 1, 2, 2, 3}, false), new Mode("area", new long[] {1, 1, 5, 4}, null))) {
            Tensor x = randn(m.shape()).to(DType.FLOAT64).requiresGrad_(true);
            Function<Tensor[], Tensor> f = a -> Functional.interpolate(a[0], null, new double[] {m.mode().equals("area") ? 0.6 : 1.7},
                    m.mode(), m.align(), null);
            assertTrue(GradCheck.gradcheck(f, x), m.toString());
            assertTrue(GradCheck.gradgradcheck(f, x), m.toString());
        }
    }

    @Test
    void scaleFactorMapsPositionsWithoutRecomputing() {
        // input 5, scale 1.7: output floor(8.5) = 8; PyTorch maps output i to (i + 0.5) / 1.7 - 0.5, not by 5/8
        Tensor x = arange(5).to(DType.FLOAT64).view(1, 1, 5);
        Tensor y = Functional.interpolate(x, 1.7, "linear");
        assertArrayEquals(new long[] {1, 1, 8}, y.shapeArray());
        double[] v = y.toDoubleArray();
        for (int i = 0; i < 8; i++) assertEquals(Math.min(Math.max((i + 0.5) / 1.7 - 0.5, 0), 4), v[i], 1e-12, "i=" + i);
        Tensor r = Functional.interpolate(x, null, new double[] {1.7}, "linear", null, true);
        for (int i = 0; i < 8; i++) assertEquals(Math.min(Math.max((i + 0.5) * 5 / 8 - 0.5, 0), 4), r.toDoubleArray()[i], 1e-12);
        // uint8 inputs (images) work in nearest mode, as gathers; PyTorch's nearest kernels refuse other integer types
        Tensor n = Functional.interpolate(arange(3).to(DType.UINT8).view(1, 1, 3), new long[] {6}, "nearest");
        assertArrayEquals(new long[] {0, 0, 1, 1, 2, 2}, n.toLongArray());
        assertEquals(DType.UINT8, n.dtype());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Functional.interpolate(arange(3).view(1, 1, 3), new long[] {6}, "nearest"));
        assertEquals("\"compute_indices_weights_nearest\" not implemented for 'Long'", e.getMessage());   // PyTorch 1.13 and 2.x
    }

    @Test
    void modulesMatchPyTorch() {
        JsonArray reprs = cases("repr").get(0).getAsJsonArray("repr");
        assertEquals(reprs.get(4).getAsString(), new Upsample(2, "nearest").toString());
        assertEquals(reprs.get(5).getAsString(), new Upsample(new long[] {3, 4}, "bilinear").toString());
        assertEquals(reprs.get(6).getAsString(), new Upsample(null, new double[] {2, 1.5}, "bicubic", true, null).toString());
        assertEquals(reprs.get(7).getAsString(), new Upsample(new long[] {5}, "linear").toString());
        assertEquals(reprs.get(8).getAsString(), new UpsamplingNearest2d(2.0).toString());
        assertEquals(reprs.get(9).getAsString(), new UpsamplingBilinear2d(new long[] {4, 6}).toString());
        JsonObject c = cases("upsampling2d").get(0);
        Tensor x = Golden.tensor(c.getAsJsonObject("input"));
        Golden.assertClose(Golden.tensor(c.getAsJsonObject("nearest")), new UpsamplingNearest2d(2.0).forward(x), "UpsamplingNearest2d");
        Golden.assertClose(Golden.tensor(c.getAsJsonObject("bilinear")), new UpsamplingBilinear2d(new long[] {5, 7}).forward(x),
                "UpsamplingBilinear2d");
        Golden.assertClose(Golden.tensor(c.getAsJsonObject("bilinear")),
                new Upsample(new long[] {5, 7}, null, "bilinear", true, null).forward(x), "Upsample");
        // F.upsample_nearest / upsample_bilinear / upsample: what the modules compute, under the old functions' names
        Golden.assertClose(Golden.tensor(c.getAsJsonObject("nearest")), Functional.upsampleNearest(x, 2.0), "F.upsample_nearest");
        Golden.assertClose(Golden.tensor(c.getAsJsonObject("bilinear")), Functional.upsampleBilinear(x, new long[] {5, 7}),
                "F.upsample_bilinear");
        Golden.assertClose(Golden.tensor(c.getAsJsonObject("bilinear")),
                Functional.upsample(x, new long[] {5, 7}, null, "bilinear", true), "F.upsample");
    }

    private static void assertMessage(Class<? extends RuntimeException> type, String expected, Runnable r) {
        RuntimeException e = assertThrows(type, r::run);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void errorsUsePyTorchsMessages() {
        Tensor x = randn(1, 2, 5);
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        Class<UnsupportedOperationException> uoe = UnsupportedOperationException.class;
        assertMessage(iae, "only one of size or scale_factor should be defined",
                () -> Functional.interpolate(x, new long[] {4}, new double[] {2}, "nearest", null, null));
        assertMessage(iae, "either size or scale_factor should be defined", () -> Functional.interpolate(x, null, null, "nearest", null, null));
        assertMessage(iae, "Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of "
                + "[5] and output size of [4, 4]. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in "
                + "(o1, o2, ...,oK) format.", () -> Functional.interpolate(x, new long[] {4, 4}, "nearest"));
        assertMessage(iae, "Input and scale_factor must have the same number of spatial dimensions, but got input with spatial "
                + "dimensions of [5] and scale_factor of shape [2.0, 2.0]. Please provide input tensor in (N, C, d1, d2, ...,dK) "
                + "format and scale_factor in (s1, s2, ...,sK) format.",
                () -> Functional.interpolate(x, null, new double[] {2, 2}, "nearest", null, null));
        assertMessage(iae, "align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear",
                () -> Functional.interpolate(x, new long[] {4}, null, "nearest", true, null));
        assertMessage(iae, "recompute_scale_factor is not meaningful with an explicit size.",
                () -> Functional.interpolate(x, new long[] {4}, null, "nearest", null, true));
        assertMessage(uoe, "Got 3D input, but bilinear mode needs 4D input", () -> Functional.interpolate(x, new long[] {4}, "bilinear"));
        assertMessage(uoe, "Input Error: Only 3D, 4D and 5D input Tensors supported (got 3D) for the modes: nearest | linear | "
                + "bilinear | bicubic | trilinear | area | nearest-exact (got bicubic)", () -> Functional.interpolate(x, new long[] {4}, "bicubic"));
        assertMessage(uoe, "Input Error: Only 3D, 4D and 5D input Tensors supported (got 2D) for the modes: nearest | linear | "
                + "bilinear | bicubic | trilinear | area | nearest-exact (got nearest)", () -> Functional.interpolate(randn(2, 5), new long[] {4}, "nearest"));
        assertMessage(iae, "Input and output sizes should be greater than 0, but got input (W: 5) and output (W: 0)",
                () -> Functional.interpolate(x, 0.1, "nearest"));
        assertMessage(iae, "Input and output sizes should be greater than 0, but got input (H: 5, W: 5) output (H: 0, W: 0)",
                () -> Functional.interpolate(randn(1, 2, 5, 5), new long[] {0}, "bilinear"));
        assertMessage(iae, "\"compute_indices_weights_linear\" not implemented for 'Long'",
                () -> Functional.interpolate(arange(5).view(1, 1, 5), new long[] {4}, "linear"));
    }
}
