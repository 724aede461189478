package dev.torch4j.backend.cpu;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.backend.ActivationOp;
import dev.torch4j.backend.Backend;
import dev.torch4j.backend.BinaryOp;
import dev.torch4j.backend.Coalesced;
import dev.torch4j.backend.Indexer;
import dev.torch4j.backend.ReduceOp;
import dev.torch4j.backend.Storage;
import dev.torch4j.backend.Strided;
import dev.torch4j.backend.UnaryOp;
import dev.torch4j.core.Shapes;

/** The CPU backend: kernels over Java arrays, split over {@link Parallel}'s pool. */
public final class CpuBackend implements Backend {
    /** The one CPU backend. */
    public static final CpuBackend INSTANCE = new CpuBackend();

    private CpuBackend() {}

    @Override public Device device() { return Device.CPU; }

    @Override
    public Storage allocate(DType dtype, long numel) {
        return CpuStorage.allocate(dtype, Shapes.checkedNumel("empty", new long[] {numel}));
    }

    static Object arr(Strided s) { return ((CpuStorage) s.storage()).array(); }

    static StridedLoop loop(Strided... ops) {
        long[][] st = new long[ops.length][];
        long[] base = new long[ops.length];
        for (int k = 0; k < ops.length; k++) {
            st[k] = ops[k].strides();
            base[k] = ops[k].offset();
        }
        return new StridedLoop(Coalesced.of(ops[0].shape(), st), base);
    }

    @Override
    public dev.torch4j.backend.LinalgKernels linalg() { return CpuLinalg.INSTANCE; }

    @Override
    public void copy(Strided dst, Strided src) {
        CpuCopy.copy(dst, src);
    }

    @Override
    public void fill(Strided dst, double value) {
        CpuCopy.fill(dst, value);
    }

    @Override
    public void fillLong(Strided dst, long value) {
        CpuCopy.fillLong(dst, value);
    }

    @Override
    public void unary(UnaryOp op, Strided out, Strided in) {
        CpuElementwise.unary(op, out, in);
    }

    @Override
    public void binary(BinaryOp op, Strided out, Strided a, Strided b) {
        CpuElementwise.binary(op, out, a, b);
    }

    @Override
    public boolean fft(Strided out, Strided x, int sign, double scale, boolean hermitian) {
        return CpuFft.dft(out, x, sign, scale, hermitian);
    }

    @Override
    public boolean hasFft() { return true; }

    @Override
    public Storage addmm(Strided input, Strided a, Strided b, double beta, double alpha) {
        return CpuMatmul.addmm(input, a, b, beta, alpha);
    }

    @Override
    public Storage int8Gemm(Strided a, int aZero, Strided b, int bZero) {
        return CpuInt8Gemm.gemm(a, aZero, b, bZero);
    }

    @Override
    public Storage resample(Strided in, int dim, long outSize, long[] index, double[] weight, int taps) {
        return CpuResample.resample(in, dim, outSize, index, weight, taps);
    }

    @Override
    public Storage resampleUint8(Strided in, int dim, long outSize, long[] index, int[] w16, int taps, int precision) {
        return CpuResample.resampleUint8(in, dim, outSize, index, w16, taps, precision);
    }

    @Override
    public Storage variance(Strided x, double correction, boolean sqrt) { return CpuMoments.variance(x, correction, sqrt); }

    @Override
    public Storage[] layerNorm(Strided x, Strided weight, Strided bias, double eps) {
        return CpuNorm.layerNorm(x, weight, bias, eps);
    }

    @Override
    public Storage layerNormBackward(Strided grad, Strided x, Strided mean, Strided rstd, Strided weight) {
        Storage[] r = CpuNorm.layerNormBackward(grad, x, mean, rstd, weight, false);
        return r == null ? null : r[0];
    }

    @Override
    public Storage[] layerNormBackward(Strided grad, Strided x, Strided mean, Strided rstd, Strided weight,
                                       boolean paramGrads) {
        return CpuNorm.layerNormBackward(grad, x, mean, rstd, weight, paramGrads);
    }

    @Override
    public Storage[] groupNorm(Strided x, Strided weight, Strided bias, long groups, double eps) {
        return CpuNorm.groupNorm(x, weight, bias, groups, eps);
    }

    @Override
    public Storage[] groupNormBackward(Strided grad, Strided x, Strided mean, Strided rstd, Strided weight, long groups,
                                       boolean paramGrads) {
        return CpuNorm.groupNormBackward(grad, x, mean, rstd, weight, groups, paramGrads);
    }

    @Override
    public Storage[] batchNorm(Strided x, Strided weight, Strided bias, Strided runningMean, Strided runningVar,
                               boolean training, double momentum, double eps) {
        return CpuNorm.batchNorm(x, weight, bias, runningMean, runningVar, training, momentum, eps);
    }

    @Override
    public Storage[] batchNormBackward(Strided grad, Strided x, Strided mean, Strided invstd, Strided weight,
                                       boolean training) {
        return CpuNorm.batchNormBackward(grad, x, mean, invstd, weight, training);
    }

    @Override
    public Storage thresholdBackward(Strided grad, Strided self, double threshold) {
        return CpuFused.thresholdBackward(grad, self, threshold);
    }

    @Override
    public Storage clamp(Strided x, double lo, double hi) { return CpuFused.clamp(x, lo, hi); }

    @Override
    public Storage erfinv(Strided x) {
        if (x.dtype() != DType.FLOAT32 || !x.isContiguous()) return null;   // float64 keeps the scalar series
        int n = (int) x.numel();
        CpuStorage out = CpuStorage.allocate(DType.FLOAT32, n);
        VectorErfinv.erfinv((float[]) arr(x), (int) x.offset(), (float[]) out.array(), n);
        return out;
    }

    @Override
    public Storage unaryBackward(UnaryOp op, Strided grad, Strided self) {
        return CpuFused.unaryBackward(op, grad, self);
    }

    @Override
    public Storage activation(ActivationOp op, Strided self, double p0, double p1, double p2) {
        return CpuActivations.forward(op, self, p0, p1, p2);
    }

    @Override
    public Storage activationBackward(ActivationOp op, Strided grad, Strided self, double p0, double p1, double p2) {
        return CpuActivations.backward(op, grad, self, p0, p1, p2);
    }

    @Override
    public boolean adamStep(Strided param, Strided grad, Strided expAvg, Strided expAvgSq, Strided maxExpAvgSq,
                            double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled,
                            boolean maximize, double stepSize, double bc2Sqrt) {
        return CpuAdam.step(param, grad, expAvg, expAvgSq, maxExpAvgSq, new CpuAdam.Hyper(lr, beta1, beta2, eps,
                weightDecay, decoupled, maximize, stepSize, bc2Sqrt));
    }

    @Override
    public boolean rmspropStep(Strided param, Strided grad, Strided squareAvg, Strided gradAvg, Strided buf, double lr,
                               double alpha, double eps, double weightDecay, double momentum, boolean maximize) {
        return CpuOptimizers.rmsprop(param, grad, squareAvg, gradAvg, buf, lr, alpha, eps, weightDecay, momentum, maximize);
    }

    @Override
    public boolean adagradStep(Strided param, Strided grad, Strided sum, double clr, double eps, double weightDecay,
                               boolean maximize) {
        return CpuOptimizers.adagrad(param, grad, sum, clr, eps, weightDecay, maximize);
    }

    @Override
    public boolean sgdStep(Strided param, Strided grad, Strided buf, double lr, double momentum, double dampening,
                           double weightDecay, boolean nesterov, boolean maximize, boolean first) {
        return CpuFused.sgdStep(param, grad, buf, lr, momentum, dampening, weightDecay, nesterov, maximize, first);
    }

    @Override
    public Storage conv2d(Strided x, Strided w, Strided bias, int[] params, int groups) {
        return CpuConv.forward(x, w, bias, params, groups);
    }

    @Override
    public Storage[] conv2dBackward(Strided grad, Strided x, Strided w, long[] inputShape, boolean inputGrad, boolean weightGrad,
                                    boolean biasGrad, int[] params, int groups) {
        return CpuConv.backward(grad, x, w, inputShape, inputGrad, weightGrad, biasGrad, params, groups);
    }

    @Override
    public Storage maxPool2dBackward(Strided grad, Strided indices, long planeSize) {
        return CpuPooling.maxPool2dBackward(grad, indices, planeSize);
    }

    @Override
    public void where(Strided out, Strided cond, Strided a, Strided b) {
        CpuElementwise.where(out, cond, a, b);
    }

    @Override
    public void reduce(ReduceOp op, Strided out, Strided in, boolean[] reduce) {
        CpuReduce.reduce(op, out, in, reduce);
    }

    @Override
    public void scan(ReduceOp op, Strided out, Strided in, int dim) {
        CpuScan.scan(op, out, in, dim);
    }

    @Override
    public void sort(Strided values, Strided indices, Strided in, int dim, boolean descending) {
        CpuSort.sort(values, indices, in, dim, descending);
    }

    @Override
    public boolean topk(Strided values, Strided indices, Strided in, int dim, int k, boolean largest) {
        if (!CpuTopk.supports(in.dtype())) return false;
        CpuTopk.topk(values, indices, in, dim, k, largest);
        return true;
    }

    @Override
    public void bmm(Strided out, Strided a, Strided b) {
        CpuMatmul.bmm(out, a, b);
    }

    @Override
    public void bmmIntoZeros(Strided out, Strided a, Strided b) {
        CpuMatmul.bmmIntoZeros(out, a, b);
    }

    @Override
    public void index(Strided out, Strided src, Indexer ix) {
        CpuIndexing.index(out, src, ix);
    }

    @Override
    public void indexPut(Strided self, Strided values, Indexer ix, boolean accumulate) {
        CpuIndexing.indexPut(self, values, ix, accumulate);
    }

    @Override
    public Storage nonzero(Strided in) {
        return CpuIndexing.nonzero(in);
    }

    @Override
    public void maxPool2d(Strided values, Strided indices, Strided in, int[] params) {
        CpuPooling.maxPool2d(values, indices, in, params);
    }

    @Override
    public void im2col(Strided cols, Strided in, int[] params) {
        CpuIm2Col.im2col(cols, in, params);
    }

    @Override
    public void col2im(Strided out, Strided cols, int[] params) {
        CpuIm2Col.col2im(out, cols, params);
    }
}
