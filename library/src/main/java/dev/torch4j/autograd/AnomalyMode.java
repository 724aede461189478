package dev.torch4j.autograd;

import dev.torch4j.Tensor;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Anomaly detection ({@code torch.autograd.detect_anomaly}, {@code set_detect_anomaly}): while it is on, every
 * autograd node records where forward created it; during backward a node whose returned gradients contain NaN
 * fails with PyTorch's {@code Function 'SqrtBackward0' returned nan values in its 0th output.}, and any error raised
 * while a node runs carries that node's forward trace as a suppressed {@link ForwardTrace} whose message is
 * PyTorch's {@code Error detected in SqrtBackward0. Traceback of forward call that caused the error:} and whose
 * stack trace is the forward call's. A node created by a {@code createGraph} backward chains, as the trace's cause,
 * the trace of the node whose backward created it ({@code Previous calculation was induced by ...}), as PyTorch
 * prints it.
 * <pre>{@code
 * try (var a = Torch.autograd().detectAnomaly()) {
 *     Tensor y = x.sqrt();          // x = [-1.]: y = [nan]
 *     y.sum().backward();           // IllegalStateException: Function 'SqrtBackward0' returned nan values in its 0th output.
 * }
 * }</pre>
 * The mode is per thread, like grad mode (PyTorch's flag is process-wide; torch4j's backward runs on the thread
 * that calls it, so a per-thread mode reaches every node). When no thread has it on, the check each node makes is
 * one volatile read. Recording a node's trace costs a {@link Throwable}'s capture (frames are resolved only when an
 * error reports them): enable it for debugging, not for training runs.
 */
public final class AnomalyMode {
    /** {enabled, checkNan} of this thread. */
    private static final ThreadLocal<boolean[]> STATE = ThreadLocal.withInitial(() -> new boolean[] {false, true});
    /** Threads with the mode on: while none has, nodes skip the thread-local lookup. */
    private static final AtomicInteger ENABLED_THREADS = new AtomicInteger();
    /** The node whose backward is running on this thread (set only in anomaly mode), the parent of nodes it creates. */
    private static final ThreadLocal<Node> CURRENT = new ThreadLocal<>();

    private AnomalyMode() {}

    /** {@code torch.is_anomaly_enabled()} on this thread. */
    public static boolean isEnabled() { return ENABLED_THREADS.get() > 0 && STATE.get()[0]; }

    /** {@code torch.is_anomaly_check_nan_enabled()} on this thread (true unless turned off, even while disabled). */
    public static boolean shouldCheckNan() { return STATE.get()[1]; }

    /** {@code torch.set_anomaly_enabled(enabled, check_nan)} for this thread. */
    public static void setEnabled(boolean enabled, boolean checkNan) {
        boolean[] s = STATE.get();
        if (enabled != s[0]) ENABLED_THREADS.addAndGet(enabled ? 1 : -1);
        s[0] = enabled;
        s[1] = checkNan;
    }

    /** A scope that restores the previous anomaly mode of its thread when closed. */
    public static final class Scope implements AutoCloseable {
        private final boolean prevEnabled, prevCheckNan;
        private boolean closed;

        Scope(boolean enabled, boolean checkNan) {
            boolean[] s = STATE.get();
            prevEnabled = s[0];
            prevCheckNan = s[1];
            setEnabled(enabled, checkNan);
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            setEnabled(prevEnabled, prevCheckNan);
        }
    }

    /**
     * {@code torch.autograd.detect_anomaly(check_nan)}: anomaly detection on until the scope closes. Logs PyTorch's
     * warning that the mode slows things down.
     */
    public static Scope detectAnomaly(boolean checkNan) {
        System.getLogger("dev.torch4j").log(System.Logger.Level.WARNING,
                "Anomaly Detection has been enabled. This mode will increase the runtime and should only be enabled for debugging.");
        return new Scope(true, checkNan);
    }

    /** {@code torch.autograd.set_detect_anomaly(mode, check_nan)}: sets the mode now, restores it when closed. */
    public static Scope setDetectAnomaly(boolean mode, boolean checkNan) { return new Scope(mode, checkNan); }

    // ------------------------------------------------------------------------------------------- the engine's side

    /** What a node records at creation in anomaly mode (PyTorch's AnomalyMetadata): its forward stack and parent. */
    record Metadata(Throwable stack, Node parent) {}

    /** The metadata of a node created now: null (after one volatile read) unless the mode is on. */
    static Metadata record() {
        if (!isEnabled()) return null;
        return new Metadata(new Throwable(), CURRENT.get());
    }

    /** The node whose backward runs now on this thread (kept only in anomaly mode), or null. */
    static Node currentNode() { return CURRENT.get(); }

    /** Marks {@code node} (null: none) as the one whose backward runs now on this thread. */
    static void setCurrentNode(Node node) {
        if (node == null) CURRENT.remove();
        else CURRENT.set(node);
    }

    /** PyTorch's NaN check of a node's returned gradient {@code i}. */
    static void checkNan(Node node, int i, Tensor grad) {
        boolean nan;
        try (var g = GradMode.noGrad()) {
            nan = grad.dtype().isDifferentiable() && grad.isnan().any().item() != 0;
        }
        if (nan) throw new IllegalStateException("Function '" + node.name() + "' returned nan values in its " + i + "th output.");
    }

    /**
     * Attaches to {@code error}, raised while {@code node} ran in backward, the forward trace of the node (and of the
     * nodes whose backward created it), as PyTorch prints them when a graph task fails in anomaly mode.
     */
    static void attach(Throwable error, Node node) {
        for (Throwable s : error.getSuppressed()) if (s instanceof ForwardTrace t && t.node == node) return;
        error.addSuppressed(ForwardTrace.of(node, false));
    }

    /**
     * The trace of the forward call that created a node: PyTorch's anomaly-mode warning, attached as a suppressed
     * exception to an error raised in that node's backward. Its message is PyTorch's text ({@code Error detected in
     * MulBackward0. Traceback of forward call that caused the error:}), and its stack trace is the forward call's;
     * its cause, if any, is the trace of the node whose backward created this one under {@code createGraph}
     * ({@code Previous calculation was induced by MulBackward0. Traceback of forward call that induced the previous
     * calculation:}). A node created while the mode was off has no trace: the message then says so, as PyTorch's
     * does, with an empty stack.
     */
    public static final class ForwardTrace extends RuntimeException {
        private final transient Node node;

        private ForwardTrace(String message, Node node, ForwardTrace cause) {
            super(message, cause, true, true);
            this.node = node;
        }

        static ForwardTrace of(Node node, boolean isParent) {
            Metadata m = node.anomaly;
            ForwardTrace parent = m != null && m.parent() != null ? of(m.parent(), true) : null;
            String message;
            if (m == null) {
                message = "Error detected in " + node.name() + ". No forward pass information available. Enable detect "
                        + "anomaly during forward pass for more information.";
            } else if (isParent) {
                message = "Previous calculation was induced by " + node.name() + ". Traceback of forward call that induced "
                        + "the previous calculation:";
            } else {
                message = "Error detected in " + node.name() + ". Traceback of forward call that caused the error:";
            }
            ForwardTrace t = new ForwardTrace(message, node, parent);
            t.setStackTrace(m == null ? new StackTraceElement[0] : m.stack().getStackTrace());
            return t;
        }

        /** The node whose forward call this trace shows. */
        public Node node() { return node; }
    }
}
