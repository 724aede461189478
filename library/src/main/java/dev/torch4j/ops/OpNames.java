package dev.torch4j.ops;

import dev.torch4j.Tensor;

/** The public method a user called, for errors raised deep inside an op (a kernel refusing a dtype, say). */
final class OpNames {
    private OpNames() {}

    /**
     * The outermost torch4j frame below the caller's code, quoted ({@code "add"}), or {@code this operation} when
     * there is none.
     */
    static String caller() {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> {
            var source = Tensor.class.getProtectionDomain().getCodeSource();
            String name = null;
            for (var f : (Iterable<StackWalker.StackFrame>) frames::iterator) {
                Class<?> c = f.getDeclaringClass();
                if (!c.getName().startsWith("dev.torch4j.") || !java.util.Objects.equals(c.getProtectionDomain().getCodeSource(), source)) {
                    if (name != null) break;
                    continue;
                }
                name = f.getMethodName();
            }
            return name == null ? "this operation" : "\"" + name + "\"";
        });
    }
}
