package dev.torch4j.func;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.FuzzCases;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.BatchNorm1d;
import dev.torch4j.nn.Functional;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Differential fuzzing of torch.func against functorch 1.13 (torch.func 2.x where they differ;
 * scripts/goldens/fuzz_func_goldens.py): seeded random programs (one op of a fixed table per step) under random
 * stacks of vmap (in_dims/out_dims, nesting, empty batches, in-place ops), grad/jacrev/jacfwd/hessian (argnums,
 * has_aux), jvp and vjp; functional_call of a small module with replaced and tied parameters and buffers; and vmap's
 * errors for bad in_dims/out_dims (PyTorch's first line). Values within 1e-10. {@code -Dt4j.fuzzFunc=NAME} replays
 * another golden file (an exploratory run of the script with another seed).
 */
class FuzzFuncParityTest {

    @Test
    void everyCaseMatchesFunctorch() {
        FuzzCases.assertAllMatch(Golden.cases(System.getProperty("t4j.fuzzFunc", "fuzz_func")), FuzzFuncParityTest::describe,
                FuzzFuncParityTest::run);
    }

    static String describe(JsonObject c) {
        if (c.get("kind").getAsString().equals("call")) {
            return "call " + c.get("names") + " tied=" + c.get("tied") + " vmap=" + c.get("vmap") + " psg=" + c.has("psg");
        }
        List<String> ops = new ArrayList<>();
        for (JsonElement s : c.getAsJsonObject("prog").getAsJsonArray("steps")) ops.add(s.toString());
        return c.get("layers") + " " + ops + " out=" + c.getAsJsonObject("prog").get("out") + " in="
                + shapes(c.getAsJsonArray("inputs"));
    }

    private static String shapes(JsonArray ts) {
        List<String> r = new ArrayList<>();
        for (JsonElement t : ts) r.add(t.isJsonNull() ? "None" : t.getAsJsonObject().get("shape").toString());
        return r.toString();
    }

    static String run(JsonObject c) {
        JsonArray in = c.getAsJsonArray("inputs");
        Tensor[] inputs = new Tensor[in.size()];
        for (int i = 0; i < inputs.length; i++) inputs[i] = in.get(i).isJsonNull() ? null : Golden.tensor(in.get(i).getAsJsonObject());
        if (c.get("kind").getAsString().equals("call")) return call(c, inputs);
        Function<Tensor[], Tensor[]> f = program(c.getAsJsonObject("prog"));
        for (JsonElement l : c.getAsJsonArray("layers")) f = wrap(l.getAsJsonObject(), f);
        Tensor[] outs;
        try {
            outs = f.apply(inputs);
        } catch (RuntimeException e) {
            if (!c.has("error")) return "torch4j raised " + e + " where PyTorch gave " + c.getAsJsonArray("outputs").size() + " outputs";
            String got = String.valueOf(e.getMessage()).split("\n")[0], want = c.get("error").getAsString();
            return got.equals(want) ? null : "torch4j raised \"" + got + "\", PyTorch \"" + want + "\"";
        }
        if (c.has("error")) return "PyTorch raised \"" + c.get("error").getAsString() + "\" but torch4j gave " + outs.length + " outputs";
        String r = compare(c.getAsJsonArray("outputs"), outs, "output");
        return r == null && c.has("after") ? compare(c.getAsJsonArray("after"), inputs, "input after the call") : r;
    }

    private static String compare(JsonArray want, Tensor[] got, String what) {
        if (want.size() != got.length) return got.length + " " + what + "s, PyTorch " + want.size();
        for (int k = 0; k < got.length; k++) {
            if (want.get(k).isJsonNull()) continue; // a None argument
            Tensor e = Golden.tensor(want.get(k).getAsJsonObject());
            try {
                Golden.assertClose(e, got[k].detach(), 1e-10, 1e-10, what + " " + k);
            } catch (AssertionError err) {
                return err.getMessage() + "; torch4j " + got[k].dtype() + java.util.Arrays.toString(got[k].shapeArray())
                        + (got[k].numel() <= 12 ? " " + java.util.Arrays.toString(got[k].detach().toDoubleArray()) : "")
                        + ", PyTorch " + want.get(k).getAsJsonObject().get("shape") + want.get(k).getAsJsonObject().get("data");
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- transforms

    private static int[] ints(JsonElement e) {
        if (e.isJsonPrimitive()) return new int[] {e.getAsInt()};
        JsonArray a = e.getAsJsonArray();
        int[] r = new int[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).getAsInt();
        return r;
    }

    private static Integer[] dims(JsonElement e) {
        if (e.isJsonPrimitive()) return new Integer[] {e.getAsInt()};
        JsonArray a = e.getAsJsonArray();
        Integer[] r = new Integer[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).isJsonNull() ? null : a.get(i).getAsInt();
        return r;
    }

    private static Tensor[] concat(Tensor[] a, Tensor[] b) {
        Tensor[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static Function<Tensor[], Tensor[]> wrap(JsonObject l, Function<Tensor[], Tensor[]> f) {
        boolean aux = l.has("has_aux") && l.get("has_aux").getAsBoolean();
        return switch (l.get("t").getAsString()) {
            case "vmap" -> Func.vmap(f, dims(l.get("in_dims")), dims(l.get("out_dims")),
                    l.has("randomness") ? l.get("randomness").getAsString() : "error", null);
            case "grad" -> Func.grad(f, ints(l.get("argnums")), aux);
            case "jacrev" -> Func.jacrev(f, ints(l.get("argnums")), aux);
            case "jacfwd" -> Func.jacfwd(f, ints(l.get("argnums")), aux);
            case "hessian" -> {
                Function<Tensor[], Tensor> h = Func.hessian(a -> f.apply(a)[0], l.get("argnums").getAsInt());
                yield a -> new Tensor[] {h.apply(a)};
            }
            case "jvp" -> {
                int n = l.get("n").getAsInt();
                yield a -> {
                    Tensor[][] r = Func.jvp(f, java.util.Arrays.copyOf(a, n), java.util.Arrays.copyOfRange(a, n, a.length));
                    return concat(r[0], r[1]);
                };
            }
            case "vjp" -> {
                int n = l.get("n").getAsInt();
                yield a -> {
                    Func.VjpResult r = Func.vjp(f, java.util.Arrays.copyOf(a, n));
                    return concat(r.outputs(), r.apply(java.util.Arrays.copyOfRange(a, n, a.length)));
                };
            }
            default -> throw new IllegalArgumentException(l.toString());
        };
    }

    // ---------------------------------------------------------------- programs

    static Function<Tensor[], Tensor[]> program(JsonObject prog) {
        JsonArray steps = prog.getAsJsonArray("steps");
        int[] out = ints(prog.get("out"));
        return args -> {
            List<Tensor> vals = new ArrayList<>();
            for (JsonElement e : steps) {
                JsonObject s = e.getAsJsonObject();
                int[] refs = ints(s.get("a"));
                Tensor[] a = new Tensor[refs.length];
                for (int i = 0; i < refs.length; i++) a[i] = refs[i] >= 0 ? args[refs[i]] : vals.get(-1 - refs[i]);
                vals.add(op(s, a));
            }
            Tensor[] r = new Tensor[out.length];
            for (int i = 0; i < out.length; i++) r[i] = out[i] >= 0 ? args[out[i]] : vals.get(-1 - out[i]);
            return r;
        };
    }

    private static long[] longs(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        long[] r = new long[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).getAsLong();
        return r;
    }

    private static long l(JsonObject s, String k) { return s.get(k).getAsLong(); }

    private static Tensor constIndex(JsonObject s) {
        long[] idx = longs(s.get("idx"));
        Tensor t = Torch.tensor(idx);
        return s.has("ishape") ? t.reshape(longs(s.get("ishape"))) : t;
    }

    static Tensor op(JsonObject s, Tensor[] a) {
        String op = s.get("op").getAsString();
        boolean keep = s.has("keep") && s.get("keep").getAsBoolean();
        Tensor x = a[0];
        return switch (op) {
            case "sin" -> x.sin();
            case "cos" -> x.cos();
            case "tanh" -> x.tanh();
            case "exp" -> x.exp();
            case "sigmoid" -> x.sigmoid();
            case "neg" -> x.neg();
            case "square" -> x.square();
            case "abs" -> x.abs();
            case "relu" -> x.relu();
            case "atan" -> x.atan();
            case "softplus" -> Functional.softplus(x);
            case "log1p_abs" -> x.abs().log1p();
            case "add" -> x.add(a[1]);
            case "sub" -> x.sub(a[1]);
            case "mul" -> x.mul(a[1]);
            case "div" -> x.div(a[1]);
            case "maximum" -> x.maximum(a[1]);
            case "minimum" -> x.minimum(a[1]);
            case "atan2" -> x.atan2(a[1]);
            case "hypot" -> x.hypot(a[1]);
            case "add_scalar" -> x.add(s.get("v").getAsDouble());
            case "mul_scalar" -> x.mul(s.get("v").getAsDouble());
            case "pow" -> x.pow(s.get("v").getAsLong());
            case "sum", "mean", "logsumexp", "amax" -> reduce(op, x, s.get("dims"), keep);
            case "prod" -> x.prod(l(s, "dim"), keep);
            case "var" -> x.var(longs(s.get("dims")), s.get("unbiased").getAsBoolean(), keep);
            case "cumsum" -> x.cumsum(l(s, "dim"));
            case "softmax" -> x.softmax(l(s, "dim"));
            case "log_softmax" -> x.logSoftmax(l(s, "dim"));
            case "matmul" -> x.matmul(a[1]);
            case "mm" -> x.mm(a[1]);
            case "mv" -> x.mv(a[1]);
            case "dot" -> x.dot(a[1]);
            case "outer" -> x.outer(a[1]);
            case "bmm" -> x.bmm(a[1]);
            case "reshape" -> x.reshape(longs(s.get("shape")));
            case "transpose" -> x.transpose(l(s, "d0"), l(s, "d1"));
            case "permute" -> x.permute(longs(s.get("perm")));
            case "select" -> x.select(l(s, "dim"), l(s, "i"));
            case "narrow" -> x.narrow(l(s, "dim"), l(s, "start"), l(s, "len"));
            case "unsqueeze" -> x.unsqueeze(l(s, "dim"));
            case "expand" -> x.expand(longs(s.get("shape")));
            case "flatten" -> x.flatten(l(s, "start"), l(s, "end"));
            case "movedim" -> x.movedim(l(s, "src"), l(s, "dst"));
            case "gather" -> x.gather(l(s, "dim"), a.length > 1 ? a[1] : constIndex(s));
            case "index_select" -> x.indexSelect(l(s, "dim"), a.length > 1 ? a[1] : constIndex(s));
            case "cat" -> Torch.cat(new Tensor[] {x, a[1]}, l(s, "dim"));
            case "stack" -> Torch.stack(new Tensor[] {x, a[1]}, l(s, "dim"));
            case "where" -> Torch.where(x.gt(0.0), x, a[1]);
            case "linear" -> Functional.linear(x, a[1], a.length > 2 ? a[2] : null);
            case "conv1d" -> Functional.conv1d(x, a[1], a.length > 2 ? a[2] : null, new long[] {l(s, "stride")}, new long[] {l(s, "pad")},
                    new long[] {1}, 1);
            case "conv2d" -> Functional.conv2d(x, a[1], a.length > 2 ? a[2] : null, new long[] {l(s, "stride"), l(s, "stride")},
                    new long[] {l(s, "pad"), l(s, "pad")}, new long[] {1, 1}, 1);
            case "layer_norm" -> Functional.layerNorm(x, longs(s.get("shape")), a.length > 1 ? a[1] : null, a.length > 2 ? a[2] : null, 1e-5);
            case "dropout_eval" -> Functional.dropout(x, 0.5, false);
            case "dropout_train" -> Functional.dropout(x, 0.5, true);
            case "randn_like_add" -> x.add(Torch.randnLike(x));
            case "bernoulli" -> x.sigmoid().bernoulli();
            case "add_" -> x.add_(a[1]);
            case "mul_" -> x.mul_(s.get("v").getAsDouble());
            case "clone" -> x.clone();
            default -> throw new IllegalArgumentException("op " + op);
        };
    }

    private static Tensor reduce(String op, Tensor x, JsonElement dims, boolean keep) {
        if (dims.isJsonNull()) {
            return switch (op) {
                case "sum" -> x.sum();
                case "mean" -> x.mean();
                default -> x.amax();
            };
        }
        long[] d = longs(dims);
        return switch (op) {
            case "sum" -> x.sum(d, keep);
            case "mean" -> x.mean(d, keep);
            case "logsumexp" -> x.logsumexp(d, keep);
            default -> x.amax(d, keep);
        };
    }

    // ---------------------------------------------------------------- functional_call

    static final class Mlp extends Module {
        final Linear fc1 = new Linear(3, 3), fc2 = new Linear(3, 3);
        final BatchNorm1d bn = new BatchNorm1d(3);

        @Override
        public Tensor forward(Tensor x) { return fc2.forward(bn.forward(fc1.forward(x)).tanh()); }
    }

    private static String call(JsonObject c, Tensor[] inputs) {
        Mlp m = new Mlp().toDouble();
        if (c.get("tied").getAsBoolean()) m.fc2.weight = m.fc1.weight;
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (var e : c.getAsJsonObject("state").entrySet()) state.put(e.getKey(), Golden.tensor(e.getValue().getAsJsonObject()));
        m.loadStateDict(state);
        m.train(c.get("training").getAsBoolean());
        List<String> names = new ArrayList<>();
        for (JsonElement n : c.getAsJsonArray("names")) names.add(n.getAsString());
        int k = names.size();
        Tensor x = inputs[k];
        Tensor out;
        if (c.has("psg")) { // per-sample gradients: vmap(grad(loss, argnums=(0..k-1)), in_dims=(None, ..., 0))
            Function<Tensor[], Tensor> loss = a -> Func.functionalCall(m, Func.unflatten(names, a, 0), a[k].unsqueeze(0)).pow(2L).sum();
            int[] argnums = ints(c.get("argnums"));
            Integer[] inDims = new Integer[k + 1];
            inDims[k] = 0;
            Tensor[] grads;
            try {
                grads = Func.vmap(Func.grad(loss, argnums), inDims).apply(inputs);
            } catch (RuntimeException e) {
                String got = String.valueOf(e.getMessage()).split("\n")[0];
                if (!c.has("error")) return "torch4j raised " + e;
                return got.equals(c.get("error").getAsString()) ? null : "torch4j raised \"" + got + "\", PyTorch \"" + c.get("error").getAsString() + "\"";
            }
            if (c.has("error")) return "PyTorch raised \"" + c.get("error").getAsString() + "\" but torch4j gave gradients";
            String r = compare(c.getAsJsonArray("outputs"), grads, "per-sample gradient");
            return r != null ? r : compare(c.getAsJsonArray("inputs_after"), java.util.Arrays.copyOf(inputs, k), "replacement after the call");
        }
        if (c.get("vmap").getAsBoolean()) {
            Integer[] inDims = new Integer[k + 1];
            java.util.Arrays.fill(inDims, 0, k, 0);
            out = Func.vmap(a -> new Tensor[] {Func.functionalCall(m, Func.unflatten(names, a, 0), a[k])}, inDims).apply(inputs)[0];
        } else {
            out = Func.functionalCall(m, Func.unflatten(names, inputs, 0), x);
        }
        String r = compare(c.getAsJsonArray("outputs"), new Tensor[] {out}, "output");
        if (r != null) return r;
        List<Tensor> after = new ArrayList<>();
        JsonArray wantAfter = new JsonArray();
        for (var e : c.getAsJsonObject("after").entrySet()) {
            after.add(m.stateDict().get(e.getKey()));
            wantAfter.add(e.getValue());
        }
        r = compare(wantAfter, after.toArray(Tensor[]::new), "module state after the call");
        return r == null ? compare(c.getAsJsonArray("inputs_after"), java.util.Arrays.copyOf(inputs, k), "replacement after the call") : r;
    }
}
