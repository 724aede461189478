package dev.torch4j.core;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The global switch of {@code torch.use_deterministic_algorithms(mode, warn_only)}, readable from every layer (the
 * CUDA backend picks its deterministic index writes from it). {@link #alert} is PyTorch's
 * {@code alertNotDeterministic}: an op without a deterministic implementation calls it, and it throws (or, with
 * warn_only, warns once per op) while the mode is on.
 */
public final class Determinism {
    private Determinism() {}

    private static volatile boolean enabled, warnOnly;
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    /** Sets the mode (PyTorch's {@code _set_deterministic_algorithms(mode, warn_only=)}). */
    public static void set(boolean mode, boolean warn) {
        enabled = mode;
        warnOnly = warn;
    }

    /** Whether deterministic algorithms are required. */
    public static boolean enabled() { return enabled; }

    /** Whether a nondeterministic op only warns (meaningful while {@link #enabled()}). */
    public static boolean warnOnly() { return warnOnly; }

    /**
     * {@code caller} has no deterministic implementation: throws PyTorch's RuntimeError (as an
     * {@link IllegalStateException}: the global mode forbids the call), or logs its warning once per caller with
     * warn_only; nothing while the mode is off.
     */
    public static void alert(String caller) {
        if (!enabled) return;
        if (warnOnly) {
            if (WARNED.add(caller)) {
                System.getLogger("dev.torch4j").log(System.Logger.Level.WARNING, caller + " does not have a deterministic "
                        + "implementation, but you set 'torch.use_deterministic_algorithms(True, warn_only=True)'. You can file an "
                        + "issue at https://github.com/pytorch/pytorch/issues to help us prioritize adding deterministic support for "
                        + "this operation.");
            }
            return;
        }
        throw new IllegalStateException(caller + " does not have a deterministic implementation, but you set "
                + "'torch.use_deterministic_algorithms(True)'. You can turn off determinism just for this operation, or you can use "
                + "the 'warn_only=True' option, if that's acceptable for your application. You can also file an issue at "
                + "https://github.com/pytorch/pytorch/issues to help us prioritize adding deterministic support for this operation.");
    }
}
