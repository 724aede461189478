package dev.torch4j.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Special;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.testing.Golden;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * torch.special's Bessel functions, orthogonal polynomials, erfcx, log_ndtr, ndtri and xlog1py against PyTorch
 * (scripts/goldens/special_extras_goldens.py): values, gradients where PyTorch has them, and gradcheck.
 */
class SpecialExtrasTest {
    private static final Special S = Torch.special();

    private static Tensor call(String fn, Tensor[] x) {
        return switch (fn) {
            case "bessel_j0" -> S.besselJ0(x[0]);
            case "bessel_j1" -> S.besselJ1(x[0]);
            case "bessel_y0" -> S.besselY0(x[0]);
            case "bessel_y1" -> S.besselY1(x[0]);
            case "modified_bessel_i0" -> S.modifiedBesselI0(x[0]);
            case "modified_bessel_i1" -> S.modifiedBesselI1(x[0]);
            case "modified_bessel_k0" -> S.modifiedBesselK0(x[0]);
            case "modified_bessel_k1" -> S.modifiedBesselK1(x[0]);
            case "scaled_modified_bessel_k0" -> S.scaledModifiedBesselK0(x[0]);
            case "scaled_modified_bessel_k1" -> S.scaledModifiedBesselK1(x[0]);
            case "spherical_bessel_j0" -> S.sphericalBesselJ0(x[0]);
            case "airy_ai" -> S.airyAi(x[0]);
            case "chebyshev_polynomial_t" -> S.chebyshevPolynomialT(x[0], x[1]);
            case "chebyshev_polynomial_u" -> S.chebyshevPolynomialU(x[0], x[1]);
            case "chebyshev_polynomial_v" -> S.chebyshevPolynomialV(x[0], x[1]);
            case "chebyshev_polynomial_w" -> S.chebyshevPolynomialW(x[0], x[1]);
            case "shifted_chebyshev_polynomial_t" -> S.shiftedChebyshevPolynomialT(x[0], x[1]);
            case "shifted_chebyshev_polynomial_u" -> S.shiftedChebyshevPolynomialU(x[0], x[1]);
            case "shifted_chebyshev_polynomial_v" -> S.shiftedChebyshevPolynomialV(x[0], x[1]);
            case "shifted_chebyshev_polynomial_w" -> S.shiftedChebyshevPolynomialW(x[0], x[1]);
            case "hermite_polynomial_h" -> S.hermitePolynomialH(x[0], x[1]);
            case "hermite_polynomial_he" -> S.hermitePolynomialHe(x[0], x[1]);
            case "laguerre_polynomial_l" -> S.laguerrePolynomialL(x[0], x[1]);
            case "legendre_polynomial_p" -> S.legendrePolynomialP(x[0], x[1]);
            case "erfcx" -> S.erfcx(x[0]);
            case "log_ndtr" -> S.logNdtr(x[0]);
            case "ndtri" -> S.ndtri(x[0]);
            case "xlog1py" -> S.xlog1py(x[0], x[1]);
            default -> throw new AssertionError("no Java call for " + fn);
        };
    }

    @Test
    void valuesAndGradientsMatchPyTorch() {
        java.util.List<String> wrong = new java.util.ArrayList<>();
        int n = 0;
        for (JsonObject c : Golden.cases("special_extras")) {
            String fn = c.get("fn").getAsString(), what = fn + " #" + n++;
            boolean grad = c.has("grads");
            JsonArray in = c.getAsJsonArray("inputs");
            Tensor[] x = new Tensor[in.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = Golden.tensor(in.get(i).getAsJsonObject());
                if (grad) x[i].requiresGrad_(true);
            }
            Tensor out = call(fn, x), want = Golden.tensor(c.getAsJsonObject("out"));
            try {
                // PyTorch 1.13's J0, J1, Y0, Y1 are off by up to ~3e-6 (absolute) between x = 4 and 6, so they are held to
                // 1e-5 there; the "exact" cases (the series in rationals) hold torch4j's to 1e-13. Polynomials: values of any
                // size, whose zeros PyTorch's recurrences reach with rounding noise.
                // PyTorch 1.13's Ai is off by up to 2.3e-7 (x = -2.5): held to 1e-6 there, to 1e-13 by its "exact" case
                boolean loosePyTorch = fn.startsWith("bessel_") && !c.has("exact");
                boolean airy = fn.equals("airy_ai") && !c.has("exact");
                double rtol = loosePyTorch ? 1e-5 : airy ? 1e-6 : 1e-10;
                double atol = loosePyTorch ? 1e-5 : airy ? 1e-6 : fn.contains("polynomial") ? 1e-12 : 1e-15;
                if (c.has("exact")) Golden.assertClose(want, out.detach(), 1e-13, 1e-16, what + " (exact)");
                else if (want.dtype() == DType.FLOAT64) Golden.assertClose(want, out.detach(), rtol, atol, what);
                else Golden.assertClose(want, out.detach(), what);
            } catch (AssertionError e) {
                wrong.add(e.getMessage());
                continue;
            }
            assertEquals(c.get("requires_grad").getAsBoolean(), out.requiresGrad(), what + ": requires_grad");
            if (!grad) continue;
            out.mul(Golden.tensor(c.getAsJsonObject("w"))).sum().backward();
            JsonArray grads = c.getAsJsonArray("grads");
            for (int i = 0; i < x.length; i++) {
                if (grads.get(i).isJsonNull()) continue;
                Golden.assertClose(Golden.tensor(grads.get(i).getAsJsonObject()), x[i].grad(), 1e-9, 1e-12, what + " grad " + i);
            }
        }
        assertEquals(42, n);
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void differentiableOnesPassGradcheckTwice() {
        Function<Tensor[], Tensor> erfcx = x -> S.erfcx(x[0]), logNdtr = x -> S.logNdtr(x[0]);
        Function<Tensor[], Tensor> ndtri = x -> S.ndtri(x[0].sigmoid()), xlog1py = x -> S.xlog1py(x[0], x[1].exp());
        Tensor a = Torch.linspace(-3, 4, 8).to(DType.FLOAT64).requiresGrad_(true);
        Tensor b = Torch.linspace(-2, 1, 8).to(DType.FLOAT64).requiresGrad_(true);
        for (Function<Tensor[], Tensor> f : java.util.List.of(erfcx, logNdtr, ndtri)) {
            GradCheck.gradcheck(f, a);
            GradCheck.gradgradcheck(f, a);
        }
        // at x = 0 exactly PyTorch's derivative in x is 0 (it multiplies by x != 0), not the one-sided slope: off it
        Tensor c = Torch.linspace(-3, 4, 8).to(DType.FLOAT64).add(0.1).requiresGrad_(true);
        GradCheck.gradcheck(xlog1py, c, b);
        GradCheck.gradgradcheck(xlog1py, c, b);
        assertFalse(S.besselJ0(a).requiresGrad());
    }
}
