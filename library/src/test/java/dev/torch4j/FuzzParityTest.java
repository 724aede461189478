package dev.torch4j;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;


/**
 * Differential fuzzing against PyTorch (scripts/goldens/fuzz_goldens.py): 6000 seeded random cases (and the cases a 20000-case run once failed) of elementwise
 * ops, scalar type promotion, reductions, scans, sorts, joins, where, clamp, indexing, products, casts and more over
 * every real dtype, with 0-d,
 * empty and broadcast shapes, NaN, infinities, signed zeros and integer extremes. Each case calls the torch4j method
 * of the same name with the same arguments and must give PyTorch's dtype, shape and values (integers and bool
 * exactly, floats within torch.testing's tolerances), or fail where PyTorch raised; where the inputs are float64,
 * also the gradients of a weighted sum of the outputs (PyTorch's conventions at ties and kinks included). All
 * mismatches are reported together. {@code -Dt4j.fuzz=NAME} replays another golden file (an exploratory run of the
 * generator with another seed) instead; {@code -Dt4j.fuzzLinalg=NAME} likewise for the torch.linalg cases.
 */
class FuzzParityTest {

    @Test
    void everyCaseMatchesPyTorch() {
        String other = System.getProperty("t4j.fuzz");
        if (other != null) { // an exploratory run: another golden file alone
            FuzzCases.assertAllMatch(Golden.cases(other), c -> describe(c), FuzzParityTest::run);
            return;
        }
        List<JsonObject> cases = new ArrayList<>(Golden.cases("fuzz"));
        cases.addAll(Golden.cases("fuzz_regressions"));
        FuzzCases.assertAllMatch(cases, c -> describe(c), FuzzParityTest::run);
    }

    @Test
    void linalgCasesMatchPyTorch() {
        FuzzCases.assertAllMatch(Golden.cases(System.getProperty("t4j.fuzzLinalg", "fuzz_linalg")), c -> describe(c), FuzzParityTest::run);
    }

    @Test
    void specialCasesMatchPyTorch() {
        FuzzCases.assertAllMatch(Golden.cases(System.getProperty("t4j.fuzzSpecial", "fuzz_special")), c -> describe(c),
                FuzzParityTest::run);
    }

    @Test
    void fftCasesMatchPyTorch() {
        FuzzCases.assertAllMatch(Golden.cases(System.getProperty("t4j.fuzzFft", "fuzz_fft")), c -> describe(c), FuzzParityTest::run);
    }

    @Test
    void secondDerivativesMatchPyTorch() {
        FuzzCases.assertAllMatch(Golden.cases(System.getProperty("t4j.fuzzGrad2", "fuzz_grad2")), c -> describe(c), FuzzParityTest::run);
    }

    @Test
    void creationCasesMatchPyTorch() {
        FuzzCases.assertAllMatch(Golden.cases("fuzz_creation"), c -> describe(c), FuzzParityTest::run);
    }

    static String describe(JsonObject c) {
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
            } else sb.append(o.entrySet().iterator().next().getValue());
        }
        return sb.append(')').toString();
    }

    private static String tensorText(JsonObject t) {
        return t.get("dtype").getAsString() + t.get("shape") + t.get("data");
    }

    /**
     * Null when torch4j agrees with PyTorch (values, and gradients where the case has them), else what differs. Also
     * the replay of FuzzComplexParityTest.
     */
    static String run(JsonObject c) throws ReflectiveOperationException {
        Tensor[] inputs = inputs(c, false);
        Object result;
        try {
            result = invoke(c, inputs);
        } catch (InvocationTargetException e) {
            if (c.has("error")) return null;
            return "torch4j raised " + e.getCause() + " where PyTorch gave " + c.get("outputs");
        }
        if (c.has("error")) return "PyTorch raised " + c.get("error").getAsString() + " but torch4j gave " + result;
        List<Tensor> outs = outputs(result);
        JsonArray want = c.getAsJsonArray("outputs");
        if (want.size() != outs.size()) return outs.size() + " outputs, PyTorch " + want.size();
        for (int k = 0; k < outs.size(); k++) {
            Tensor e = Golden.tensor(want.get(k).getAsJsonObject());
            try {
                if (c.has("atol")) { // sums over many terms (FFT): rounding scales with the output's magnitude
                    Golden.assertClose(e, outs.get(k), Golden.defaultTolerance(e.dtype())[0], c.get("atol").getAsDouble(), "output " + k);
                } else {
                    Golden.assertClose(e, outs.get(k), "output " + k);
                }
            } catch (AssertionError err) {
                return err.getMessage() + "; torch4j " + outs.get(k).dtype() + java.util.Arrays.toString(outs.get(k).shapeArray())
                        + " " + (outs.get(k).numel() <= 24 ? values(outs.get(k)) : "")
                        + ", PyTorch " + want.get(k).getAsJsonObject().get("data");
            }
        }
        String first = c.has("grads") ? gradients(c) : null;
        return first == null && c.has("grads2") ? secondGradients(c) : first;
    }

    /**
     * The second derivatives: the first derivative of sum_k (out_k * w_k).sum() taken with createGraph, then the
     * gradients of sum_i (g_i * u_i).sum(), against PyTorch's.
     */
    private static String secondGradients(JsonObject c) throws ReflectiveOperationException {
        Tensor[] inputs = inputs(c, true);
        List<Tensor> outs = outputs(invoke(c, inputs));
        JsonArray ws = c.getAsJsonArray("weights");
        Tensor loss = null;
        for (int k = 0; k < ws.size() && k < outs.size(); k++) {
            if (ws.get(k).isJsonNull()) continue;
            Tensor term = outs.get(k).mul(Golden.tensor(ws.get(k).getAsJsonObject())).sum();
            loss = loss == null ? term : loss.add(term);
        }
        List<Tensor> leaves = new ArrayList<>();
        for (Tensor t : inputs) if (t.requiresGrad()) leaves.add(t);
        Tensor[] first = Torch.autograd().grad(new Tensor[] {loss}, leaves.toArray(new Tensor[0]), null, true, true, true);
        JsonArray us = c.getAsJsonArray("weights2");
        Tensor loss2 = null;
        for (int i = 0; i < first.length; i++) {
            if (us.get(i).isJsonNull()) continue;
            // PyTorch's first derivatives require grad wherever their formula read an input that does (relu's mask)
            if (first[i] == null || !first[i].requiresGrad()) return "first derivative " + i + " does not require grad, PyTorch's does";
            Tensor term = first[i].mul(Golden.tensor(us.get(i).getAsJsonObject())).sum();
            loss2 = loss2 == null ? term : loss2.add(term);
        }
        if (loss2 == null) return "no second derivative, PyTorch had one";
        Tensor[] second = Torch.autograd().grad(new Tensor[] {loss2}, leaves.toArray(new Tensor[0]), null, false, false, true);
        JsonArray want = c.getAsJsonArray("grads2");
        for (int k = 0, leaf = 0; k < want.size(); k++) {
            if (!inputs[k].requiresGrad()) continue;
            Tensor got = second[leaf++];
            if (want.get(k).isJsonNull()) continue;
            Tensor e = Golden.tensor(want.get(k).getAsJsonObject());
            if (got == null) got = Torch.zerosLike(e);
            try {
                Golden.assertClose(e, got, 1e-8, 1e-8, "second derivative " + k);
            } catch (AssertionError err) {
                return err.getMessage() + "; torch4j " + (got.numel() <= 24 ? java.util.Arrays.toString(got.toDoubleArray()) : "")
                        + ", PyTorch " + want.get(k).getAsJsonObject().get("data");
            }
        }
        return null;
    }

    /** Values for a message: a complex tensor's as (re, im) pairs in a row. */
    private static String values(Tensor t) {
        return java.util.Arrays.toString((t.isComplex() ? t.viewAsReal() : t).toDoubleArray());
    }

    /**
     * The case's float64 and complex128 inputs as leaves: the gradients of sum_k (out_k * w_k).sum() must be
     * PyTorch's (a complex output enters as its real view, whose shape w_k has).
     */
    private static String gradients(JsonObject c) throws ReflectiveOperationException {
        Tensor[] inputs = inputs(c, true);
        List<Tensor> outs;
        try {
            outs = outputs(invoke(c, inputs));
        } catch (InvocationTargetException e) {
            return "with gradients, torch4j raised " + e.getCause();
        }
        JsonArray ws = c.getAsJsonArray("weights");
        Tensor loss = null;
        for (int k = 0; k < ws.size() && k < outs.size(); k++) {
            if (ws.get(k).isJsonNull()) continue;
            if (!outs.get(k).requiresGrad()) return "output " + k + " does not require grad, PyTorch's does";
            Tensor o = outs.get(k).isComplex() ? outs.get(k).viewAsReal() : outs.get(k);
            Tensor term = o.mul(Golden.tensor(ws.get(k).getAsJsonObject())).sum();
            loss = loss == null ? term : loss.add(term);
        }
        if (loss == null) return "no output to differentiate, PyTorch had one";
        loss.backward();
        JsonArray want = c.getAsJsonArray("grads");
        for (int k = 0; k < want.size(); k++) {
            if (!inputs[k].requiresGrad()) continue;
            Tensor got = inputs[k].grad();
            if (want.get(k).isJsonNull()) {
                if (got != null && got.ne(0.0).any().item() != 0) return "gradient " + k + " should be None, torch4j " + got;
                continue;
            }
            Tensor e = Golden.tensor(want.get(k).getAsJsonObject());
            if (got == null) got = Torch.zerosLike(e);
            try {
                Golden.assertClose(e, got, 1e-9, 1e-9, "gradient " + k);
            } catch (AssertionError err) {
                return err.getMessage() + "; torch4j " + (got.numel() <= 24 ? values(got) : "")
                        + ", PyTorch " + want.get(k).getAsJsonObject().get("data");
            }
        }
        return null;
    }

    /** The case's input tensors; with {@code grads}, the float64 and complex128 ones as leaves that require grad. */
    private static Tensor[] inputs(JsonObject c, boolean grads) {
        JsonArray in = c.getAsJsonArray("inputs");
        Tensor[] t = new Tensor[in.size()];
        for (int k = 0; k < t.length; k++) {
            t[k] = Golden.tensor(in.get(k).getAsJsonObject());
            if (grads && (t[k].dtype() == DType.FLOAT64 || t[k].dtype() == DType.COMPLEX128)) t[k].requiresGrad_(true);
        }
        return t;
    }

    private static List<Tensor> outputs(Object result) { return FuzzCases.outputs(result); }

    /** Calls the case's method (found by name and argument types) on the given inputs. */
    private static Object invoke(JsonObject c, Tensor[] inputs) throws ReflectiveOperationException {
        JsonArray args = c.getAsJsonArray("args");
        Object[] values = new Object[args.size()];
        Class<?>[] types = new Class<?>[args.size()];
        for (int k = 0; k < values.length; k++) {
            JsonObject a = args.get(k).getAsJsonObject();
            if (a.has("t")) {
                values[k] = inputs[a.get("t").getAsInt()];
                types[k] = Tensor.class;
            } else if (a.has("ta")) {
                JsonArray idx = a.getAsJsonArray("ta");
                Tensor[] ts = new Tensor[idx.size()];
                for (int j = 0; j < ts.length; j++) ts[j] = inputs[idx.get(j).getAsInt()];
                values[k] = ts;
                types[k] = Tensor[].class;
            } else if (a.has("d")) {
                values[k] = Golden.number(a.get("d"));
                types[k] = double.class;
            } else if (a.has("l")) {
                values[k] = a.get("l").getAsLong();
                types[k] = long.class;
            } else if (a.has("b")) {
                values[k] = a.get("b").getAsBoolean();
                types[k] = boolean.class;
            } else if (a.has("s")) { // a string, or null (an optional one such as norm=None)
                values[k] = a.get("s").isJsonNull() ? null : a.get("s").getAsString();
                types[k] = String.class;
            } else if (a.has("L")) { // an optional long (Long, null for None)
                values[k] = a.get("L").isJsonNull() ? null : a.get("L").getAsLong();
                types[k] = Long.class;
            } else if (a.has("o")) { // creation options with a dtype
                values[k] = Torch.dtype(Golden.dtype(a.get("o").getAsString()));
                types[k] = dev.torch4j.TensorOptions.class;
            } else if (a.has("dt")) {
                values[k] = Golden.dtype(a.get("dt").getAsString());
                types[k] = DType.class;
            } else if (a.has("la") && a.get("la").isJsonNull()) {
                values[k] = null;
                types[k] = long[].class;
            } else if (a.has("la")) {
                JsonArray l = a.getAsJsonArray("la");
                long[] v = new long[l.size()];
                for (int j = 0; j < v.length; j++) v[j] = l.get(j).getAsLong();
                values[k] = v;
                types[k] = long[].class;
            } else {
                throw new IllegalArgumentException("argument " + a);
            }
        }
        String name = c.get("java").getAsString();
        if (c.has("ns")) { // a namespace object: torch.linalg, torch.special or torch.fft
            Object ns = switch (c.get("ns").getAsString()) {
                case "special" -> Torch.special();
                case "fft" -> Torch.fft();
                default -> Torch.linalg();
            };
            return ns.getClass().getMethod(name, types).invoke(ns, values);
        }
        if (c.get("static").getAsBoolean()) return Torch.class.getMethod(name, types).invoke(null, values);
        Class<?>[] rest = java.util.Arrays.copyOfRange(types, 1, types.length);
        Object[] restValues = java.util.Arrays.copyOfRange(values, 1, values.length);
        Method m;
        try {
            m = Tensor.class.getMethod(name, rest);
        } catch (NoSuchMethodException e) {
            if (rest.length > 0) throw e;
            m = Tensor.class.getMethod(name, long[].class);   // a varargs method called with no dims: amax()
            restValues = new Object[] {new long[0]};
        }
        return m.invoke(values[0], restValues);
    }
}
