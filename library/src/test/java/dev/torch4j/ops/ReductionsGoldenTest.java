package dev.torch4j.ops;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.ValuesIndices;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reductions, scans, softmax and sorting against PyTorch ({@code scripts/goldens/reduction_goldens.py} writes
 * {@code reductions.json}): float32/float64/int64/bool (and some int32/uint8/float16) inputs, contiguous,
 * transposed, stepped, expanded and permuted layouts, 0-d and empty tensors, keepdim both ways, several and
 * negative dims, NaN and ties, and PyTorch's error messages (torch4j's must contain them).
 */
class ReductionsGoldenTest {

    @TestFactory
    Stream<DynamicTest> reductions() {
        List<JsonObject> cases = Golden.cases("reductions");
        Map<Integer, Tensor> inputs = new HashMap<>();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonObject c : cases) {
            if (c.has("input")) {
                Tensor base = Golden.tensor(c.getAsJsonObject("base"));
                inputs.put(c.get("input").getAsInt(), base.asStrided(longs(c.get("size")), longs(c.get("stride")), c.get("offset").getAsLong()));
                continue;
            }
            Tensor x = inputs.get(c.get("x").getAsInt());
            String name = tests.size() + " " + c.get("op").getAsString() + " " + c.get("kw") + " on " + x.dtype().pyName()
                    + x.shape() + " stride " + java.util.Arrays.toString(x.stride());
            tests.add(DynamicTest.dynamicTest(name, () -> check(c, x, name)));
        }
        return tests.stream();
    }

    private static void check(JsonObject c, Tensor x, String name) {
        String op = c.get("op").getAsString();
        JsonObject kw = c.getAsJsonObject("kw");
        if (c.has("error")) {
            String expect = c.get("error").getAsString();
            RuntimeException e = assertThrows(RuntimeException.class, () -> run(op, x, kw), () -> name + ": PyTorch raises " + expect);
            assertTrue(String.valueOf(e.getMessage()).contains(expect),
                    () -> name + ": message should contain \"" + expect + "\" but was: " + e.getMessage());
            return;
        }
        Object r = run(op, x, kw);
        if (c.has("out")) {
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("out")), assertInstanceOf(Tensor.class, r, name), name);
        } else {
            ValuesIndices vi = assertInstanceOf(ValuesIndices.class, r, name);
            Golden.assertClose(Golden.tensor(c.getAsJsonObject("values")), vi.values(), name + " values");
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("indices")), vi.indices(), name + " indices");
        }
    }

    /** Calls the op through the Tensor API, using the shortest overload that expresses the arguments. */
    static Object run(String op, Tensor x, JsonObject kw) {
        long[] dims = kw.has("dims") && !kw.get("dims").isJsonNull() ? longs(kw.get("dims")) : null;
        long[] ds = dims == null ? new long[0] : dims;
        boolean keep = kw.has("keepdim") && kw.get("keepdim").getAsBoolean();
        DType dtype = kw.has("dtype") && !kw.get("dtype").isJsonNull() ? Golden.dtype(kw.get("dtype").getAsString()) : null;
        Long dim = kw.has("dim") && !kw.get("dim").isJsonNull() ? kw.get("dim").getAsLong() : null;
        boolean plain = !keep && dtype == null;
        return switch (op) {
            case "sum" -> plain && dims == null ? x.sum() : plain && ds.length == 1 ? x.sum(ds[0]) : x.sum(ds, keep, dtype);
            case "mean" -> plain && dims == null ? x.mean() : plain ? x.mean(ds) : x.mean(ds, keep, dtype);
            case "prod" -> dim == null ? (dtype == null ? x.prod() : x.prod(dtype)) : x.prod(dim, keep, dtype);
            case "max" -> x.max();
            case "min" -> x.min();
            case "max_dim" -> keep ? x.max(dim, true) : x.max(dim);
            case "min_dim" -> keep ? x.min(dim, true) : x.min(dim);
            case "amax" -> keep ? x.amax(ds, true) : x.amax(ds);
            case "amin" -> keep ? x.amin(ds, true) : x.amin(ds);
            case "argmax" -> dim == null ? (keep ? Reductions.argmax(x, null, true) : x.argmax()) : x.argmax(dim, keep);
            case "argmin" -> dim == null ? (keep ? Reductions.argmin(x, null, true) : x.argmin()) : x.argmin(dim, keep);
            case "var", "std" -> {
                double corr = kw.get("correction").getAsDouble();
                boolean std = op.equals("std");
                if (corr == 1 && !keep) yield std ? x.std(ds) : x.var(ds);
                if (corr == 0 || corr == 1) yield std ? x.std(ds, corr == 1, keep) : x.var(ds, corr == 1, keep);
                yield std ? x.std(ds, corr, keep) : x.var(ds, corr, keep);
            }
            case "logsumexp" -> keep ? x.logsumexp(ds, true) : x.logsumexp(ds);
            case "all" -> dim == null ? x.all() : x.all(dim, keep);
            case "any" -> dim == null ? x.any() : x.any(dim, keep);
            case "count_nonzero" -> x.countNonzero(ds);
            case "norm" -> {
                double p = kw.get("p").getAsDouble();
                if (dims == null && !keep) yield p == 2 ? x.norm() : x.norm(p);
                yield x.norm(p, ds, keep);
            }
            case "softmax" -> dtype == null ? x.softmax(dim) : x.softmax(dim, dtype);
            case "log_softmax" -> dtype == null ? x.logSoftmax(dim) : x.logSoftmax(dim, dtype);
            case "cumsum" -> dtype == null ? x.cumsum(dim) : x.cumsum(dim, dtype);
            case "cumprod" -> dtype == null ? x.cumprod(dim) : x.cumprod(dim, dtype);
            case "sort" -> x.sort(dim, kw.get("descending").getAsBoolean(), kw.get("stable").getAsBoolean());
            case "argsort" -> x.argsort(dim, kw.get("descending").getAsBoolean(), kw.get("stable").getAsBoolean());
            case "topk" -> x.topk(kw.get("k").getAsLong(), dim, kw.get("largest").getAsBoolean(), kw.get("sorted").getAsBoolean());
            default -> throw new IllegalArgumentException("unknown golden op " + op);
        };
    }

    private static long[] longs(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        long[] r = new long[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).getAsLong();
        return r;
    }
}
