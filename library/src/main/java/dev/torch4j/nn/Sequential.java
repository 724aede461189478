package dev.torch4j.nn;

import dev.torch4j.Tensor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code nn.Sequential}: runs its modules in order, each on the previous one's output (each with its hooks, as
 * {@code module(x)}). Submodules are named {@code "0"}, {@code "1"}, ... or by the given map's keys.
 *
 * <pre>{@code
 * var model = new Sequential(new Linear(2, 16), new ReLU(), new Linear(16, 2));
 * model.namedParameters().keySet();   // [0.weight, 0.bias, 2.weight, 2.bias]
 * }</pre>
 */
public class Sequential extends Module implements Iterable<Module> {
    /** {@code nn.Sequential(*modules)}. */
    public Sequential(Module... modules) {
        for (Module m : modules) append(m);
    }

    /** {@code nn.Sequential(OrderedDict(...))}: the map's iteration order is kept (use a LinkedHashMap). */
    public Sequential(Map<String, ? extends Module> modules) {
        for (var e : modules.entrySet()) registerModule(e.getKey(), e.getValue());
    }

    /** Appends a module at the end, named by its position. */
    public Sequential append(Module module) {
        registerModule(Integer.toString(size()), module);
        return this;
    }

    /** The number of modules ({@code len}). */
    public int size() { return moduleMap().size(); }

    /** The module at {@code index}; negative indexes count from the end. */
    public Module get(int index) { return values().get(ModuleList.absIndex(index, size())); }

    private List<Module> values() { return new ArrayList<>(moduleMap().values()); }

    @Override
    public Iterator<Module> iterator() { return values().iterator(); }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module m : values()) x = m.call(x);
        return x;
    }
}
