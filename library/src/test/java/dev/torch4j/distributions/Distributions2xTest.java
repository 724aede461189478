package dev.torch4j.distributions;

import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The distributions new in PyTorch 2.x, InverseGamma and GeneralizedPareto, against their 2.x definitions restated
 * over torch 1.13 (scripts/goldens/distributions4_goldens.py): samples and reparameterised samples after the same
 * seed, log_prob, cdf, icdf, entropy, mean, mode, variance, the parameters' gradients, and the validation messages.
 */
class Distributions2xTest {
    @Test
    void familiesMatchPyTorch() {
        int cases = 0;
        for (JsonObject c : FamilyGoldens.cases("distributions4", "family")) {
            assertTrue(FamilyGoldens.checkFamily(c) >= 10);
            cases++;
        }
        assertEquals(4, cases);
    }

    @Test
    void messagesMatchPyTorch() {
        Map<String, String> m = new HashMap<>();
        for (JsonObject c : FamilyGoldens.cases("distributions4", "error")) m.put(c.get("name").getAsString(), c.get("message").getAsString());
        java.util.function.Function<double[], Tensor> f = v -> tensor(v).to(dev.torch4j.DType.FLOAT64);
        Tensor f64 = f.apply(new double[] {0.0});
        assertEquals(m.get("inverse_gamma_rate"), assertThrows(IllegalArgumentException.class,
                () -> new InverseGamma(f.apply(new double[] {1, 2}), f.apply(new double[] {1, -1}))).getMessage());
        assertEquals(m.get("generalized_pareto_scale"), assertThrows(IllegalArgumentException.class,
                () -> new GeneralizedPareto(f64, f.apply(new double[] {-1}), f.apply(new double[] {0.5}))).getMessage());
        GeneralizedPareto bounded = new GeneralizedPareto(f64, f.apply(new double[] {1}), f.apply(new double[] {-0.5}));
        assertEquals(m.get("generalized_pareto_support"), assertThrows(IllegalArgumentException.class,
                () -> bounded.logProb(f.apply(new double[] {3}))).getMessage());
        assertEquals(3, m.size());
    }

    @Test
    void specialCasesAndConstraints() {
        // concentration 0 and loc 0: the exponential with rate 1 / scale
        GeneralizedPareto gp = new GeneralizedPareto(0.0, 2.0, 0.0);
        Exponential e = new Exponential(0.5);
        Tensor x = tensor(new float[] {0.1f, 1f, 3f});
        Golden.assertClose(e.logProb(x), gp.logProb(x), 1e-6, 1e-6, "exponential log_prob");
        Golden.assertClose(e.cdf(x), gp.cdf(x), 1e-6, 1e-6, "exponential cdf");
        // concentration -1: uniform on [loc, loc + scale]
        GeneralizedPareto u = new GeneralizedPareto(1.0, 2.0, -1.0);
        Golden.assertClose(full(new long[] {3}, -Math.log(2)), u.logProb(tensor(new float[] {1.5f, 2f, 2.9f})), 1e-6, 1e-6, "uniform");
        assertEquals("Interval(lower_bound=1.0, upper_bound=3.0)", u.support().repr());
        assertTrue(u.hasRsample());
        Tensor p = tensor(new float[] {0.2f, 0.7f});
        Golden.assertClose(p, u.cdf(u.icdf(p)), 1e-6, 1e-6, "cdf(icdf(p))");
        InverseGamma ig = new InverseGamma(2.0, 3.0);
        assertEquals("InverseGamma()", ig.toString());
        assertEquals(Constraint.POSITIVE, ig.support());
        assertEquals(3.0, ig.mean().item(), 1e-6);
        assertEquals(1.0, ig.mode().item(), 1e-6);
        assertEquals(Double.POSITIVE_INFINITY, ig.variance().item());
        assertThrows(UnsupportedOperationException.class, () -> ig.icdf(p));
    }
}
