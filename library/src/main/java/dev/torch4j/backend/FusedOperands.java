package dev.torch4j.backend;

import dev.torch4j.DType;

/** What every backend's fused optimizer kernels ask of their operands before writing anything. */
public final class FusedOperands {
    private FusedOperands() {}

    /**
     * True when the operands (nulls skipped) share one float32 or float64 dtype, are contiguous and no two share a
     * storage (one pass would read an element after another operand's write had changed it).
     */
    public static boolean updatable(Strided... ss) {
        DType t = ss[0].dtype();
        if (t != DType.FLOAT32 && t != DType.FLOAT64) return false;
        for (int i = 0; i < ss.length; i++) {
            Strided s = ss[i];
            if (s == null) continue;
            if (s.dtype() != t || !s.isContiguous()) return false;
            for (int j = 0; j < i; j++) if (ss[j] != null && ss[j].storage() == s.storage()) return false;
        }
        return true;
    }
}
