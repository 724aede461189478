package dev.torch4j.ops;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ValuesIndices;
import dev.torch4j.testing.Golden;
import dev.torch4j.testing.GoldenArgs;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The integer ops (bitwise and/or/xor/not, shifts, gcd, lcm: Java scalars, in place, mixed dtypes, views, edge
 * values), cummax/cummin, scatter_reduce, mode and unique_consecutive against PyTorch, with their gradients and
 * PyTorch's errors ({@code scripts/goldens/integer_ops_goldens.py} writes {@code integer_ops.json}; the file's
 * docstring gives the case layout).
 */
class IntegerOpsGoldenTest {
    @FunctionalInterface
    private interface Call {
        Object apply(Tensor[] x, JsonObject kw);
    }

    /** The case's op (its name up to '/') as a torch4j user writes it; the script's OPS table holds PyTorch's side. */
    private static final Map<String, Call> OPS = new HashMap<>();

    static {
        OPS.put("and", (x, kw) -> x[0].bitwiseAnd(x[1]));
        OPS.put("or", (x, kw) -> x[0].bitwiseOr(x[1]));
        OPS.put("xor", (x, kw) -> x[0].xor(x[1]));
        OPS.put("lshift", (x, kw) -> x[0].bitwiseLeftShift(x[1]));
        OPS.put("rshift", (x, kw) -> Torch.bitwiseRightShift(x[0], x[1]));
        OPS.put("and_static", (x, kw) -> Torch.bitwiseAnd(x[0], x[1]));
        OPS.put("and_s", (x, kw) -> x[0].bitwiseAnd(n(kw)));
        OPS.put("or_s", (x, kw) -> Torch.bitwiseOr(x[0], n(kw)));
        OPS.put("xor_s", (x, kw) -> x[0].bitwiseXor(n(kw)));
        OPS.put("lshift_s", (x, kw) -> x[0].bitwiseLeftShift(n(kw)));
        OPS.put("rshift_s", (x, kw) -> x[0].rightShift(n(kw)));
        OPS.put("not", (x, kw) -> Torch.bitwiseNot(x[0]));
        OPS.put("and_", (x, kw) -> x[0].bitwiseAnd_(x[1]));
        OPS.put("or_s_", (x, kw) -> x[0].bitwiseOr_(n(kw)));
        OPS.put("xor_", (x, kw) -> x[0].bitwiseXor_(x[1]));
        OPS.put("not_", (x, kw) -> x[0].bitwiseNot_());
        OPS.put("lshift_s_", (x, kw) -> x[0].bitwiseLeftShift_(n(kw)));
        OPS.put("rshift_s_", (x, kw) -> x[0].bitwiseRightShift_(n(kw)));
        OPS.put("gcd", (x, kw) -> Torch.gcd(x[0], x[1]));
        OPS.put("lcm", (x, kw) -> Torch.lcm(x[0], x[1]));
        OPS.put("gcd_", (x, kw) -> x[0].gcd_(x[1]));
        OPS.put("lcm_", (x, kw) -> x[0].lcm_(x[1]));
        OPS.put("cummax", (x, kw) -> Torch.cummax(x[0], kw.get("dim").getAsLong()));
        OPS.put("cummin", (x, kw) -> x[0].cummin(kw.get("dim").getAsLong()));
        OPS.put("scatter_reduce", (x, kw) -> {
            long dim = kw.get("dim").getAsLong();
            String reduce = kw.get("reduce").getAsString();
            return kw.get("include_self").getAsBoolean() ? x[0].scatterReduce(dim, x[1], x[2], reduce)
                    : Torch.scatterReduce(x[0], dim, x[1], x[2], reduce, false);
        });
        OPS.put("scatter_reduce_", (x, kw) -> {
            long dim = kw.get("dim").getAsLong();
            String reduce = kw.get("reduce").getAsString();
            return kw.get("include_self").getAsBoolean() ? x[0].scatterReduce_(dim, x[1], x[2], reduce)
                    : x[0].scatterReduce_(dim, x[1], x[2], reduce, false);
        });
        OPS.put("index_reduce", (x, kw) -> {
            long dim = kw.get("dim").getAsLong();
            String reduce = kw.get("reduce").getAsString();
            return kw.get("include_self").getAsBoolean() ? x[0].indexReduce(dim, x[1], x[2], reduce)
                    : Torch.indexReduce(x[0], dim, x[1], x[2], reduce, false);
        });
        OPS.put("index_reduce_", (x, kw) -> x[0].indexReduce_(kw.get("dim").getAsLong(), x[1], x[2], kw.get("reduce").getAsString(),
                kw.get("include_self").getAsBoolean()));
        OPS.put("mode", (x, kw) -> kw.has("dim") ? x[0].mode(kw.get("dim").getAsLong(), kw.get("keepdim").getAsBoolean())
                : Torch.mode(x[0]));
        OPS.put("unique_consecutive", (x, kw) -> {
            boolean inverse = kw.get("inverse").getAsBoolean(), counts = kw.get("counts").getAsBoolean();
            if (kw.has("dim")) return Torch.uniqueConsecutive(x[0], inverse, counts, kw.get("dim").getAsLong());
            return inverse || counts ? x[0].uniqueConsecutive(inverse, counts, null) : x[0].uniqueConsecutive();
        });
    }

    private static long n(JsonObject kw) { return kw.get("n").getAsLong(); }

    @TestFactory
    Stream<DynamicTest> integerOps() {
        List<DynamicTest> out = new ArrayList<>();
        for (JsonObject c : Golden.cases("integer_ops")) {
            out.add(DynamicTest.dynamicTest(c.get("name").getAsString(), () -> check(c)));
        }
        return out.stream();
    }

    private static void check(JsonObject c) {
        String name = c.get("name").getAsString();
        String op = name.substring(0, name.indexOf('/'));
        Call call = OPS.get(op);
        assertNotNull(call, "no Java call for op " + op);
        JsonObject kw = c.has("kwargs") ? c.getAsJsonObject("kwargs") : new JsonObject();
        JsonArray in = c.getAsJsonArray("inputs");
        JsonArray grads = c.has("grads") ? c.getAsJsonArray("grads") : null;
        JsonArray views = c.has("views") ? c.getAsJsonArray("views") : null;
        boolean inplace = op.endsWith("_");
        Tensor[] leaves = new Tensor[in.size()], bases = new Tensor[in.size()], args = new Tensor[in.size()];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = Golden.tensor(in.get(i).getAsJsonObject());
            if (grads != null && !grads.get(i).isJsonNull()) leaves[i].requiresGrad_(true);
            // in place on a copy when differentiating (a leaf that requires grad may not be modified in place)
            bases[i] = inplace && leaves[i].requiresGrad() ? leaves[i].clone() : leaves[i];
            JsonElement v = views == null ? null : views.get(i);
            args[i] = v == null || v.isJsonNull() ? bases[i] : GoldenArgs.applyView(bases[i], v.getAsJsonArray());
        }
        if (c.has("error")) {
            String expect = c.get("expect").getAsString();
            RuntimeException e = assertThrows(RuntimeException.class, () -> call.apply(args, kw),
                    () -> name + ": PyTorch raises: " + c.get("error").getAsString());
            assertTrue(String.valueOf(e.getMessage()).contains(expect),
                    () -> name + ": message should contain \"" + expect + "\" but was: " + e.getMessage());
            return;
        }
        Object result = call.apply(args, kw);
        List<Tensor> outs;
        if (inplace) {
            assertSame(args[0], result, name + ": an in-place op returns self");
            outs = List.of(bases[0]);
        } else {
            outs = flatten(result);
        }
        JsonArray expected = c.getAsJsonArray("outputs");
        assertEquals(expected.size(), outs.size(), name + ": number of outputs");
        for (int k = 0; k < outs.size(); k++) {
            Golden.assertClose(Golden.tensor(expected.get(k).getAsJsonObject()), outs.get(k), name + " output " + k);
        }
        if (grads == null) return;
        outs.get(0).backward(Golden.tensor(c.getAsJsonObject("gradOut")));
        for (int i = 0; i < leaves.length; i++) {
            if (grads.get(i).isJsonNull()) continue;
            assertNotNull(leaves[i].grad(), name + ": no gradient for input " + i);
            Golden.assertClose(Golden.tensor(grads.get(i).getAsJsonObject()), leaves[i].grad(), name + " grad " + i);
        }
    }

    private static List<Tensor> flatten(Object r) {
        return switch (r) {
            case Tensor t -> List.of(t);
            case Tensor[] ts -> List.of(ts);
            case ValuesIndices vi -> List.of(vi.values(), vi.indices());
            default -> throw new IllegalStateException("unexpected result " + r);
        };
    }
}
