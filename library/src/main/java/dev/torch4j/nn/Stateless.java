package dev.torch4j.nn;

import dev.torch4j.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * PyTorch's {@code torch.nn.utils.stateless} machinery behind {@code torch.func.functional_call}
 * ({@code dev.torch4j.func.Func#functionalCall}): a module runs once with other tensors in place of its parameters and
 * buffers, which are swapped back afterwards, also when the call throws. It lives in {@code nn} because the swap
 * writes the module's registries and fields ({@link Module#swapTensor}).
 */
public final class Stateless {
    private Stateless() {}

    /**
     * {@code torch.nn.utils.stateless._functional_call(module, parameters_and_buffers, args, tie_weights=, strict=)}:
     * {@code module.call(args)} with the named tensors (dotted names, as {@link Module#namedParameters()} gives them)
     * in place of the module's own. With {@code tieWeights}, a value given for one of several names that share one
     * tensor in the module replaces all of them; with {@code strict}, the names must be exactly the module's
     * parameters and buffers. Names the module does not have are ignored unless strict (PyTorch sets them as plain
     * attributes, which a forward written in Java cannot read). In-place changes the forward makes to a substituted
     * tensor show in the caller's tensor; a buffer the forward replaces is written back into the caller's map.
     */
    public static Tensor functionalCall(Module module, Map<String, Tensor> parametersAndBuffers, boolean tieWeights,
                                        boolean strict, Tensor... args) {
        return reparametrized(module, parametersAndBuffers, tieWeights, strict, () -> module.call(args));
    }

    /** Runs {@code body} with the module reparametrized as {@link #functionalCall} describes. */
    public static <T> T reparametrized(Module module, Map<String, Tensor> parametersAndBuffers, boolean tieWeights,
                                       boolean strict, Supplier<T> body) {
        Map<String, Tensor> untied = tieWeights ? untie(module, parametersAndBuffers) : parametersAndBuffers;
        if (strict) checkKeys(module, untied.keySet());
        Map<String, Tensor> originals = new LinkedHashMap<>();
        try {
            for (var e : untied.entrySet()) {
                Target t = resolve(module, e.getKey());
                if (!t.module.ownTensors().containsKey(t.name)) continue; // allow_missing
                originals.put(e.getKey(), t.module.swapTensor(t.name, e.getValue()));
            }
            return body.get();
        } finally {
            for (var e : originals.entrySet()) {
                Target t = resolve(module, e.getKey());
                Tensor now = t.module.swapTensor(t.name, e.getValue());
                // the forward may have replaced a buffer (self.foo = self.foo + 1): the caller's map sees the new one
                if (parametersAndBuffers.containsKey(e.getKey()) && parametersAndBuffers.get(e.getKey()) != now) {
                    parametersAndBuffers.put(e.getKey(), now);
                }
            }
        }
    }

    private record Target(Module module, String name) {}

    private static Target resolve(Module root, String dotted) {
        int dot = dotted.lastIndexOf('.');
        return new Target(root.getSubmodule(dot < 0 ? "" : dotted.substring(0, dot)), dotted.substring(dot + 1));
    }

    /** Every name of every parameter and buffer, shared tensors under each of their names ({@code remove_duplicate=False}). */
    private static Map<String, Tensor> allNamedTensors(Module m, String prefix, Map<String, Tensor> out) {
        for (var e : m.ownTensors().entrySet()) out.put(prefix + e.getKey(), e.getValue());
        for (var c : m.namedChildren().entrySet()) allNamedTensors(c.getValue(), prefix + c.getKey() + ".", out);
        return out;
    }

    /** PyTorch's {@code _untie_named_tensors_map}: a value given for one tied name goes to all of them. */
    private static Map<String, Tensor> untie(Module module, Map<String, Tensor> given) {
        Map<Tensor, Set<String>> namesOf = new IdentityHashMap<>();
        for (var e : allNamedTensors(module, "", new LinkedHashMap<>()).entrySet()) {
            namesOf.computeIfAbsent(e.getValue(), k -> new TreeSet<>()).add(e.getKey());
        }
        Map<String, Set<String>> tied = new LinkedHashMap<>();
        for (Set<String> names : namesOf.values()) if (names.size() > 1) for (String n : names) tied.put(n, names);
        Map<String, Tensor> untied = new LinkedHashMap<>(given);
        for (String name : given.keySet()) {
            Set<String> names = tied.get(name);
            if (names == null) continue;
            Set<Tensor> values = Collections.newSetFromMap(new IdentityHashMap<>());
            for (String n : names) if (given.containsKey(n)) values.add(given.get(n));
            if (values.size() > 1) {
                throw new IllegalArgumentException("functional_call got multiple values for keys " + Py.strList(names)
                        + ", which are tied. Consider using tie_weights=False");
            }
            for (String n : names) untied.put(n, given.get(name));
        }
        return untied;
    }

    private static void checkKeys(Module module, Set<String> keys) {
        Set<String> valid = allNamedTensors(module, "", new LinkedHashMap<>()).keySet();
        List<String> missing = new ArrayList<>(new TreeSet<>(valid));
        missing.removeAll(keys);
        List<String> unexpected = new ArrayList<>(new TreeSet<>(keys));
        unexpected.removeAll(valid);
        List<String> errors = new ArrayList<>();
        if (!unexpected.isEmpty()) errors.add("Unexpected key(s): " + quoted(unexpected) + ".");
        if (!missing.isEmpty()) errors.add("Missing key(s): " + quoted(missing) + ".");
        if (!errors.isEmpty()) {
            throw new IllegalStateException("Error(s) in reparametrizing for " + module.className() + ":\n\t" + String.join("\n\t", errors));
        }
    }

    private static String quoted(java.util.Collection<String> names) {
        return names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "));
    }
}
