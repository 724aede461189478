package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.backend.Backend;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.Strided;

/**
 * Batch normalisation in two launches forward (per-channel statistics and running-statistics update, then the
 * elementwise normalisation) and two backward (the per-channel gradient sums, then the input gradient), norm.cu;
 * the composition takes about a dozen launches each way. float32 and float64; other dtypes return null and are
 * composed by the op layer. One block per channel (32 channels per block when S == 1), so the per-channel passes
 * fill the GPU only with enough channels.
 */
final class CudaNorm {
    private CudaNorm() {}

    /** Rows of a per-channel block (T4J_BN_ROWS in norm.cu); the block is 32 x this. */
    private static final int ROWS = 32;

    private static KernelSpec stats(String t) {
        return KernelSpec.of("norm", "t4j_bn_stats_" + t, Param.PTR, Param.PTR, Param.PTR, Param.PTR, Param.PTR,
                Param.I64, Param.I64, Param.I64, Param.F64, Param.F64, Param.I32);
    }

    private static KernelSpec apply(String t) {
        return KernelSpec.of("norm", "t4j_bn_apply_" + t, Param.PTR, Param.PTR, Param.PTR, Param.PTR, Param.PTR,
                Param.PTR, Param.I64, Param.I64, Param.I64);
    }

    private static KernelSpec backwardSums(String t) {
        return KernelSpec.of("norm", "t4j_bn_backward_sums_" + t, Param.PTR, Param.PTR, Param.PTR, Param.PTR, Param.PTR,
                Param.PTR, Param.I64, Param.I64, Param.I64);
    }

    private static KernelSpec backwardApply(String t) {
        return KernelSpec.of("norm", "t4j_bn_backward_apply_" + t, Param.PTR, Param.PTR, Param.PTR, Param.PTR,
                Param.PTR, Param.PTR, Param.PTR, Param.PTR, Param.I64, Param.I64, Param.I64, Param.I32);
    }

    static final KernelSpec STATS_F32 = stats("f32"), STATS_F64 = stats("f64");
    static final KernelSpec APPLY_F32 = apply("f32"), APPLY_F64 = apply("f64");
    static final KernelSpec BACKWARD_SUMS_F32 = backwardSums("f32"), BACKWARD_SUMS_F64 = backwardSums("f64");
    static final KernelSpec BACKWARD_APPLY_F32 = backwardApply("f32"), BACKWARD_APPLY_F64 = backwardApply("f64");

    /** Every non-null operand of dtype t, which is float32 or float64. */
    private static boolean supported(DType t, Strided... ss) {
        if (t != DType.FLOAT32 && t != DType.FLOAT64) return false;
        for (Strided s : ss) if (s != null && s.dtype() != t) return false;
        return true;
    }

    private static Object ptr(Strided s) { return s == null ? (Object) 0L : s; }

    /** A per-channel pass: a block per channel, or per 32 channels when each (n, c) holds one element. */
    private static void perChannel(KernelSpec k, long c, long s, Object... args) {
        k.launch3((int) (s == 1 ? (c + 31) / 32 : c), 1, 1, 32, ROWS, 1, 0, args);
    }

    /** {@link Backend#batchNorm}. */
    static Storage[] batchNorm(Strided x, Strided weight, Strided bias, Strided runningMean, Strided runningVar,
                               boolean training, double momentum, double eps) {
        DType t = x.dtype();
        if (!supported(t, weight, bias, runningMean, runningVar)) return null;
        long[] sh = x.shape();
        long n = sh[0], c = sh[1], s = sh[2];
        if (c > Integer.MAX_VALUE) return null;
        int dev = Cuda.device(x);
        CudaStorage y = CudaStorage.allocate(dev, t, n * c * s, false);
        CudaStorage mean = CudaStorage.allocate(dev, t, c, false), invstd = CudaStorage.allocate(dev, t, c, false);
        boolean f32 = t == DType.FLOAT32;
        perChannel(f32 ? STATS_F32 : STATS_F64, c, s, x, ptr(runningMean), ptr(runningVar), mean, invstd, n, c, s,
                momentum, eps, training ? 1 : 0);
        (f32 ? APPLY_F32 : APPLY_F64).launchElementwise(n * c * s, x, mean, invstd, ptr(weight), ptr(bias), y, n, c, s);
        return new Storage[] {y, mean, invstd};
    }

    /** {@link Backend#batchNormBackward}. */
    static Storage[] batchNormBackward(Strided grad, Strided x, Strided mean, Strided invstd, Strided weight,
                                       boolean training) {
        DType t = x.dtype();
        if (!supported(t, grad, mean, invstd, weight)) return null;
        long[] sh = x.shape();
        long n = sh[0], c = sh[1], s = sh[2];
        if (c > Integer.MAX_VALUE) return null;
        int dev = Cuda.device(x);
        CudaStorage gx = CudaStorage.allocate(dev, t, n * c * s, false);
        CudaStorage gw = CudaStorage.allocate(dev, t, c, false), gb = CudaStorage.allocate(dev, t, c, false);
        boolean f32 = t == DType.FLOAT32;
        perChannel(f32 ? BACKWARD_SUMS_F32 : BACKWARD_SUMS_F64, c, s, grad, x, mean, invstd, gw, gb, n, c, s);
        (f32 ? BACKWARD_APPLY_F32 : BACKWARD_APPLY_F64).launchElementwise(n * c * s, grad, x, mean, invstd,
                ptr(weight), gw, gb, gx, n, c, s, training ? 1 : 0);
        return new Storage[] {gx, gw, gb};
    }
}
