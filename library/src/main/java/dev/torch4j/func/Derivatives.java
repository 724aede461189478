package dev.torch4j.func;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.Autograd;
import dev.torch4j.autograd.Edge;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.autograd.Node;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The derivative transforms of {@code torch.func} over the define-by-run engine ({@link Autograd#grad}).
 *
 * <p>Note [levels without levels]: torch.func wraps the inputs of each transform at a new "level", so that nested
 * transforms (grad of grad, vmap of grad) and ordinary autograd outside them each see only their own derivatives.
 * Here a transform makes each differentiated input a fresh handle whose gradient it captures: a detached leaf when
 * nothing outside can differentiate it, or a view of it ({@code viewAs}) when the input itself requires grad and grad
 * mode is on, so derivatives keep flowing to the outer level. The engine captures gradients at those handles' edges,
 * so an inner transform never mixes its perturbation with an outer one. Results keep their graph (create_graph) only
 * when grad mode is on and the function's outputs reach a leaf that is not one of this transform's own (an outer
 * level's input, a parameter captured in the function): otherwise they are detached, as torch.func returns plain
 * tensors at the top level.
 *
 * <p>Forward mode: torch4j has no dual numbers, so jvp, jacfwd and linearize use the double-backward trick: with
 * {@code u} a zero tensor shaped like the output, {@code g(u) = J^T u} is linear in u, and its vjp with a tangent t is
 * {@code J t}. The values equal forward-mode AD's; the cost is a backward pass per product.
 */
final class Derivatives {
    private Derivatives() {}

    // ---------------------------------------------------------------- levels

    /** The differentiated inputs of one transform, and the accumulators of those that are its own leaves. */
    static final class Level {
        final Tensor[] args;
        final Tensor[] diff;
        final int[] argnums;
        final boolean outerGrad = GradMode.isEnabled();
        private final Set<Node> own = Collections.newSetFromMap(new IdentityHashMap<>());

        Level(Tensor[] primals, int[] argnums) {
            this.args = primals.clone();
            this.argnums = argnums;
            this.diff = new Tensor[argnums.length];
            for (int k = 0; k < argnums.length; k++) {
                Tensor a = primals[argnums[k]];
                if (a == null) throw new IllegalArgumentException("Thing passed to transform API must be Tensor, got <class 'NoneType'>");
                Tensor d;
                if (outerGrad && a.requiresGrad()) {
                    d = a.viewAs(a);
                } else {
                    d = a.detach().requiresGrad_(true);
                    own.add(Graph.edgeOf(d).node());
                }
                diff[k] = d;
                args[argnums[k]] = d;
            }
        }

        /** Calls f on the inputs with grad mode on (torch.func's transforms enable grad inside). */
        Tensor[] call(Function<Tensor[], Tensor[]> f) {
            try (var g = GradMode.enableGrad()) {
                Tensor[] outs = f.apply(args);
                return outs == null ? new Tensor[0] : outs;
            }
        }

        /** True when grad mode was on outside and one of the tensors depends on a leaf that is not this level's. */
        boolean reachesOuter(Tensor... ts) {
            if (!outerGrad) return false;
            Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            ArrayDeque<Node> todo = new ArrayDeque<>();
            for (Tensor t : ts) {
                if (t == null || !t.requiresGrad()) continue;
                Node n = t.gradFn() != null ? t.gradFn() : Graph.edgeOf(t).node(); // a leaf's accumulator
                if (seen.add(n)) todo.push(n);
            }
            while (!todo.isEmpty()) {
                Node n = todo.pop();
                if (n.name().equals("AccumulateGrad") && !own.contains(n)) return true;
                for (Edge e : n.nextEdges()) if (e != null && e.node() != null && seen.add(e.node())) todo.push(e.node());
            }
            return false;
        }

        /** Outside the level: a result keeps its graph when it reaches an outer leaf, else it is detached. */
        Tensor unwrap(Tensor t) { return t == null || reachesOuter(t) ? t : t.detach(); }

        /** d outputs / d diff inputs with the given output gradients; null gradients become zeros. */
        Tensor[] vjp(Tensor[] outs, Tensor[] cotangents, boolean createGraph) {
            List<Tensor> os = new ArrayList<>(), gs = new ArrayList<>();
            for (int i = 0; i < outs.length; i++) {
                if (outs[i].requiresGrad()) {
                    os.add(outs[i]);
                    gs.add(cotangents == null ? null : cotangents[i]);
                }
            }
            Tensor[] r = os.isEmpty() ? new Tensor[diff.length]
                    : Autograd.get().grad(os.toArray(Tensor[]::new), diff, cotangents == null ? null : gs.toArray(Tensor[]::new),
                            true, createGraph, true);
            for (int k = 0; k < r.length; k++) if (r[k] == null) r[k] = Torch.zerosLike(diff[k]);
            return r;
        }
    }

    // ---------------------------------------------------------------- argnums

    /** PyTorch's {@code _slice_argnums} checks: each argnum wrapped into range, then non-empty and unique. */
    static int[] argnums(int[] argnums, int numArgs) {
        int[] r = new int[argnums.length];
        for (int i = 0; i < argnums.length; i++) {
            int a = argnums[i];
            if (a >= 0 && a < numArgs) r[i] = a;
            else if (a < 0 && a >= -numArgs) r[i] = a + numArgs;
            else throw new IllegalStateException("Got argnum=" + a + ", but only " + numArgs + " positional inputs");
        }
        if (r.length == 0) throw new IllegalStateException("argnums must be non-empty");
        if (Arrays.stream(r).distinct().count() != r.length) {
            throw new IllegalStateException("argnums elements must be unique, got " + dev.torch4j.nn.Py.tuple(Arrays.stream(r).asLongStream().toArray()));
        }
        return r;
    }

    // ---------------------------------------------------------------- grad

    /** {@code grad_and_value}: the gradients for argnums, then the value, then the aux outputs (has_aux). */
    static Tensor[] gradAndValue(Function<Tensor[], Tensor[]> f, int[] argnums, boolean hasAux, Tensor[] primals) {
        Level lv = new Level(primals, argnums(argnums, primals.length));
        Tensor[] outs = lv.call(f);
        if (hasAux && outs.length < 2) {
            throw new IllegalStateException("grad_and_value(f)(*args): output of function f should be a tuple: (output, aux) "
                    + "if has_aux is True");
        }
        Tensor y = outs.length == 0 ? null : outs[0];
        if (y == null) {
            throw new IllegalStateException("grad_and_value(f)(*args): Expected f(*args) to return a Tensor, got "
                    + (outs.length == 0 ? "<class 'tuple'>" : "<class 'NoneType'>"));
        }
        if (y.dim() != 0) {
            throw new IllegalStateException("grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, got tensor "
                    + "with " + y.dim() + " dims. Maybe you wanted to use the vjp or jacrev APIs instead?");
        }
        boolean keep = lv.reachesOuter(y);
        Tensor[] grads;
        try (var g = GradMode.enableGrad()) {
            grads = lv.vjp(new Tensor[] {y}, null, keep);
        }
        Tensor[] r = Arrays.copyOf(grads, grads.length + outs.length);
        r[grads.length] = keep ? y : y.detach();
        for (int i = 1; i < outs.length; i++) r[grads.length + i] = lv.unwrap(outs[i]);
        return r;
    }

    // ---------------------------------------------------------------- vjp / linearize

    /** The outputs of f at the primals and the function from cotangents to the primals' gradients. */
    static Func.VjpResult vjp(Function<Tensor[], Tensor[]> f, Tensor[] primals) {
        Level lv = new Level(primals, all(primals.length));
        Tensor[] outs = checkOutputs("vjp(f, *primals)", lv.call(f));
        boolean keep = lv.reachesOuter(outs);
        Tensor[] shown = new Tensor[outs.length];
        for (int i = 0; i < outs.length; i++) shown[i] = keep ? outs[i] : outs[i].detach();
        Function<Tensor[], Tensor[]> fn = cot -> {
            if (cot.length != outs.length) {
                throw new IllegalStateException("Expected pytree structure of cotangents to be the same as pytree structure of "
                        + "outputs to the function. cotangents: " + Vmap.spec(cot.length) + ", primal output: " + Vmap.spec(outs.length));
            }
            boolean create = keep || GradMode.isEnabled() && Arrays.stream(cot).anyMatch(c -> c != null && c.requiresGrad());
            try (var g = GradMode.enableGrad()) {
                return lv.vjp(outs, cot, create);
            }
        };
        return new Func.VjpResult(shown, fn);
    }

    static int[] all(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }

    private static Tensor[] checkOutputs(String api, Tensor[] outs) {
        if (outs.length == 0) {
            throw new IllegalStateException(api + ": Expected f to be a function that has non-empty output (got output = ())");
        }
        for (Tensor o : outs) {
            if (o == null) throw new IllegalStateException(api + ": expected f(*primals) to return only tensors, got unsupported type <class 'NoneType'>");
        }
        return outs;
    }

    /** f linearized at the primals (only the argnums inputs vary): outputs and J t through the double-backward trick. */
    static Func.LinearizeResult linearize(Function<Tensor[], Tensor[]> f, Tensor[] primals, int[] argnums, String api) {
        Level lv = new Level(primals, argnums);
        Tensor[] outs = checkOutputs(api, lv.call(f));
        boolean keep = lv.reachesOuter(outs);
        Tensor[] us = new Tensor[outs.length];
        Tensor[] gs;
        try (var g = GradMode.enableGrad()) {
            List<Tensor> os = new ArrayList<>(), ou = new ArrayList<>();
            for (int i = 0; i < outs.length; i++) {
                if (!outs[i].requiresGrad()) continue;
                us[i] = Torch.zerosLike(outs[i]).requiresGrad_(true);
                os.add(outs[i]);
                ou.add(us[i]);
            }
            gs = os.isEmpty() ? new Tensor[lv.diff.length]
                    : Autograd.get().grad(os.toArray(Tensor[]::new), lv.diff, ou.toArray(Tensor[]::new), true, true, true);
        }
        Tensor[] shown = new Tensor[outs.length];
        for (int i = 0; i < outs.length; i++) shown[i] = keep ? outs[i] : outs[i].detach();
        Function<Tensor[], Tensor[]> jvpFn = tangents -> {
            List<Tensor> ys = new ArrayList<>(), ts = new ArrayList<>(), xs = new ArrayList<>();
            for (int k = 0; k < gs.length; k++) {
                if (gs[k] == null || !gs[k].requiresGrad()) continue;
                ys.add(gs[k]);
                ts.add(tangents[k]);
            }
            List<Integer> which = new ArrayList<>();
            for (int i = 0; i < us.length; i++) {
                if (us[i] != null) {
                    xs.add(us[i]);
                    which.add(i);
                }
            }
            boolean create = keep || GradMode.isEnabled() && Arrays.stream(tangents).anyMatch(t -> t != null && t.requiresGrad());
            Tensor[] r = new Tensor[outs.length];
            if (!ys.isEmpty() && !xs.isEmpty()) {
                Tensor[] jv;
                try (var g = GradMode.enableGrad()) {
                    jv = Autograd.get().grad(ys.toArray(Tensor[]::new), xs.toArray(Tensor[]::new), ts.toArray(Tensor[]::new), true,
                            create, true);
                }
                for (int j = 0; j < jv.length; j++) r[which.get(j)] = jv[j];
            }
            for (int i = 0; i < r.length; i++) if (r[i] == null) r[i] = Torch.zerosLike(outs[i]).detach();
            return r;
        };
        return new Func.LinearizeResult(shown, jvpFn);
    }

    /** {@code torch.func.jvp}: checks the tangents against the primals, then one product. */
    static Tensor[][] jvp(Function<Tensor[], Tensor[]> f, Tensor[] primals, Tensor[] tangents) {
        String api = "jvp(f, primals, tangents)";
        if (primals.length != tangents.length) {
            throw new IllegalStateException(api + ": Expected primals and tangents to have the same python structure. For "
                    + "example, if primals is a tuple of 3 tensors, tangents also must be. Got primals with structure "
                    + Vmap.spec(primals.length) + " and tangents with structure " + Vmap.spec(tangents.length));
        }
        if (primals.length == 0) throw new IllegalStateException(api + ": Expected primals to be a non-empty tuple of Tensors.");
        for (int i = 0; i < primals.length; i++) checkTangent(primals[i], tangents[i]);
        Func.LinearizeResult lin = linearize(f, primals, all(primals.length), api);
        return new Tensor[][] {lin.outputs(), lin.jvpFn().apply(tangents)};
    }

    static void checkTangent(Tensor primal, Tensor tangent) {
        if (!Arrays.equals(primal.shapeArray(), tangent.shapeArray())) {
            throw new IllegalStateException("Trying to set a forward gradient that has a different size than that of the original "
                    + "Tensor, this is not supported. Tensor is of size " + Arrays.toString(primal.shapeArray()) + " while the given "
                    + "forward gradient is of size " + Arrays.toString(tangent.shapeArray()) + ".");
        }
    }

    // ---------------------------------------------------------------- Jacobians

    private static long[] concat(long[] a, long[] b) {
        long[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /**
     * {@code jacrev(f, argnums)}: one vjp per output element (rows of the Jacobian). Results for output i and argnum k
     * come at {@code i * argnums.length + k}, each shaped {@code out_i.shape + in_k.shape}.
     */
    static Tensor[] jacrev(Function<Tensor[], Tensor[]> f, int[] argnums, boolean hasAux, Tensor[] primals) {
        Level lv = new Level(primals, argnums(argnums, primals.length));
        Tensor[] all = checkOutputs("jacrev(f, ...)", lv.call(f));
        Tensor[] outs = hasAux ? withoutAux("vjp(f, *primals)", all) : all;
        boolean keep = lv.reachesOuter(outs);
        int na = lv.diff.length;
        Tensor[] r = new Tensor[outs.length * na];
        for (int i = 0; i < outs.length; i++) {
            Tensor o = outs[i];
            int n = Math.toIntExact(o.numel());
            List<List<Tensor>> rows = new ArrayList<>();
            for (int k = 0; k < na; k++) rows.add(new ArrayList<>());
            Tensor eye = n == 0 || !o.requiresGrad() ? null : Torch.eye(n, n, Torch.dtype(o.dtype()).device(o.device()));
            for (int e = 0; e < n && eye != null; e++) {
                Tensor[] g;
                try (var gm = GradMode.enableGrad()) {
                    g = lv.vjp(new Tensor[] {o}, new Tensor[] {eye.select(0, e).reshape(o.shapeArray())}, keep);
                }
                for (int k = 0; k < na; k++) rows.get(k).add(g[k].reshape(-1));
            }
            for (int k = 0; k < na; k++) {
                Tensor x = lv.diff[k];
                long[] shape = concat(o.shapeArray(), x.shapeArray());
                r[i * na + k] = eye == null ? Torch.zeros(dev.torch4j.Size.of(shape), Torch.dtype(x.dtype()).device(x.device()))
                        : Torch.stack(rows.get(k), 0).reshape(shape);
            }
        }
        return hasAux ? withAux(r, all, lv::unwrap) : r;
    }

    /**
     * has_aux: f returns {@code (output, aux)}, here the output first and the aux tensors after it ({@code api}: the
     * transform PyTorch's Jacobian runs, named in its message).
     */
    private static Tensor[] withoutAux(String api, Tensor[] outs) {
        if (outs.length < 2) {
            throw new IllegalStateException(api + ": output of function f should be a tuple: (output, aux) if has_aux is True");
        }
        return new Tensor[] {outs[0]};
    }

    /** The Jacobians followed by the aux outputs (outs[1:]), each passed through {@code unwrap}. */
    private static Tensor[] withAux(Tensor[] jac, Tensor[] outs, Function<Tensor, Tensor> unwrap) {
        Tensor[] r = Arrays.copyOf(jac, jac.length + outs.length - 1);
        for (int i = 1; i < outs.length; i++) r[jac.length + i - 1] = unwrap.apply(outs[i]);
        return r;
    }

    /** {@code jacfwd(f, argnums)}: one jvp per input element (columns of the Jacobian); same layout as {@link #jacrev}. */
    static Tensor[] jacfwd(Function<Tensor[], Tensor[]> f, int[] argnums, boolean hasAux, Tensor[] primals) {
        int[] an = argnums(argnums, primals.length);
        Tensor[][] aux = new Tensor[1][];
        Function<Tensor[], Tensor[]> g = !hasAux ? f : in -> { // the aux outputs leave through aux, undifferentiated
            Tensor[] all = f.apply(in);
            withoutAux("jvp(f, primals, tangents)", all);
            aux[0] = all;
            return new Tensor[] {all[0]};
        };
        Func.LinearizeResult lin = linearize(g, primals, an, "jacfwd(f, ...)");
        Tensor[] outs = lin.outputs();
        int na = an.length;
        Tensor[] r = new Tensor[outs.length * na];
        for (int k = 0; k < na; k++) {
            Tensor x = primals[an[k]];
            int m = Math.toIntExact(x.numel());
            Tensor eye = Torch.eye(m, m, Torch.dtype(x.dtype()).device(x.device()));
            List<List<Tensor>> cols = new ArrayList<>();
            for (int i = 0; i < outs.length; i++) cols.add(new ArrayList<>());
            Tensor[] zeros = new Tensor[na]; // the other inputs' tangents: the same zeros for every column (jvp only reads them)
            for (int j = 0; j < na; j++) if (j != k) zeros[j] = Torch.zerosLike(primals[an[j]]);
            for (int e = 0; e < m; e++) {
                Tensor[] t = zeros.clone();
                t[k] = eye.select(0, e).reshape(x.shapeArray());
                Tensor[] jv = lin.jvpFn().apply(t);
                for (int i = 0; i < outs.length; i++) cols.get(i).add(jv[i].reshape(-1));
            }
            for (int i = 0; i < outs.length; i++) {
                long[] shape = concat(outs[i].shapeArray(), x.shapeArray());
                r[i * na + k] = m == 0 || outs[i].numel() == 0
                        ? Torch.zeros(dev.torch4j.Size.of(shape), Torch.dtype(outs[i].dtype()).device(outs[i].device()))
                        : Torch.stack(cols.get(i), 1).reshape(shape);
            }
        }
        if (!hasAux) return r;
        // the aux tensors keep their graph only where an outer level can differentiate them (as jacrev's unwrap)
        boolean outer = GradMode.isEnabled() && Arrays.stream(primals).anyMatch(p -> p != null && p.requiresGrad());
        return withAux(r, aux[0], t -> outer && t.requiresGrad() ? t : t.detach());
    }
}
