package dev.torch4j.nn;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code nn.ModuleList}: a list of submodules, registered under {@code "0"}, {@code "1"}, ... It has no forward:
 * iterate it in yours. Prints runs of identical modules compressed, as PyTorch 2.x does
 * ({@code (0-2): 3 x Linear(...)}).
 */
public class ModuleList extends Module implements Iterable<Module> {
    /** {@code nn.ModuleList()}. */
    public ModuleList() {}

    /** {@code nn.ModuleList([modules...])}. */
    public ModuleList(Module... modules) { extend(List.of(modules)); }

    /** {@code nn.ModuleList(iterable)}. */
    public ModuleList(Iterable<? extends Module> modules) { extend(modules); }

    static int absIndex(int index, int size) {
        if (index < -size || index >= size) throw new IndexOutOfBoundsException("index " + index + " is out of range");
        return index < 0 ? index + size : index;
    }

    /** The number of modules ({@code len}). */
    public int size() { return moduleMap().size(); }

    /** The module at {@code index}; negative indexes count from the end. */
    public Module get(int index) { return moduleMap().get(Integer.toString(absIndex(index, size()))); }

    /** {@code self[index] = module}. */
    public void set(int index, Module module) { moduleMap().put(Integer.toString(absIndex(index, size())), module); }

    /** {@code append(module)}. */
    public ModuleList append(Module module) {
        registerModule(Integer.toString(size()), module);
        return this;
    }

    /** {@code extend(modules)}. */
    public ModuleList extend(Iterable<? extends Module> modules) {
        for (Module m : modules) append(m);
        return this;
    }

    /** {@code insert(index, module)}: later modules shift up by one. */
    public void insert(int index, Module module) {
        List<Module> all = values();
        int n = all.size();
        int at = index < 0 ? Math.max(0, index + n) : Math.min(index, n);
        all.add(at, module);
        renumber(all);
    }

    /** {@code pop(index)}: removes and returns the module; later ones are renumbered. */
    public Module pop(int index) {
        List<Module> all = values();
        Module m = all.remove(absIndex(index, all.size()));
        renumber(all);
        return m;
    }

    private void renumber(List<Module> all) {
        Map<String, Module> map = moduleMap();
        map.clear();
        for (int i = 0; i < all.size(); i++) map.put(Integer.toString(i), all.get(i));
    }

    private List<Module> values() { return new ArrayList<>(moduleMap().values()); }

    @Override
    public Iterator<Module> iterator() { return values().iterator(); }

    @Override
    public String toString() {
        List<String> reprs = new ArrayList<>();
        for (Module m : values()) reprs.add(String.valueOf(m));
        if (reprs.isEmpty()) return className() + "()";
        LinkedHashMap<int[], String> blocks = new LinkedHashMap<>();
        int[] cur = {0, 0};
        String block = reprs.getFirst();
        for (int i = 1; i < reprs.size(); i++) {
            if (reprs.get(i).equals(block)) {
                cur[1]++;
                continue;
            }
            blocks.put(cur, block);
            cur = new int[] {i, i};
            block = reprs.get(i);
        }
        blocks.put(cur, block);
        List<String> lines = new ArrayList<>();
        for (var e : blocks.entrySet()) {
            int s = e.getKey()[0], t = e.getKey()[1];
            String local = s == t ? "(" + s + "): " + e.getValue() : "(" + s + "-" + t + "): " + (t - s + 1) + " x " + e.getValue();
            lines.add(Py.addIndent(local, 2));
        }
        return className() + "(\n  " + String.join("\n  ", lines) + "\n)";
    }
}
