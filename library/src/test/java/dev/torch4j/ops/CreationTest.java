package dev.torch4j.ops;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import dev.torch4j.testing.GoldenArgs;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Factories against PyTorch ({@code scripts/goldens/creation_goldens.py}): {@code tensor} from nested Java arrays
 * with PyTorch's dtype inference, zeros / ones / full, arange (PyTorch's length rule), linspace (bit for bit),
 * eye, the {@code *Like} forms; and {@code fromArray}'s memory sharing.
 */
class CreationTest {

    @TestFactory
    Stream<DynamicTest> goldens() {
        List<DynamicTest> out = new ArrayList<>();
        int i = 0;
        for (JsonObject c : Golden.cases("creation")) {
            JsonObject shown = c.deepCopy();
            shown.remove("out");
            shown.remove("error");
            shown.remove("src");
            out.add(DynamicTest.dynamicTest((i++) + " " + shown, () -> check(c, shown.toString())));
        }
        return out.stream();
    }

    private static void check(JsonObject c, String what) {
        if (c.has("error")) {
            String expect = c.get("expect").getAsString();
            RuntimeException e = assertThrows(RuntimeException.class, () -> make(c), what);
            assertTrue(String.valueOf(e.getMessage()).contains(expect), () -> what + ": message should contain \"" + expect
                    + "\" but was: " + e.getMessage());
            return;
        }
        Tensor expected = Golden.tensor(c.getAsJsonObject("out")), actual = make(c);
        if (c.get("k").getAsString().equals("linspace")) Golden.assertExact(expected, actual, what); // same algorithm
        else Golden.assertClose(expected, actual, what);
    }

    private static TensorOptions opts(JsonObject c) {
        return c.has("dtype") ? Torch.dtype(Golden.dtype(c.get("dtype").getAsString())) : TensorOptions.DEFAULT;
    }

    private static Tensor make(JsonObject c) {
        TensorOptions o = opts(c);
        return switch (c.get("k").getAsString()) {
            case "tensor" -> {
                Object data = javaArray(c.get("java").getAsString(), c.get("data"));
                yield c.has("dtype") ? Torch.tensor(data, o) : Torch.tensor(data);
            }
            case "zeros" -> c.has("dtype") ? Torch.zeros(shape(c), o) : Torch.zeros(GoldenArgs.longs(c.getAsJsonArray("shape")));
            case "ones" -> c.has("dtype") ? Torch.ones(shape(c), o) : Torch.ones(GoldenArgs.longs(c.getAsJsonArray("shape")));
            case "full" -> full(c, o);
            case "arange" -> arange(c, o);
            case "linspace" -> Torch.linspace(c.get("start").getAsDouble(), c.get("end").getAsDouble(),
                    c.get("steps").getAsLong(), o);
            case "eye" -> {
                long n = c.get("n").getAsLong();
                boolean square = !c.has("m") || c.get("m").isJsonNull();
                if (!c.has("dtype")) yield square ? Torch.eye(n) : Torch.eye(n, c.get("m").getAsLong());
                yield Torch.eye(n, square ? n : c.get("m").getAsLong(), o);
            }
            case "like" -> like(c, o);
            default -> throw new IllegalArgumentException(c.toString());
        };
    }

    private static Size shape(JsonObject c) { return Size.of(GoldenArgs.longs(c.getAsJsonArray("shape"))); }

    private static Tensor full(JsonObject c, TensorOptions o) {
        long[] s = GoldenArgs.longs(c.getAsJsonArray("shape"));
        JsonElement v = c.get("value");
        return switch (c.get("vkind").getAsString()) {
            case "float" -> c.has("dtype") ? Torch.full(s, GoldenArgs.number(v), o) : Torch.full(s, GoldenArgs.number(v));
            case "int" -> c.has("dtype") ? Torch.full(s, v.getAsLong(), o) : Torch.full(s, v.getAsLong());
            // no full(shape, boolean, options): a bool value with a dtype is the number 0 or 1, as Python's True is
            default -> c.has("dtype") ? Torch.full(s, v.getAsBoolean() ? 1L : 0L, o) : Torch.full(s, v.getAsBoolean());
        };
    }

    private static Tensor arange(JsonObject c, TensorOptions o) {
        JsonArray a = c.getAsJsonArray("args");
        if (c.get("vkind").getAsString().equals("int")) {
            long s = a.get(0).getAsLong(), e = a.get(1).getAsLong(), st = a.get(2).getAsLong();
            if (c.has("dtype")) return Torch.arange(s, e, st, o);
            return s == 0 && st == 1 ? Torch.arange(e) : st == 1 ? Torch.arange(s, e) : Torch.arange(s, e, st);
        }
        double s = a.get(0).getAsDouble(), e = a.get(1).getAsDouble(), st = a.get(2).getAsDouble();
        return c.has("dtype") ? Torch.arange(s, e, st, o) : Torch.arange(s, e, st);
    }

    private static Tensor like(JsonObject c, TensorOptions o) {
        Tensor src = Golden.tensor(c.getAsJsonObject("src"));
        boolean opt = c.has("dtype");
        return switch (c.get("fn").getAsString()) {
            case "zeros" -> opt ? Torch.zerosLike(src, o) : Torch.zerosLike(src);
            case "ones" -> opt ? Torch.onesLike(src, o) : Torch.onesLike(src);
            case "full" -> opt ? Torch.fullLike(src, c.get("value").getAsDouble(), o) : Torch.fullLike(src, c.get("value").getAsDouble());
            case "empty" -> {
                Tensor e = opt ? Torch.emptyLike(src, o) : Torch.emptyLike(src);
                yield Torch.zerosLike(e); // only shape and dtype are defined
            }
            default -> throw new IllegalArgumentException(c.toString());
        };
    }

    /** A (nested) Java array of the named type ({@code "float[][]"}) holding the JSON data; or a boxed scalar. */
    static Object javaArray(String type, JsonElement data) {
        int dims = (type.length() - type.replace("[", "").length());
        String leaf = type.substring(0, type.indexOf('[') < 0 ? type.length() : type.indexOf('['));
        if (dims == 0) return scalar(leaf, data);
        return build(leafClass(leaf), dims, data.getAsJsonArray(), leaf);
    }

    private static Object build(Class<?> leaf, int dims, JsonArray a, String leafName) {
        Class<?> component = leaf;
        for (int i = 1; i < dims; i++) component = component.arrayType();
        Object arr = Array.newInstance(component, a.size());
        for (int i = 0; i < a.size(); i++) {
            if (dims == 1) Array.set(arr, i, scalar(leafName, a.get(i)));
            else if (a.get(i).isJsonArray()) Array.set(arr, i, build(leaf, dims - 1, a.get(i).getAsJsonArray(), leafName));
            else throw new IllegalArgumentException("ragged test data");
        }
        return arr;
    }

    private static Class<?> leafClass(String leaf) {
        return switch (leaf) {
            case "double" -> double.class;
            case "float" -> float.class;
            case "long" -> long.class;
            case "int" -> int.class;
            case "short" -> short.class;
            case "byte" -> byte.class;
            case "boolean" -> boolean.class;
            default -> throw new IllegalArgumentException(leaf);
        };
    }

    private static Object scalar(String leaf, JsonElement v) {
        return switch (leaf) {
            case "double" -> GoldenArgs.number(v);
            case "float" -> (float) GoldenArgs.number(v);
            case "long" -> v.getAsLong();
            case "int" -> (int) v.getAsLong();
            case "short" -> (short) v.getAsLong();
            case "byte" -> (byte) v.getAsLong();
            case "boolean" -> v.getAsBoolean();
            default -> throw new IllegalArgumentException(leaf);
        };
    }

    // ---------------------------------------------------------------- fromArray: no copy, writes visible both ways

    @Test
    void fromArraySharesMemoryBothWays() {
        float[] a = {1, 2, 3, 4, 5, 6};
        Tensor t = Torch.fromArray(a, 2, 3);
        assertEquals(DType.FLOAT32, t.dtype());
        assertArrayEquals(new long[] {2, 3}, t.shapeArray());
        a[4] = 40; // through the Java array
        assertEquals(40.0, t.select(0, 1).select(0, 1).item());
        t.select(0, 0).fill_(-1); // through the tensor
        assertArrayEquals(new float[] {-1, -1, -1, 4, 40, 6}, a);
        t.mul_(2L);
        assertArrayEquals(new float[] {-2, -2, -2, 8, 80, 12}, a);
        t.t().add_(Torch.ones(3, 2)); // through a non-contiguous view
        assertArrayEquals(new float[] {-1, -1, -1, 9, 81, 13}, a);
    }

    @Test
    void fromArrayTwiceOverOneArrayIsOneStorage() {
        float[] a = {0, 1, 2, 3, 4, 5};
        Tensor x = Torch.fromArray(a), y = Torch.fromArray(a, 2, 3);
        assertSame(x.storage(), y.storage());
        assertNotSame(x.storage(), Torch.fromArray(a.clone()).storage());
        // a product into a second wrap of its operand's array: computed aside, as into the operand itself
        // (PyTorch, from_numpy twice: [[2, 3], [6, 11]]); before, the GEMM refused the overlapping arrays
        float[] m = {0, 1, 2, 3};
        Tensor p = Torch.fromArray(m, 2, 2), q = Torch.fromArray(m, 2, 2);
        Torch.mm(p, p, Torch.out(q));
        assertArrayEquals(new float[] {2, 3, 6, 11}, m);
        // an out= that partly overlaps its input through another wrap is refused, as over one tensor's storage
        // (PyTorch 1.13 cannot see this overlap: it reads while writing and gives [1, 2, 2, 3] where 3, 4 belong)
        Tensor in = x.narrow(0, 0, 4), out = Torch.fromArray(a).narrow(0, 2, 4);
        var e = assertThrows(IllegalArgumentException.class, () -> Torch.add(in, 1.0, Torch.out(out)));
        assertTrue(e.getMessage().contains("single memory location"), e.getMessage());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, a);
    }

    @Test
    void fromArrayEveryCarrier() {
        double[] d = {1.5, 2.5};
        long[] l = {1, 2};
        int[] i = {1, 2};
        short[] s = {1, 2};
        byte[] b = {1, 2};
        Tensor[] ts = {Torch.fromArray(d), Torch.fromArray(l), Torch.fromArray(i), Torch.fromArray(s), Torch.fromArray(b)};
        DType[] want = {DType.FLOAT64, DType.INT64, DType.INT32, DType.INT16, DType.INT8};
        for (int k = 0; k < ts.length; k++) {
            assertEquals(want[k], ts[k].dtype());
            assertArrayEquals(new long[] {2}, ts[k].shapeArray());
            ts[k].add_(10L);
        }
        assertArrayEquals(new double[] {11.5, 12.5}, d);
        assertArrayEquals(new long[] {11, 12}, l);
        assertArrayEquals(new int[] {11, 12}, i);
        assertArrayEquals(new short[] {11, 12}, s);
        assertArrayEquals(new byte[] {11, 12}, b);
        d[0] = -3;
        assertEquals(-3.0, ts[0].select(0, 0).item());
    }

    @Test
    void fromArrayShapeMustMatchLength() {
        var e = assertThrows(IllegalArgumentException.class, () -> Torch.fromArray(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("5"), e.getMessage());
    }

    @Test
    void tensorCopies() {
        double[] d = {1, 2};
        Tensor t = Torch.tensor(d);
        d[0] = 99;
        assertEquals(1.0, t.select(0, 0).item());
        assertNotSame(d, t.storage());
    }

    @Test
    void raggedArrayIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> Torch.tensor(new long[][] {{1, 2}, {3}}));
        assertTrue(e.getMessage().contains("expected sequence of length 2 at dim 1 (got 1)"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> Torch.tensor(new Object[] {new long[] {1}, 2L}));
        assertTrue(e2.getMessage().contains("tensor()"), e2.getMessage());
    }

    @Test
    void likeFormsKeepShapeDeviceAndDtype() {
        Tensor src = Torch.ones(Size.of(2, 3), Torch.dtype(DType.INT16));
        for (Tensor t : new Tensor[] {Torch.zerosLike(src), Torch.onesLike(src), Torch.emptyLike(src), Torch.fullLike(src, 3)}) {
            assertEquals(DType.INT16, t.dtype());
            assertEquals(src.shape(), t.shape());
            assertSame(src.device(), t.device());
        }
    }

    @Test
    void fullTakesASizeAsWellAsAnArray() {
        Tensor f = Torch.full(Size.of(2, 3), 1.5), i = Torch.full(Size.of(2), 7L), b = Torch.full(Size.of(1), true);
        Golden.assertExact(Torch.full(new long[] {2, 3}, 1.5), f, "float");
        assertEquals(DType.FLOAT32, f.dtype());
        Golden.assertExact(Torch.full(new long[] {2}, 7L), i, "int");
        assertEquals(DType.INT64, i.dtype());
        assertEquals(DType.BOOL, b.dtype());
        assertEquals(DType.INT32, Torch.full(Size.of(2), 3L, TensorOptions.DEFAULT.dtype(DType.INT32)).dtype());
    }
}
