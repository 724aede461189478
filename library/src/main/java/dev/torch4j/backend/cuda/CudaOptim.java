package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.backend.Strided;

/**
 * Fused optimizer steps on the GPU (optim.cu): one launch per parameter for what the composed form does in four to
 * six. Only contiguous operands of one floating dtype (float32, float64) on one device, none sharing memory; anything
 * else returns false and the optimizer composes the step from tensor ops.
 */
final class CudaOptim {
    private CudaOptim() {}

    static final KernelSpec SGD_F32 = KernelSpec.of("optim", "t4j_optim_sgd_f32", Param.I64, Param.PTR, Param.PTR,
            Param.PTR, Param.F32, Param.F32, Param.F32, Param.F32, Param.I32);
    static final KernelSpec SGD_F64 = KernelSpec.of("optim", "t4j_optim_sgd_f64", Param.I64, Param.PTR, Param.PTR,
            Param.PTR, Param.F64, Param.F64, Param.F64, Param.F64, Param.I32);

    /** {@link dev.torch4j.backend.Backend#sgdStep}: the CPU kernel's operations in its order. */
    static boolean sgdStep(Strided param, Strided grad, Strided buf, double lr, double momentum, double dampening,
                           double weightDecay, boolean nesterov, boolean maximize, boolean first) {
        if (!updatable(param, grad, buf)) return false;
        long n = param.numel();
        if (n == 0) return true;
        int flags = (nesterov ? 1 : 0) | (maximize ? 2 : 0) | (first ? 4 : 0);
        Object b = buf == null ? (Object) 0L : buf;
        if (param.dtype() == DType.FLOAT32) {
            SGD_F32.launchElementwise(n, n, param, grad, b, (float) -lr, (float) momentum, (float) (1 - dampening),
                    (float) weightDecay, flags);
        } else {
            SGD_F64.launchElementwise(n, n, param, grad, b, -lr, momentum, 1 - dampening, weightDecay, flags);
        }
        return true;
    }

    /** One floating dtype, contiguous, all on one device, no two sharing a storage. */
    private static boolean updatable(Strided... ss) {
        DType t = ss[0].dtype();
        if (t != DType.FLOAT32 && t != DType.FLOAT64) return false;
        for (int i = 0; i < ss.length; i++) {
            Strided s = ss[i];
            if (s == null) continue;
            if (s.dtype() != t || !s.isContiguous() || !(s.storage() instanceof CudaStorage)
                    || Cuda.device(s) != Cuda.device(ss[0])) {
                return false;
            }
            for (int j = 0; j < i; j++) if (ss[j] != null && ss[j].storage() == s.storage()) return false;
        }
        return true;
    }
}
