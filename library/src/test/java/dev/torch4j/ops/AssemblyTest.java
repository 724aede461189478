package dev.torch4j.ops;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradCheck;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** repeat_interleave, meshgrid, diag, trace, unique, bincount, searchsorted, bucketize against PyTorch (assembly_goldens.py). */
class AssemblyTest {
    private static final List<JsonObject> CASES = Golden.cases("assembly");

    private static Tensor t(JsonObject c, String k) { return Golden.tensor(c.getAsJsonObject(k)); }

    private static Tensor apply(String name, Tensor x) {
        return switch (name) {
            case "repeat_interleave_flat" -> repeatInterleave(x, 2);
            case "repeat_interleave_dim" -> x.repeatInterleave(3, 1);
            case "repeat_interleave_tensor" -> repeatInterleave(x, tensor(new long[] {1, 0, 2}), 0L);
            case "diag_vector", "diag_matrix" -> diag(x);
            case "diag_vector_k" -> diag(x, 1);
            case "diag_vector_neg_k" -> diag(x, -2);
            case "diag_matrix_k" -> x.diag(-1);
            case "trace", "trace_int" -> trace(x).reshape(1);
            default -> throw new AssertionError(name);
        };
    }

    @Test
    void differentiableOnesMatchPyTorch() {
        int n = 0;
        for (JsonObject c : CASES) {
            if (!c.get("kind").getAsString().equals("grad")) continue;
            String name = c.get("name").getAsString();
            Tensor x = t(c, "input");
            if (x.isFloatingPoint()) x.requiresGrad_(true);
            Tensor out = apply(name, x);
            Golden.assertExact(t(c, "out"), out.detach(), name);
            if (c.has("grad")) {
                if (name.startsWith("repeat")) assertEquals(c.get("grad_fn").getAsString(), out.gradFn().name(), name);
                out.mul(t(c, "w")).sum().backward();
                Golden.assertClose(t(c, "grad"), x.grad(), 1e-6, 1e-6, name + " gradient");
            }
            n++;
        }
        assertEquals(10, n);
        manualSeed(2);
        Tensor v = randn(shape(4), dtype(DType.FLOAT64)).requiresGrad_(true), m = randn(shape(3, 4), dtype(DType.FLOAT64)).requiresGrad_(true);
        assertTrue(GradCheck.gradgradcheck(a -> diag(a[0], 1), v));
        assertTrue(GradCheck.gradgradcheck(a -> trace(a[0]), m));
        assertTrue(GradCheck.gradgradcheck(a -> repeatInterleave(a[0], tensor(new long[] {2, 0, 1}), 0L), m));
        String e = assertThrows(IllegalArgumentException.class, () -> repeatInterleave(m, tensor(new long[] {1, 2}), 0L)).getMessage();
        assertTrue(e.contains("repeats must have the same size as input along dim"), e);
    }

    /** Both of PyTorch's compute paths (the matrix-product form beyond 25 rows), p = 1, 3, 0.5, a zero distance. */
    @Test
    void cdistMatchesPyTorch() {
        int n = 0;
        for (JsonObject c : CASES) {
            if (!c.get("kind").getAsString().equals("cdist")) continue;
            double p = c.get("p").getAsDouble();
            Tensor a = t(c, "x1").requiresGrad_(true), b = t(c, "x2").requiresGrad_(true);
            Tensor out = cdist(a, b, p);
            String what = "cdist p=" + p + " " + c.getAsJsonObject("x2").get("shape");
            Golden.assertClose(t(c, "out"), out.detach(), 1e-5, 1e-5, what);
            out.mul(t(c, "w")).sum().backward();
            Golden.assertClose(t(c, "g1"), a.grad(), 1e-4, 1e-5, what + " grad x1");
            Golden.assertClose(t(c, "g2"), b.grad(), 1e-4, 1e-5, what + " grad x2");
            n++;
        }
        assertEquals(5, n);
    }

    @Test
    void meshgridIsPyTorchs() {
        for (JsonObject c : CASES) {
            if (!c.get("kind").getAsString().equals("meshgrid")) continue;
            JsonArray in = c.getAsJsonArray("inputs"), outs = c.getAsJsonArray("outs");
            Tensor[] grids = meshgrid(c.get("indexing").getAsString(), Golden.tensor(in.get(0).getAsJsonObject()),
                    Golden.tensor(in.get(1).getAsJsonObject()), Golden.tensor(in.get(2).getAsJsonObject()));
            for (int i = 0; i < 3; i++) Golden.assertExact(Golden.tensor(outs.get(i).getAsJsonObject()), grids[i], c.get("indexing") + " " + i);
        }
    }

    @Test
    void countingMatchesPyTorch() {
        int n = 0;
        for (JsonObject c : CASES) {
            String kind = c.get("kind").getAsString();
            switch (kind) {
                case "unique" -> {
                    Tensor[] r = unique(t(c, "input"), true, true);
                    Golden.assertExact(t(c, "values"), r[0], "unique values");
                    Golden.assertExact(t(c, "inverse"), r[1], "unique inverse");
                    Golden.assertExact(t(c, "counts"), r[2], "unique counts");
                    Golden.assertExact(t(c, "values"), t(c, "input").unique(), "tensor.unique()");
                }
                case "bincount" -> Golden.assertClose(t(c, "out"), bincount(t(c, "input"), c.has("weights") ? t(c, "weights") : null,
                        c.has("minlength") ? c.get("minlength").getAsLong() : 0), 1e-6, 1e-7, "bincount");
                case "searchsorted" -> Golden.assertExact(t(c, "out"), searchsorted(t(c, "seq"), t(c, "values"), c.get("right").getAsBoolean()),
                        "searchsorted right=" + c.get("right"));
                case "bucketize" -> Golden.assertExact(t(c, "out"), bucketize(t(c, "input"), t(c, "boundaries"), c.get("right").getAsBoolean()),
                        "bucketize right=" + c.get("right"));
                default -> { continue; }
            }
            n++;
        }
        assertEquals(11, n);
        assertThrows(IllegalArgumentException.class, () -> bincount(tensor(new long[] {1, -1})));
    }
}
