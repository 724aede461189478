package dev.torch4j.backend.cuda;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.backend.Backend;
import dev.torch4j.backend.BinaryOp;
import dev.torch4j.backend.Indexer;
import dev.torch4j.backend.ReduceOp;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.Strided;
import dev.torch4j.backend.UnaryOp;

/**
 * The CUDA backend of one device: each primitive makes the device current and launches its kernels on the
 * current stream (asynchronously; reading results back synchronises).
 */
public final class CudaBackend implements Backend {
    private static final CudaBackend[] BACKENDS = new CudaBackend[64];

    private final int index;
    private final Device device;

    private CudaBackend(int index) {
        this.index = index;
        this.device = Device.cuda(index);
    }

    /** The backend of device {@code index}; throws with the reason when CUDA is not available. */
    public static CudaBackend of(int index) {
        CudaRuntime.device(index); // checks availability and the ordinal
        synchronized (BACKENDS) {
            if (BACKENDS[index] == null) BACKENDS[index] = new CudaBackend(index);
            return BACKENDS[index];
        }
    }

    private void use() { CudaRuntime.use(index); }

    @Override public Device device() { return device; }

    @Override
    public Storage allocate(DType dtype, long numel) {
        return CudaStorage.allocate(index, dtype, numel, true);
    }

    @Override public void copy(Strided dst, Strided src) { use(); CudaElementwise.copy(dst, src); }

    @Override public void fill(Strided dst, double value) { use(); CudaElementwise.fill(dst, value); }

    @Override public void fillLong(Strided dst, long value) { use(); CudaElementwise.fillLong(dst, value); }

    @Override public void unary(UnaryOp op, Strided out, Strided in) { use(); CudaElementwise.unary(op, out, in); }

    @Override
    public void binary(BinaryOp op, Strided out, Strided a, Strided b) { use(); CudaElementwise.binary(op, out, a, b); }

    @Override
    public void where(Strided out, Strided cond, Strided a, Strided b) { use(); CudaElementwise.where(out, cond, a, b); }

    @Override
    public void reduce(ReduceOp op, Strided out, Strided in, boolean[] reduce) { use(); CudaReduce.reduce(op, out, in, reduce); }

    @Override public void scan(ReduceOp op, Strided out, Strided in, int dim) { use(); CudaScan.scan(op, out, in, dim); }

    @Override
    public void sort(Strided values, Strided indices, Strided in, int dim, boolean descending) {
        use();
        CudaSort.sort(values, indices, in, dim, descending);
    }

    @Override public void bmm(Strided out, Strided a, Strided b) { use(); CudaMatmul.bmm(out, a, b); }

    @Override public boolean bmmReducedPrecision() { return true; }

    @Override
    public Storage addmm(Strided input, Strided a, Strided b, double beta, double alpha) {
        use();
        return CudaMatmul.addmm(input, a, b, beta, alpha);
    }

    @Override
    public Storage thresholdBackward(Strided grad, Strided self, double threshold) {
        use();
        return CudaElementwise.thresholdBackward(grad, self, threshold);
    }

    @Override
    public Storage unaryBackward(UnaryOp op, Strided grad, Strided self) {
        use();
        return CudaElementwise.unaryBackward(op, grad, self);
    }

    @Override public Storage softmax(Strided x, boolean log) { use(); return CudaSoftmax.forward(x, log); }

    @Override
    public Storage[] layerNorm(Strided x, Strided weight, Strided bias, double eps) {
        use();
        return CudaSoftmax.layerNorm(x, weight, bias, eps);
    }

    @Override
    public Storage layerNormBackward(Strided grad, Strided x, Strided mean, Strided rstd, Strided weight) {
        use();
        return CudaSoftmax.layerNormBackward(grad, x, mean, rstd, weight);
    }

    @Override
    public Storage[] layerNormBackward(Strided grad, Strided x, Strided mean, Strided rstd, Strided weight,
                                       boolean paramGrads) {
        use();
        return CudaSoftmax.layerNormBackward(grad, x, mean, rstd, weight, paramGrads);
    }

    @Override
    public Storage[] batchNorm(Strided x, Strided weight, Strided bias, Strided runningMean, Strided runningVar,
                               boolean training, double momentum, double eps) {
        use();
        return CudaNorm.batchNorm(x, weight, bias, runningMean, runningVar, training, momentum, eps);
    }

    @Override
    public Storage[] batchNormBackward(Strided grad, Strided x, Strided mean, Strided invstd, Strided weight,
                                       boolean training) {
        use();
        return CudaNorm.batchNormBackward(grad, x, mean, invstd, weight, training);
    }

    @Override
    public Storage nllLoss(Strided x, Strided target, Strided weight, long ignoreIndex, int reduction,
                           Indexer.Wording wording) {
        use();
        return CudaLoss.nllLoss(x, target, weight, ignoreIndex, reduction, wording);
    }

    @Override
    public Storage nllLossBackward(Strided grad, Strided target, Strided weight, Strided totalWeight, long ignoreIndex,
                                   int reduction, long classes) {
        use();
        return CudaLoss.nllLossBackward(grad, target, weight, totalWeight, ignoreIndex, reduction, classes);
    }

    @Override
    public Storage softmaxBackward(Strided grad, Strided y, boolean log) {
        use();
        return CudaSoftmax.backward(grad, y, log);
    }

    @Override
    public boolean sgdStep(Strided param, Strided grad, Strided buf, double lr, double momentum, double dampening,
                           double weightDecay, boolean nesterov, boolean maximize, boolean first) {
        use();
        return CudaOptim.sgdStep(param, grad, buf, lr, momentum, dampening, weightDecay, nesterov, maximize, first);
    }

    @Override
    public boolean sgdStepMany(Strided[] params, Strided[] grads, Strided[] bufs, boolean[] first, double lr,
                               double momentum, double dampening, double weightDecay, boolean nesterov, boolean maximize) {
        use();
        return CudaOptim.sgdStepMany(params, grads, bufs, first, lr, momentum, dampening, weightDecay, nesterov, maximize);
    }

    @Override
    public boolean adamStep(Strided param, Strided grad, Strided expAvg, Strided expAvgSq, Strided maxExpAvgSq,
                            double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled,
                            boolean maximize, double stepSize, double bc2Sqrt) {
        use();
        return CudaOptim.adamStep(param, grad, expAvg, expAvgSq, maxExpAvgSq, lr, beta1, beta2, eps, weightDecay,
                decoupled, maximize, stepSize, bc2Sqrt);
    }

    @Override
    public boolean adamStepMany(Strided[] params, Strided[] grads, Strided[] expAvgs, Strided[] expAvgSqs,
                                Strided[] maxExpAvgSqs, double lr, double beta1, double beta2, double eps,
                                double weightDecay, boolean decoupled, boolean maximize, double[] stepSizes,
                                double[] bc2Sqrts) {
        use();
        return CudaOptim.adamStepMany(params, grads, expAvgs, expAvgSqs, maxExpAvgSqs, lr, beta1, beta2, eps,
                weightDecay, decoupled, maximize, stepSizes, bc2Sqrts);
    }

    @Override
    public boolean rmspropStep(Strided param, Strided grad, Strided squareAvg, Strided gradAvg, Strided buf, double lr,
                               double alpha, double eps, double weightDecay, double momentum, boolean maximize) {
        use();
        return CudaOptim.rmspropStep(param, grad, squareAvg, gradAvg, buf, lr, alpha, eps, weightDecay, momentum, maximize);
    }

    @Override
    public boolean adagradStep(Strided param, Strided grad, Strided sum, double clr, double eps, double weightDecay,
                               boolean maximize) {
        use();
        return CudaOptim.adagradStep(param, grad, sum, clr, eps, weightDecay, maximize);
    }

    @Override public void index(Strided out, Strided src, Indexer ix) { use(); CudaIndexing.index(out, src, ix); }

    @Override
    public void indexPut(Strided self, Strided values, Indexer ix, boolean accumulate) {
        use();
        CudaIndexing.indexPut(self, values, ix, accumulate);
    }

    @Override public Storage nonzero(Strided in) { use(); return CudaIndexing.nonzero(in); }

    @Override
    public void maxPool2d(Strided values, Strided indices, Strided in, int[] params) {
        use();
        CudaConv.maxPool2d(values, indices, in, params);
    }

    @Override public void im2col(Strided cols, Strided in, int[] params) { use(); CudaConv.im2col(cols, in, params); }

    @Override public void col2im(Strided out, Strided cols, int[] params) { use(); CudaConv.col2im(out, cols, params); }
}
