package dev.torch4j.autograd;

import dev.torch4j.Device;
import dev.torch4j.Tensor;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Default hooks for saved tensors ({@code torch.autograd.graph.saved_tensors_hooks}, {@code save_on_cpu},
 * {@code disable_saved_tensors_hooks}), per thread like grad mode. While a scope is open, each tensor an op saves
 * for backward through {@link Node#save} is handed to {@code pack} (under no_grad) and only what pack returns is
 * kept; backward hands that to {@code unpack} when the node runs (once per saved tensor per run; once per
 * {@link SavedTensor#get} outside backward) and uses the tensor it returns. Nested scopes: the innermost pair
 * applies. As in PyTorch 2, 0-d tensors made from Java scalars are not packed, and with hooks the version check of
 * saved tensors is skipped (the hooks decide what backward sees). Reached as
 * {@code Torch.autograd().graph().savedTensorsHooks(pack, unpack)}.
 *
 * <p>What the hooks see: the tensors that derivative formulas save through {@link SavedTensor} (elementwise ops,
 * matmul, reductions, convolution, norms, losses, custom {@link dev.torch4j.autograd.Function}s' {@code saveForBackward}, ...). Some
 * formulas capture a small tensor (an index, a mask) directly; those stay on their device and the hooks never see
 * them. An output is saved before it is marked as its node's output, so pack sees it without its {@code grad_fn}
 * (its values are final; unpacked, it gets its history back). An in-place op whose own node saved the tensor it
 * overwrites packs that tensor and then a copy of it (PyTorch packs only the copy).
 */
public final class SavedTensorHooks {
    private SavedTensorHooks() {}

    /** One pushed pair of hooks (identity matters: a scope removes its own pair). */
    static final class Hooks {
        final Function<Tensor, Object> pack;
        final Function<Object, Tensor> unpack;

        Hooks(Function<Tensor, Object> pack, Function<Object, Tensor> unpack) {
            this.pack = pack;
            this.unpack = unpack;
        }
    }

    private static final class State {
        final ArrayDeque<Hooks> stack = new ArrayDeque<>();
        String disabledMessage;
    }

    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);
    /** Pairs pushed on all threads: while zero, saving a tensor skips the thread-local lookup. */
    private static final AtomicInteger PUSHED = new AtomicInteger();

    /** The innermost hooks of this thread, or null. */
    static Hooks current() {
        if (PUSHED.get() == 0) return null;
        return STATE.get().stack.peek();
    }

    /** A scope that removes its hooks, or restores the previous disabled state, when closed. */
    public static final class Scope implements AutoCloseable {
        private final Hooks hooks;
        private final String prevDisabledMessage;
        private boolean closed;

        private Scope(Hooks hooks, String prevDisabledMessage) {
            this.hooks = hooks;
            this.prevDisabledMessage = prevDisabledMessage;
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            State s = STATE.get();
            if (hooks == null) {
                s.disabledMessage = prevDisabledMessage;
            } else if (s.stack.removeFirstOccurrence(hooks)) {
                PUSHED.decrementAndGet();
            }
        }
    }

    /**
     * {@code torch.autograd.graph.saved_tensors_hooks(pack_hook, unpack_hook)}: until the scope closes, tensors
     * saved for backward on this thread are kept as {@code pack(tensor)}, and backward uses
     * {@code unpack(packed)}. Unpack must return a tensor with the values pack was given (same size, dtype,
     * device); pack must not modify its input in place.
     * <pre>{@code
     * try (var h = Torch.autograd().graph().savedTensorsHooks(t -> t.cpu(), p -> p)) {
     *     y = x.mul(x);             // pack called twice with x
     * }
     * y.sum().backward();           // unpack called twice
     * }</pre>
     *
     * @throws IllegalStateException with the message given to {@link #disableSavedTensorsHooks} inside such a scope
     */
    @SuppressWarnings("unchecked")
    public static <P> Scope savedTensorsHooks(Function<? super Tensor, ? extends P> pack, Function<? super P, ? extends Tensor> unpack) {
        Objects.requireNonNull(pack, "pack_hook");
        Objects.requireNonNull(unpack, "unpack_hook");
        State s = STATE.get();
        if (s.disabledMessage != null) throw new IllegalStateException(s.disabledMessage);
        Hooks h = new Hooks((Function<Tensor, Object>) pack, (Function<Object, Tensor>) unpack);
        s.stack.push(h);
        PUSHED.incrementAndGet();
        return new Scope(h, null);
    }

    /** What {@link #saveOnCpu} keeps: the CPU copy and the device the tensor came from. */
    private record OnCpu(Device device, Tensor tensor) {}

    /**
     * {@code torch.autograd.graph.save_on_cpu(pin_memory)}: tensors saved for backward are kept on the CPU (a copy
     * of each GPU tensor; CPU tensors as they are) and copied back to their device when backward needs them,
     * trading transfer time for GPU memory. {@code pinMemory} is accepted for PyTorch's signature; torch4j's CPU
     * tensors live in Java arrays, which cannot be pinned, so copies are always synchronous.
     */
    public static Scope saveOnCpu(boolean pinMemory) {
        return savedTensorsHooks(t -> new OnCpu(t.device(), t.cpu()), (OnCpu p) -> p.tensor().to(p.device()));
    }

    /**
     * {@code torch.autograd.graph.disable_saved_tensors_hooks(error_message)}: until the scope closes, opening a
     * saved-tensor hooks scope on this thread fails with {@code errorMessage}. Opening this scope inside a hooks
     * scope fails the same way, as in PyTorch.
     */
    public static Scope disableSavedTensorsHooks(String errorMessage) {
        Objects.requireNonNull(errorMessage, "error_message");
        State s = STATE.get();
        if (!s.stack.isEmpty()) throw new IllegalStateException(errorMessage);
        Scope scope = new Scope(null, s.disabledMessage);
        s.disabledMessage = errorMessage;
        return scope;
    }
}
