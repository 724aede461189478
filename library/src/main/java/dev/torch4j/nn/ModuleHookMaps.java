package dev.torch4j.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ordered hook registries with PyTorch's handle semantics: each hook has an id, {@code prepend} puts it first, and
 * closing its handle removes it. One per hook kind of a module, and the process-wide ones of
 * {@code torch.nn.modules.module.register_module_*_hook}.
 */
final class ModuleHookMaps<H> {
    private static final AtomicInteger IDS = new AtomicInteger();
    private volatile LinkedHashMap<Integer, H> hooks = new LinkedHashMap<>();
    private final Set<Integer> alwaysCalled = ConcurrentHashMap.newKeySet();

    /** Adds {@code hook} (first when {@code prepend}); the handle removes it. */
    synchronized RemovableHandle add(H hook, boolean prepend, boolean alwaysCall) {
        int id = IDS.getAndIncrement();
        LinkedHashMap<Integer, H> next = new LinkedHashMap<>();
        if (prepend) next.put(id, hook);
        next.putAll(hooks);
        if (!prepend) next.put(id, hook);
        hooks = next; // copy on write: a hook that removes itself or adds another does not disturb the running loop
        if (alwaysCall) alwaysCalled.add(id);
        return new RemovableHandle(() -> remove(id));
    }

    /** Adds {@code hook} last and returns its id (for owners that keep ids, not handles: a copy keeps the ids). */
    synchronized int addForId(H hook) {
        int id = IDS.getAndIncrement();
        LinkedHashMap<Integer, H> next = new LinkedHashMap<>(hooks);
        next.put(id, hook);
        hooks = next;
        return id;
    }

    synchronized void remove(int id) {
        LinkedHashMap<Integer, H> next = new LinkedHashMap<>(hooks);
        next.remove(id);
        hooks = next;
        alwaysCalled.remove(id);
    }

    boolean isEmpty() { return hooks.isEmpty(); }

    /** A new registry with the same hooks (a module's deep copy keeps its hooks, as Python's deepcopy does). */
    synchronized ModuleHookMaps<H> copy() {
        ModuleHookMaps<H> c = new ModuleHookMaps<>();
        c.hooks = new LinkedHashMap<>(hooks);
        c.alwaysCalled.addAll(alwaysCalled);
        return c;
    }

    /** The hooks in calling order, as of now. */
    List<H> list() { return new ArrayList<>(hooks.values()); }

    /** The hooks with their ids, as of now. */
    Map<Integer, H> entries() { return hooks; }

    boolean alwaysCalled(int id) { return alwaysCalled.contains(id); }
}
