package dev.torch4j.core;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Warnings that PyTorch gives once per process ({@code TORCH_WARN_ONCE}), and its switch
 * {@code torch.set_warn_always(True)} that makes them given every time. Logged through {@link System.Logger}.
 */
public final class Warnings {
    private Warnings() {}

    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();
    private static volatile boolean always;

    /** {@code torch.set_warn_always(b)}. */
    public static void setWarnAlways(boolean b) { always = b; }

    /** {@code torch.is_warn_always_enabled()}. */
    public static boolean isWarnAlwaysEnabled() { return always; }

    /** Logs {@code message} to {@code logger} the first time for {@code kind}, or every time while warn-always is on. */
    public static void warnOnce(String logger, String kind, String message) {
        if (WARNED.add(kind) || always) System.getLogger(logger).log(System.Logger.Level.WARNING, message);
    }
}
