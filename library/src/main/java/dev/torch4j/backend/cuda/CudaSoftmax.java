package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.Strided;


/**
 * Softmax and log-softmax along the last dim, forward and backward, one kernel each (softmax.cu): one read and one
 * write of the data where the composed form (max, subtract, exp, sum, divide) makes five passes; layer norm forward
 * and its input gradient the same way. Rows of up to 256
 * elements get a warp each, longer ones a block of up to 1024 threads; a row of up to eight elements per thread
 * stays in registers. float32 and float64; other dtypes return null and are composed by the op layer.
 */
final class CudaSoftmax {
    private CudaSoftmax() {}

    /** Elements each thread holds in registers (T4J_SM_ITEMS in softmax.cu). */
    private static final int ITEMS = 8;
    /** Rows per block of 32-thread rows (the block is 32 x this). */
    private static final int WARP_ROWS = 8;

    static final KernelSpec F32 = KernelSpec.of("softmax", "t4j_softmax_f32", Param.PTR, Param.PTR, Param.I64, Param.I64,
            Param.I32);
    static final KernelSpec F64 = KernelSpec.of("softmax", "t4j_softmax_f64", Param.PTR, Param.PTR, Param.I64, Param.I64,
            Param.I32);
    static final KernelSpec BACKWARD_F32 = KernelSpec.of("softmax", "t4j_softmax_backward_f32", Param.PTR, Param.PTR,
            Param.PTR, Param.I64, Param.I64, Param.I32);
    static final KernelSpec BACKWARD_F64 = KernelSpec.of("softmax", "t4j_softmax_backward_f64", Param.PTR, Param.PTR,
            Param.PTR, Param.I64, Param.I64, Param.I32);

    static final KernelSpec LN_F32 = KernelSpec.of("softmax", "t4j_layer_norm_f32", Param.PTR, Param.PTR, Param.PTR,
            Param.PTR, Param.PTR, Param.PTR, Param.I64, Param.I64, Param.F32);
    static final KernelSpec LN_F64 = KernelSpec.of("softmax", "t4j_layer_norm_f64", Param.PTR, Param.PTR, Param.PTR,
            Param.PTR, Param.PTR, Param.PTR, Param.I64, Param.I64, Param.F64);
    static final KernelSpec LN_BACKWARD_F32 = KernelSpec.of("softmax", "t4j_layer_norm_backward_f32", Param.PTR,
            Param.PTR, Param.PTR, Param.PTR, Param.PTR, Param.PTR, Param.I64, Param.I64);
    static final KernelSpec LN_BACKWARD_F64 = KernelSpec.of("softmax", "t4j_layer_norm_backward_f64", Param.PTR,
            Param.PTR, Param.PTR, Param.PTR, Param.PTR, Param.PTR, Param.I64, Param.I64);

    /** {@link dev.torch4j.backend.Backend#layerNorm}: float32 and float64 (null otherwise). */
    static Storage[] layerNorm(Strided x, Strided weight, Strided bias, double eps) {
        DType t = x.dtype();
        if (t != DType.FLOAT32 && t != DType.FLOAT64 || weight != null && weight.dtype() != t
                || bias != null && bias.dtype() != t) {
            return null;
        }
        long rows = x.shape()[0], n = x.shape()[1];
        int dev = Cuda.device(x);
        CudaStorage y = CudaStorage.allocate(dev, t, rows * n, false), mean = CudaStorage.allocate(dev, t, rows, false);
        CudaStorage rstd = CudaStorage.allocate(dev, t, rows, false);
        Object w = weight == null ? (Object) 0L : weight, b = bias == null ? (Object) 0L : bias;
        if (t == DType.FLOAT32) launch(LN_F32, rows, n, x, w, b, y, mean, rstd, rows, n, (float) eps);
        else launch(LN_F64, rows, n, x, w, b, y, mean, rstd, rows, n, eps);
        return new Storage[] {y, mean, rstd};
    }

    /** {@link dev.torch4j.backend.Backend#layerNormBackward}. */
    static Storage layerNormBackward(Strided grad, Strided x, Strided mean, Strided rstd, Strided weight) {
        DType t = x.dtype();
        if (t != DType.FLOAT32 && t != DType.FLOAT64 || grad.dtype() != t) return null;
        long rows = x.shape()[0], n = x.shape()[1];
        CudaStorage gx = CudaStorage.allocate(Cuda.device(x), t, rows * n, false);
        launch(t == DType.FLOAT32 ? LN_BACKWARD_F32 : LN_BACKWARD_F64, rows, n, grad, x, mean, rstd,
                weight == null ? (Object) 0L : weight, gx, rows, n);
        return gx;
    }

    static final KernelSpec LN_PARAM_PARTIAL_F32 = KernelSpec.of("softmax", "t4j_layer_norm_param_partial_f32", Param.PTR,
            Param.PTR, Param.PTR, Param.PTR, Param.PTR, Param.I64, Param.I64, Param.I64);
    static final KernelSpec LN_PARAM_PARTIAL_F64 = KernelSpec.of("softmax", "t4j_layer_norm_param_partial_f64", Param.PTR,
            Param.PTR, Param.PTR, Param.PTR, Param.PTR, Param.I64, Param.I64, Param.I64);
    static final KernelSpec LN_PARAM_COMBINE_F32 = KernelSpec.of("softmax", "t4j_layer_norm_param_combine_f32", Param.PTR,
            Param.PTR, Param.PTR, Param.I64, Param.I64);
    static final KernelSpec LN_PARAM_COMBINE_F64 = KernelSpec.of("softmax", "t4j_layer_norm_param_combine_f64", Param.PTR,
            Param.PTR, Param.PTR, Param.I64, Param.I64);

    /**
     * {@link dev.torch4j.backend.Backend#layerNormBackward(Strided, Strided, Strided, Strided, Strided, boolean)}: the
     * input gradient, and with {@code paramGrads} the weight and bias gradients in two more launches: blocks of 32
     * columns by a slice of the rows write partial sums (enough slices for about two blocks per SM, each of at least
     * 32 rows), then one thread per column adds its slices in order.
     */
    static Storage[] layerNormBackward(Strided grad, Strided x, Strided mean, Strided rstd, Strided weight,
                                       boolean paramGrads) {
        Storage gx = layerNormBackward(grad, x, mean, rstd, weight);
        if (gx == null || !paramGrads) return gx == null ? null : new Storage[] {gx, null, null};
        DType t = x.dtype();
        long rows = x.shape()[0], n = x.shape()[1], colBlocks = (n + 31) / 32;
        long sms = CudaRuntime.current().smCount();
        long slices = Math.max(1, Math.min((rows + 31) / 32, (2 * sms + colBlocks - 1) / colBlocks));
        long sliceRows = (rows + slices - 1) / slices;
        slices = (rows + sliceRows - 1) / sliceRows;
        if (colBlocks > Integer.MAX_VALUE || slices > 65535) return new Storage[] {gx, null, null};
        int dev = Cuda.device(x);
        CudaStorage part = CudaStorage.allocate(dev, DType.FLOAT64, 2 * slices * n, false);
        CudaStorage gw = CudaStorage.allocate(dev, t, n, false), gb = CudaStorage.allocate(dev, t, n, false);
        boolean f32 = t == DType.FLOAT32;
        (f32 ? LN_PARAM_PARTIAL_F32 : LN_PARAM_PARTIAL_F64).launch3((int) colBlocks, (int) slices, 1, 32, 32, 1, 0,
                grad, x, mean, rstd, part, rows, n, sliceRows);
        (f32 ? LN_PARAM_COMBINE_F32 : LN_PARAM_COMBINE_F64).launchElementwise(n, part, gw, gb, n, slices);
        return new Storage[] {gx, gw, gb};
    }

    /** {@link dev.torch4j.backend.Backend#softmax}. */
    static Storage forward(Strided x, boolean log) {
        DType t = x.dtype();
        if (t != DType.FLOAT32 && t != DType.FLOAT64) return null;
        long[] sh = x.shape();
        long rows = sh[0], n = sh[1];
        CudaStorage y = CudaStorage.allocate(Cuda.device(x), t, rows * n, false);
        launch(t == DType.FLOAT32 ? F32 : F64, rows, n, x, y, rows, n, log ? 1 : 0);
        return y;
    }

    /** {@link dev.torch4j.backend.Backend#softmaxBackward}. */
    static Storage backward(Strided grad, Strided y, boolean log) {
        DType t = y.dtype();
        if (t != DType.FLOAT32 && t != DType.FLOAT64 || grad.dtype() != t) return null;
        long[] sh = y.shape();
        long rows = sh[0], n = sh[1];
        CudaStorage gx = CudaStorage.allocate(Cuda.device(y), t, rows * n, false);
        launch(t == DType.FLOAT32 ? BACKWARD_F32 : BACKWARD_F64, rows, n, grad, y, gx, rows, n, log ? 1 : 0);
        return gx;
    }

    /** A warp per row for short rows, else a block per row sized to hold the row in registers (64 to 1024 threads). */
    private static void launch(KernelSpec k, long rows, long n, Object... args) {
        long sms = CudaRuntime.current().smCount();
        if (n <= 32L * ITEMS) {
            long grid = Math.min((rows + WARP_ROWS - 1) / WARP_ROWS, sms * (2048 / (32 * WARP_ROWS)));
            k.launch3((int) grid, 1, 1, 32, WARP_ROWS, 1, 0, args);
            return;
        }
        int threads = 64;
        while (threads < 1024 && (long) threads * ITEMS < n) threads *= 2;
        long grid = Math.min(rows, sms * (2048 / threads));
        k.launch3((int) grid, 1, 1, threads, 1, 1, 0, args);
    }
}
