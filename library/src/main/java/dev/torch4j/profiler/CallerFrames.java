package dev.torch4j.profiler;

import java.security.CodeSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The caller's frames for {@code with_stack}: torch4j's own frames and the JDK's are left out (as PyTorch leaves out
 * its own), so the first frame is the user's line that asked for the op.
 */
final class CallerFrames {
    private CallerFrames() {}

    /** How many frames an event keeps. */
    static final int MAX = 16;

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final CodeSource LIBRARY = CallerFrames.class.getProtectionDomain().getCodeSource();
    private static final Map<Class<?>, Boolean> SKIPPED = new ConcurrentHashMap<>();

    static List<String> capture() {
        return WALKER.walk(frames -> frames.filter(f -> !skipped(f.getDeclaringClass())).limit(MAX)
                .map(f -> f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName() + ":" + f.getLineNumber() + ")")
                .toList());
    }

    private static boolean skipped(Class<?> c) {
        return SKIPPED.computeIfAbsent(c, k -> {
            String n = k.getName();
            if (n.startsWith("java.") || n.startsWith("jdk.") || n.startsWith("sun.")) return true;
            var pd = k.getProtectionDomain();
            return pd != null && Objects.equals(pd.getCodeSource(), LIBRARY) && LIBRARY != null;
        });
    }
}
