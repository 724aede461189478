package dev.torch4j.autograd;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Index;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import dev.torch4j.testing.GoldenArgs;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.torch4j.Torch.ALL;
import static dev.torch4j.Torch.dtype;
import static dev.torch4j.Torch.randn;
import static dev.torch4j.Torch.shape;
import static dev.torch4j.Torch.slice;
import static dev.torch4j.Torch.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Derivatives of indexing (basic views, advanced indexing, index_put) and the gather/scatter family: outputs,
 * grad_fn names and input gradients against real PyTorch (scripts/goldens/grad_indexing_goldens.py), and
 * gradcheck/gradgradcheck in float64 on every golden case. The golden runner here also serves JoiningGradTest.
 */
class IndexingGradTest {

    @TestFactory
    Stream<DynamicTest> goldens() { return goldenTests("indexing"); }

    @TestFactory
    Stream<DynamicTest> gradchecks() { return gradcheckTests("indexing"); }

    // ------------------------------------------------------------------------------------------- golden runner

    /** One golden case made runnable: its floating leaves and a function from them to the op's outputs. */
    record Prepared(String[] names, Tensor[] leaves, Function<Tensor[], Tensor[]> fn, boolean inplace) {
        /** gradcheck needs float64 leaves (a float32 case is checked against its golden only). */
        boolean leavesAreFloat64() {
            for (Tensor t : leaves) if (t.dtype() != DType.FLOAT64) return false;
            return leaves.length > 0;
        }
    }

    static Stream<DynamicTest> goldenTests(String suite) {
        return Golden.cases("grad_indexing").stream().filter(c -> c.get("suite").getAsString().equals(suite))
                .map(c -> DynamicTest.dynamicTest(c.get("name").getAsString(), () -> checkGolden(c)));
    }

    /** gradcheck and gradgradcheck on each case whose floating inputs are float64 (the others say why they skip). */
    static Stream<DynamicTest> gradcheckTests(String suite) {
        return Golden.cases("grad_indexing").stream()
                .filter(c -> c.get("suite").getAsString().equals(suite) && !c.has("no_gradcheck"))
                .filter(c -> prepare(c).leavesAreFloat64())
                .map(c -> DynamicTest.dynamicTest(c.get("name").getAsString(), () -> {
                    Prepared p = prepare(c);
                    Function<Tensor[], Tensor[]> f = p.inplace ? in -> new Tensor[] {p.fn.apply(in)[0]} : p.fn;
                    assertTrue(GradCheck.gradcheckMulti(f, p.leaves));
                    assertTrue(GradCheck.gradgradcheckMulti(f, p.leaves));
                }));
    }

    private static void checkGolden(JsonObject c) {
        String name = c.get("name").getAsString();
        Prepared p = prepare(c);
        Tensor[] res = p.fn.apply(p.leaves);
        if (p.inplace && c.has("target_grad_fn")) {
            assertEquals(c.get("target_grad_fn").getAsString(), res[1].gradFn().name(), name + ": grad_fn of the written view");
        }
        GradGoldens.check(name, c, p.inplace ? new Tensor[] {res[0]} : res, p.leaves, p.names);
    }

    /**
     * Fresh leaves for the case (floating inputs require grad) and the function the script ran: views applied to
     * the leaves, then the op; in-place ops run on {@code y = x * 2} (or a view of y) and return {y, the view}.
     */
    static Prepared prepare(JsonObject c) {
        JsonObject in = c.getAsJsonObject("inputs");
        Map<String, Tensor> fixed = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        List<Tensor> leaves = new ArrayList<>();
        for (String k : in.keySet()) {
            Tensor t = Golden.tensor(in.getAsJsonObject(k));
            if (t.dtype().isFloatingPoint()) {
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
            Map<String, Tensor> x = new LinkedHashMap<>(fixed);
            for (int i = 0; i < ns.length; i++) {
                x.put(ns[i], GoldenArgs.applyView(ls[i], views.has(ns[i]) ? views.getAsJsonArray(ns[i]) : null));
            }
            if (!inplace) return run(op, x, a);
            Tensor y = x.get("x").mul(2.0);
            Tensor target = GoldenArgs.applyView(y, targetView);
            x.put("x", target);
            run(op, x, a);
            return new Tensor[] {y, target};
        };
        return new Prepared(ns, leaves.toArray(Tensor[]::new), fn, inplace);
    }

    /** The op the script ran, as the Java API spells it. */
    static Tensor[] run(String op, Map<String, Tensor> in, JsonObject a) {
        Tensor x = in.get("x");
        Tensor r = switch (op) {
            case "getitem" -> x.index(indices(a.getAsJsonArray("idx")));
            case "index_put" -> x.indexPut(tensors(a.getAsJsonArray("indices")), in.get("v"), a.get("accumulate").getAsBoolean());
            case "index_put_" -> x.indexPut_(tensors(a.getAsJsonArray("indices")), in.get("v"), a.get("accumulate").getAsBoolean());
            case "setitem_" -> x.indexPut_(indices(a.getAsJsonArray("idx")), in.get("v"));
            case "gather" -> x.gather(dim(a), t(a, "index"));
            case "scatter" -> x.scatter(dim(a), t(a, "index"), in.get("src"));
            case "scatter_" -> x.scatter_(dim(a), t(a, "index"), in.get("src"));
            case "scatter_value" -> x.scatter(dim(a), t(a, "index"), a.get("value").getAsDouble());
            case "scatter_value_" -> x.scatter_(dim(a), t(a, "index"), a.get("value").getAsDouble());
            case "scatter_add" -> x.scatterAdd(dim(a), t(a, "index"), in.get("src"));
            case "scatter_add_" -> x.scatterAdd_(dim(a), t(a, "index"), in.get("src"));
            case "index_select" -> x.indexSelect(dim(a), t(a, "index"));
            case "index_add" -> x.indexAdd(dim(a), t(a, "index"), in.get("src"), a.get("alpha").getAsDouble());
            case "index_add_" -> x.indexAdd_(dim(a), t(a, "index"), in.get("src"), a.get("alpha").getAsDouble());
            case "index_copy" -> x.indexCopy(dim(a), t(a, "index"), in.get("src"));
            case "index_copy_" -> x.indexCopy_(dim(a), t(a, "index"), in.get("src"));
            case "index_fill" -> x.indexFill(dim(a), t(a, "index"), a.get("value").getAsDouble());
            case "index_fill_" -> x.indexFill_(dim(a), t(a, "index"), a.get("value").getAsDouble());
            case "take" -> x.take(t(a, "index"));
            case "masked_select" -> x.maskedSelect(t(a, "mask"));
            case "cat" -> Torch.cat(list(in, a), dim(a));
            case "stack" -> Torch.stack(list(in, a), dim(a));
            case "hstack" -> Torch.hstack(list(in, a).toArray(Tensor[]::new));
            case "vstack" -> Torch.vstack(list(in, a).toArray(Tensor[]::new));
            case "dstack" -> Torch.dstack(list(in, a).toArray(Tensor[]::new));
            default -> null;
        };
        if (r != null) return new Tensor[] {r};
        return switch (op) {
            case "split" -> x.split(a.get("size").getAsLong(), dim(a));
            case "split_sizes" -> x.split(GoldenArgs.longs(a.getAsJsonArray("sizes")), dim(a));
            case "chunk" -> x.chunk(a.get("chunks").getAsLong(), dim(a));
            case "unbind" -> x.unbind(dim(a));
            default -> throw new IllegalArgumentException("unknown op " + op);
        };
    }

    private static long dim(JsonObject a) { return a.get("dim").getAsLong(); }

    private static Tensor t(JsonObject a, String key) { return Golden.tensor(a.getAsJsonObject(key)); }

    private static List<Tensor> list(Map<String, Tensor> in, JsonObject a) {
        List<Tensor> ts = new ArrayList<>();
        for (JsonElement e : a.getAsJsonArray("tensors")) ts.add(in.get(e.getAsString()));
        return ts;
    }

    private static Object[] tensors(JsonArray items) {
        Object[] out = new Object[items.size()];
        for (int i = 0; i < out.length; i++) out[i] = Golden.tensor(items.get(i).getAsJsonObject());
        return out;
    }

    /** Index items as written by the script's enc(): ints, slices, None, Ellipsis, booleans, tensors. */
    private static Object[] indices(JsonArray items) {
        Object[] out = new Object[items.size()];
        for (int i = 0; i < out.length; i++) {
            JsonObject o = items.get(i).getAsJsonObject();
            if (o.has("i")) out[i] = o.get("i").getAsLong();
            else if (o.has("s")) {
                JsonArray s = o.getAsJsonArray("s");
                out[i] = Index.slice(bound(s.get(0)), bound(s.get(1)), bound(s.get(2)));
            } else if (o.has("n")) out[i] = Index.NONE;
            else if (o.has("e")) out[i] = Index.ELLIPSIS;
            else if (o.has("b")) out[i] = o.get("b").getAsBoolean();
            else if (o.has("t")) out[i] = Golden.tensor(o.getAsJsonObject("t"));
            else throw new IllegalArgumentException(o.toString());
        }
        return out;
    }

    private static Long bound(JsonElement e) { return e.isJsonNull() ? null : e.getAsLong(); }

    // ------------------------------------------------------------------------------------------- behaviour

    private static Tensor leaf(long... shape) {
        return randn(shape(shape), dtype(DType.FLOAT64)).requiresGrad_(true);
    }

    @Test
    void basicIndexingRecordsEachViewStep() {
        Tensor x = leaf(3, 4, 5);
        Tensor v = x.index(1, Index.NONE, slice(1, null, 2));
        // select, unsqueeze, slice, each a view of the last
        assertEquals("SliceBackward0", v.gradFn().name());
        assertEquals("UnsqueezeBackward0", v.gradFn().nextEdges()[0].node().name());
        assertEquals("SelectBackward0", v.gradFn().nextEdges()[0].node().nextEdges()[0].node().name());
        assertSame(x.storage(), v.storage());
    }

    @Test
    void wholeSliceWrittenAs0ToLenMakesNoView() {
        // PyTorch skips 0:len (step 1) in multi-index expressions, so y[0:4, j] = v writes y itself
        Tensor x = leaf(4, 5);
        Tensor y = x.mul(2.0);
        y.indexPut_(new Object[] {slice(0, 4), tensor(new long[] {3, 0})}, leaf(4, 2));
        assertEquals("IndexPutBackward0", y.gradFn().name());
        Tensor z = x.mul(2.0);
        z.indexPut_(new Object[] {ALL, tensor(new long[] {3, 0})}, leaf(4, 2));
        assertEquals("CopySlices", z.gradFn().name());
    }

    @Test
    void inPlaceWritesOnLeavesAreRefused() {
        Tensor x = leaf(4, 5);
        Tensor i = tensor(new long[] {0});
        var e = assertThrows(IllegalStateException.class, () -> x.indexPut_(new Object[] {i}, Torch.zeros(shape(5), dtype(DType.FLOAT64))));
        assertTrue(e.getMessage().startsWith("index_put_: a leaf Variable that requires grad"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> x.scatter_(1, tensor(new long[][] {{0}}), 1.0));
        assertTrue(e.getMessage().startsWith("scatter_: a leaf Variable"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> x.narrow(0, 1, 2).indexFill_(0, i, 1.0));
        assertTrue(e.getMessage().startsWith("index_fill_: a view of a leaf Variable"), e.getMessage());
        // no grad mode: allowed (an optimizer-style update)
        try (var g = Torch.noGrad()) {
            x.indexFill_(0, i, 7.0);
        }
        assertEquals(7.0, x.index(0, 0).item());
    }

    @Test
    void savedIndexModifiedInPlaceFailsBackward() {
        Tensor x = leaf(4, 5);
        Tensor i = tensor(new long[] {0, 2});
        Tensor y = x.index(i);
        i.fill_(1);
        var e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().contains("modified by an inplace operation") && e.getMessage().contains("IndexBackward0"),
                e.getMessage());
        Tensor j = tensor(new long[][] {{0, 2}});
        Tensor z = x.gather(1, j);
        j.fill_(1);
        e = assertThrows(IllegalStateException.class, () -> z.sum().backward());
        assertTrue(e.getMessage().contains("GatherBackward0"), e.getMessage());
    }

    @Test
    void opErrorsStillNameTheOpWhenRecording() {
        Tensor x = leaf(4, 5).mul(1.0);
        Tensor v = Torch.zeros(shape(5), dtype(DType.FLOAT32));
        var e = assertThrows(IllegalArgumentException.class, () -> x.indexPut_(new Object[] {tensor(new long[] {0})}, v));
        assertTrue(e.getMessage().contains("Index put requires the source and destination dtypes match, got Double for the "
                + "destination and Float for the source."), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> x.gather(1, tensor(new long[] {0})));
        assertTrue(e2.getMessage().startsWith("gather(): Index tensor must have the same number of dimensions"), e2.getMessage());
        var e3 = assertThrows(IndexOutOfBoundsException.class, () -> x.indexSelect(0, tensor(new long[] {9})));
        assertTrue(e3.getMessage().contains("index_select(): index 9 is out of bounds for dimension 0 with size 4"), e3.getMessage());
    }

    @Test
    void integerTensorsAreNotRecorded() {
        Tensor a = tensor(new long[][] {{1, 2}, {3, 4}});
        Tensor idx = tensor(new long[][] {{1}, {0}});
        assertNull(a.gather(1, idx).gradFn());
        assertNull(a.index(tensor(new long[] {1})).gradFn());
        // a float value written into an int tensor? refused by dtype; an int self with a float leaf never records
        Tensor f = leaf(2, 2);
        assertTrue(f.gather(1, idx).requiresGrad());
    }

    @Test
    void outOfPlaceFormsLeaveSelfAlone() {
        Tensor x = leaf(4, 5);
        double[] before = x.toDoubleArray();
        Tensor i = tensor(new long[] {1, 3});
        Tensor r = x.indexFill(0, i, 0.0).scatter(1, tensor(new long[][] {{0}}), 5.0).indexCopy(0, i, leaf(2, 5));
        assertArrayEquals(before, x.toDoubleArray(), 0.0);
        assertEquals("IndexCopyBackward0", r.gradFn().name());
        // the out-of-place node takes self directly (no clone node in between), as in PyTorch
        assertEquals("ScatterBackward1", r.gradFn().nextEdges()[0].node().name());
    }

    @Test
    void valuesAliasedWithSelfAreReadBeforeTheWrite() {
        Tensor x = leaf(4, 3);
        Tensor y = x.mul(1.0);
        // y[[1, 0]] = y[0:2]: values read from a copy, so each row is swapped, and the gradient flows to both
        y.indexPut_(new Object[] {tensor(new long[] {1, 0})}, y.narrow(0, 0, 2));
        Tensor xd = x.detach();
        assertArrayEquals(xd.narrow(0, 1, 1).toDoubleArray(), y.narrow(0, 0, 1).toDoubleArray(), 0.0);
        assertArrayEquals(xd.narrow(0, 0, 1).toDoubleArray(), y.narrow(0, 1, 1).toDoubleArray(), 0.0);
        y.sum().backward();
        // rows 0 and 1 of x reach y only through the values (their old places were overwritten); rows 2, 3 directly
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, x.grad().toDoubleArray(), 0.0);
    }

    @Test
    void secondDerivativeThroughTakeAndMaskedSelect() {
        // d/dx sum((x.take(i))^2) = 2 * put_add(x[i]); second order: each index hit k times has curvature 2k
        Tensor x = leaf(2, 3);
        Tensor i = tensor(new long[] {0, 0, 5});
        Tensor g = Torch.autograd().grad(new Tensor[] {x.take(i).square().sum()}, new Tensor[] {x}, null, true, true, false)[0];
        Tensor gg = Torch.autograd().grad(g.sum(), x);
        assertArrayEquals(new double[] {4, 0, 0, 0, 0, 2}, gg.toDoubleArray(), 0.0);
        Tensor m = x.detach().gt(0.0);
        Tensor h = Torch.autograd().grad(new Tensor[] {x.maskedSelect(m).square().sum()}, new Tensor[] {x}, null, true, true, false)[0];
        Tensor hh = Torch.autograd().grad(h.sum(), x);
        double[] mv = m.to(DType.FLOAT64).toDoubleArray();
        for (int k = 0; k < mv.length; k++) mv[k] *= 2;
        assertArrayEquals(mv, hh.toDoubleArray(), 0.0);
    }
}
