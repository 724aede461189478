package dev.torch4j.nn;

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
 * F.interpolate(antialias=True) against real PyTorch (scripts/goldens/interpolate_aa_goldens.py): bilinear and
 * bicubic, down- and upscaling by integer and non-integer factors, sizes and scale factors (with and without
 * recompute_scale_factor), align_corners both ways, float64 and float32 outputs and input gradients; gradcheck and
 * gradgradcheck; the error texts.
 */
class InterpolateAntialiasTest {
    private static List<JsonObject> cases(String kind) {
        return Golden.cases("interpolate_aa").stream().filter(c -> c.get("kind").getAsString().equals(kind)).toList();
    }

    @Test
    void matchesPyTorch() {
        List<JsonObject> cs = cases("interpolate");
        assertEquals(54, cs.size());
        for (JsonObject c : cs) {
            String what = c.get("mode").getAsString() + " size=" + c.get("size") + " scale=" + c.get("scale") + " align="
                    + c.get("align") + " recompute=" + c.get("recompute") + " " + c.get("dtype").getAsString();
            Tensor x = Golden.tensor(c.getAsJsonObject("input")).requiresGrad_(true);
            Tensor y = Functional.interpolate(x, InterpolateTest.sizeArg(c.get("size")), InterpolateTest.scaleArg(c.get("scale")),
                    c.get("mode").getAsString(), InterpolateTest.boolArg(c.get("align")), InterpolateTest.boolArg(c.get("recompute")), true);
            // float32: the same filter weights, computed step by step in float32 as PyTorch does; its compiler may
            // fuse a multiply-add where we round twice, so allow a few units in the last place
            double tol = x.dtype() == DType.FLOAT32 ? 2e-6 : 1e-13;
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("out")), y.detach(), tol, tol, what + " out");
            y.backward(Golden.tensor(c.getAsJsonObject("grad")));
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("grad_input")), x.grad(), tol, tol, what + " grad input");
        }
    }

    @Test
    void gradcheckAndGradgradcheck() {
        manualSeed(5);
        for (String mode : List.of("bilinear", "bicubic")) {
            for (Boolean align : new Boolean[] {null, true}) {
                for (double[] scale : List.of(new double[] {0.45, 0.6}, new double[] {1.6, 0.7})) {
                    Tensor x = randn(1, 2, 5, 6).to(DType.FLOAT64).requiresGrad_(true);
                    Function<Tensor[], Tensor> f = a -> Functional.interpolate(a[0], null, scale, mode, align, null, true);
                    String what = mode + " align=" + align + " scale=" + scale[0];
                    assertTrue(GradCheck.gradcheck(f, x), what);
                    assertTrue(GradCheck.gradgradcheck(f, x), what);
                }
            }
        }
    }

    @Test
    void filtersWidenWithTheDownscaleFactor() {
        // 1-d view of a 4x downscale: each output averages the 4 + 4 neighbours under a triangle 4 wide,
        // weights (0.5, 1.5, 2.5, 3.5, 3.5, 2.5, 1.5, 0.5) / 16 around the centre 4o + 2 (cut at the borders)
        Tensor x = arange(16).to(DType.FLOAT64).view(1, 1, 1, 16);
        double[] y = Functional.interpolate(x, new long[] {1, 4}, null, "bilinear", null, null, true).toDoubleArray();
        double[] w = {0.5, 1.5, 2.5, 3.5, 3.5, 2.5, 1.5, 0.5};
        for (int o = 0; o < 4; o++) {
            double sum = 0, total = 0;
            for (int j = 0; j < 8; j++) {
                long i = 4L * o - 2 + j;
                if (i < 0 || i > 15) continue;
                sum += w[j] * i;
                total += w[j];
            }
            assertEquals(sum / total, y[o], 1e-12, "o=" + o);
        }
        // unchanged sizes copy the input (PyTorch 2.x), into a new tensor
        Tensor same = Functional.interpolate(x, new long[] {1, 16}, null, "bicubic", null, null, true);
        assertNotSame(x, same);
        assertArrayEquals(x.toDoubleArray(), same.toDoubleArray());
    }

    @Test
    void uint8FollowsPilsFixedPointScheme() {
        // [0, 1] to one pixel: weights 1/2 each; twice 0.5 * 2^16 no longer fits int16, so 15 bits: 2^14 * 1 plus
        // the half unit 2^14 is 2^15, shifted down by 15 to 1, where float math gives 0.5 and rounds to even, 0
        Tensor two = tensor(new long[] {0, 1}).to(DType.UINT8).view(1, 1, 1, 2);
        for (boolean aa : new boolean[] {true, false}) {
            Tensor y = Functional.interpolate(two, new long[] {1, 1}, null, "bilinear", null, null, aa);
            assertEquals(DType.UINT8, y.dtype());
            assertEquals(1, y.itemLong(), "antialias=" + aa);
        }
        List<JsonObject> cs = cases("pil");
        assertEquals(10, cs.size());
        int differ = 0, total = 0;
        for (JsonObject c : cs) {
            Tensor x = Golden.tensor(c.getAsJsonObject("input"));
            Tensor want = Golden.tensor(c.getAsJsonObject("out"));
            long[] in = x.shapeArray(), out = want.shapeArray();
            Tensor y = Functional.interpolate(x.view(1, 1, in[0], in[1]), out, null, c.get("mode").getAsString(), null, null, true);
            long[] got = y.view(out).toLongArray(), pil = want.toLongArray();
            for (int i = 0; i < pil.length; i++) {
                assertTrue(Math.abs(got[i] - pil[i]) <= 1, c.get("mode") + " " + in[0] + "x" + in[1] + " element " + i);
                if (got[i] != pil[i]) differ++;
            }
            total += pil.length;
            // without antialiasing: within one of resampling in float, width then height, each pass clamped and rounded
            String mode = c.get("mode").getAsString();
            Tensor plain = Functional.interpolate(x.view(1, 1, in[0], in[1]), out, null, mode, null, null, false);
            Tensor wide = Functional.interpolate(x.view(1, 1, in[0], in[1]).to(DType.FLOAT32), new long[] {in[0], out[1]}, null, mode,
                    null, null, false).clamp(0, 255).round();
            Tensor viaFloat = Functional.interpolate(wide, out, null, mode, null, null, false).clamp(0, 255).round();
            assertTrue(plain.to(DType.FLOAT32).sub(viaFloat).abs().max().item() <= 1, mode + " without antialias");
        }
        // PIL keeps 22 fractional bits, PyTorch at most what int16 weights hold: rare ties round apart (2 of 418 here)
        assertTrue(differ * 100 <= total, differ + " of " + total + " differ from PIL");
    }

    private static void assertMessage(Class<? extends RuntimeException> type, String expected, Runnable r) {
        RuntimeException e = assertThrows(type, r::run);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void errorsUsePyTorchsMessages() {
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        String restricted = "Anti-alias option is restricted to bilinear and bicubic modes and requires a 4-D tensor as input";
        assertMessage(iae, restricted, () -> Functional.interpolate(randn(1, 1, 4, 4), new long[] {2, 2}, null, "nearest", null, null, true));
        assertMessage(iae, restricted, () -> Functional.interpolate(randn(1, 1, 4), new long[] {2}, null, "linear", null, null, true));
        // checked before the mode's own dimension check
        assertMessage(iae, restricted, () -> Functional.interpolate(randn(1, 1, 4), new long[] {2}, null, "bilinear", null, null, true));
        assertMessage(iae, "\"compute_index_ranges_weights\" not implemented for 'Long'",
                () -> Functional.interpolate(arange(16).view(1, 1, 4, 4), new long[] {2, 2}, null, "bilinear", null, null, true));
        assertMessage(iae, "\"compute_index_ranges_weights\" not implemented for 'Half'",
                () -> Functional.interpolate(randn(1, 1, 4, 4).to(DType.FLOAT16), new long[] {2, 2}, null, "bicubic", null, null, true));
    }
}
