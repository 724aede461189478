package dev.torch4j;

import dev.torch4j.backend.StorageScope;

/**
 * Prompt release of GPU memory without {@code close()} on every tensor (DESIGN.md §9): the device memory of every
 * tensor created on this thread inside the scope is freed when the scope closes, except what {@link #keep} lets
 * out and what a longer-lived owner took over meanwhile: module parameters and buffers, gradients of leaves and
 * optimizer state. A tensor used after its scope closed raises a clear error; it never reads freed memory.
 *
 * <pre>{@code
 * for (var batch : loader) {
 *     try (var s = Torch.scope()) {            // everything this step allocates on the GPU is freed at the brace
 *         Tensor loss = lossFn.forward(model.forward(batch.get(0)), batch.get(1));
 *         opt.zeroGrad();
 *         loss.backward();                     // the parameters' .grad survive the scope
 *         opt.step();                          // so does the optimizer's state
 *         total = total + s.keep(loss.detach()).item();
 *     }
 * }
 * }</pre>
 *
 * <p>Scopes are optional: without them the garbage collector frees GPU memory (see {@code Torch.cuda()}). They
 * nest; they belong to the thread that opened them and close innermost first. CPU tensors are unaffected: Java
 * arrays are freed by the garbage collector alone.
 */
public final class TensorScope implements AutoCloseable {
    private final StorageScope scope;

    TensorScope() {
        this.scope = StorageScope.open();
    }

    /** Lets {@code t} out of this scope (into the enclosing one, if any) and returns it. */
    public Tensor keep(Tensor t) {
        scope.keep(t.storage());
        return t;
    }

    /** Whether closing this scope would free {@code t}'s memory. */
    public boolean owns(Tensor t) { return scope.owns(t.storage()); }

    /**
     * Takes {@code t}'s memory out of every open scope of this thread, for owners that outlive them (modules,
     * optimizers, gradients call this; so may a user's own long-lived cache).
     */
    public static void escape(Tensor t) {
        if (t != null) StorageScope.escape(t.storage());
    }

    /** Frees the memory of the tensors this scope still owns. */
    @Override
    public void close() { scope.close(); }
}
