package dev.torch4j.ao.nn.intrinsic;

import dev.torch4j.nn.Module;
import dev.torch4j.nn.Sequential;

/**
 * {@code torch.ao.nn.intrinsic._FusedModule}: a Sequential of the modules fused into one unit (children {@code 0},
 * {@code 1}); quantization observes its output once and replaces it whole.
 */
public abstract class FusedModule extends Sequential {
    /** The fused modules, in order. */
    protected FusedModule(Module... modules) { super(modules); }
}
