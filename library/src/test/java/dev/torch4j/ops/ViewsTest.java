package dev.torch4j.ops;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import dev.torch4j.testing.GoldenArgs;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * View ops against PyTorch ({@code scripts/goldens/views_goldens.py}): values, shape, {@code stride()},
 * {@code storageOffset()}, {@code isContiguous()} and storage sharing of every result, on contiguous and
 * non-contiguous inputs; the errors; {@code to(dtype)} for every pair of dtypes; and writes through views.
 */
class ViewsTest {

    @TestFactory
    Stream<DynamicTest> goldens() {
        List<JsonObject> cases = Golden.cases("views");
        GoldenArgs ga = new GoldenArgs(cases);
        List<DynamicTest> out = new ArrayList<>();
        for (JsonObject c : cases.subList(1, cases.size())) {
            if (c.get("k").getAsString().equals("view")) {
                out.add(DynamicTest.dynamicTest(c.get("name").getAsString(), () -> checkView(ga, c)));
            } else {
                String name = "to " + c.getAsJsonObject("src").get("dtype").getAsString() + " -> " + c.get("dtype").getAsString();
                out.add(DynamicTest.dynamicTest(name, () -> {
                    Tensor src = Golden.tensor(c.getAsJsonObject("src"));
                    Golden.assertExact(Golden.tensor(c.getAsJsonObject("out")), src.to(Golden.dtype(c.get("dtype").getAsString())), name);
                }));
            }
        }
        return out.stream();
    }

    private static void checkView(GoldenArgs ga, JsonObject c) {
        String name = c.get("name").getAsString();
        Tensor base = ga.input(c.get("input").getAsString());
        Tensor x = GoldenArgs.applyView(base, c.has("pre") ? c.getAsJsonArray("pre") : null);
        String op = c.get("op").getAsString();
        long[] args = GoldenArgs.longs(c.getAsJsonArray("args"));
        if (c.has("error")) {
            String expect = c.get("expect").getAsString();
            RuntimeException e = assertThrows(RuntimeException.class, () -> apply(op, x, args),
                    () -> name + ": PyTorch raises " + c.get("error").getAsString());
            assertTrue(String.valueOf(e.getMessage()).contains(expect),
                    () -> name + ": message should contain \"" + expect + "\" but was: " + e.getMessage());
            return;
        }
        Object r = apply(op, x, args);
        if (c.has("outs")) {
            Tensor[] rs = (Tensor[]) r;
            JsonArray outs = c.getAsJsonArray("outs");
            assertEquals(outs.size(), rs.length, name + ": count");
            for (int i = 0; i < rs.length; i++) checkResult(outs.get(i).getAsJsonObject(), rs[i], base, name + "[" + i + "]");
        } else {
            checkResult(c.getAsJsonObject("out"), (Tensor) r, base, name);
        }
    }

    private static void checkResult(JsonObject e, Tensor r, Tensor base, String what) {
        Golden.assertExact(Golden.tensor(e.getAsJsonObject("t")), r, what);
        assertArrayEquals(GoldenArgs.longs(e.getAsJsonArray("stride")), r.stride(), what + ": stride()");
        assertEquals(e.get("offset").getAsLong(), r.storageOffset(), what + ": storageOffset()");
        assertEquals(e.get("contig").getAsBoolean(), r.isContiguous(), what + ": isContiguous()");
        assertEquals(e.get("shares").getAsBoolean(), r.storage() == base.storage(), what + ": shares storage with the input");
    }

    private static Object apply(String op, Tensor x, long[] a) {
        return switch (op) {
            case "view" -> x.view(a);
            case "reshape" -> x.reshape(a);
            case "reshapeAs" -> x.reshapeAs(Torch.zeros(a));
            case "viewAs" -> x.viewAs(Torch.zeros(a));
            case "flatten" -> a.length == 0 ? x.flatten() : a.length == 1 ? x.flatten(a[0]) : x.flatten(a[0], a[1]);
            case "permute" -> x.permute(a);
            case "transpose" -> x.transpose(a[0], a[1]);
            case "t" -> x.t();
            case "mT" -> x.mT();
            case "T" -> x.T();
            case "squeeze" -> a.length == 0 ? x.squeeze() : x.squeeze(a[0]);
            case "unsqueeze" -> x.unsqueeze(a[0]);
            case "expand" -> x.expand(a);
            case "expandAs" -> x.expandAs(Torch.zeros(a));
            case "narrow" -> x.narrow(a[0], a[1], a[2]);
            case "select" -> x.select(a[0], a[1]);
            case "unbind" -> x.unbind(a[0]);
            case "diagonal" -> a.length == 0 ? x.diagonal() : x.diagonal(a[0], a.length > 1 ? a[1] : 0, a.length > 2 ? a[2] : 1);
            case "contiguous" -> x.contiguous();
            case "clone" -> x.clone();
            default -> throw new IllegalArgumentException(op);
        };
    }

    // ---------------------------------------------------------------- storage sharing and independence

    @Test
    void writesThroughViewsReachTheBase() {
        Tensor base = Torch.arange(0.0, 12.0, 1.0).reshape(3, 4);
        base.t().select(0, 1).fill_(-1);       // column 1
        base.narrow(0, 2, 1).mul_(10L);        // last row
        base.diagonal().add_(100L);
        base.view(-1).select(0, 3).fill_(7);
        base.expand(2, 3, 4).select(0, 1).select(0, 0).select(0, 0).fill_(42); // one element through an expanded view
        assertArrayEquals(new float[] {42, -1, 2, 7, 4, 99, 6, 7, 80, -10, 200, 110}, base.toFloatArray());
        Tensor u = base.unsqueeze(0).squeeze(0).permute(1, 0).permute(1, 0);
        u.select(1, 2).fill_(0);
        assertArrayEquals(new float[] {42, -1, 0, 7, 4, 99, 0, 7, 80, -10, 0, 110}, base.toFloatArray());
        for (Tensor v : base.unbind(1)) v.neg_();
        assertEquals(-42.0, base.select(0, 0).select(0, 0).item());
    }

    @Test
    void cloneAndReshapeCopiesAreIndependent() {
        Tensor base = Torch.arange(0.0, 6.0, 1.0).reshape(2, 3);
        Tensor c = base.clone();
        assertNotSame(base.storage(), c.storage());
        c.fill_(9);
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, base.toFloatArray());
        Tensor copy = base.t().reshape(6); // not viewable: a copy
        assertNotSame(base.storage(), copy.storage());
        copy.fill_(1);
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, base.toFloatArray());
        Tensor view = base.reshape(3, 2);   // viewable: shares
        assertSame(base.storage(), view.storage());
        Tensor t = base.t();
        assertNotSame(t.storage(), t.contiguous().storage()); // contiguous() of a non-contiguous tensor copies
        assertSame(base, base.contiguous());
        assertSame(base, base.to(DType.FLOAT32));
        assertNotSame(base, base.to(DType.FLOAT64));
    }

    @Test
    void inPlaceOpsBumpTheSharedVersion() {
        Tensor base = Torch.zeros(2, 2);
        Tensor v = base.select(0, 1);
        int before = base.version();
        v.add_(1L);
        assertTrue(base.version() > before);
        assertEquals(base.version(), v.version());
    }

    // ---------------------------------------------------------------- element access and export

    @Test
    void itemOnEveryDtype() {
        for (DType d : dev.torch4j.testing.RealDTypes.values()) {
            Tensor t = Torch.full(new long[] {1, 1}, d == DType.BOOL ? 1 : d == DType.UINT8 ? 200 : -3, Torch.dtype(d));
            double want = d == DType.BOOL ? 1 : d == DType.UINT8 ? 200 : -3;
            assertEquals(want, t.item(), d.toString());
            assertEquals((long) want, t.itemLong(), d.toString());
            assertTrue(t.itemBool(), d.toString());
        }
        assertEquals(-2L, Torch.tensor(-2.7).itemLong()); // truncates, as int(tensor) does
        assertEquals(0.1f, Torch.tensor(0.1).item(), 0.0); // the float32 value, widened exactly
        assertEquals(Long.MAX_VALUE, Torch.tensor(Long.MAX_VALUE).itemLong()); // exact beyond 2^53
        assertEquals(2.5, Torch.zeros(3).add(2.5).select(0, 1).item());
    }

    @Test
    void itemOnManyElementsFails() {
        var e = assertThrows(IllegalArgumentException.class, () -> Torch.zeros(2, 3).item());
        assertTrue(e.getMessage().contains("a Tensor with 6 elements cannot be converted to Scalar"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Torch.zeros(0).itemLong());
    }

    @Test
    void exportsAreRowMajorCopiesOfViews() {
        Tensor base = Torch.arange(0L, 12L, 1L).reshape(3, 4);
        Tensor v = base.t().narrow(0, 1, 2); // [[1, 5, 9], [2, 6, 10]]
        assertArrayEquals(new long[] {1, 5, 9, 2, 6, 10}, v.toLongArray());
        assertArrayEquals(new float[] {1, 5, 9, 2, 6, 10}, v.toFloatArray());
        assertArrayEquals(new double[] {1, 5, 9, 2, 6, 10}, v.toDoubleArray());
        long[] a = v.toLongArray();
        a[0] = 99;
        assertEquals(1L, v.select(0, 0).select(0, 0).itemLong());
        Tensor big = Torch.tensor(new long[] {(1L << 53) + 1, -(1L << 62) - 1});
        assertArrayEquals(new long[] {(1L << 53) + 1, -(1L << 62) - 1}, big.toLongArray());
        assertArrayEquals(new double[] {0x1p53, -0x1p62}, big.toDoubleArray());
        assertArrayEquals(new float[] {0.5f, -0f}, Torch.tensor(new double[] {0.5, -0.0}).toFloatArray());
        assertArrayEquals(new long[] {}, Torch.zeros(0, 3).toLongArray());
        assertArrayEquals(new double[] {7}, Torch.tensor(7.0).toDoubleArray());
        assertArrayEquals(new long[] {1, 0}, Torch.tensor(new boolean[] {true, false}).toLongArray());
        assertFalse(Torch.tensor(new double[] {Double.NaN}).toFloatArray()[0] == 0f);
    }

    @Test
    void sizeAndStrideAccessors() {
        Tensor t = Torch.zeros(2, 3, 4).permute(2, 0, 1);
        assertEquals(Size.of(4, 2, 3), t.shape());
        assertEquals(3, t.size(-1));
        assertEquals(1, t.stride(0));
        assertEquals(4, t.stride(-1));
        assertEquals(3, t.ndim());
        assertEquals(24, t.numel());
        assertThrows(IndexOutOfBoundsException.class, () -> t.size(3));
        assertThrows(IndexOutOfBoundsException.class, () -> t.stride(-4));
    }
}
