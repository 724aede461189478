package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.backend.Backend;
import dev.torch4j.backend.Indexer;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.Strided;


/**
 * nll_loss in one kernel forward and one backward (loss.cu) where the composition takes a gather, masks, casts
 * and two sums forward and a fill and a scatter backward: the loss of a classification step is two launches. A bad
 * target is reported like a bad index (IndexErrors), so nothing waits for the GPU. float32 and float64.
 */
final class CudaLoss {
    private CudaLoss() {}

    private static KernelSpec forward(String t) {
        return KernelSpec.of("loss", "t4j_nll_loss_" + t, Param.PTR, Param.PTR, Param.PTR, Param.PTR, Param.PTR, Param.I64,
                Param.I64, Param.I64, Param.I64, Param.I64, Param.I64, Param.I64, Param.I32, Param.I32);
    }

    private static KernelSpec backward(String t) {
        return KernelSpec.of("loss", "t4j_nll_loss_backward_" + t, Param.PTR, Param.PTR, Param.PTR, Param.PTR, Param.PTR,
                Param.I64, Param.I64, Param.I64, Param.I64, Param.I64, Param.I64, Param.I32);
    }

    static final KernelSpec NLL_F32 = forward("f32"), NLL_F64 = forward("f64");
    static final KernelSpec NLL_BACKWARD_F32 = backward("f32"), NLL_BACKWARD_F64 = backward("f64");

    private static boolean floating(DType t) { return t == DType.FLOAT32 || t == DType.FLOAT64; }

    /** {@link Backend#nllLoss}. */
    static Storage nllLoss(Strided x, Strided target, Strided weight, long ignoreIndex, int reduction,
                           Indexer.Wording wording) {
        DType t = x.dtype();
        if (!floating(t) || target.dtype() != DType.INT64 || weight != null && weight.dtype() != t) return null;
        long m = x.shape()[0], c = x.shape()[1];
        int dev = Cuda.device(x);
        IndexErrors errors = CudaRuntime.use(dev).indexErrors();
        long record = errors.record();
        int launchId = errors.register(wording);
        boolean none = reduction == Backend.REDUCTION_NONE;
        CudaStorage out = CudaStorage.allocate(dev, t, none ? m : 2, false);
        Object[] args = {x, target, weight == null ? (Object) 0L : weight, out, record, m, c, x.strides()[0], x.strides()[1],
                target.strides()[0], weight == null ? 0L : weight.strides()[0], ignoreIndex, reduction, launchId};
        KernelSpec k = t == DType.FLOAT32 ? NLL_F32 : NLL_F64;
        if (none) {
            k.launchElementwise(m, args);
        } else {
            int threads = 32;
            while (threads < 1024 && threads < m) threads *= 2;
            k.launch(1, threads, 0, args);
        }
        if (IndexErrors.BLOCKING) errors.check();
        return out;
    }

    /** {@link Backend#nllLossBackward}. */
    static Storage nllLossBackward(Strided grad, Strided target, Strided weight, Strided totalWeight, long ignoreIndex,
                                   int reduction, long classes) {
        DType t = grad.dtype();
        if (!floating(t) || target.dtype() != DType.INT64 || weight != null && weight.dtype() != t
                || totalWeight != null && totalWeight.dtype() != t) {
            return null;
        }
        long m = target.shape()[0];
        CudaStorage gx = CudaStorage.allocate(Cuda.device(target), t, m * classes, false);
        long gs = grad.ndim() == 0 ? 0 : grad.strides()[0];
        (t == DType.FLOAT32 ? NLL_BACKWARD_F32 : NLL_BACKWARD_F64).launchElementwise(m * classes, grad, target,
                weight == null ? (Object) 0L : weight, totalWeight == null ? (Object) 0L : totalWeight, gx, m, classes, gs,
                target.strides()[0], weight == null ? 0L : weight.strides()[0], ignoreIndex, reduction);
        return gx;
    }
}
