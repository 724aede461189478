package dev.torch4j.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.MemoryFormat;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** torch.testing's assert_close and make_tensor against PyTorch (scripts/goldens/testing_goldens.py). */
class TestingTest {
    private static final List<JsonObject> CASES = Golden.cases("testing");

    /** A golden input: a tensor (with its strides), a number, a boolean, or a list or map of them. */
    private static Object decode(JsonObject j) {
        if (j.has("tensor")) return strided(Golden.tensor(j.getAsJsonObject("tensor")), longs(j.getAsJsonArray("stride")));
        if (j.has("bool")) return j.get("bool").getAsBoolean();
        if (j.has("int")) return j.get("int").getAsLong();
        if (j.has("float")) return Golden.number(j.get("float"));
        if (j.has("list")) {
            List<Object> r = new ArrayList<>();
            for (JsonElement e : j.getAsJsonArray("list")) r.add(decode(e.getAsJsonObject()));
            return r;
        }
        if (j.has("map")) {
            Map<String, Object> r = new LinkedHashMap<>();
            for (JsonElement e : j.getAsJsonArray("map")) {
                JsonArray kv = e.getAsJsonArray();
                r.put(kv.get(0).getAsString(), decode(kv.get(1).getAsJsonObject()));
            }
            return r;
        }
        throw new AssertionError("unknown input " + j);
    }

    private static long[] longs(JsonArray a) {
        long[] r = new long[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).getAsLong();
        return r;
    }

    /** The values laid out with the given (dense) strides: the dims ordered by stride, made contiguous, put back. */
    private static Tensor strided(Tensor t, long[] stride) {
        if (t.dim() < 2 || Arrays.equals(t.stride(), stride)) return t;
        Integer[] order = new Integer[t.dim()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (x, y) -> Long.compare(stride[y], stride[x]));
        long[] perm = new long[order.length], inverse = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            perm[i] = order[i];
            inverse[order[i]] = i;
        }
        Tensor r = t.permute(perm).contiguous().permute(inverse);
        assertArrayEquals(stride, r.stride());
        return r;
    }

    private static CloseOptions options(JsonObject c) {
        CloseOptions o = Testing.close();
        JsonObject kw = c.getAsJsonObject("kw");
        if (kw.has("rtol")) o = o.rtol(kw.get("rtol").getAsDouble());
        if (kw.has("atol")) o = o.atol(kw.get("atol").getAsDouble());
        if (kw.has("equal_nan")) o = o.equalNan(kw.get("equal_nan").getAsBoolean());
        if (kw.has("check_dtype")) o = o.checkDtype(kw.get("check_dtype").getAsBoolean());
        if (kw.has("check_stride")) o = o.checkStride(kw.get("check_stride").getAsBoolean());
        if (c.has("msg")) o = o.msg(c.get("msg").getAsString());
        return o;
    }

    @Test
    void assertCloseAsPyTorch() {
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (JsonObject c : CASES) {
            if (!c.get("kind").getAsString().equals("close")) continue;
            n++;
            String name = c.get("name").getAsString();
            Object actual = decode(c.getAsJsonObject("actual")), expected = decode(c.getAsJsonObject("expected"));
            try {
                if (!c.has("error")) {
                    Testing.assertClose(actual, expected, options(c));
                    continue;
                }
                JsonObject err = c.getAsJsonObject("error");
                Class<? extends Throwable> type = err.get("type").getAsString().equals("AssertionError") ? AssertionError.class
                        : IllegalArgumentException.class;
                Throwable t = assertThrows(type, () -> Testing.assertClose(actual, expected, options(c)), name);
                assertEquals(err.get("message").getAsString(), t.getMessage(), name);
            } catch (Throwable t) {
                failures.add(name + ": " + t.getMessage());
            }
        }
        assertTrue(n > 50, "cases: " + n);
        if (!failures.isEmpty()) fail(failures.size() + " failures:\n" + String.join("\n\n", failures));
    }

    private static MakeTensorOptions makeOptions(JsonObject kw) {
        MakeTensorOptions o = Testing.make();
        for (String k : List.of("low", "high")) {
            if (!kw.has(k)) continue;
            JsonElement v = kw.get(k);
            boolean whole = v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber() && !v.toString().contains(".")
                    && !v.toString().contains("e") && !v.toString().contains("N");
            double d = Golden.number(v);
            o = k.equals("low") ? (whole ? o.low((long) d) : o.low(d)) : (whole ? o.high((long) d) : o.high(d));
        }
        if (kw.has("requires_grad")) o = o.requiresGrad(kw.get("requires_grad").getAsBoolean());
        if (kw.has("noncontiguous")) o = o.noncontiguous(kw.get("noncontiguous").getAsBoolean());
        if (kw.has("exclude_zero")) o = o.excludeZero(kw.get("exclude_zero").getAsBoolean());
        if (kw.has("memory_format")) o = o.memoryFormat(MemoryFormat.valueOf(kw.get("memory_format").getAsString().toUpperCase()));
        return o;
    }

    @Test
    void makeTensorDrawsAsPyTorch2() {
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (JsonObject c : CASES) {
            if (!c.get("kind").getAsString().equals("make")) continue;
            n++;
            String name = c.get("name").getAsString();
            DType dtype = DType.valueOf(c.get("dtype").getAsString().toUpperCase());
            Size shape = Size.of(longs(c.getAsJsonArray("shape")));
            MakeTensorOptions o = makeOptions(c.getAsJsonObject("kw"));
            try {
                Torch.manualSeed(c.get("seed").getAsLong());
                if (c.has("error")) {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Testing.makeTensor(shape, dtype, Device.CPU, o), name);
                    assertEquals(c.get("error").getAsString(), e.getMessage(), name);
                    continue;
                }
                Tensor got = Testing.makeTensor(shape, dtype, Device.CPU, o);
                Golden.assertExact(Golden.tensor(c.getAsJsonObject("out")), got, name);
                assertArrayEquals(longs(c.getAsJsonArray("stride")), got.stride(), name + ": strides");
                assertEquals(c.get("requires_grad").getAsBoolean(), got.requiresGrad(), name + ": requires_grad");
                assertEquals(c.get("next").getAsLong(), Torch.randint(0, 1L << 30, Size.of()).itemLong(), name + ": generator after");
            } catch (Throwable t) {
                failures.add(name + ": " + t.getMessage());
            }
        }
        assertTrue(n > 30, "cases: " + n);
        if (!failures.isEmpty()) fail(failures.size() + " failures:\n" + String.join("\n", failures));
    }

    /** Java's own inputs: arrays as sequences, an edited message, a type no pair takes, and a passing state dict. */
    @Test
    void javaInputs() {
        Testing.assertClose(new double[] {1.0, 2.0}, new double[] {1.0, 2.0 + 1e-9});
        AssertionError e = assertThrows(AssertionError.class, () -> Testing.assertClose(new long[] {1, 2}, new long[] {1, 3}));
        assertEquals("Scalars are not equal!\n\nExpected 3 but got 2.\nAbsolute difference: 1\nRelative difference: 0.3333333333333333"
                + "\n\nThe failure occurred for item [1]", e.getMessage());
        e = assertThrows(AssertionError.class, () -> Testing.assertClose(Torch.tensor(new double[] {1}), Torch.tensor(new double[] {2}),
                Testing.close().msg(m -> "while checking x: " + m.lines().findFirst().orElseThrow())));
        assertEquals("while checking x: Tensor-likes are not close!", e.getMessage());
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class, () -> Testing.assertClose(Torch.tensor(new double[] {1}), 1.0));
        assertEquals("No comparison pair was able to handle inputs of type <class 'Tensor'> and <class 'Double'>.", t.getMessage());
        var model = new dev.torch4j.nn.Linear(3, 2);
        Map<String, Tensor> sd = model.stateDict();
        Map<String, Tensor> copy = new LinkedHashMap<>();
        sd.forEach((k, v) -> copy.put(k, v.clone()));
        Testing.assertClose(sd, copy);
        copy.get("bias").add_(1e-3);
        e = assertThrows(AssertionError.class, () -> Testing.assertClose(sd, copy));
        assertTrue(e.getMessage().endsWith("\n\nThe failure occurred for item ['bias']"), e.getMessage());
        assertArrayEquals(new double[] {0.016, 1e-5}, Testing.defaultTolerances(DType.FLOAT32, DType.BFLOAT16));
    }
}
