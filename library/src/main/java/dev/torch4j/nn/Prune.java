package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * {@code torch.nn.utils.prune}: masks that zero part of a parameter. Pruning {@code weight} moves the parameter to
 * {@code weight_orig}, adds the buffer {@code weight_mask}, and makes the module's {@code weight} field
 * {@code weight_mask * weight_orig}, recomputed before every forward (PyTorch's forward pre-hook); pruning the same
 * tensor again prunes among the entries still kept (PyTorch's {@code PruningContainer}); {@link #remove} makes the
 * pruning permanent. Amounts are a fraction in [0, 1] ({@code round(amount * n)}, Python's rounding) or a count.
 * Which entries go follows PyTorch: the smallest |x| ({@code topk}), the channels of smallest Ln norm, or PyTorch's
 * random draws after {@code manualSeed}.
 */
public final class Prune {
    private Prune() {}

    /** A pruning method: {@code compute_mask(t, default_mask)}; unstructured methods see only the kept entries. */
    public interface Method {
        Tensor computeMask(Tensor t, Tensor defaultMask);

        /** {@code PRUNING_TYPE}: "unstructured", "structured" (with {@link #dim()}) or "global". */
        String pruningType();

        /** The pruned dim of a structured method. */
        default int dim() { throw new UnsupportedOperationException(pruningType() + " pruning has no dim"); }
    }

    /** The methods applied so far to each pruned tensor of a module, and the pre-hook that recomputes it. */
    private record State(List<Method> methods, RemovableHandle hook) {}

    private static final Map<Module, Map<String, State>> STATES = java.util.Collections.synchronizedMap(new WeakHashMap<>());

    // ---------------------------------------------------------------- the pruning functions

    /** {@code prune.identity(module, name)}: a mask of ones. */
    public static <M extends Module> M identity(M module, String name) { return apply(module, name, identityMethod(), null); }

    /** {@code prune.l1_unstructured(module, name, amount=count)} with an integer amount: that many entries. */
    public static <M extends Module> M l1Unstructured(M module, String name, long count) {
        return apply(module, name, l1UnstructuredMethod(count(count)), null);
    }

    /** {@code prune.random_unstructured(module, name, amount=count)}. */
    public static <M extends Module> M randomUnstructured(M module, String name, long count) {
        return apply(module, name, randomUnstructuredMethod(count(count)), null);
    }

    /** {@code prune.ln_structured(module, name, amount=count, n, dim)}: that many slices. */
    public static <M extends Module> M lnStructured(M module, String name, long count, double n, int dim) {
        return apply(module, name, lnStructuredMethod(count(count), n, dim), null);
    }

    /** {@code prune.random_unstructured(module, name, amount)}. */
    public static <M extends Module> M randomUnstructured(M module, String name, double amount) {
        return apply(module, name, randomUnstructuredMethod(amount), null);
    }

    /** {@code prune.l1_unstructured(module, name, amount)}: the entries of smallest magnitude. */
    public static <M extends Module> M l1Unstructured(M module, String name, double amount) { return l1Unstructured(module, name, amount, null); }

    /** {@code prune.l1_unstructured(module, name, amount, importance_scores)}: ranked by the scores instead. */
    public static <M extends Module> M l1Unstructured(M module, String name, double amount, Tensor importanceScores) {
        return apply(module, name, l1UnstructuredMethod(amount), importanceScores);
    }

    /** {@code prune.random_structured(module, name, amount, dim)}: whole slices along dim, at random. */
    public static <M extends Module> M randomStructured(M module, String name, double amount, int dim) {
        return apply(module, name, randomStructuredMethod(amount, dim), null);
    }

    /** {@code prune.ln_structured(module, name, amount, n, dim)}: the slices along dim of smallest Ln norm. */
    public static <M extends Module> M lnStructured(M module, String name, double amount, double n, int dim) {
        return lnStructured(module, name, amount, n, dim, null);
    }

    /** {@code prune.ln_structured(..., importance_scores)}. */
    public static <M extends Module> M lnStructured(M module, String name, double amount, double n, int dim, Tensor importanceScores) {
        return apply(module, name, lnStructuredMethod(amount, n, dim), importanceScores);
    }

    /** {@code prune.custom_from_mask(module, name, mask)}. */
    public static <M extends Module> M customFromMask(M module, String name, Tensor mask) { return apply(module, name, customMethod(mask), null); }

    /**
     * {@code prune.global_unstructured(parameters, pruning_method=prune.L1Unstructured, amount=amount)} (L1, or
     * random when {@code random}): the entries ranked together across every (module, name) pair.
     */
    public static void globalUnstructured(List<Map.Entry<Module, String>> parameters, boolean random, double amount) {
        List<Tensor> scores = new ArrayList<>(), masks = new ArrayList<>();
        for (var p : parameters) {
            Tensor t = current(p.getKey(), p.getValue());
            scores.add(t.detach().reshape(-1));
            Tensor m = p.getKey().buffer(p.getValue() + "_mask");
            masks.add(m != null ? m.reshape(-1) : Torch.onesLike(t).reshape(-1));
        }
        Tensor all = Torch.cat(scores, 0), defaultMask = Torch.cat(masks, 0);
        Method method = random ? randomUnstructuredMethod(amount) : l1UnstructuredMethod(amount);
        Tensor finalMask = combine(method, all, defaultMask);
        long at = 0;
        for (var p : parameters) {
            Tensor param = current(p.getKey(), p.getValue());
            long n = param.numel();
            customFromMask(p.getKey(), p.getValue(), finalMask.narrow(0, at, n).view(param.shapeArray()));
            at += n;
        }
    }

    /** {@code prune.is_pruned(module)}: whether any module in the tree has a pruned tensor. */
    public static boolean isPruned(Module module) {
        for (Module m : module.modules()) {
            Map<String, State> s = STATES.get(m);
            if (s != null && !s.isEmpty()) return true;
        }
        return false;
    }

    /**
     * {@code prune.remove(module, name)}: the pruned values become the parameter (the same tensor object that was
     * pruned), {@code name_orig} and {@code name_mask} go.
     */
    public static <M extends Module> M remove(M module, String name) {
        Map<String, State> states = STATES.get(module);
        State s = states == null ? null : states.get(name);
        if (s == null) throw new IllegalArgumentException("Parameter '" + name + "' of module " + module.className() + " has to be pruned before pruning can be removed");
        Tensor orig = module.parameter(name + "_orig");
        try (var g = GradMode.noGrad()) {
            orig.copy_(masked(module, name));
        }
        s.hook().close();
        states.remove(name);
        module.removeParameter(name + "_orig");
        module.removeBuffer(name + "_mask");
        module.setAttribute(name, orig); // a Parameter in the field: registered again under its own name
        return module;
    }

    // ---------------------------------------------------------------- machinery

    private static Tensor current(Module module, String name) {
        Tensor p = module.parameter(name);
        if (p != null) return p;
        Map<String, State> s = STATES.get(module);
        if (s != null && s.containsKey(name)) return masked(module, name);
        throw new IllegalArgumentException("Module " + module.className() + " has no parameter named '" + name + "'");
    }

    private static Tensor masked(Module module, String name) {
        Tensor orig = module.parameter(name + "_orig"), mask = module.buffer(name + "_mask");
        return mask.to(orig.dtype()).mul(orig);
    }

    private static <M extends Module> M apply(M module, String name, Method method, Tensor importanceScores) {
        Map<String, State> states = STATES.computeIfAbsent(module, k -> new LinkedHashMap<>());
        State old = states.get(name);
        Tensor orig = old == null ? module.parameter(name) : module.parameter(name + "_orig");
        if (orig == null) throw new IllegalArgumentException("Module " + module.className() + " has no parameter named '" + name + "'");
        Tensor scores = importanceScores != null ? importanceScores : old == null ? orig : masked(module, name);
        if (importanceScores != null && !java.util.Arrays.equals(importanceScores.shapeArray(), orig.shapeArray())) {
            throw new IllegalArgumentException("importance_scores should have the same shape as parameter " + name + " of " + module.className());
        }
        Tensor mask;
        try (var g = GradMode.noGrad()) {
            Tensor defaultMask = old == null ? Torch.onesLike(orig) : module.buffer(name + "_mask").detach().clone();
            // a second method prunes among what the first kept (PruningContainer); the first sees every entry
            mask = old == null ? method.computeMask(scores.detach(), defaultMask) : combine(method, scores.detach(), defaultMask);
        }
        List<Method> methods = old == null ? new ArrayList<>() : old.methods();
        methods.add(method);
        if (old == null) {
            module.demoteParameter(name, orig.detach());
            module.registerParameter(name + "_orig", orig);
            module.registerBuffer(name + "_mask", mask);
        } else {
            old.hook().close();
            module.buffer(name + "_mask").copy_(mask);
        }
        module.setAttribute(name, masked(module, name));
        RemovableHandle hook = module.registerForwardPreHook((m, inputs) -> {
            m.setAttribute(name, masked(m, name));
            return null;
        });
        states.put(name, new State(methods, hook));
        return module;
    }

    /** PyTorch's PruningContainer._combine_masks: the new method computes its mask on the slice still kept. */
    private static Tensor combine(Method method, Tensor t, Tensor mask) {
        Tensor newMask = mask.to(t.dtype());
        switch (method.pruningType()) {
            case "unstructured" -> {
                // t[mask == 1]: the kept entries in row-major order
                Tensor idx = mask.reshape(-1).eq(1.0).nonzero().reshape(-1);
                Tensor partial = method.computeMask(t.reshape(-1).indexSelect(0, idx), mask.reshape(-1).indexSelect(0, idx));
                return newMask.reshape(-1).indexCopy(0, idx, partial.to(newMask.dtype())).view(t.shapeArray());
            }
            case "structured" -> {
                int n = t.dim(), dim = method.dim() < 0 ? n + method.dim() : method.dim();
                long[] others = new long[n - 1];
                for (int i = 0, k = 0; i < n; i++) if (i != dim) others[k++] = i;
                Tensor keepChannel = mask.sum(others, false).ne(0.0);
                Tensor idx = keepChannel.nonzero().reshape(-1);
                Tensor partial = method.computeMask(t.indexSelect(dim, idx), mask.indexSelect(dim, idx));
                return newMask.indexCopy(dim, idx, partial.to(newMask.dtype()));
            }
            default -> {
                return method.computeMask(t, mask).to(newMask.dtype());
            }
        }
    }

    /**
     * How many of {@code size} entries an amount prunes: a fraction in [0, 1] ({@code round(amount * size)}, half to
     * even as Python's round) or, encoded as a negative number by the {@code long} overloads, a count.
     */
    private static long toPrune(double amount, long size) {
        long n;
        if (amount < 0) {
            n = (long) -amount - 1; // a count, see count()
        } else {
            if (amount > 1) throw new IllegalArgumentException("amount=" + amount + " should either be a float in the range [0, 1] or a non-negative integer");
            n = (long) Math.rint(amount * size);
        }
        if (n > size) throw new IllegalArgumentException("amount=" + n + " should be smaller than the number of parameters to prune=" + size);
        return n;
    }

    /** A count of entries, passed where a fraction goes (see toPrune). */
    private static double count(long n) {
        if (n < 0) throw new IllegalArgumentException("amount=" + n + " should either be a float in the range [0, 1] or a non-negative integer");
        return -(n + 1.0);
    }

    private static Method identityMethod() {
        return new Method() {
            public Tensor computeMask(Tensor t, Tensor defaultMask) { return defaultMask; }

            public String pruningType() { return "unstructured"; }
        };
    }

    /** Zeroes, in a copy of the default mask, the k entries {@code rank} puts first (k from the amount). */
    private static Method unstructured(double amount, java.util.function.BiFunction<Tensor, Long, Tensor> pick) {
        return new Method() {
            public Tensor computeMask(Tensor t, Tensor defaultMask) {
                long k = toPrune(amount, t.numel());
                Tensor mask = defaultMask.clone();
                if (k != 0) mask.view(-1).indexFill_(0, pick.apply(t, k), 0.0);
                return mask;
            }

            public String pruningType() { return "unstructured"; }
        };
    }

    /** L1: the k smallest magnitudes. */
    private static Method l1UnstructuredMethod(double amount) {
        return unstructured(amount, (t, k) -> t.abs().reshape(-1).topk(k, -1, false, true).indices());
    }

    /** Random: the k largest of a uniform draw per entry (PyTorch's rand_like then topk). */
    private static Method randomUnstructuredMethod(double amount) {
        return unstructured(amount, (t, k) -> Torch.randLike(t).reshape(-1).topk(k, -1, true, true).indices());
    }

    private static void checkStructured(Tensor t, int dim) {
        if (t.dim() <= 1) {
            throw new IllegalArgumentException("Structured pruning can only be applied to multidimensional tensors. Found tensor of shape "
                    + t.shape() + " with " + t.dim() + " dims");
        }
        if (dim >= t.dim()) throw new IllegalArgumentException("Invalid index " + dim + " for tensor of size " + t.shape());
    }

    private static Tensor channelMask(Tensor t, int dim, Tensor keptChannels) {
        Tensor mask = Torch.zerosLike(t);
        return mask.indexFill(dim, keptChannels, 1.0);
    }

    /** Chooses which slices to keep: (tensor, dim, slices, slices to prune) to the kept indices. */
    private interface Keep {
        Tensor indices(Tensor t, int dim, long size, long toPrune);
    }

    /** Keeps the slices along dim that {@code keep} chooses, multiplied into the default mask. */
    private static Method structured(double amount, int dim, Keep keep) {
        return new Method() {
            public Tensor computeMask(Tensor t, Tensor defaultMask) {
                checkStructured(t, dim);
                int d = dim < 0 ? t.dim() + dim : dim;
                long size = t.size(d), k = toPrune(amount, size);
                if (k == 0) return defaultMask;
                return channelMask(t, d, keep.indices(t, d, size, k)).mul(defaultMask.to(t.dtype()));
            }

            public String pruningType() { return "structured"; }

            public int dim() { return dim; }
        };
    }

    /** Ln: the slices of largest Ln norm over the other dims. */
    private static Method lnStructuredMethod(double amount, double n, int dim) {
        return structured(amount, dim, (t, d, size, k) -> {
            long[] others = new long[t.dim() - 1];
            for (int i = 0, j = 0; i < t.dim(); i++) if (i != d) others[j++] = i;
            return t.norm(n, others, false).topk(size - k, -1, true, true).indices();
        });
    }

    /** Random: the slices whose uniform draw exceeds the k-th smallest (PyTorch's rand then kthvalue). */
    private static Method randomStructuredMethod(double amount, int dim) {
        return structured(amount, dim, (t, d, size, k) -> {
            Tensor prob = Torch.rand(size);
            double threshold = prob.kthvalue(k, 0, false).values().item();
            return prob.gt(threshold).nonzero().reshape(-1).to(t.device());
        });
    }

    private static Method customMethod(Tensor custom) {
        return new Method() {
            public Tensor computeMask(Tensor t, Tensor defaultMask) {
                if (!java.util.Arrays.equals(defaultMask.shapeArray(), custom.shapeArray())) {
                    throw new IllegalArgumentException("mask must have the same shape as the tensor: " + custom.shape() + " vs " + defaultMask.shape());
                }
                return defaultMask.mul(custom.to(defaultMask.dtype()));
            }

            public String pruningType() { return "global"; }
        };
    }
}
