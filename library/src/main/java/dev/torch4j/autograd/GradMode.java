package dev.torch4j.autograd;

/**
 * Thread-local grad mode, as in PyTorch: whether ops record a graph, and whether inference mode is on. Scopes are
 * try-with-resources values that restore the previous state, so they nest.
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> STATE = ThreadLocal.withInitial(() -> new boolean[] {true, false});

    private GradMode() {}

    /** True when ops record the graph ({@code torch.is_grad_enabled()}). */
    public static boolean isEnabled() { return STATE.get()[0]; }

    /** True inside {@code inferenceMode()} ({@code torch.is_inference_mode_enabled()}). */
    public static boolean isInference() { return STATE.get()[1]; }

    /** Sets grad mode for this thread. */
    public static void setEnabled(boolean enabled) { STATE.get()[0] = enabled; }

    /** A scope that restores the previous grad and inference mode when closed. */
    public static final class Scope implements AutoCloseable {
        private final boolean prevEnabled, prevInference;
        private boolean closed;

        Scope(boolean enabled, boolean inference) {
            boolean[] s = STATE.get();
            prevEnabled = s[0];
            prevInference = s[1];
            s[0] = enabled;
            s[1] = inference;
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            boolean[] s = STATE.get();
            s[0] = prevEnabled;
            s[1] = prevInference;
        }
    }

    /** {@code torch.no_grad()}. */
    public static Scope noGrad() { return new Scope(false, isInference()); }

    /** {@code torch.enable_grad()}. */
    public static Scope enableGrad() { return new Scope(true, isInference()); }

    /** {@code torch.set_grad_enabled(mode)} as a scope. */
    public static Scope setGradEnabled(boolean mode) { return new Scope(mode, isInference()); }

    /** {@code torch.inference_mode()}: no graph, and tensors made inside are inference tensors. */
    public static Scope inferenceMode() { return new Scope(false, true); }
}
