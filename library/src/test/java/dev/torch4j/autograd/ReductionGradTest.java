package dev.torch4j.autograd;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Generator;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.ValuesIndices;
import dev.torch4j.testing.Golden;
import dev.torch4j.testing.GoldenArgs;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.torch4j.Torch.dtype;
import static dev.torch4j.Torch.fromArray;
import static dev.torch4j.Torch.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Derivatives of the reductions, scans, softmax family, sort/topk, clamp and masked_fill: outputs, grad_fn names
 * and input gradients against real PyTorch (scripts/goldens/grad_reduction_goldens.py), gradcheck/gradgradcheck in
 * float64 on every golden case where the op is differentiable (contiguous and transposed/sliced inputs), and the
 * cases PyTorch handles specially (zeros in prod/cumprod, ties, zero norms, n <= correction). The golden runner
 * here also serves LinalgGradTest.
 */
class ReductionGradTest {

    /** The golden suites of grad_reductions.json tested here (LinalgGradTest runs "linalg"). */
    private static final List<String> SUITES = List.of("reduction", "sorting", "clamp");

    @TestFactory
    Stream<DynamicContainer> goldens() {
        return SUITES.stream().map(s -> DynamicContainer.dynamicContainer(s, goldenTests(s)));
    }

    @TestFactory
    Stream<DynamicContainer> gradchecks() {
        return SUITES.stream().map(s -> DynamicContainer.dynamicContainer(s, gradcheckTests(s)));
    }

    // ------------------------------------------------------------------------------------------- golden runner

    /** One golden case made runnable: the leaves that require grad and a function from them to the op's outputs. */
    record Prepared(String[] names, Tensor[] leaves, Function<Tensor[], Tensor[]> fn, boolean inplace) {}

    static Stream<DynamicTest> goldenTests(String suite) {
        return cases(suite).map(c -> DynamicTest.dynamicTest(c.get("name").getAsString(), () -> checkGolden(c)));
    }

    /** gradcheck and gradgradcheck on each case, except where the op is not differentiable (the case says why). */
    static Stream<DynamicTest> gradcheckTests(String suite) {
        return cases(suite).filter(c -> !c.has("no_gradcheck"))
                .map(c -> DynamicTest.dynamicTest(c.get("name").getAsString(), () -> {
                    Prepared p = prepare(c);
                    // the differentiable output only: indices (sort, topk, max over a dim) have no gradient
                    Function<Tensor[], Tensor> f = in -> p.fn.apply(in)[0];
                    assertTrue(GradCheck.gradcheck(f, p.leaves));
                    assertTrue(GradCheck.gradgradcheck(f, p.leaves));
                }));
    }

    private static Stream<JsonObject> cases(String suite) {
        return Golden.cases("grad_reductions").stream().filter(c -> c.get("suite").getAsString().equals(suite));
    }

    private static void checkGolden(JsonObject c) {
        String name = c.get("name").getAsString();
        Prepared p = prepare(c);
        GradGoldens.check(name, c, p.fn.apply(p.leaves), p.leaves, p.names);
    }

    /**
     * Fresh leaves for the case (floating inputs require grad unless listed in "nograd") and the function the
     * script ran: views applied to the leaves, then the op; in-place ops run on {@code y = x * 2} (or a view of
     * it) and return y.
     */
    static Prepared prepare(JsonObject c) {
        JsonObject in = c.getAsJsonObject("inputs");
        List<String> nograd = new ArrayList<>();
        if (c.has("nograd")) for (JsonElement e : c.getAsJsonArray("nograd")) nograd.add(e.getAsString());
        Map<String, Tensor> fixed = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        List<Tensor> leaves = new ArrayList<>();
        for (String k : in.keySet()) {
            Tensor t = Golden.tensor(in.getAsJsonObject(k));
            if (t.dtype().isFloatingPoint() && !nograd.contains(k)) {
                names.add(k);
                leaves.add(t.requiresGrad_(true));
            } else {
                fixed.put(k, t);
            }
        }
        JsonObject views = c.has("views") ? c.getAsJsonObject("views") : new JsonObject();
        String op = c.get("op").getAsString();
        JsonObject a = c.getAsJsonObject("args");
        JsonArray targetView = c.has("target_view") ? c.getAsJsonArray("target_view") : null;
        boolean inplace = op.endsWith("_");
        String[] ns = names.toArray(String[]::new);
        Function<Tensor[], Tensor[]> fn = ls -> {
            Map<String, Tensor> x = new LinkedHashMap<>();
            for (var e : fixed.entrySet()) {
                JsonArray v = views.has(e.getKey()) ? views.getAsJsonArray(e.getKey()) : null;
                x.put(e.getKey(), GoldenArgs.applyView(e.getValue(), v));
            }
            for (int i = 0; i < ns.length; i++) {
                x.put(ns[i], GoldenArgs.applyView(ls[i], views.has(ns[i]) ? views.getAsJsonArray(ns[i]) : null));
            }
            if (!inplace) return run(op, x, a);
            Tensor y = x.get("x").mul(2.0);
            x.put("x", GoldenArgs.applyView(y, targetView));
            run(op, x, a);
            return new Tensor[] {y};
        };
        return new Prepared(ns, leaves.toArray(Tensor[]::new), fn, inplace);
    }

    /** The op the script ran, as the Java API spells it. */
    static Tensor[] run(String op, Map<String, Tensor> in, JsonObject a) {
        Tensor x = in.get("x");
        boolean keep = a.has("keepdim") && a.get("keepdim").getAsBoolean();
        Long dim = a.has("dim") ? a.get("dim").getAsLong() : null;
        Tensor r = switch (op) {
            case "prod" -> dim == null ? x.prod() : x.prod(dim, keep);
            case "max" -> dim == null ? x.max() : null;
            case "min" -> dim == null ? x.min() : null;
            case "amax" -> x.amax(longs(a, "dims"), keep);
            case "amin" -> x.amin(longs(a, "dims"), keep);
            case "var" -> x.var(a.has("dims") ? longs(a, "dims") : null, a.get("correction").getAsDouble(), keep);
            case "std" -> x.std(a.has("dims") ? longs(a, "dims") : null, a.get("correction").getAsDouble(), keep);
            case "logsumexp" -> x.logsumexp(longs(a, "dims"), keep);
            case "norm" -> x.norm(GoldenArgs.number(a.get("p")), a.has("dims") ? longs(a, "dims") : null, keep);
            case "softmax" -> x.softmax(dim);
            case "log_softmax" -> x.logSoftmax(dim);
            case "cumsum" -> x.cumsum(dim);
            case "cumprod" -> x.cumprod(dim);
            case "mm" -> in.get("a").mm(in.get("b"));
            case "bmm" -> in.get("a").bmm(in.get("b"));
            case "mv" -> in.get("a").mv(in.get("b"));
            case "dot" -> in.get("a").dot(in.get("b"));
            case "matmul" -> in.get("a").matmul(in.get("b"));
            case "outer" -> Torch.outer(in.get("a"), in.get("b"));
            case "addmm" -> Torch.addmm(in.get("input"), in.get("a"), in.get("b"), a.get("beta").getAsDouble(),
                    a.get("alpha").getAsDouble());
            case "clamp" -> x.clamp(bound(a, "min"), bound(a, "max"));
            case "clamp_" -> x.clamp_(a.get("min").getAsDouble(), a.get("max").getAsDouble());
            case "clamp_min" -> x.clampMin(a.get("min").getAsDouble());
            case "clamp_max" -> x.clampMax(a.get("max").getAsDouble());
            case "clamp_tensor" -> x.clamp(in.get("lo"), in.get("hi"));
            case "masked_fill" -> x.maskedFill(t(a, "mask"), a.get("value").getAsDouble());
            case "masked_fill_tensor" -> x.maskedFill(t(a, "mask"), in.get("v"));
            case "masked_fill_" -> x.maskedFill_(t(a, "mask"), a.get("value").getAsDouble());
            default -> null;
        };
        if (r != null) return new Tensor[] {r};
        ValuesIndices vi = switch (op) {
            case "max" -> x.max(dim, keep);
            case "min" -> x.min(dim, keep);
            case "sort" -> a.has("stable") ? x.sort(dim, a.get("descending").getAsBoolean(), a.get("stable").getAsBoolean())
                    : x.sort(dim, a.get("descending").getAsBoolean());
            case "topk" -> x.topk(a.get("k").getAsLong(), dim, a.get("largest").getAsBoolean(), true);
            default -> throw new IllegalArgumentException("unknown op " + op);
        };
        return new Tensor[] {vi.values(), vi.indices()};
    }

    private static long[] longs(JsonObject a, String key) { return GoldenArgs.longs(a.getAsJsonArray(key)); }

    private static Double bound(JsonObject a, String key) { return a.has(key) ? a.get(key).getAsDouble() : null; }

    private static Tensor t(JsonObject a, String key) { return Golden.tensor(a.getAsJsonObject(key)); }

    // ------------------------------------------------------------------------------------------- behaviour

    private static Tensor leaf(double[] v, long... shape) { return fromArray(v, shape).requiresGrad_(true); }

    /** Distinct float64 values in [-1, 1), seeded, as a leaf. */
    static Tensor rand(long seed, long... shape) {
        Generator gen = new Generator().manualSeed(seed);
        return Torch.zeros(shape(shape), dtype(DType.FLOAT64)).uniform_(-1, 1, gen).requiresGrad_(true);
    }

    /** gradcheck and gradgradcheck. */
    static void check(Function<Tensor[], Tensor> f, Tensor... in) {
        assertTrue(GradCheck.gradcheck(f, in));
        assertTrue(GradCheck.gradgradcheck(f, in));
    }

    @Test
    void maxOverAllElementsSharesTiesEvenly() {
        // max([1, 3, 3, -2]) = 3 at two places: each gets half (PyTorch 2.x's evenly_distribute_backward)
        Tensor x = leaf(new double[] {1, 3, 3, -2}, 4);
        x.max().backward();
        assertArrayEquals(new double[] {0, 0.5, 0.5, 0}, x.grad().toDoubleArray(), 0.0);
        Tensor y = leaf(new double[] {1, 3, 3, -2, -2, -2}, 2, 3);
        y.min().mul(6.0).backward();
        assertArrayEquals(new double[] {0, 0, 0, 2, 2, 2}, y.grad().toDoubleArray(), 0.0);
    }

    @Test
    void medianOverAllElementsSharesTiesAndNaNEvenly() {
        // PyTorch 1.13 and 2.x: median() and nanmedian() record MedianBackward0 / NanmedianBackward0, whose gradient
        // is shared by every element equal to the result (every NaN when the median is NaN)
        Tensor x = leaf(new double[] {1, 2, 2, 0, 2, 3, 3}, 7);
        Tensor m = x.median();
        assertEquals("MedianBackward0", m.gradFn().name());
        m.mul(3.0).backward();
        assertArrayEquals(new double[] {0, 1, 1, 0, 1, 0, 0}, x.grad().toDoubleArray(), 1e-15);
        Tensor y = leaf(new double[] {1, Double.NaN, 2, Double.NaN}, 4);
        y.median().backward();
        assertArrayEquals(new double[] {0, 0.5, 0, 0.5}, y.grad().toDoubleArray(), 0.0);
        Tensor z = leaf(new double[] {1, Double.NaN, 2, Double.NaN}, 4);
        Tensor nm = z.nanmedian();
        assertEquals("NanmedianBackward0", nm.gradFn().name());
        nm.backward();
        assertArrayEquals(new double[] {1, 0, 0, 0}, z.grad().toDoubleArray(), 0.0);
        Tensor e = leaf(new double[0], 0);
        Tensor em = e.median();   // NaN, still recorded, as PyTorch's
        assertTrue(em.requiresGrad());
        em.backward();
        assertArrayEquals(new long[] {0}, e.grad().shapeArray());
    }

    @Test
    void maxOverADimGivesTheGradientToTheFirstIndex() {
        // max over a dim picks one index (the first of equal values); only that element gets the gradient
        Tensor x = leaf(new double[] {2, 5, 5, 1, 0, 1}, 2, 3);
        ValuesIndices m = x.max(1);
        assertArrayEquals(new long[] {1, 0}, m.indices().toLongArray());
        m.values().sum().backward();
        assertArrayEquals(new double[] {0, 1, 0, 1, 0, 0}, x.grad().toDoubleArray(), 0.0);
    }

    @Test
    void prodWithZerosIsExactToSecondOrder() {
        Tensor oneZero = leaf(new double[] {1.5, 0, -2, 0.5, 3, -0.75}, 2, 3);
        Tensor twoZeros = leaf(new double[] {1.5, 0, -2, 0.5, 0, -0.75}, 2, 3);
        for (Tensor x : new Tensor[] {oneZero, twoZeros}) {
            check(in -> in[0].prod(), x);
            check(in -> in[0].prod(1), x);
            check(in -> in[0].prod(0, true), x);
            check(in -> in[0].t().prod(1), x);
        }
        // two zeros: every first-order gradient of the full product is zero
        twoZeros.prod().backward();
        assertArrayEquals(new double[6], twoZeros.grad().toDoubleArray(), 0.0);
        // one zero: only the zero gets the product of the others
        oneZero.prod().backward();
        assertArrayEquals(new double[] {0, 1.5 * -2 * 0.5 * 3 * -0.75, 0, 0, 0, 0}, oneZero.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void cumprodWithZerosIsExactToSecondOrder() {
        Tensor x = leaf(new double[] {1.5, 0, -2, 0.5, 0, -0.75, 0, 2, 0.25, 3, -1, 0}, 3, 4);
        check(in -> in[0].cumprod(1), x);
        check(in -> in[0].cumprod(0), x);
        check(in -> in[0].t().cumprod(1), x);
        check(in -> in[0].narrow(1, 1, 3).cumprod(1), x);
        // d/dx_k of sum(cumprod(x)) for x = [2, 0, 3]: [1 + 0 + 0, 2 + 2*3, 0]
        Tensor v = leaf(new double[] {2, 0, 3}, 3);
        v.cumprod(0).sum().backward();
        assertArrayEquals(new double[] {1, 8, 0}, v.grad().toDoubleArray(), 0.0);
    }

    @Test
    void varianceOverNoMoreElementsThanTheCorrection() {
        // PyTorch 2.x: 2 / (n - c) is infinite, so the gradient is inf, or NaN where x equals the mean
        Tensor x = leaf(new double[] {1.5, 2.5}, 2);
        Tensor v = x.var(null, 2.0, false);
        assertEquals(Double.POSITIVE_INFINITY, v.item());
        v.backward();
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY}, x.grad().toDoubleArray(), 0.0);
        Tensor c = leaf(new double[] {0.5, 0.5}, 2);
        c.var(null, 2.0, false).backward();
        assertTrue(Double.isNaN(c.grad().toDoubleArray()[0]) && Double.isNaN(c.grad().toDoubleArray()[1]));
    }

    @Test
    void zeroNormHasSubgradientZero() {
        Tensor x = leaf(new double[] {0, 0, 0}, 3);
        x.norm().backward();
        assertArrayEquals(new double[] {0, 0, 0}, x.grad().toDoubleArray(), 0.0);
        // p = 0 counts nonzeros: PyTorch gives no gradient at all
        Tensor y = leaf(new double[] {1, 0, 2}, 3);
        Tensor[] g = Torch.autograd().grad(new Tensor[] {y.norm(0)}, new Tensor[] {y}, null, false, false, true);
        assertNull(g[0]);
    }

    @Test
    void reductionsPassGradcheckOnExpandedInputs() {
        // stride-0 inputs: the gradient of every expanded copy is summed back into the one stored row
        Tensor row = rand(1, 1, 4);
        Function<Tensor, Tensor> e = t -> t.expand(3, 4);
        check(in -> e.apply(in[0]).prod(1), row);
        check(in -> e.apply(in[0]).max(1).values(), row);
        check(in -> e.apply(in[0]).amin(1), row);
        check(in -> e.apply(in[0]).std(1), row);
        check(in -> e.apply(in[0]).var(), row);
        check(in -> e.apply(in[0]).logsumexp(1), row);
        check(in -> e.apply(in[0]).norm(3.0, 1), row);
        check(in -> e.apply(in[0]).norm(Double.POSITIVE_INFINITY, 1), row);
        check(in -> e.apply(in[0]).softmax(1), row);
        check(in -> e.apply(in[0]).logSoftmax(0), row);
        check(in -> e.apply(in[0]).cumsum(0), row);
        check(in -> e.apply(in[0]).cumprod(1), row);
        check(in -> e.apply(in[0]).sort(1, true).values(), row);
        check(in -> e.apply(in[0]).topk(2, 1).values(), row);
        check(in -> e.apply(in[0]).clamp(-0.5, 0.5), row);
        check(in -> e.apply(in[0]).maskedFill(Torch.tensor(new boolean[] {true, false, true, false}), 1.0), row);
    }

    @Test
    void indicesAndArgReductionsAreNotDifferentiable() {
        Tensor x = rand(2, 3, 4);
        ValuesIndices s = x.sort(1);
        assertEquals("SortBackward0", s.values().gradFn().name());
        assertNull(s.indices().gradFn());
        assertNull(x.argsort(1).gradFn());
        assertNull(x.argmax().gradFn());
        assertNull(x.argmin(0).gradFn());
        assertFalse(x.topk(2).indices().requiresGrad());
        assertFalse(x.max(0).indices().requiresGrad());
    }

    @Test
    void savedOutputsAreCheckedForInPlaceChanges() {
        // softmax, cumprod and prod save their result: modifying it before backward is an error, as in PyTorch
        for (Function<Tensor, Tensor> op : List.<Function<Tensor, Tensor>>of(t -> t.softmax(1), t -> t.cumprod(1), t -> t.prod(1))) {
            Tensor y = op.apply(rand(3, 2, 3));
            y.add_(1.0);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
            assertTrue(e.getMessage().contains("modified by an inplace operation"), e.getMessage());
        }
    }

    @Test
    void clampInPlace() {
        Tensor x = rand(4, 3, 4);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.clamp_(-0.5, 0.5));
        assertTrue(e.getMessage().startsWith("clamp_: a leaf Variable that requires grad"), e.getMessage());
        Tensor y = x.mul(1.0);
        assertEquals("ClampBackward1", y.clamp_(-0.5, 0.5).gradFn().name());
        Tensor z = x.mul(1.0);
        assertEquals("MaskedFillBackward0", z.maskedFill_(x.gt(0.0), 0.0).gradFn().name());
        IllegalStateException m = assertThrows(IllegalStateException.class, () -> x.maskedFill_(x.gt(0.0), 0.0));
        assertTrue(m.getMessage().startsWith("masked_fill_: a leaf Variable"), m.getMessage());
    }

    @Test
    void clampBoundsGetTheGradientWhereTheyWin() {
        // clamp(x, lo, hi) = min(max(x, lo), hi): lo wins below it unless lo > hi, where hi wins everywhere
        Tensor x = leaf(new double[] {-2, 0, 2, 0}, 4);
        Tensor lo = leaf(new double[] {-1, -1, -1, 1}, 4);
        Tensor hi = leaf(new double[] {1, 1, 1, -1}, 4);
        x.clamp(lo, hi).sum().backward();
        assertArrayEquals(new double[] {0, 1, 0, 0}, x.grad().toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {1, 0, 0, 0}, lo.grad().toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {0, 0, 1, 1}, hi.grad().toDoubleArray(), 0.0);
    }
}
