package dev.torch4j.func;

import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.nn.BatchNorm1d;
import dev.torch4j.nn.Linear;
import dev.torch4j.nn.Module;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** torch.func's values against PyTorch (functorch 1.13; scripts/goldens/func_goldens.py writes the same functions). */
class FuncGoldenTest {
    private static final JsonObject G = Golden.namedCases("func");

    private static Tensor t(String k) { return Golden.tensor(G.getAsJsonObject(k)); }

    private static Tensor t(String k, int i) { return Golden.tensor(G.getAsJsonArray(k).get(i).getAsJsonObject()); }

    private static void close(Tensor want, Tensor got, String what) { Golden.assertClose(want, got, 1e-10, 1e-12, what); }

    private static Tensor[] ts(Tensor... t) { return t; }

    // ---------------------------------------------------------------- vmap

    @Test
    void vmapInAndOutDims() {
        Tensor x = t("X"), y = t("Y"), v = t("y");
        Function<Tensor[], Tensor[]> dot = in -> ts(in[0].dot(in[1]));
        close(t("vmap_dot"), Func.vmap(dot, null).apply(ts(x, y))[0], "vmap(dot)");
        close(t("vmap_dot_none"), Func.vmap(dot, new Integer[] {0, null}).apply(ts(x, v))[0], "in_dims=(0, None)");
        close(t("vmap_in1_out1"), Func.vmap(c -> c.sin().mul(c.sum()), 1, 1).apply(x), "in_dims=1, out_dims=1");
        close(t("vmap_neg"), Func.vmap(c -> c.cumsum(0), -1, -1).apply(x), "in_dims=-1, out_dims=-1");
        Function<Tensor[], Tensor[]> inner = Func.vmap(dot, null);
        close(t("vmap_nested"), Func.vmap(inner, null).apply(ts(t("A3"), t("B3")))[0], "vmap(vmap(dot))");
        Tensor[] two = Func.vmap(in -> ts(in[0].sum(0, false), in[0].t()), null, new Integer[] {0, 1}).apply(ts(t("A3")));
        close(t("vmap_two_outputs", 0), two[0], "first output at out_dim 0");
        close(t("vmap_two_outputs", 1), two[1], "second output at out_dim 1");
    }

    // ---------------------------------------------------------------- Jacobians, Hessians, products

    private static final Function<Tensor, Tensor> H =
            s -> s.pow(3).sum().add(s.get(0).mul(s.get(1)).mul(s.get(2))).add(s.sin().mul(s).sum());

    private static Function<Tensor, Tensor> f() {
        Tensor a = t("A");
        return s -> a.matmul(s).tanh().mul(s.sum());
    }

    private static Function<Tensor[], Tensor[]> g() {
        Tensor b = t("B");
        return in -> ts(in[0].mul(in[1].exp().sum()).add(in[0].matmul(b)));
    }

    @Test
    void jacobiansAndHessians() {
        Tensor x = t("x"), x2 = t("x2");
        close(t("jacrev_f"), Func.jacrev(f()).apply(x), "jacrev(f)");
        close(t("jacfwd_f"), Func.jacfwd(f()).apply(x), "jacfwd(f)");
        Tensor[] jg = Func.jacrev(g(), new int[] {0, 1}).apply(ts(x, x2));
        close(t("jacrev_g", 0), jg[0], "jacrev(g, argnums=(0, 1))[0]");
        close(t("jacrev_g", 1), jg[1], "jacrev(g, argnums=(0, 1))[1]");
        close(t("jacfwd_g1"), Func.jacfwd(in -> g().apply(in)[0], 1).apply(ts(x, x2)), "jacfwd(g, argnums=1)");
        close(t("hessian_h"), Func.hessian(H).apply(x), "hessian(h)");
        close(t("hessian_hm"), Func.hessian(m -> m.sin().mul(m).sum().add(m.det())).apply(t("M")), "hessian of a matrix function");
    }

    @Test
    void jvpVjpLinearize() {
        Tensor x = t("x"), x2 = t("x2"), v3 = t("v3"), v4 = t("v4");
        Tensor[] jvp = Func.jvp(f(), x, v3);
        close(t("jvp_f", 0), jvp[0], "jvp value");
        close(t("jvp_f", 1), jvp[1], "jvp");
        Func.VjpResult vjp = Func.vjp(f(), x);
        close(t("vjp_f", 0), vjp.output(), "vjp value");
        close(t("vjp_f", 1), vjp.apply(v4)[0], "vjp_fn(v)");
        close(t("vjp_f", 1), vjp.apply(v4)[0], "vjp_fn called twice");
        Tensor[][] jg = Func.jvp(g(), ts(x, x2), ts(v3, v3.mul(2)));
        close(t("jvp_g", 0), jg[0][0], "jvp of two inputs: value");
        close(t("jvp_g", 1), jg[1][0], "jvp of two inputs");
        Func.LinearizeResult lin = Func.linearize(g(), x, x2);
        close(t("jvp_g", 0), lin.outputs()[0], "linearize value");
        close(t("jvp_g", 1), lin.apply(v3, v3.mul(2))[0], "linearize jvp_fn = jvp");
    }

    @Test
    void gradsComposeWithVmapAndThemselves() {
        Function<Tensor, Tensor> s = u -> u.sin().mul(u.pow(2));
        Tensor pts = t("pts");
        close(t("grad_s"), Func.vmap(Func.grad(s)).apply(pts), "vmap(grad(s))");
        close(t("grad_grad_s"), Func.vmap(Func.grad(Func.grad(s))).apply(pts), "vmap(grad(grad(s)))");
        close(t("grad_h"), Func.grad(H).apply(t("x")), "grad(h)");
        Tensor[] both = Func.grad(in -> g().apply(in)[0].pow(2).sum(), new int[] {0, 1}).apply(ts(t("x"), t("x2")));
        close(t("grad_g_both", 0), both[0], "grad argnums=(0, 1) [0]");
        close(t("grad_g_both", 1), both[1], "grad argnums=(0, 1) [1]");
    }

    // ---------------------------------------------------------------- modules

    static class Mlp extends Module {
        Linear fc1 = new Linear(4, 5), fc2 = new Linear(5, 3);

        @Override
        public Tensor forward(Tensor x) { return fc2.forward(fc1.forward(x).tanh()); }
    }

    @Test
    void functionalCallAndPerSampleGradients() {
        Mlp model = new Mlp().toDouble();
        Map<String, Tensor> params = new LinkedHashMap<>();
        for (String k : model.namedParameters().keySet()) params.put(k, t("mlp." + k));
        Tensor data = t("data"), targets = t("targets");
        close(t("functional_call_mlp"), Func.functionalCall(model, params, data), "functional_call");

        // the per-sample-gradients tutorial: vmap(grad(loss), in_dims=(None, 0, 0))(params, data, targets), flattened
        List<String> names = Func.keys(params);
        int p = names.size();
        Function<Tensor[], Tensor> loss = in -> Func.functionalCall(model, Func.unflatten(names, in, 0), in[p]).sub(in[p + 1]).pow(2).mean();
        int[] argnums = new int[p];
        Integer[] inDims = new Integer[p + 2];
        for (int i = 0; i < p; i++) argnums[i] = i;
        inDims[p] = 0;
        inDims[p + 1] = 0;
        Tensor[] args = new Tensor[p + 2];
        for (int i = 0; i < p; i++) args[i] = params.get(names.get(i));
        args[p] = data;
        args[p + 1] = targets;
        Tensor[] perSample = Func.vmap(Func.grad(loss, argnums), inDims).apply(args);
        for (int i = 0; i < p; i++) close(t("per_sample." + names.get(i)), perSample[i], "per-sample grad of " + names.get(i));
    }

    static class Ens extends Module {
        Linear fc1 = new Linear(4, 5);
        BatchNorm1d bn = new BatchNorm1d(5);
        Linear fc2 = new Linear(5, 2);

        @Override
        public Tensor forward(Tensor x) { return fc2.forward(bn.forward(fc1.forward(x)).relu()); }
    }

    @Test
    void modelEnsembling() {
        List<Ens> models = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Ens m = new Ens().toDouble().eval();
            Map<String, Tensor> sd = new LinkedHashMap<>();
            for (String k : m.stateDict().keySet()) sd.put(k, t("ens" + i + "." + k));
            m.loadStateDict(sd);
            models.add(m);
        }
        Func.StackedState st = Func.stackModuleState(models);
        List<String> pn = Func.keys(st.params()), bn = Func.keys(st.buffers());
        int np = pn.size(), nb = bn.size();
        Function<Tensor[], Tensor[]> fmodel = in -> {
            Tensor out = Func.functionalCall(models.get(0), List.of(Func.unflatten(pn, in, 0), Func.unflatten(bn, in, np)), true, false,
                    in[np + nb]);
            return ts(out);
        };
        Tensor[] args = new Tensor[np + nb + 1];
        Integer[] same = new Integer[np + nb + 1], different = new Integer[np + nb + 1];
        for (int i = 0; i < np; i++) args[i] = st.params().get(pn.get(i));
        for (int i = 0; i < nb; i++) args[np + i] = st.buffers().get(bn.get(i));
        for (int i = 0; i < np + nb; i++) same[i] = different[i] = 0;
        different[np + nb] = 0; // in_dims=(0, 0, 0): one minibatch per model
        args[np + nb] = t("minibatch");
        close(t("ensemble_same"), Func.vmap(fmodel, same).apply(args)[0], "in_dims=(0, 0, None)");
        args[np + nb] = t("minibatches");
        close(t("ensemble_different"), Func.vmap(fmodel, different).apply(args)[0], "in_dims=(0, 0, 0)");
        // functional_call put model 0's own parameters and buffers back after every call
        close(t("ens0.fc1.weight"), models.get(0).fc1.weight.detach(), "model 0's weight restored");
        org.junit.jupiter.api.Assertions.assertTrue(models.get(0).fc1.weight.isParameter(), "a Parameter again");
        close(t("ens0.bn.running_mean"), models.get(0).bn.runningMean(), "model 0's buffer restored");
    }
}
