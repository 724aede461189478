package dev.torch4j;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Reduction;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;


/**
 * Differential fuzzing of {@code torch.nn.functional} against PyTorch (scripts/goldens/fuzz_nn_goldens.py): seeded
 * random cases of losses, pooling, convolutions, linear layers, interpolate, pad, unfold/fold, parameterised
 * activations, normalisations, embedding and one_hot (and the cases a larger run once failed). Each case calls the
 * {@link Functional} method of the same name with the same arguments and must give PyTorch's outputs (and in-place
 * updated inputs such as running statistics), or fail where PyTorch raised; float64 cases also compare the gradients
 * of a weighted sum of the outputs. All mismatches are reported together. {@code -Dt4j.fuzzNn=fuzz_nn_explore}
 * replays an exploratory run instead.
 */
class FuzzNnParityTest {

    @Test
    void everyCaseMatchesPyTorch() {
        List<JsonObject> cases = Golden.cases(System.getProperty("t4j.fuzzNn", "fuzz_nn"));
        FuzzCases.assertAllMatch(cases, c -> describe(c), FuzzNnParityTest::run);
    }

    /** The functions the first run does not draw (scripts/goldens/fuzz_nn_more_goldens.py): 3-d and transposed
     * convolutions and pools, unpooling, grid sampling, CTC and margin losses, distances, embedding bags, shuffles,
     * activations, interpolate's other modes, fold/unfold edges. {@code -Dt4j.fuzzNnMore=...} replays another run. */
    @Test
    void moreFunctionsMatchPyTorch() {
        List<JsonObject> cases = Golden.cases(System.getProperty("t4j.fuzzNnMore", "fuzz_nn_more"));
        FuzzCases.assertAllMatch(cases, c -> describe(c), FuzzNnParityTest::run);
    }

    private static String describe(JsonObject c) {
        StringBuilder sb = new StringBuilder("(");
        JsonArray inputs = c.getAsJsonArray("inputs");
        for (JsonElement a : c.getAsJsonArray("args")) {
            JsonObject o = a.getAsJsonObject();
            if (sb.length() > 1) sb.append(", ");
            if (o.has("t")) {
                JsonObject t = inputs.get(o.get("t").getAsInt()).getAsJsonObject();
                sb.append(t.get("dtype").getAsString()).append(t.get("shape"));
                if (t.getAsJsonArray("data").size() <= 12) sb.append(t.get("data"));
            } else {
                sb.append(o);
            }
        }
        return sb.append(')').toString();
    }

    /** An argument's Java type and value. */
    private record Arg(Class<?> type, Object value) {}

    private static Arg arg(JsonObject a, Tensor[] in) throws ReflectiveOperationException {
        if (a.has("t")) return new Arg(Tensor.class, in[a.get("t").getAsInt()]);
        if (a.has("n")) {
            return new Arg(switch (a.get("n").getAsString()) {
                case "Tensor" -> Tensor.class;
                case "Long" -> Long.class;
                case "Double" -> Double.class;
                case "Boolean" -> Boolean.class;
                case "long[]" -> long[].class;
                case "double[]" -> double[].class;
                default -> throw new IllegalArgumentException("null of " + a);
            }, null);
        }
        if (a.has("d")) return new Arg(double.class, Golden.number(a.get("d")));
        if (a.has("l")) return new Arg(long.class, a.get("l").getAsLong());
        if (a.has("i")) return new Arg(int.class, a.get("i").getAsInt());
        if (a.has("b")) return new Arg(boolean.class, a.get("b").getAsBoolean());
        if (a.has("L")) return new Arg(Long.class, a.get("L").getAsLong());
        if (a.has("D")) return new Arg(Double.class, Golden.number(a.get("D")));
        if (a.has("B")) return new Arg(Boolean.class, a.get("B").getAsBoolean());
        if (a.has("s")) return new Arg(String.class, a.get("s").getAsString());
        if (a.has("r")) return new Arg(Reduction.class, Reduction.of(a.get("r").getAsString()));
        if (a.has("dt")) return new Arg(DType.class, Golden.dtype(a.get("dt").getAsString()));
        if (a.has("la")) {
            JsonArray l = a.getAsJsonArray("la");
            long[] v = new long[l.size()];
            for (int j = 0; j < v.length; j++) v[j] = l.get(j).getAsLong();
            return new Arg(long[].class, v);
        }
        if (a.has("da")) {
            JsonArray l = a.getAsJsonArray("da");
            double[] v = new double[l.size()];
            for (int j = 0; j < v.length; j++) v[j] = Golden.number(l.get(j));
            return new Arg(double[].class, v);
        }
        if (a.has("o")) {   // an options record: Cls.options() then its withers
            Class<?> cls = Class.forName("dev.torch4j.nn." + a.get("o").getAsString());
            Object o = cls.getMethod("options").invoke(null);
            for (JsonElement s : a.getAsJsonArray("set")) {
                JsonArray kv = s.getAsJsonArray();
                Arg v = arg(kv.get(1).getAsJsonObject(), in);
                o = o.getClass().getMethod(kv.get(0).getAsString(), v.type()).invoke(o, v.value());
            }
            return new Arg(o.getClass(), o);
        }
        throw new IllegalArgumentException("argument " + a);
    }

    /** Null when torch4j agrees with PyTorch, else what differs. */
    private static String run(JsonObject c) throws ReflectiveOperationException {
        JsonArray inputs = c.getAsJsonArray("inputs");
        Tensor[] in = new Tensor[inputs.size()];
        for (int i = 0; i < in.length; i++) in[i] = Golden.tensor(inputs.get(i).getAsJsonObject());
        int[] rg = c.has("rg") ? ints(c.getAsJsonArray("rg")) : new int[0];
        for (int i : rg) in[i].requiresGrad_(true);
        JsonArray args = c.getAsJsonArray("args");
        Object[] values = new Object[args.size()];
        Class<?>[] types = new Class<?>[args.size()];
        for (int k = 0; k < values.length; k++) {
            Arg a = arg(args.get(k).getAsJsonObject(), in);
            values[k] = a.value();
            types[k] = a.type();
        }
        Method m = Functional.class.getMethod(c.get("java").getAsString(), types);
        m.setAccessible(true);   // inherited from package-private LossFunctions/SamplingFunctions
        Object result;
        try {
            result = m.invoke(null, values);
        } catch (InvocationTargetException e) {
            if (c.has("error")) return null;
            return "torch4j raised " + e.getCause() + " where PyTorch gave " + c.get("outputs");
        }
        if (c.has("error")) return "PyTorch raised " + c.get("error").getAsString() + " but torch4j gave " + result;
        List<Tensor> outs = FuzzCases.outputs(result);
        JsonArray want = c.getAsJsonArray("outputs");
        if (want.size() != outs.size()) return outs.size() + " outputs, PyTorch " + want.size();
        for (int k = 0; k < outs.size(); k++) {
            String p = compare(want.get(k).getAsJsonObject(), outs.get(k), "output " + k);
            if (p != null) return p;
        }
        int[] after = ints(c.getAsJsonArray("after_idx"));
        for (int k = 0; k < after.length; k++) {
            String p = compare(c.getAsJsonArray("after").get(k).getAsJsonObject(), in[after[k]], "input " + after[k] + " after the call");
            if (p != null) return p;
        }
        if (rg.length == 0) return null;
        Tensor loss = null;
        JsonArray ws = c.getAsJsonArray("w");
        for (int k = 0; k < outs.size(); k++) {
            if (ws.get(k).isJsonNull()) continue;
            Tensor term = outs.get(k).mul(Golden.tensor(ws.get(k).getAsJsonObject())).sum();
            loss = loss == null ? term : loss.add(term);
        }
        if (loss == null) return null;
        if (!loss.requiresGrad()) return "the output does not require grad";
        try {
            loss.backward();
        } catch (RuntimeException e) {
            return "backward raised " + e;
        }
        JsonArray grads = c.getAsJsonArray("grads");
        for (int k = 0; k < rg.length; k++) {
            Tensor g = in[rg[k]].grad();
            if (grads.get(k).isJsonNull()) {
                if (g != null && g.abs().max().item() != 0) return "gradient of input " + rg[k] + " is " + g + ", PyTorch none";
                continue;
            }
            if (g == null) return "no gradient for input " + rg[k] + ", PyTorch " + grads.get(k).getAsJsonObject().get("data");
            String p = compare(grads.get(k).getAsJsonObject(), g, "gradient of input " + rg[k]);
            if (p != null) return p;
        }
        return null;
    }

    private static String compare(JsonObject want, Tensor got, String what) {
        Tensor e = Golden.tensor(want);
        try {
            if (e.dtype() == DType.FLOAT32) Golden.assertClose(e, got, 1e-3, 1e-4, what);   // float32 sums and statistics in another order
            else Golden.assertClose(e, got, what);
            return null;
        } catch (AssertionError err) {
            return err.getMessage() + "; torch4j " + got.dtype() + Arrays.toString(got.shapeArray())
                    + " " + (got.numel() <= 24 ? Arrays.toString(got.detach().toDoubleArray()) : "")
                    + ", PyTorch " + want.get("data");
        }
    }

    private static int[] ints(JsonArray a) {
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsInt();
        return v;
    }
}
