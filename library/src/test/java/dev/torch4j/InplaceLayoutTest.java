package dev.torch4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import dev.torch4j.autograd.GradMode;
import dev.torch4j.testing.Golden;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The in-place layout ops against goldens/inplace_layout.json (scripts/goldens/inplace_layout_goldens.py). */
class InplaceLayoutTest {
    private static final List<JsonObject> CASES = Golden.cases("inplace_layout");
    private static final Map<String, JsonObject> BY_NAME =
            CASES.stream().collect(Collectors.toMap(c -> c.get("name").getAsString(), c -> c));

    private static long[] longs(JsonElement e) {
        return StreamSupport.stream(e.getAsJsonArray().spliterator(), false).mapToLong(JsonElement::getAsLong).toArray();
    }

    private static Tensor input(JsonObject c, DType dtype) {
        long[] shape = longs(c.get("shape"));
        Tensor x = Torch.arange(Shapesless.numel(shape)).to(dtype).reshape(shape);
        return c.has("pre") ? x.t() : x;
    }

    /** The op a case names, applied to {@code x}. */
    private static Tensor apply(JsonObject c, Tensor x) {
        JsonArray a = c.getAsJsonArray("args");
        long[] args = a.size() > 0 && !a.get(0).isJsonArray() ? longs(a) : new long[0];
        return switch (c.get("op").getAsString()) {
            case "t_" -> x.t_();
            case "transpose_" -> x.transpose_(args[0], args[1]);
            case "swapdims_" -> x.swapdims_(args[0], args[1]);
            case "swapaxes_" -> x.swapaxes_(args[0], args[1]);
            case "squeeze_" -> args.length == 0 ? x.squeeze_() : x.squeeze_(args[0]);
            case "squeeze_dims_" -> x.squeeze_(args);
            case "unsqueeze_" -> x.unsqueeze_(args[0]);
            case "as_strided_" -> a.size() == 3 ? x.asStrided_(longs(a.get(0)), longs(a.get(1)), a.get(2).getAsLong())
                    : x.asStrided_(longs(a.get(0)), longs(a.get(1)));
            case "resize_" -> x.resize_(args);
            case "resize_as_" -> x.resizeAs_(Torch.zeros(args));
            default -> throw new AssertionError("unknown op " + c.get("op"));
        };
    }

    /** Versions are compared as counts of bumps since {@code before} (factories here may write in place). */
    private static void assertLayout(JsonObject c, Tensor r, int before) {
        String n = c.get("name").getAsString();
        assertArrayEquals(longs(c.get("shape_out")), r.shapeArray(), n + ": shape");
        assertArrayEquals(longs(c.get("stride")), r.stride(), n + ": stride");
        assertEquals(c.get("offset").getAsLong(), r.storageOffset(), n + ": offset");
        assertEquals(c.get("version").getAsInt(), r.version() - before, n + ": version");
        if (c.has("values")) Golden.assertExact(Golden.tensor(c.getAsJsonObject("values")), r, n + ": values");
    }

    @TestFactory
    List<DynamicTest> layoutOpsMatchPyTorch() {
        return CASES.stream().filter(c -> c.has("op") && c.has("args") && c.has("shape") && !c.has("pre_slice")
                && !c.get("name").getAsString().equals("resize_ grow")).map(c -> DynamicTest.dynamicTest(c.get("name").getAsString(), () -> {
            Tensor x = input(c, DType.FLOAT32);
            if (c.has("error")) {
                long[] before = x.shapeArray();
                int version = x.version();
                RuntimeException e = assertThrows(RuntimeException.class, () -> apply(c, x));
                assertTrue(e.getMessage().contains(c.get("error").getAsString()), e.getMessage());
                assertArrayEquals(before, x.shapeArray(), "an error leaves the tensor as it was");
                assertEquals(version, x.version());
                return;
            }
            var storage = x.storage();
            int version = x.version();
            assertSame(x, apply(c, x));
            assertLayout(c, x, version);
            assertSame(storage, x.storage(), "the same memory");
            if (c.has("grad_fn")) {
                Tensor leaf = input(c, DType.FLOAT64).detach().requiresGrad_(true);
                Tensor y = leaf.mul(1.0);
                apply(c, y);
                assertEquals(c.get("grad_fn").getAsString(), y.gradFn().name());
                Tensor w = Torch.arange(1, y.numel() + 1).to(DType.FLOAT64).reshape(y.shapeArray());
                y.mul(w).sum().backward();
                Golden.assertExact(Golden.tensor(c.getAsJsonObject("grad")), leaf.grad(), "grad");
            }
        })).toList();
    }

    @Test
    void resizeGrowsIntoNewMemoryKeepingTheOldElements() {
        JsonObject c = BY_NAME.get("resize_ grow");
        Tensor x = Torch.arange(6).to(DType.FLOAT32);
        var old = x.storage();
        int version = x.version();
        x.resize_(3, 3);
        assertArrayEquals(longs(c.get("shape_out")), x.shapeArray());
        assertArrayEquals(longs(c.get("stride")), x.stride());
        assertEquals(c.get("version").getAsInt(), x.version() - version);
        assertNotSame(old, x.storage());
        Golden.assertExact(Golden.tensor(c.getAsJsonObject("prefix")), x.reshape(-1).narrow(0, 0, 6), "old elements");

        JsonObject v = BY_NAME.get("resize_ of a view within its storage");
        Tensor base = Torch.arange(6).to(DType.FLOAT32);
        Tensor view = base.narrow(0, 2, 4);
        int viewVersion = view.version();
        view.resize_(2, 2);
        assertLayout(v, view, viewVersion);
        assertSame(base.storage(), view.storage());
        view.fill_(-1); // still aliases its base
        assertEquals(-1.0, base.get(5).item());
    }

    @Test
    void resizeRefusesNegativeSizesAndTensorsThatRequireGrad() {
        var e = assertThrows(IllegalArgumentException.class, () -> Torch.zeros(2).resize_(-1));
        assertEquals("resize_: Trying to create tensor with negative dimension -1: [-1]", e.getMessage());
    }

    @Test
    void gradErrorsMatchPyTorch() {
        JsonObject errs = BY_NAME.get("grad errors").getAsJsonObject("errors");
        Function<String, String> msg = k -> errs.get(k).getAsString();
        Tensor a = Torch.arange(6).to(DType.FLOAT32).reshape(2, 3).clone().requiresGrad_(true);
        Map<String, Runnable> ops = Map.of(
                "leaf t_", a::t_, "leaf unsqueeze_", () -> a.unsqueeze_(0), "leaf resize_", () -> a.resize_(6),
                "non-leaf resize_", () -> a.mul(2).resize_(6), "leaf set_", () -> a.set_(Torch.zeros(2)),
                "view of leaf t_", () -> a.narrow(0, 0, 1).t_());
        ops.forEach((k, op) -> {
            RuntimeException e = assertThrows(RuntimeException.class, op::run, k);
            assertTrue(e.getMessage().endsWith(msg.apply(k)), k + ": " + e.getMessage());
        });
        assertArrayEquals(new long[] {2, 3}, a.shapeArray(), "refused ops leave the leaf alone");
        try (var g = GradMode.noGrad()) {
            Tensor b = a.detach().clone().requiresGrad_(true);
            assertArrayEquals(longs(errs.get("leaf t_ under no_grad shape")), b.t_().shapeArray());
        }
    }

    @Test
    void setSharesTheSourceMemoryAndLayout() {
        JsonObject c = BY_NAME.get("set_ tensor");
        Tensor s = Torch.arange(6).to(DType.FLOAT32);
        Tensor t = Torch.zeros(1);
        int version = s.version();
        t.set_(s.narrow(0, 1, 5).asStrided(new long[] {3}, new long[] {2}, 1));
        assertLayout(c, t, version);
        assertSame(s.storage(), t.storage());
        t.fill_(7);
        assertEquals(7.0, s.get(3).item(), "writes through set_ reach the source");

        JsonObject e = BY_NAME.get("set_ empty");
        Tensor o = Torch.ones(3);
        o.set_();
        assertLayout(e, o, 0);

        Tensor w = Torch.zeros(2);
        w.set_(Torch.arange(6).to(DType.FLOAT32), 1, new long[] {2, 2}, new long[] {1, 2});
        Golden.assertExact(Torch.tensor(new float[][] {{1, 3}, {2, 4}}), w, "set_ with a layout");
        assertThrows(IndexOutOfBoundsException.class, () -> w.set_(s, 1, new long[] {3, 3}, new long[] {1, 2}));
        var dt = assertThrows(IllegalArgumentException.class, () -> Torch.zeros(1).to(DType.INT64).set_(s));
        assertTrue(dt.getMessage().contains("int64") && dt.getMessage().contains("float32"), dt.getMessage());

        JsonObject n = BY_NAME.get("set_ non-leaf");
        Tensor q = Torch.arange(3).to(DType.FLOAT32).requiresGrad_(true).mul(2);
        q.set_(s);
        assertEquals(n.get("grad_fn").getAsString(), q.gradFn().name());
        assertEquals(n.get("requires_grad").getAsBoolean(), q.requiresGrad());
        var nd = assertThrows(UnsupportedOperationException.class, () -> q.sum().backward());
        assertTrue(nd.getMessage().contains("the derivative for 'set_' is not implemented."), nd.getMessage());
    }

    @Test
    void dataSetterKeepsTheTensorAndItsRequiresGrad() {
        JsonObject c = BY_NAME.get("data setter");
        Tensor w = Torch.randn(2).requiresGrad_(true);
        w.setData(Torch.arange(5).to(DType.FLOAT32));
        Golden.assertExact(Golden.tensor(c.getAsJsonObject("values")), w.detach(), "data");
        assertEquals(c.get("requires_grad").getAsBoolean(), w.requiresGrad());
        assertEquals(c.get("is_leaf").getAsBoolean(), w.isLeaf());
        var e = assertThrows(IllegalArgumentException.class, () -> w.setData(Torch.ones(5).to(DType.INT64)));
        assertTrue(e.getMessage().startsWith(c.getAsJsonObject("errors").get("int data on requires_grad").getAsString()));
        Tensor w2 = Torch.randn(2);
        w2.setData(Torch.arange(4));
        Golden.assertExact(Golden.tensor(c.getAsJsonObject("values2")), w2, "a tensor that needs no grad takes any dtype");
        // the parameter object stays: a module's and an optimizer's references see the new data
        w.sum().backward();
        assertArrayEquals(new long[] {5}, w.grad().shapeArray());
    }

    @Test
    void aTensorSavedForBackwardThenReLaidOutIsReported() {
        Tensor a = Torch.randn(2, 3).requiresGrad_(true);
        Tensor y = a.mul(2);
        Tensor z = y.mul(y);
        y.t_();
        var e = assertThrows(IllegalStateException.class, () -> z.sum().backward());
        assertTrue(e.getMessage().contains("modified by an inplace operation"), e.getMessage());

        Tensor x = Torch.randn(2, 3);
        Tensor b = Torch.randn(2, 3).requiresGrad_(true);
        Tensor p = b.mul(x);
        x.resize_(6);
        var r = assertThrows(IllegalStateException.class, () -> p.sum().backward());
        assertTrue(r.getMessage().contains("resized or re-pointed in place"), r.getMessage());
    }

    @Test
    void earlierShapesAndViewsKeepTheirValues() {
        Tensor x = Torch.arange(6).to(DType.FLOAT32).reshape(2, 3);
        Size before = x.shape();
        long[] stride = x.stride();
        Tensor view = x.narrow(1, 0, 2);
        x.t_().unsqueeze_(0);
        assertArrayEquals(new long[] {2, 3}, before.toArray());
        assertArrayEquals(new long[] {3, 1}, stride);
        assertArrayEquals(new long[] {1, 3, 2}, x.shapeArray());
        assertArrayEquals(new long[] {2, 2}, view.shapeArray());
        assertFalse(x.isContiguous());
        assertEquals(x.storage(), view.storage());
    }

    /** Sizes to element counts, without Shapes (a test of the public API). */
    private static final class Shapesless {
        static long numel(long[] s) {
            long n = 1;
            for (long d : s) n *= d;
            return n;
        }
    }
}
