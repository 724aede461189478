package dev.torch4j.distributions;

import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CatTransform, StackTransform, CorrCholeskyTransform and {@link ConstraintRegistry} against PyTorch
 * (scripts/goldens/constraint_registry_goldens.py): each transform's repr, domain, codomain, forward, inverse,
 * log-Jacobian, shapes and the gradients of both with respect to x; biject_to / transform_to of every constraint kind
 * (the transform's repr and forward, or PyTorch's message); and the messages.
 */
class ConstraintRegistryTest {
    private static final double TOL = 1e-12;

    private static List<JsonObject> cases(String kind) {
        return Golden.cases("constraint_registry").stream().filter(c -> c.get("kind").getAsString().equals(kind)).toList();
    }

    private static void close(JsonObject c, String key, Tensor actual, String what) {
        Golden.assertClose(Golden.tensor(c.getAsJsonObject(key)), actual, TOL, TOL, what);
    }

    @Test
    void transformsMatchPyTorch() {
        List<JsonObject> cs = cases("transform");
        assertEquals(10, cs.size());
        for (JsonObject c : cs) {
            String name = c.get("name").getAsString();
            Transform t = FuzzDistributionsParityTest.transform(c.getAsJsonObject("t"), DType.FLOAT64);
            assertEquals(c.get("repr").getAsString(), t.toString(), name);
            assertEquals(c.get("dom").getAsString(), t.domain().repr(), name + " domain");
            assertEquals(c.get("cod").getAsString(), t.codomain().repr(), name + " codomain");
            assertEquals(c.get("de").getAsInt(), t.domainEventDim(), name);
            assertEquals(c.get("ce").getAsInt(), t.codomainEventDim(), name);
            assertEquals(c.get("bij").getAsBoolean(), t.bijective(), name);
            Tensor x = Golden.tensor(c.getAsJsonObject("x")).requiresGrad_(true);
            Tensor y = t.call(x);
            close(c, "y", y, name + " forward");
            close(c, "xi", t.inv().call(y), name + " inverse");
            Tensor j = t.logAbsDetJacobian(x, y);
            close(c, "j", j, name + " log_abs_det_jacobian");
            assertArrayEquals(FuzzDistributionsParityTest.longs(c.get("fs")), t.forwardShape(x.shapeArray()), name);
            assertArrayEquals(FuzzDistributionsParityTest.longs(c.get("is")), t.inverseShape(y.shapeArray()), name);
            y.mul(FuzzDistributionsParityTest.weights(y)).sum().backward();
            close(c, "gy", x.grad(), name + " forward's gradient");
            Tensor x2 = Golden.tensor(c.getAsJsonObject("x")).requiresGrad_(true);
            Tensor j2 = t.logAbsDetJacobian(x2, t.call(x2));
            j2.mul(FuzzDistributionsParityTest.weights(j2)).sum().backward();
            close(c, "gj", x2.grad(), name + " log_abs_det_jacobian's gradient");
        }
    }

    @Test
    void registryMatchesPyTorch() {
        List<JsonObject> cs = cases("registry");
        assertEquals(18, cs.size());
        for (JsonObject c : cs) {
            String name = c.get("name").getAsString();
            Constraint con = FuzzDistributionsParityTest.constraint(c.getAsJsonObject("con"));
            assertEquals(c.get("crepr").getAsString(), con.repr(), name);
            assertEquals(c.get("cev").getAsInt(), con.eventDim(), name);
            Tensor x = Golden.tensor(c.getAsJsonObject("x"));
            for (String which : List.of("biject_to", "transform_to")) {
                JsonObject r = c.getAsJsonObject(which);
                java.util.function.Supplier<Transform> f = () -> which.equals("biject_to") ? ConstraintRegistry.bijectTo(con) : ConstraintRegistry.transformTo(con);
                if (r.has("err")) {
                    assertEquals(r.get("err").getAsString(), assertThrows(UnsupportedOperationException.class, f::get).getMessage(), name);
                    continue;
                }
                Transform t = f.get();
                assertEquals(r.get("repr").getAsString(), t.toString(), name + " " + which);
                assertEquals(r.get("bij").getAsBoolean(), t.bijective(), name + " " + which);
                Tensor y = t.call(x);
                close(r, "y", y, name + " " + which);
                assertEquals(r.get("ok").getAsBoolean(), con.check().apply(y).all().itemBool(), name + " " + which + " lands in the constraint");
            }
        }
    }

    @Test
    void messagesMatchPyTorch() {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        for (JsonObject c : cases("error")) m.put(c.get("name").getAsString(), c.get("message").getAsString());
        CorrCholeskyTransform cc = new CorrCholeskyTransform();
        assertEquals(m.get("corr_not_triangular"), assertThrows(IllegalArgumentException.class, () -> cc.forwardShape(4)).getMessage());
        assertEquals(m.get("corr_inverse_not_square"), assertThrows(IllegalArgumentException.class, () -> cc.inverseShape(2, 3)).getMessage());
        assertEquals(m.get("corr_too_few"), assertThrows(IllegalArgumentException.class, () -> cc.forwardShape()).getMessage());
        assertEquals(m.get("corr_vec_size"), assertThrows(IllegalArgumentException.class,
                () -> cc.call(Torch.zeros(2).to(DType.FLOAT64))).getMessage());
        // the inverse reads the strict lower triangle through an n x n mask: a non-square y fails as PyTorch's indexing
        assertEquals("The shape of the mask [1, 1] at index 0 does not match the shape of the indexed tensor [2, 1] at index 0",
                assertThrows(IndexOutOfBoundsException.class, () -> cc.inv().call(Torch.zeros(2, 1).to(DType.FLOAT64))).getMessage());
        assertEquals(m.get("biject_boolean"), assertThrows(UnsupportedOperationException.class,
                () -> ConstraintRegistry.bijectTo(Constraint.BOOLEAN)).getMessage());
        assertEquals(m.get("biject_lower_cholesky"), assertThrows(UnsupportedOperationException.class,
                () -> ConstraintRegistry.bijectTo(Constraint.LOWER_CHOLESKY)).getMessage());
        assertEquals(m.get("transform_positive_definite"), assertThrows(UnsupportedOperationException.class,
                () -> ConstraintRegistry.transformTo(Constraint.POSITIVE_DEFINITE)).getMessage());
    }

    @Test
    void registeredFactoriesReplaceAndAdd() {
        // biject_to.register: a constraint of its own gets a transform; the kind is PyTorch's class name
        Constraint odd = new Constraint("Odd()", 0, v -> v.remainder(2.0).eq(1.0));
        assertEquals("_Odd", odd.kind());
        assertThrows(UnsupportedOperationException.class, () -> ConstraintRegistry.bijectTo(odd));
        ConstraintRegistry.registerBijectTo("_Odd", c -> new AffineTransform(1.0, 2.0));
        assertEquals("AffineTransform()", ConstraintRegistry.bijectTo(odd).toString());
        // the inverse of the transform onto an interval brings a value back to the reals
        Transform t = ConstraintRegistry.bijectTo(Constraint.interval(-1.0, 2.0));
        Tensor back = t.inv().call(Torch.fromArray(new double[] {-0.5, 0.0, 1.5}));
        assertTrue(back.isfinite().all().itemBool());
        Golden.assertClose(Torch.fromArray(new double[] {-0.5, 0.0, 1.5}), t.call(back), 1e-12, 1e-12, "round trip");
    }
}
