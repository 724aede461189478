package dev.torch4j.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The mechanism behind {@code Torch.scope()} (DESIGN.md §9): a per-thread stack of scopes, each remembering the
 * releasable storages (device memory) allocated on its thread while it is the innermost open scope, and releasing
 * them when it closes. A scope holds its storages weakly, so it never keeps memory alive that the garbage collector
 * would free; storages handed to a longer-lived owner (a parameter, a gradient, optimizer state) leave every scope
 * through {@link #escape}, and {@link #keep} hands one to the enclosing scope.
 */
public final class StorageScope implements AutoCloseable {
    private static final ThreadLocal<StorageScope> CURRENT = new ThreadLocal<>();

    private final StorageScope parent;
    private final Thread owner = Thread.currentThread();
    private final Map<Storage, Boolean> owned = new WeakHashMap<>();
    private boolean closed;

    private StorageScope(StorageScope parent) {
        this.parent = parent;
    }

    /** Opens a scope on this thread, nested in the current one. */
    public static StorageScope open() {
        StorageScope s = new StorageScope(CURRENT.get());
        CURRENT.set(s);
        return s;
    }

    /** Called by a backend for each storage it allocates that {@link Storage#release()} can free. */
    public static void register(Storage s) {
        StorageScope c = CURRENT.get();
        if (c != null) c.owned.put(s, Boolean.TRUE);
    }

    /** Takes {@code s} out of every open scope of this thread: something that outlives them owns it now. */
    public static void escape(Storage s) {
        s = s.memory(); // scopes hold the memory, which a complex or quantized storage only views
        for (StorageScope c = CURRENT.get(); c != null; c = c.parent) c.owned.remove(s);
    }

    /** Moves {@code s} from this scope to the enclosing one (or to no scope: the garbage collector frees it). */
    public void keep(Storage s) {
        checkOpen("keep");
        s = s.memory();
        if (owned.remove(s) != null && parent != null) parent.owned.put(s, Boolean.TRUE);
    }

    /** Whether this scope would release {@code s} when it closes. */
    public boolean owns(Storage s) { return owned.containsKey(s.memory()); }

    /** Releases every storage this scope still owns; closing twice does nothing. Scopes close innermost first. */
    @Override
    public void close() {
        if (closed) return;
        if (Thread.currentThread() != owner) throw new IllegalStateException("a tensor scope must be closed on the thread that opened it");
        if (CURRENT.get() != this) throw new IllegalStateException("tensor scopes must be closed innermost first");
        closed = true;
        CURRENT.set(parent);
        List<Storage> toRelease = new ArrayList<>(owned.keySet());
        owned.clear();
        for (Storage s : toRelease) s.release();
    }

    private void checkOpen(String what) {
        if (closed) throw new IllegalStateException(what + ": this tensor scope is closed");
    }
}
