package dev.torch4j.ops;

import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.core.Determinism;

/**
 * Where PyTorch documents an op as raising under {@code torch.use_deterministic_algorithms(True)} on CUDA, the op
 * calls one of these with PyTorch's caller name, so the same program fails (or warns) the same way here. Our
 * implementations of these ops are compositions, most of them deterministic already (the one nondeterministic
 * primitive, the CUDA backend's atomic index accumulation, switches to a deterministic path under the mode); the
 * alerts keep PyTorch's contract rather than mark real nondeterminism.
 */
public final class Nondeterministic {
    private Nondeterministic() {}

    /** The forward of {@code x}'s op on CUDA has no deterministic implementation in PyTorch. */
    public static void onCuda(String caller, Tensor x) {
        if (Determinism.enabled() && x.device().isCuda()) Determinism.alert(caller);
    }

    /** The backward on CUDA has none: alerts when {@code x} is on CUDA and will be differentiated (requires grad, grad mode on). */
    public static void backwardOnCuda(String caller, Tensor x) {
        if (Determinism.enabled() && x.device().isCuda() && x.requiresGrad() && GradMode.isEnabled()) Determinism.alert(caller);
    }
}
