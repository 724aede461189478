package dev.torch4j.nn;

/** Removes a hook when closed ({@code torch.utils.hooks.RemovableHandle}). */
public final class RemovableHandle implements AutoCloseable {
    private final Runnable remover;
    private boolean removed;

    RemovableHandle(Runnable remover) { this.remover = remover; }

    /** Removes the hook; later calls do nothing. */
    public void remove() {
        if (!removed) {
            removed = true;
            remover.run();
        }
    }

    @Override public void close() { remove(); }
}
