package dev.torch4j.func;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Module;
import dev.torch4j.nn.Stateless;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code torch.func}: composable function transforms (PyTorch 2.x, formerly functorch). Each transform takes a
 * function of tensors and returns a new function, so they nest: {@code grad(grad(f))} is a second derivative,
 * {@code vmap(grad(f))} gives per-sample gradients, {@code jacfwd(jacrev(f))} a Hessian.
 *
 * <pre>{@code
 * Function<Tensor, Tensor> f = x -> x.sin().sum();
 * Tensor g  = Func.grad(f).apply(x);                    // torch.func.grad(f)(x) == cos(x)
 * Tensor gg = Func.grad(Func.grad(f)).apply(x0);        // a scalar x0: -sin(x0)
 * Tensor b  = Func.vmap(Func.grad(f)).apply(xs);        // one gradient per row of xs
 * Tensor j  = Func.jacrev(x -> x.sin()).apply(x);       // diag(cos x)
 * }</pre>
 *
 * <p>Functions of several tensors are {@code Function<Tensor[], Tensor[]>} (or {@code Function<Tensor[], Tensor>} for
 * grad and the Jacobians): PyTorch's positional arguments and tuple of outputs, flattened. Dicts of parameters
 * (functional_call, stack_module_state) are flattened by the caller, in the map's order.
 *
 * <p>How: vmap runs {@code func} once per index of the mapped dimension and stacks the outputs (PyTorch's fallback for
 * ops without batching rules, here used for every op); the derivative transforms run the ordinary autograd engine on
 * fresh handles of their inputs, and forward mode uses the double-backward trick (see {@code Derivatives}). Values
 * and errors are PyTorch's; speed is that of a loop. An in-place write to an unmapped input (in_dim null) happens
 * once, as PyTorch's; a mapped value written there raises PyTorch's error when two samples write different values.
 */
public final class Func {
    private Func() {}

    // ---------------------------------------------------------------- vmap

    /** {@code torch.func.vmap(func)}: maps a function of one tensor over dimension 0 of its input and output. */
    public static Function<Tensor, Tensor> vmap(Function<Tensor, Tensor> func) { return vmap(func, 0, 0, "error", null); }

    /** {@code torch.func.vmap(func, in_dims=inDim, out_dims=outDim)}; negative dims count from the end. */
    public static Function<Tensor, Tensor> vmap(Function<Tensor, Tensor> func, int inDim, int outDim) {
        return vmap(func, inDim, outDim, "error", null);
    }

    /**
     * {@code torch.func.vmap(func, in_dims, out_dims, randomness, chunk_size=)} for a function of one tensor.
     *
     * @param randomness "error" (the default: a random op inside func raises), "different" (independent draws per
     *                   sample) or "same" (every sample sees the same draws)
     * @param chunkSize  null, or how many samples PyTorch vectorizes at once (the loop here is unaffected)
     */
    public static Function<Tensor, Tensor> vmap(Function<Tensor, Tensor> func, int inDim, int outDim, String randomness,
                                                Integer chunkSize) {
        Vmap.checkArgs(randomness, chunkSize);
        String name = Vmap.name(func);
        return x -> Vmap.apply(in -> new Tensor[] {func.apply(in[0])}, name, new Integer[] {inDim}, String.valueOf(inDim),
                new Integer[] {outDim}, String.valueOf(outDim), randomness, new Tensor[] {x})[0];
    }

    /**
     * {@code torch.func.vmap(func, in_dims)} for a function of several tensors: {@code inDims} has one entry per input,
     * null for an input that is not mapped (passed whole to every call); a null array maps dimension 0 of every
     * input (PyTorch's {@code in_dims=0}). Every output is mapped at dimension 0.
     */
    public static Function<Tensor[], Tensor[]> vmap(Function<Tensor[], Tensor[]> func, Integer[] inDims) {
        return vmap(func, inDims, null, "error", null);
    }

    /**
     * {@code torch.func.vmap(func, in_dims, out_dims)}: {@code outDims} has one entry per output (null: the output does
     * not depend on the sample and is returned once, PyTorch's {@code out_dims=None}) or a single entry for all
     * outputs; a null array means 0 for all.
     */
    public static Function<Tensor[], Tensor[]> vmap(Function<Tensor[], Tensor[]> func, Integer[] inDims, Integer[] outDims) {
        return vmap(func, inDims, outDims, "error", null);
    }

    /**
     * {@code torch.func.vmap(func, in_dims, out_dims, randomness, chunk_size=)}, the full form; see
     * {@link #vmap(Function, int, int, String, Integer)} for randomness and chunkSize.
     */
    public static Function<Tensor[], Tensor[]> vmap(Function<Tensor[], Tensor[]> func, Integer[] inDims, Integer[] outDims,
                                                    String randomness, Integer chunkSize) {
        Vmap.checkArgs(randomness, chunkSize);
        String name = Vmap.name(func);
        Integer[] od = outDims == null ? new Integer[] {0} : outDims.clone();
        String odRepr = outDims == null ? "0" : Vmap.tuple(outDims);
        return args -> {
            Integer[] id = inDims == null ? filled(args.length) : inDims;
            return Vmap.apply(func, name, id, inDims == null ? "0" : Vmap.tuple(inDims), od, odRepr, randomness, args);
        };
    }

    private static Integer[] filled(int n) {
        Integer[] r = new Integer[n];
        Arrays.fill(r, 0);
        return r;
    }

    // ---------------------------------------------------------------- grad

    /**
     * {@code torch.func.grad(func)}: the gradient of a function returning a scalar (0-dim) tensor. The input is not
     * modified and no {@code .grad} is touched; the result carries autograd history only when grad mode is on and
     * it depends on something outside that requires grad (an enclosing transform's input, a captured parameter).
     */
    public static Function<Tensor, Tensor> grad(Function<Tensor, Tensor> func) {
        return x -> Derivatives.gradAndValue(one(func), new int[] {0}, false, new Tensor[] {x})[0];
    }

    /** {@code torch.func.grad(func, argnums=argnum)} for a function of several tensors: the gradient for one of them. */
    public static Function<Tensor[], Tensor> grad(Function<Tensor[], Tensor> func, int argnum) {
        return args -> Derivatives.gradAndValue(many(func), new int[] {argnum}, false, args)[0];
    }

    /** {@code torch.func.grad(func, argnums=(...))}: the gradients for each of {@code argnums}, in that order. */
    public static Function<Tensor[], Tensor[]> grad(Function<Tensor[], Tensor> func, int[] argnums) {
        return grad(many(func), argnums, false);
    }

    /**
     * {@code torch.func.grad(func, argnums, has_aux)}: {@code func} returns the scalar first and, with hasAux, auxiliary
     * tensors after it; the result is the gradients for {@code argnums}, followed by the aux tensors with hasAux.
     */
    public static Function<Tensor[], Tensor[]> grad(Function<Tensor[], Tensor[]> func, int[] argnums, boolean hasAux) {
        int[] an = argnums.clone();
        return args -> {
            Tensor[] r = Derivatives.gradAndValue(func, an, hasAux, args);
            Tensor[] out = new Tensor[r.length - 1];
            System.arraycopy(r, 0, out, 0, an.length);
            System.arraycopy(r, an.length + 1, out, an.length, r.length - an.length - 1);
            return out;
        };
    }

    /** {@code torch.func.grad_and_value(func)}: {@code {gradient, value}}. */
    public static Function<Tensor, Tensor[]> gradAndValue(Function<Tensor, Tensor> func) {
        return x -> Derivatives.gradAndValue(one(func), new int[] {0}, false, new Tensor[] {x});
    }

    /**
     * {@code torch.func.grad_and_value(func, argnums, has_aux)}: the gradients for {@code argnums}, then the value,
     * then (with hasAux) the aux tensors.
     */
    public static Function<Tensor[], Tensor[]> gradAndValue(Function<Tensor[], Tensor[]> func, int[] argnums, boolean hasAux) {
        int[] an = argnums.clone();
        return args -> Derivatives.gradAndValue(func, an, hasAux, args);
    }

    private static Function<Tensor[], Tensor[]> one(Function<Tensor, Tensor> f) { return in -> new Tensor[] {f.apply(in[0])}; }

    private static Function<Tensor[], Tensor[]> many(Function<Tensor[], Tensor> f) { return in -> new Tensor[] {f.apply(in)}; }

    // ---------------------------------------------------------------- vjp, jvp, linearize

    /**
     * What {@link #vjp} returns: the outputs of {@code func} at the primals and {@code vjp_fn}, which maps cotangents
     * (one per output, shaped like it) to the gradients of the primals, and may be called any number of times.
     */
    public record VjpResult(Tensor[] outputs, Function<Tensor[], Tensor[]> vjpFn) {
        /** The first (often only) output. */
        public Tensor output() { return outputs[0]; }

        /** {@code vjp_fn(*cotangents)}. */
        public Tensor[] apply(Tensor... cotangents) { return vjpFn.apply(cotangents); }
    }

    /** {@code torch.func.vjp(func, *primals)}: {@code (output, vjp_fn)}. */
    public static VjpResult vjp(Function<Tensor[], Tensor[]> func, Tensor... primals) { return Derivatives.vjp(func, primals); }

    /** {@code torch.func.vjp(func, primal)} for a function of one tensor. */
    public static VjpResult vjp(Function<Tensor, Tensor> func, Tensor primal) { return Derivatives.vjp(one(func), new Tensor[] {primal}); }

    /**
     * {@code torch.func.jvp(func, primals, tangents)}: {@code {outputs, jvp_outputs}}, the Jacobian-vector products
     * {@code sum_k J_k tangents[k]}, one per output. Computed by the double-backward trick, with forward mode's values.
     */
    public static Tensor[][] jvp(Function<Tensor[], Tensor[]> func, Tensor[] primals, Tensor[] tangents) {
        return Derivatives.jvp(func, primals, tangents);
    }

    /** {@code torch.func.jvp(func, (primal,), (tangent,))} for a function of one tensor: {@code {output, J tangent}}. */
    public static Tensor[] jvp(Function<Tensor, Tensor> func, Tensor primal, Tensor tangent) {
        Tensor[][] r = Derivatives.jvp(one(func), new Tensor[] {primal}, new Tensor[] {tangent});
        return new Tensor[] {r[0][0], r[1][0]};
    }

    /**
     * What {@link #linearize} returns: the outputs at the primals and {@code jvp_fn}, mapping tangents (one per primal)
     * to the Jacobian-vector products (one per output); it may be called any number of times.
     */
    public record LinearizeResult(Tensor[] outputs, Function<Tensor[], Tensor[]> jvpFn) {
        /** {@code jvp_fn(*tangents)}. */
        public Tensor[] apply(Tensor... tangents) { return jvpFn.apply(tangents); }
    }

    /** {@code torch.func.linearize(func, *primals)}: {@code (output, jvp_fn)}, f evaluated once and linearized there. */
    public static LinearizeResult linearize(Function<Tensor[], Tensor[]> func, Tensor... primals) {
        LinearizeResult lin = Derivatives.linearize(func, primals, Derivatives.all(primals.length), "linearize(f, ...)");
        return new LinearizeResult(lin.outputs(), tangents -> {
            if (tangents.length != primals.length) {
                throw new IllegalStateException("linearize(f, ...): Expected tangents to have the same structure as primals: "
                        + Vmap.spec(primals.length) + ", got " + Vmap.spec(tangents.length));
            }
            for (int i = 0; i < primals.length; i++) Derivatives.checkTangent(primals[i], tangents[i]);
            return lin.jvpFn().apply(tangents);
        });
    }

    // ---------------------------------------------------------------- Jacobians, Hessian

    /** {@code torch.func.jacrev(func)}: the Jacobian of a function of one tensor, shaped {@code out.shape + in.shape}. */
    public static Function<Tensor, Tensor> jacrev(Function<Tensor, Tensor> func) {
        return x -> Derivatives.jacrev(one(func), new int[] {0}, false, new Tensor[] {x})[0];
    }

    /** {@code torch.func.jacrev(func, argnums=argnum)}: the Jacobian with respect to one of several inputs. */
    public static Function<Tensor[], Tensor> jacrev(Function<Tensor[], Tensor> func, int argnum) {
        return args -> Derivatives.jacrev(many(func), new int[] {argnum}, false, args)[0];
    }

    /**
     * {@code torch.func.jacrev(func, argnums=(...))} for a function with several outputs: the Jacobian of output i with
     * respect to {@code argnums[k]} comes at index {@code i * argnums.length + k} (PyTorch's nested tuples, flattened).
     */
    public static Function<Tensor[], Tensor[]> jacrev(Function<Tensor[], Tensor[]> func, int[] argnums) {
        return jacrev(func, argnums, false);
    }

    /**
     * {@code torch.func.jacrev(func, argnums, has_aux)}: with hasAux, {@code func} returns its output first and
     * auxiliary tensors after it; the result is the Jacobians of the output for {@code argnums}, then the aux tensors.
     */
    public static Function<Tensor[], Tensor[]> jacrev(Function<Tensor[], Tensor[]> func, int[] argnums, boolean hasAux) {
        int[] an = argnums.clone();
        return args -> Derivatives.jacrev(func, an, hasAux, args);
    }

    /** {@code torch.func.jacfwd(func)}: the Jacobian by forward products (the same values as {@link #jacrev(Function)}). */
    public static Function<Tensor, Tensor> jacfwd(Function<Tensor, Tensor> func) {
        return x -> Derivatives.jacfwd(one(func), new int[] {0}, false, new Tensor[] {x})[0];
    }

    /** {@code torch.func.jacfwd(func, argnums=argnum)}. */
    public static Function<Tensor[], Tensor> jacfwd(Function<Tensor[], Tensor> func, int argnum) {
        return args -> Derivatives.jacfwd(many(func), new int[] {argnum}, false, args)[0];
    }

    /** {@code torch.func.jacfwd(func, argnums=(...))}: laid out as {@link #jacrev(Function, int[])}. */
    public static Function<Tensor[], Tensor[]> jacfwd(Function<Tensor[], Tensor[]> func, int[] argnums) {
        return jacfwd(func, argnums, false);
    }

    /** {@code torch.func.jacfwd(func, argnums, has_aux)}: laid out as {@link #jacrev(Function, int[], boolean)}. */
    public static Function<Tensor[], Tensor[]> jacfwd(Function<Tensor[], Tensor[]> func, int[] argnums, boolean hasAux) {
        int[] an = argnums.clone();
        return args -> Derivatives.jacfwd(func, an, hasAux, args);
    }

    /** {@code torch.func.hessian(func)}: {@code jacfwd(jacrev(func))}, shaped {@code out.shape + in.shape + in.shape}. */
    public static Function<Tensor, Tensor> hessian(Function<Tensor, Tensor> func) { return jacfwd(jacrev(func)); }

    /** {@code torch.func.hessian(func, argnums=argnum)}. */
    public static Function<Tensor[], Tensor> hessian(Function<Tensor[], Tensor> func, int argnum) {
        return jacfwd(jacrev(func, argnum), argnum);
    }

    // ---------------------------------------------------------------- modules

    /**
     * {@code torch.func.functional_call(module, parameter_and_buffer_dicts, args)} with PyTorch's defaults
     * ({@code tie_weights=True, strict=False}): calls the module with the given tensors, by dotted name, in place of
     * its parameters and buffers; the module's own are put back afterwards, also when the call throws.
     */
    public static Tensor functionalCall(Module module, Map<String, Tensor> parametersAndBuffers, Tensor... args) {
        return Stateless.functionalCall(module, parametersAndBuffers, true, false, args);
    }

    /**
     * {@code torch.func.functional_call(module, (dict1, dict2, ...), args, tie_weights=, strict=)}: several maps (say,
     * parameters and buffers) whose keys must be distinct.
     */
    public static Tensor functionalCall(Module module, List<Map<String, Tensor>> parameterAndBufferDicts, boolean tieWeights,
                                        boolean strict, Tensor... args) {
        Map<String, Integer> count = new LinkedHashMap<>();
        for (Map<String, Tensor> d : parameterAndBufferDicts) for (String k : d.keySet()) count.merge(k, 1, Integer::sum);
        List<String> repeated = count.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        if (!repeated.isEmpty()) {
            throw new IllegalArgumentException(dev.torch4j.nn.Py.strList(repeated) + " appeared in multiple dictionaries; behavior of "
                    + "functional call is ambiguous");
        }
        Map<String, Tensor> merged = new LinkedHashMap<>();
        parameterAndBufferDicts.forEach(merged::putAll);
        return Stateless.functionalCall(module, merged, tieWeights, strict, args);
    }

    /**
     * What {@link #stackModuleState} returns: each name's tensors of all models stacked along a new dimension 0, in the
     * order of the first model's {@code namedParameters()} and {@code namedBuffers()}.
     */
    public record StackedState(Map<String, Tensor> params, Map<String, Tensor> buffers) {}

    /**
     * {@code torch.func.stack_module_state(models)}: prepares models of one class for ensembling with vmap over
     * {@link #functionalCall}. Stacked parameters are new leaves (requiring grad when the models' do), unrelated to
     * the models' own, so an optimizer can take them.
     */
    public static StackedState stackModuleState(List<? extends Module> models) {
        if (models.isEmpty()) throw new IllegalStateException("stack_module_state: Expected at least one model, got 0.");
        boolean training = models.get(0).isTraining();
        if (!models.stream().allMatch(m -> m.isTraining() == training)) {
            throw new IllegalStateException("stack_module_state: Expected all models to have the same training/eval mode.");
        }
        Class<?> type = models.get(0).getClass();
        if (!models.stream().allMatch(m -> m.getClass() == type)) {
            throw new IllegalStateException("stack_module_state: Expected all models to be of the same class.");
        }
        return new StackedState(stacked(models, true), stacked(models, false));
    }

    private static Map<String, Tensor> stacked(List<? extends Module> models, boolean params) {
        List<Map<String, Tensor>> all = new ArrayList<>();
        for (Module m : models) all.add(params ? m.namedParameters() : m.namedBuffers());
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String k : all.get(0).keySet()) {
            List<Tensor> ts = new ArrayList<>();
            for (Map<String, Tensor> d : all) ts.add(d.get(k));
            boolean allGrad = ts.stream().allMatch(Tensor::requiresGrad), noneGrad = ts.stream().noneMatch(Tensor::requiresGrad);
            if (!allGrad && !noneGrad) throw new IllegalStateException("Expected " + k + " from each model to have the same .requires_grad");
            Tensor s = Torch.stack(ts, 0);
            out.put(k, allGrad ? s.detach().requiresGrad_(true) : s);
        }
        return out;
    }

    /** The names of a map in order, for flattening a dict of tensors into a {@code Tensor[]} (and back with {@link #unflatten}). */
    public static List<String> keys(Map<String, Tensor> map) { return List.copyOf(map.keySet()); }

    /** The map of {@code names} to {@code values[offset], values[offset + 1], ...}: a flattened dict, rebuilt inside a transform. */
    public static Map<String, Tensor> unflatten(List<String> names, Tensor[] values, int offset) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) m.put(names.get(i), values[offset + i]);
        return m;
    }
}
