package dev.torch4j;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;


/**
 * Differential fuzzing of indexing, views and their chains, scatter/gather families and in-place semantics against
 * PyTorch (scripts/goldens/fuzz_index_goldens.py): advanced indexing get and set (ints, slices with steps, None,
 * Ellipsis, int64/int32 index tensors, bool masks, accumulate), view chains ending in in-place writes the base must
 * see, scatter/index_* reductions, masked ops, take, nonzero, unique, topk, searchsorted, histc, bincount,
 * repeat_interleave, roll/flip/rot90, one_hot, where, cartesian_prod and meshgrid over every real dtype. Each case
 * calls the torch4j method of the same name and must give PyTorch's dtype, shape and values (and leave the mutated
 * inputs as PyTorch left them), or raise where PyTorch raised: a JVM error (array index, null pointer, cast) is a
 * bug either way. All mismatches are reported together. {@code -Dt4j.fuzzIndex=NAME} replays another golden file
 * (an exploratory run of the script).
 */
class FuzzIndexParityTest {

    /** Exceptions that are torch4j's own errors, not a crash of the implementation. */
    private static boolean deliberate(Throwable t) {
        Class<?> k = t.getClass();
        return k == IllegalArgumentException.class || k == IllegalStateException.class || k == IndexOutOfBoundsException.class
                || k == UnsupportedOperationException.class || k.getName().startsWith("dev.torch4j");
    }

    @Test
    void everyCaseMatchesPyTorch() {
        List<JsonObject> cases = Golden.cases(System.getProperty("t4j.fuzzIndex", "fuzz_index"));
        FuzzCases.assertAllMatch(cases, c -> describe(c) + (c.has("then") ? " then " + c.get("then") : ""), FuzzIndexParityTest::run);
    }

    private static String describe(JsonObject c) {
        StringBuilder sb = new StringBuilder("(");
        JsonArray inputs = c.getAsJsonArray("inputs");
        for (JsonElement a : c.getAsJsonArray("args")) {
            JsonObject o = a.getAsJsonObject();
            if (sb.length() > 1) sb.append(", ");
            if (o.has("t")) sb.append(tensorText(inputs.get(o.get("t").getAsInt()).getAsJsonObject()));
            else if (o.has("ta")) {
                sb.append('[');
                for (JsonElement k : o.getAsJsonArray("ta")) sb.append(tensorText(inputs.get(k.getAsInt()).getAsJsonObject())).append(' ');
                sb.append(']');
            } else if (o.has("ix")) {
                sb.append('[');
                for (JsonElement k : o.getAsJsonArray("ix")) {
                    JsonObject item = k.getAsJsonObject();
                    sb.append(item.has("t") ? tensorText(inputs.get(item.get("t").getAsInt()).getAsJsonObject()) : item.toString()).append(' ');
                }
                sb.append(']');
            } else sb.append(o.entrySet().iterator().next().getValue());
        }
        return sb.append(')').toString();
    }

    private static String tensorText(JsonObject t) {
        return t.get("dtype").getAsString() + t.get("shape") + t.get("data");
    }

    private static Object indexItem(JsonObject o, Tensor[] inputs) {
        if (o.has("l")) return o.get("l").getAsLong();
        if (o.has("b")) return o.get("b").getAsBoolean();
        if (o.has("t")) return inputs[o.get("t").getAsInt()];
        if (o.has("none")) return Index.NONE;
        if (o.has("ell")) return Index.ELLIPSIS;
        if (o.has("all")) return Index.ALL;
        JsonArray s = o.getAsJsonArray("sl");
        return Index.slice(s.get(0).isJsonNull() ? null : s.get(0).getAsLong(), s.get(1).isJsonNull() ? null : s.get(1).getAsLong(),
                s.get(2).getAsLong());
    }

    /** The argument's value and its parameter type. */
    private static Object[] argument(JsonObject a, Tensor[] inputs) {
        if (a.has("t")) return new Object[] {inputs[a.get("t").getAsInt()], Tensor.class};
        if (a.has("null")) return new Object[] {null, Tensor.class};
        if (a.has("ta")) {
            JsonArray idx = a.getAsJsonArray("ta");
            Tensor[] ts = new Tensor[idx.size()];
            for (int j = 0; j < ts.length; j++) ts[j] = inputs[idx.get(j).getAsInt()];
            return new Object[] {ts, Tensor[].class};
        }
        if (a.has("ix")) {
            JsonArray idx = a.getAsJsonArray("ix");
            Object[] items = new Object[idx.size()];
            for (int j = 0; j < items.length; j++) items[j] = indexItem(idx.get(j).getAsJsonObject(), inputs);
            return new Object[] {items, Object[].class};
        }
        if (a.has("zs")) return new Object[] {Torch.zeros(longs(a.getAsJsonArray("zs"))), Tensor.class};
        if (a.has("d")) return new Object[] {Golden.number(a.get("d")), double.class};
        if (a.has("l")) return new Object[] {a.get("l").getAsLong(), long.class};
        if (a.has("L")) return new Object[] {a.get("L").isJsonNull() ? null : a.get("L").getAsLong(), Long.class};
        if (a.has("b")) return new Object[] {a.get("b").getAsBoolean(), boolean.class};
        if (a.has("s")) return new Object[] {a.get("s").getAsString(), String.class};
        if (a.has("sn")) return new Object[] {null, String.class};
        if (a.has("dt")) return new Object[] {Golden.dtype(a.get("dt").getAsString()), DType.class};
        if (a.has("la")) return new Object[] {longs(a.getAsJsonArray("la")), long[].class};
        throw new IllegalArgumentException("argument " + a);
    }

    private static long[] longs(JsonArray l) {
        long[] v = new long[l.size()];
        for (int j = 0; j < v.length; j++) v[j] = l.get(j).getAsLong();
        return v;
    }

    private static Object call(Class<?> owner, Object receiver, String name, JsonArray args, Tensor[] inputs)
            throws ReflectiveOperationException {
        Object[] values = new Object[args.size()];
        Class<?>[] types = new Class<?>[args.size()];
        for (int k = 0; k < values.length; k++) {
            Object[] vt = argument(args.get(k).getAsJsonObject(), inputs);
            values[k] = vt[0];
            types[k] = (Class<?>) vt[1];
        }
        if (receiver == null) return owner.getMethod(name, types).invoke(null, values);
        if ("#pick".equals(name)) return ((Tensor[]) receiver)[(int) (long) (Long) values[0]];
        return owner.getMethod(name, types).invoke(receiver, values);
    }

    /** Null when torch4j agrees with PyTorch, else what differs. */
    private static String run(JsonObject c) throws ReflectiveOperationException {
        JsonArray in = c.getAsJsonArray("inputs");
        Tensor[] inputs = new Tensor[in.size()];
        for (int k = 0; k < inputs.length; k++) inputs[k] = Golden.tensor(in.get(k).getAsJsonObject());
        String name = c.get("java").getAsString();
        JsonArray args = c.getAsJsonArray("args");
        Object result;
        try {
            if (c.get("static").getAsBoolean()) {
                Class<?> owner = c.has("cls") ? Class.forName(c.get("cls").getAsString()) : Torch.class;
                result = call(owner, null, name, args, inputs);
            } else {
                Object receiver = argument(args.get(0).getAsJsonObject(), inputs)[0];
                JsonArray rest = new JsonArray();
                for (int k = 1; k < args.size(); k++) rest.add(args.get(k));
                result = call(Tensor.class, receiver, name, rest, inputs);
            }
            if (c.has("then")) {
                for (JsonElement s : c.getAsJsonArray("then")) {
                    JsonObject step = s.getAsJsonObject();
                    result = call(Tensor.class, result, step.get("java").getAsString(), step.getAsJsonArray("args"), inputs);
                }
            }
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (!deliberate(cause)) {
                StackTraceElement[] st = cause.getStackTrace();
                return "JVM error " + cause + (st.length > 0 ? " at " + st[0] : "");
            }
            if (c.has("error")) return null;
            return "torch4j raised " + cause + " where PyTorch gave " + c.get("outputs");
        }
        if (c.has("error")) {
            return "PyTorch raised " + c.get("error").getAsString() + " (" + c.get("msg").getAsString() + ") but torch4j gave "
                    + (result instanceof Tensor t ? t.dtype() + Arrays.toString(t.shapeArray()) : result);
        }
        List<Tensor> outs = FuzzCases.outputs(result);
        JsonArray want = c.getAsJsonArray("outputs");
        if (want.size() != outs.size()) return outs.size() + " outputs, PyTorch " + want.size();
        for (int k = 0; k < outs.size(); k++) {
            String p = compare(want.get(k).getAsJsonObject(), outs.get(k), "output " + k);
            if (p != null) return p;
        }
        if (c.has("mutated")) {
            for (Map.Entry<String, JsonElement> m : c.getAsJsonObject("mutated").entrySet()) {
                String p = compare(m.getValue().getAsJsonObject(), inputs[Integer.parseInt(m.getKey())], "input " + m.getKey() + " after");
                if (p != null) return p;
            }
        }
        return null;
    }

    private static String compare(JsonObject want, Tensor got, String what) {
        try {
            Golden.assertClose(Golden.tensor(want), got, what);
            return null;
        } catch (AssertionError err) {
            return err.getMessage() + "; torch4j " + got.dtype() + Arrays.toString(got.shapeArray()) + " "
                    + (got.numel() <= 24 ? Arrays.toString(got.toDoubleArray()) : "") + ", PyTorch " + want.get("data");
        }
    }
}
