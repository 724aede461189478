package dev.torch4j.ops;

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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** tril, triu, flip, roll, isclose and allclose against PyTorch (scripts/goldens/rearrange_goldens.py). */
class RearrangeTest {
    private static final List<JsonObject> CASES = Golden.cases("rearrange");

    private static long[] longs(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsLong();
        return out;
    }

    private static long[] longsOrOne(JsonElement e) { return e.isJsonArray() ? longs(e) : new long[] {e.getAsLong()}; }

    private static Tensor apply(String op, JsonArray args, Tensor x) {
        return switch (op) {
            case "tril" -> x.tril(args.get(0).getAsLong());
            case "triu" -> x.triu(args.get(0).getAsLong());
            case "flip" -> x.flip(longs(args.get(0)));
            case "roll" -> args.size() == 1 ? x.roll(longsOrOne(args.get(0)), new long[0])
                    : x.roll(longsOrOne(args.get(0)), longsOrOne(args.get(1)));
            default -> throw new AssertionError(op);
        };
    }

    @Test
    void valuesNodesAndGradientsMatchPyTorch() {
        int n = 0;
        for (JsonObject c : CASES) {
            if (!c.get("kind").getAsString().equals("op")) continue;
            String what = c.get("op").getAsString() + c.get("args") + " of " + c.getAsJsonObject("input").get("shape");
            Tensor x = Golden.tensor(c.getAsJsonObject("input"));
            if (x.isFloatingPoint()) x.requiresGrad_(true);
            Tensor out = apply(c.get("op").getAsString(), c.getAsJsonArray("args"), x);
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("out")), out.detach(), what);
            if (c.has("grad")) {
                assertEquals(c.get("grad_fn").getAsString(), out.gradFn().name(), what);
                out.mul(Golden.tensor(c.getAsJsonObject("w"))).sum().backward();
                Golden.assertExact(Golden.tensor(c.getAsJsonObject("grad")), x.grad(), what + " gradient");
            }
            n++;
        }
        assertEquals(36, n, "cases");
    }

    /** Every op's first and second derivatives in float64, by finite differences. */
    @Test
    void gradcheckAndGradgradcheck() {
        manualSeed(3);
        Tensor a = randn(shape(3, 4), dtype(DType.FLOAT64).requiresGrad(true));
        Tensor b = randn(shape(2, 3, 4), dtype(DType.FLOAT64).requiresGrad(true));
        List<Function<Tensor[], Tensor>> fns = List.of(t -> t[0].tril(), t -> t[0].tril(-1), t -> t[0].triu(1), t -> t[0].flip(0, 1),
                t -> t[0].roll(2, 1), t -> t[0].roll(new long[] {1, -2}, new long[] {0, 1}), t -> t[0].roll(5));
        for (Function<Tensor[], Tensor> f : fns) {
            assertTrue(GradCheck.gradcheck(f, a), "gradcheck");
            assertTrue(GradCheck.gradgradcheck(f, a), "gradgradcheck");
            assertTrue(GradCheck.gradcheck(f, b), "gradcheck 3-d");
        }
    }

    @Test
    void iscloseAndAllcloseMatchPyTorch() {
        int n = 0;
        for (JsonObject c : CASES) {
            if (!c.get("kind").getAsString().equals("isclose")) continue;
            Tensor a = Golden.tensor(c.getAsJsonObject("a")), b = Golden.tensor(c.getAsJsonObject("b"));
            double rtol = c.get("rtol").getAsDouble(), atol = c.get("atol").getAsDouble();
            boolean equalNan = c.get("equal_nan").getAsBoolean();
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("out")), isclose(a, b, rtol, atol, equalNan), "isclose " + c.get("a"));
            assertEquals(c.get("allclose").getAsBoolean(), allclose(a, b, rtol, atol, equalNan), "allclose " + c.get("a"));
            n++;
        }
        assertEquals(8, n, "cases");
        assertTrue(ones(3).allclose(ones(3).add(1e-7)));
    }

    @Test
    void errorsArePyTorchs() {
        Tensor a = randn(3, 4);
        for (JsonObject c : CASES) {
            if (!c.get("kind").getAsString().equals("error")) continue;
            String name = c.get("name").getAsString();
            Runnable r = switch (name) {
                case "flip_dup" -> () -> a.flip(0, 0);
                case "roll_mismatch" -> () -> a.roll(new long[] {1, 2}, new long[] {0});
                case "isclose_dtypes" -> () -> isclose(ones(2), ones(shape(2), dtype(DType.FLOAT64)));
                default -> throw new AssertionError(name);
            };
            String m = assertThrows(IllegalArgumentException.class, r::run).getMessage();
            assertTrue(m.contains(c.get("message").getAsString()), name + ": " + m);
        }
        // PyTorch 2.x's message (1.13 raised "Dimension out of range" here)
        String m = assertThrows(IllegalArgumentException.class, () -> ones(3).tril()).getMessage();
        assertEquals("tril: input tensor must have at least 2 dimensions", m);
    }
}
