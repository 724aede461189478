package dev.torch4j.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code nn.ModuleDict}: submodules by name, in insertion order. It has no forward: look modules up in yours. */
public class ModuleDict extends Module {
    /** {@code nn.ModuleDict()}. */
    public ModuleDict() {}

    /** {@code nn.ModuleDict(mapping)}: the map's iteration order is kept (use a LinkedHashMap). */
    public ModuleDict(Map<String, ? extends Module> modules) { update(modules); }

    /** {@code self[key]}, or an exception naming the key when absent. */
    public Module get(String key) {
        Module m = moduleMap().get(key);
        if (m == null && !moduleMap().containsKey(key)) throw new IllegalArgumentException("ModuleDict: no module named '" + key + "'");
        return m;
    }

    /** {@code self[key] = module}. */
    public void put(String key, Module module) { registerModule(key, module); }

    /** {@code update(mapping)}. */
    public void update(Map<String, ? extends Module> modules) {
        for (var e : modules.entrySet()) put(e.getKey(), e.getValue());
    }

    /** {@code pop(key)}. */
    public Module pop(String key) {
        Module m = get(key);
        moduleMap().remove(key);
        return m;
    }

    /** {@code key in self}. */
    public boolean containsKey(String key) { return moduleMap().containsKey(key); }

    /** {@code len(self)}. */
    public int size() { return moduleMap().size(); }

    /** {@code keys()}. */
    public Set<String> keys() { return new LinkedHashMap<>(moduleMap()).keySet(); }

    /** {@code items()}, in insertion order. */
    public Map<String, Module> items() { return new LinkedHashMap<>(moduleMap()); }

    /** {@code clear()}. */
    public void clear() { moduleMap().clear(); }
}
