package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.backend.FusedOperands;
import dev.torch4j.backend.Strided;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Fused optimizer steps on the GPU (optim.cu): one launch per parameter for what the composed form does in four to
 * six. Operands as {@link FusedOperands#updatable} accepts them (ops.Fused has checked device and shape); anything
 * else returns false and the optimizer composes the step from tensor ops.
 */
final class CudaOptim {
    private CudaOptim() {}

    static final KernelSpec SGD_F32 = KernelSpec.of("optim", "t4j_optim_sgd_f32", Param.I64, Param.PTR, Param.PTR,
            Param.PTR, Param.F32, Param.F32, Param.F32, Param.F32, Param.I32);
    static final KernelSpec SGD_F64 = KernelSpec.of("optim", "t4j_optim_sgd_f64", Param.I64, Param.PTR, Param.PTR,
            Param.PTR, Param.F64, Param.F64, Param.F64, Param.F64, Param.I32);

    static final KernelSpec ADAM_F32 = KernelSpec.of("optim", "t4j_optim_adam_f32", Param.I64, Param.PTR, Param.PTR,
            Param.PTR, Param.PTR, Param.PTR, Param.F32, Param.F32, Param.F32, Param.F32, Param.F32, Param.F32,
            Param.F32, Param.F32, Param.I32);
    static final KernelSpec ADAM_F64 = KernelSpec.of("optim", "t4j_optim_adam_f64", Param.I64, Param.PTR, Param.PTR,
            Param.PTR, Param.PTR, Param.PTR, Param.F64, Param.F64, Param.F64, Param.F64, Param.F64, Param.F64,
            Param.F64, Param.F64, Param.I32);

    /** {@link dev.torch4j.backend.Backend#adamStep}: CpuAdam's operations in its order, its constants rounded alike. */
    static boolean adamStep(Strided param, Strided grad, Strided expAvg, Strided expAvgSq, Strided maxExpAvgSq,
                            double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled,
                            boolean maximize, double stepSize, double bc2Sqrt) {
        if (!FusedOperands.updatable(param, grad, expAvg, expAvgSq, maxExpAvgSq)) return false;
        long n = param.numel();
        if (n == 0) return true;
        boolean decay = weightDecay != 0;
        int flags = (decay && !decoupled ? 1 : 0) | (decay && decoupled ? 2 : 0) | (maximize ? 4 : 0);
        Object x = maxExpAvgSq == null ? (Object) 0L : maxExpAvgSq;
        double shrink = 1 - lr * weightDecay;
        // m lerps toward the gradient from the nearer end, as PyTorch (and CpuAdam, in the parameter's dtype) do
        if (param.dtype() == DType.FLOAT32) {
            float w1 = (float) (1 - beta1);
            boolean fromStart = Math.abs(w1) < 0.5f;
            ADAM_F32.launchElementwise(n, n, param, grad, expAvg, expAvgSq, x, (float) weightDecay, (float) shrink,
                    fromStart ? w1 : w1 - 1f, (float) beta2, (float) (1 - beta2), (float) bc2Sqrt, (float) eps,
                    (float) -stepSize, flags | (fromStart ? 8 : 0));
        } else {
            double w1 = 1 - beta1;
            boolean fromStart = Math.abs(w1) < 0.5;
            ADAM_F64.launchElementwise(n, n, param, grad, expAvg, expAvgSq, x, weightDecay, shrink,
                    fromStart ? w1 : w1 - 1, beta2, 1 - beta2, bc2Sqrt, eps, -stepSize, flags | (fromStart ? 8 : 0));
        }
        return true;
    }

    /** Parameters per launch, and elements per chunk (T4J_MULTI, T4J_MULTI_CHUNK in optim.cu). */
    private static final int MULTI = 48, MULTI_CHUNK = 65536;
    /** sizeof(MultiParams) in optim.cu. */
    static final int MULTI_BYTES = 4 + 4 + 8 + 8 * (MULTI + 1) + 8 * MULTI + 3 * 8 * MULTI;

    static final KernelSpec SGD_MULTI_F32 = KernelSpec.of("optim", "t4j_optim_sgd_multi_f32", Param.struct(MULTI_BYTES),
            Param.F32, Param.F32, Param.F32, Param.F32);
    static final KernelSpec SGD_MULTI_F64 = KernelSpec.of("optim", "t4j_optim_sgd_multi_f64", Param.struct(MULTI_BYTES),
            Param.F64, Param.F64, Param.F64, Param.F64);

    /**
     * {@link dev.torch4j.backend.Backend#sgdStepMany}: up to 48 parameters per launch, each cut into 64Ki-element
     * chunks the blocks take in turn; every element as {@link #sgdStep} does it. False, having written nothing,
     * unless every operand is contiguous, of one float dtype, and no two share a storage.
     */
    static boolean sgdStepMany(Strided[] params, Strided[] grads, Strided[] bufs, boolean[] first, double lr,
                               double momentum, double dampening, double weightDecay, boolean nesterov, boolean maximize) {
        int count = params.length;
        Strided[] all = new Strided[3 * count];
        for (int i = 0; i < count; i++) {
            all[3 * i] = params[i];
            all[3 * i + 1] = grads[i];
            all[3 * i + 2] = bufs == null ? null : bufs[i];
        }
        if (count == 0 || !FusedOperands.updatable(all)) return false;
        boolean f32 = params[0].dtype() == DType.FLOAT32;
        int common = (nesterov ? 1 : 0) | (maximize ? 2 : 0);
        long sms = CudaRuntime.current().smCount();
        for (int from = 0; from < count; from += MULTI) {
            int to = Math.min(count, from + MULTI);
            ByteBuffer b = ByteBuffer.allocate(MULTI_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            long mask = 0;
            for (int i = from; i < to; i++) if (first != null && first[i]) mask |= 1L << (i - from);
            b.putInt(to - from).putInt(common).putLong(mask);
            long chunks = putChunks(b, params, from, to);
            for (int k = 0; k < 3; k++) {
                for (int i = from; i < from + MULTI; i++) {
                    Strided s = i >= to ? null : k == 0 ? params[i] : k == 1 ? grads[i] : bufs == null ? null : bufs[i];
                    b.putLong(s == null ? 0 : Cuda.ptr(s));
                }
            }
            if (chunks == 0) continue;
            long grid = Math.min(chunks, 8 * sms);
            if (f32) {
                SGD_MULTI_F32.launch(grid, 256, 0, b.array(), (float) -lr, (float) momentum, (float) (1 - dampening),
                        (float) weightDecay);
            } else {
                SGD_MULTI_F64.launch(grid, 256, 0, b.array(), -lr, momentum, 1 - dampening, weightDecay);
            }
        }
        Reference.reachabilityFence(all); // their addresses travel inside the params
        return true;
    }

    /**
     * Writes a multi-tensor launch's chunkStart and n arrays for parameters {@code from..to-1} (padded to
     * {@code MULTI}) and returns its number of chunks.
     */
    private static long putChunks(ByteBuffer b, Strided[] params, int from, int to) {
        long chunks = 0;
        for (int i = from; i <= from + MULTI; i++) {
            b.putLong(chunks);
            if (i < to) chunks += (params[i].numel() + MULTI_CHUNK - 1) / MULTI_CHUNK;
        }
        for (int i = from; i < from + MULTI; i++) b.putLong(i < to ? params[i].numel() : 0);
        return chunks;
    }

    /** sizeof(AdamMultiParams) in optim.cu. */
    static final int ADAM_MULTI_BYTES = 4 + 4 + 8 * (MULTI + 1) + 8 * MULTI + 5 * 8 * MULTI + 2 * 8 * MULTI;

    static final KernelSpec ADAM_MULTI_F32 = KernelSpec.of("optim", "t4j_optim_adam_multi_f32",
            Param.struct(ADAM_MULTI_BYTES), Param.F32, Param.F32, Param.F32, Param.F32, Param.F32, Param.F32);
    static final KernelSpec ADAM_MULTI_F64 = KernelSpec.of("optim", "t4j_optim_adam_multi_f64",
            Param.struct(ADAM_MULTI_BYTES), Param.F64, Param.F64, Param.F64, Param.F64, Param.F64, Param.F64);

    /**
     * {@link dev.torch4j.backend.Backend#adamStepMany}: up to 48 parameters per launch, chunked as
     * {@link #sgdStepMany}, each with its own step size and bias correction; every element as {@link #adamStep}
     * computes it. False, having written nothing, unless every operand is contiguous, of one float dtype, and no two
     * share a storage.
     */
    static boolean adamStepMany(Strided[] params, Strided[] grads, Strided[] expAvgs, Strided[] expAvgSqs,
                                Strided[] maxExpAvgSqs, double lr, double beta1, double beta2, double eps,
                                double weightDecay, boolean decoupled, boolean maximize, double[] stepSizes,
                                double[] bc2Sqrts) {
        int count = params.length;
        Strided[][] ops = {params, grads, expAvgs, expAvgSqs, maxExpAvgSqs};
        Strided[] all = new Strided[5 * count];
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < 5; k++) all[5 * i + k] = ops[k] == null ? null : ops[k][i];
        }
        if (count == 0 || !FusedOperands.updatable(all)) return false;
        boolean f32 = params[0].dtype() == DType.FLOAT32;
        boolean decay = weightDecay != 0;
        int flags = (decay && !decoupled ? 1 : 0) | (decay && decoupled ? 2 : 0) | (maximize ? 4 : 0);
        double shrink = 1 - lr * weightDecay;
        long sms = CudaRuntime.current().smCount();
        for (int from = 0; from < count; from += MULTI) {
            int to = Math.min(count, from + MULTI);
            ByteBuffer b = ByteBuffer.allocate(ADAM_MULTI_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            // m lerps toward the gradient from the nearer end, as adamStep decides it (in the parameter's dtype)
            boolean fromStart = f32 ? Math.abs((float) (1 - beta1)) < 0.5f : Math.abs(1 - beta1) < 0.5;
            b.putInt(to - from).putInt(flags | (fromStart ? 8 : 0));
            long chunks = putChunks(b, params, from, to);
            for (Strided[] op : ops) {
                for (int i = from; i < from + MULTI; i++) b.putLong(i >= to || op == null ? 0 : Cuda.ptr(op[i]));
            }
            for (int i = from; i < from + MULTI; i++) b.putDouble(i < to ? -stepSizes[i] : 0);
            for (int i = from; i < from + MULTI; i++) b.putDouble(i < to ? bc2Sqrts[i] : 0);
            if (chunks == 0) continue;
            long grid = Math.min(chunks, 8 * sms);
            if (f32) {
                float w1 = (float) (1 - beta1);
                ADAM_MULTI_F32.launch(grid, 256, 0, b.array(), (float) weightDecay, (float) shrink,
                        fromStart ? w1 : w1 - 1f, (float) beta2, (float) (1 - beta2), (float) eps);
            } else {
                double w1 = 1 - beta1;
                ADAM_MULTI_F64.launch(grid, 256, 0, b.array(), weightDecay, shrink, fromStart ? w1 : w1 - 1, beta2,
                        1 - beta2, eps);
            }
        }
        Reference.reachabilityFence(all); // their addresses travel inside the params
        return true;
    }

    static final KernelSpec RMSPROP_F32 = KernelSpec.of("optim", "t4j_optim_rmsprop_f32", Param.I64, Param.PTR,
            Param.PTR, Param.PTR, Param.PTR, Param.PTR, Param.F32, Param.F32, Param.F32, Param.F32, Param.F32, Param.F32,
            Param.F32, Param.I32);
    static final KernelSpec RMSPROP_F64 = KernelSpec.of("optim", "t4j_optim_rmsprop_f64", Param.I64, Param.PTR,
            Param.PTR, Param.PTR, Param.PTR, Param.PTR, Param.F64, Param.F64, Param.F64, Param.F64, Param.F64, Param.F64,
            Param.F64, Param.I32);
    static final KernelSpec ADAGRAD_F32 = KernelSpec.of("optim", "t4j_optim_adagrad_f32", Param.I64, Param.PTR,
            Param.PTR, Param.PTR, Param.F32, Param.F32, Param.F32, Param.I32);
    static final KernelSpec ADAGRAD_F64 = KernelSpec.of("optim", "t4j_optim_adagrad_f64", Param.I64, Param.PTR,
            Param.PTR, Param.PTR, Param.F64, Param.F64, Param.F64, Param.I32);

    /** {@link dev.torch4j.backend.Backend#rmspropStep}: CpuOptimizers.rmsprop's operations in its order. */
    static boolean rmspropStep(Strided param, Strided grad, Strided squareAvg, Strided gradAvg, Strided buf, double lr,
                               double alpha, double eps, double weightDecay, double momentum, boolean maximize) {
        if (!FusedOperands.updatable(param, grad, squareAvg, gradAvg, buf)) return false;
        long n = param.numel();
        if (n == 0) return true;
        Object ga = gradAvg == null ? (Object) 0L : gradAvg, b = buf == null ? (Object) 0L : buf;
        // the centered average lerps toward d from the nearer end, as the CPU decides it (in the parameter's dtype)
        if (param.dtype() == DType.FLOAT32) {
            float w = (float) (1 - alpha);
            boolean fromStart = Math.abs(w) < 0.5f;
            RMSPROP_F32.launchElementwise(n, n, param, grad, squareAvg, ga, b, (float) weightDecay, (float) alpha, w,
                    (float) eps, (float) momentum, (float) -lr, fromStart ? w : w - 1f, (maximize ? 1 : 0) | (fromStart ? 2 : 0));
        } else {
            double w = 1 - alpha;
            boolean fromStart = Math.abs(w) < 0.5;
            RMSPROP_F64.launchElementwise(n, n, param, grad, squareAvg, ga, b, weightDecay, alpha, w, eps, momentum, -lr,
                    fromStart ? w : w - 1, (maximize ? 1 : 0) | (fromStart ? 2 : 0));
        }
        return true;
    }

    /** {@link dev.torch4j.backend.Backend#adagradStep}: CpuOptimizers.adagrad's operations in its order. */
    static boolean adagradStep(Strided param, Strided grad, Strided sum, double clr, double eps, double weightDecay,
                               boolean maximize) {
        if (!FusedOperands.updatable(param, grad, sum)) return false;
        long n = param.numel();
        if (n == 0) return true;
        if (param.dtype() == DType.FLOAT32) {
            ADAGRAD_F32.launchElementwise(n, n, param, grad, sum, (float) weightDecay, (float) eps, (float) -clr,
                    maximize ? 1 : 0);
        } else {
            ADAGRAD_F64.launchElementwise(n, n, param, grad, sum, weightDecay, eps, -clr, maximize ? 1 : 0);
        }
        return true;
    }

    /** {@link dev.torch4j.backend.Backend#sgdStep}: the CPU kernel's operations in its order. */
    static boolean sgdStep(Strided param, Strided grad, Strided buf, double lr, double momentum, double dampening,
                           double weightDecay, boolean nesterov, boolean maximize, boolean first) {
        if (!FusedOperands.updatable(param, grad, buf)) return false;
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
}
