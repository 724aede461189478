package dev.torch4j.distributions;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.torch4j.Torch.fromArray;
import static dev.torch4j.Torch.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The transforms of {@code torch.distributions.transforms} against PyTorch (forward, inverse, log-Jacobian, shapes,
 * repr, domain and codomain, sign and the gradients of all three), gradcheck of each differentiable map, and the cache.
 */
class DistributionTransformsTest {
    @Test
    void transformsMatchPyTorch() {
        int n = 0;
        for (JsonObject c : TransformGoldens.cases("transform")) {
            List<Tensor> params = new ArrayList<>();
            Transform t = TransformGoldens.build(c.getAsJsonObject("spec"), params);
            String what = c.get("repr").getAsString();
            assertEquals(what, t.toString());
            assertEquals(c.get("domain").getAsString(), t.domain().toString(), what + " domain");
            assertEquals(c.get("codomain").getAsString(), t.codomain().toString(), what + " codomain");
            assertEquals(c.get("domain_event_dim").getAsInt(), t.domainEventDim(), what + " domain");
            assertEquals(c.get("codomain_event_dim").getAsInt(), t.codomainEventDim(), what + " codomain");
            assertEquals(c.get("bijective").getAsBoolean(), t.bijective(), what + " bijective");
            long[] shape = FamilyGoldens.longs(c.getAsJsonArray("shape")), fwd = t.forwardShape(shape);
            assertArrayEquals(FamilyGoldens.longs(c.getAsJsonArray("forward_shape")), fwd, what + " forward_shape");
            assertArrayEquals(FamilyGoldens.longs(c.getAsJsonArray("inverse_shape")), t.inverseShape(fwd), what + " inverse_shape");
            if (c.get("sign").isJsonNull()) assertThrows(UnsupportedOperationException.class, t::sign, what);
            else if (c.get("sign").isJsonPrimitive()) assertEquals(c.get("sign").getAsLong(), t.sign().to(dev.torch4j.DType.INT64).itemLong(), what);
            else FamilyGoldens.close(c.get("sign"), t.sign(), what + " sign");
            Tensor x = FamilyGoldens.tensor(c, "x").requiresGrad_(true), y = FamilyGoldens.tensor(c, "y").requiresGrad_(true);
            Tensor out = t.call(x), back = t.inv().call(y);
            FamilyGoldens.close(c.get("out"), out, what + " t(x)");
            FamilyGoldens.close(c.get("inv"), back, what + " t.inv(y)");
            Tensor loss = TransformGoldens.weighted(c, "out", out).add(TransformGoldens.weighted(c, "inv", back));
            if (c.get("ladj").isJsonNull()) {
                assertThrows(UnsupportedOperationException.class, () -> t.logAbsDetJacobian(x, out), what);
            } else {
                Tensor ladj = t.logAbsDetJacobian(x, out);
                FamilyGoldens.close(c.get("ladj"), ladj, what + " ladj");
                loss = loss.add(TransformGoldens.weighted(c, "ladj", ladj));
            }
            loss.backward();
            FamilyGoldens.close(c.get("grad_x"), x.grad(), what + " grad x");
            FamilyGoldens.close(c.get("grad_y"), y.grad(), what + " grad y");
            JsonArray grads = c.getAsJsonArray("grads");
            for (int i = 0; i < params.size(); i++) FamilyGoldens.close(grads.get(i), params.get(i).grad(), what + " grad param " + i);
            n++;
        }
        assertEquals(27, n);
    }

    private static Tensor d(double... v) { return fromArray(v); }

    /** Forward, inverse and log-Jacobian of each bijection are smooth in x and in the parameters. */
    @Test
    void bijectionsPassGradcheck() {
        Tensor x = d(-1.3, -0.2, 0.4, 1.7).requiresGrad_(true), pos = d(0.3, 0.9, 1.4, 2.2).requiresGrad_(true);
        Tensor loc = d(0.5, -1.0, 0.0, 2.0).requiresGrad_(true), scale = d(1.5, -0.7, 2.0, 0.4).requiresGrad_(true);
        Transform[] real = {new ExpTransform(), new SigmoidTransform(), new TanhTransform(), new SoftplusTransform(),
            new ComposeTransform(new AffineTransform(0.5, 2.0), new TanhTransform())};
        for (Transform t : real) {
            assertTrue(GradCheck.gradcheck(in -> t.call(in[0]), x), t + " forward");
            assertTrue(GradCheck.gradcheck(in -> t.logAbsDetJacobian(in[0], t.call(in[0])), x), t + " ladj");
            assertTrue(GradCheck.gradcheck(in -> t.inv().call(t.call(in[0])), x), t + " inverse");
        }
        assertTrue(GradCheck.gradcheck(in -> new AffineTransform(in[0], in[1]).call(in[2]), loc, scale, x));
        assertTrue(GradCheck.gradcheck(in -> new AffineTransform(in[0], in[1]).logAbsDetJacobian(in[2], in[2]), loc, scale, x));
        assertTrue(GradCheck.gradcheck(in -> new PowerTransform(in[0]).call(in[1]), scale.detach().abs().requiresGrad_(true), pos));
        assertTrue(GradCheck.gradcheck(in -> {
            Transform t = new PowerTransform(in[0]);
            return t.logAbsDetJacobian(in[1], t.call(in[1]));
        }, scale.detach().abs().requiresGrad_(true), pos));
        Tensor v = randn(2, 3).to(dev.torch4j.DType.FLOAT64).requiresGrad_(true);
        Transform sb = new StickBreakingTransform();
        assertTrue(GradCheck.gradcheck(in -> sb.call(in[0]), v));
        assertTrue(GradCheck.gradcheck(in -> sb.logAbsDetJacobian(in[0], sb.call(in[0])), v));
        assertTrue(GradCheck.gradcheck(in -> sb.inv().call(sb.call(in[0])), v));
        assertTrue(GradCheck.gradcheck(in -> new SoftmaxTransform().call(in[0]), v));
        Tensor m = randn(3, 3).to(dev.torch4j.DType.FLOAT64).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(in -> new LowerCholeskyTransform().call(in[0]), m));
    }

    /** inv is stable: {@code t.inv().inv()} is t, and a bijection's inverse undoes it. */
    @Test
    void inverseRoundTrips() {
        Tensor x = d(-2.0, -0.5, 0.3, 1.1);
        Transform[] ts = {new ExpTransform(), new SigmoidTransform(), new TanhTransform(), new SoftplusTransform(),
            new AffineTransform(d(1, 2, 3, 4), d(0.5, -1, 2, -3)), new ComposeTransform(new ExpTransform(), new PowerTransform(d(2.0)))};
        for (Transform t : ts) {
            assertSame(t, t.inv().inv(), t + " inv.inv");
            assertSame(t.inv(), t.inv(), t + " inv");
            Golden.assertClose(x, t.inv().call(t.call(x)), 1e-12, 1e-12, t + " round trip");
            Golden.assertClose(t.logAbsDetJacobian(x, t.call(x)).neg(), t.inv().logAbsDetJacobian(t.call(x), x), 1e-15, 0, t + " inverse ladj");
        }
    }

    /** cacheSize 1 remembers the last pair: inverting y returns the very x it came from (PyTorch's identity check). */
    @Test
    void cacheReturnsTheRememberedPair() {
        Tensor x = d(-40.0, 0.5);
        Transform cached = new TanhTransform(1);
        Tensor y = cached.call(x);
        assertSame(x, cached.inv().call(y), "cached inverse");
        assertSame(y, cached.call(x), "cached forward");
        assertTrue(Double.isInfinite(new TanhTransform().inv().call(y).toDoubleArray()[0]), "uncached atanh(-1)");
        Transform plain = new ExpTransform();
        assertSame(plain, plain.withCache(0));
        assertEquals(1, plain.withCache(1).cacheSize());
        ComposeTransform c = new ComposeTransform(List.of(new ExpTransform(), new SigmoidTransform()), 1);
        assertEquals(1, c.parts().get(0).cacheSize());
    }

    @Test
    void eventDimOnlyWhereDomainAndCodomainAgree() {
        assertEquals(1, new AffineTransform(0.0, 2.0, 1).eventDim());
        var e = assertThrows(IllegalArgumentException.class, () -> new ReshapeTransform(new long[] {6}, new long[] {2, 3}).eventDim());
        assertEquals("Please use either .domain.event_dim or .codomain.event_dim", e.getMessage());
    }
}
