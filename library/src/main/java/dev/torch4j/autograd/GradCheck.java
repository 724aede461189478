package dev.torch4j.autograd;

import dev.torch4j.DType;
import dev.torch4j.Generator;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * PyTorch's {@code torch.autograd.gradcheck} and {@code gradgradcheck}: compares the Jacobian that backward
 * computes with one estimated by central finite differences, on float64 inputs.
 *
 * <pre>{@code
 * Tensor x = randn(shape(3, 4), dtype(FLOAT64)).requiresGrad_(true);
 * GradCheck.gradcheck(in -> in[0].sin().mul(in[0]), x);      // true, or throws GradcheckError
 * GradCheck.gradgradcheck(in -> in[0].sin().mul(in[0]), x);  // second derivative too
 * }</pre>
 *
 * <p>What is checked, as PyTorch's slow-mode gradcheck does: for every differentiable output (one that requires
 * grad) and every input that requires grad, the numerical Jacobian {@code (f(x + eps) - f(x - eps)) / (2 eps)},
 * taken element by element, equals the analytical one (one backward per output element with a one-hot
 * gradient) within {@code |a - n| <= atol + rtol * |n|}; the analytical Jacobian has the inputs' shapes and comes
 * out bitwise the same when computed twice (backward is "reentrant"); backward of a zero gradient gives zeros of
 * the inputs' dtype and shape; and when no output is differentiable, the numerical Jacobian is zero. Jacobians are
 * laid out as PyTorch prints them: one row per input element, one column per output element.
 *
 * <p>Where PyTorch only warns about inputs that are not float64, this refuses them: finite differences in float32
 * are too coarse for these tolerances, so a failure would say nothing about the derivative.
 *
 * <p>Multi-output functions use {@link #gradcheckMulti}: an overload taking {@code Function<Tensor[], Tensor[]>}
 * would have the same erasure as the single-output one, and a lambda could not pick between them.
 */
public final class GradCheck {
    private GradCheck() {}

    /** PyTorch's default finite-difference step. */
    public static final double EPS = 1e-6;
    /** PyTorch's default absolute tolerance. */
    public static final double ATOL = 1e-5;
    /** PyTorch's default relative tolerance. */
    public static final double RTOL = 1e-3;
    /** Seed of the random upstream gradients of {@link #gradgradcheck}, so a failure reproduces. */
    public static final long GRADGRAD_SEED = 0;

    /** A failed check ({@code torch.autograd.gradcheck.GradcheckError}); the message shows both Jacobians. */
    public static final class GradcheckError extends RuntimeException {
        public GradcheckError(String message) { super(message); }
    }

    // ------------------------------------------------------------------------------------------- gradcheck

    /** Checks the gradients of {@code f} at {@code inputs} with PyTorch's default tolerances; true or throws. */
    public static boolean gradcheck(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return gradcheck(f, EPS, ATOL, RTOL, inputs);
    }

    /** {@link #gradcheck(Function, Tensor...)} with the step and tolerances given. */
    public static boolean gradcheck(Function<Tensor[], Tensor> f, double eps, double atol, double rtol, Tensor... inputs) {
        return gradcheckMulti(single(f), eps, atol, rtol, inputs);
    }

    /** gradcheck for a function with several outputs (non-floating outputs and outputs without grad are skipped). */
    public static boolean gradcheckMulti(Function<Tensor[], Tensor[]> f, Tensor... inputs) {
        return gradcheckMulti(f, EPS, ATOL, RTOL, inputs);
    }

    /** {@link #gradcheckMulti(Function, Tensor...)} with the step and tolerances given. */
    public static boolean gradcheckMulti(Function<Tensor[], Tensor[]> f, double eps, double atol, double rtol, Tensor... inputs) {
        checkInputs(inputs);
        int[] diffIn = requiringGrad(inputs);
        Tensor[] firstOut = f.apply(inputs);
        int[] diffOut = requiringGrad(firstOut);
        if (diffOut.length == 0) {
            // nothing to back-propagate: then the function must not depend on its inputs at all
            double[][][][] num = numericalJacobian(f, inputs, diffIn, floating(firstOut), eps);
            for (double[][][] perInput : num) {
                for (double[][] j : perInput) {
                    for (double[] row : j) for (double v : row) if (v != 0) throw new GradcheckError("Numerical gradient for function expected to be zero");
                }
            }
            return true;
        }
        double[][][][] numerical = numericalJacobian(f, inputs, diffIn, diffOut, eps);
        // a fresh graph: perturbing the inputs bumped their version counters, which the first graph saved
        Tensor[] outs = f.apply(inputs);
        Tensor[] diffInputs = select(inputs, diffIn);
        Tensor[] diffOutputs = select(outs, diffOut);
        for (int k = 0; k < diffOutputs.length; k++) {
            double[][][] analytical = analyticalJacobian(diffOutputs[k], diffInputs);
            for (int j = 0; j < diffInputs.length; j++) {
                if (!allclose(analytical[j], numerical[j][k], rtol, atol)) {
                    throw new GradcheckError("Jacobian mismatch for output " + k + " with respect to input " + j + ",\n"
                            + "numerical:" + matrix(numerical[j][k]) + "\nanalytical:" + matrix(analytical[j]) + "\n");
                }
            }
        }
        testBackwardMulByGradOutput(diffOutputs, diffInputs);
        return true;
    }

    // ------------------------------------------------------------------------------------------- gradgradcheck

    /**
     * Checks second derivatives: the gradient of {@code f} for a random upstream gradient (uniform in [-1, 1),
     * seeded by {@link #GRADGRAD_SEED}), built with {@code createGraph}, is gradchecked as a function of the inputs
     * and the upstream gradient, as PyTorch's gradgradcheck does.
     */
    public static boolean gradgradcheck(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return gradgradcheckMulti(single(f), null, EPS, ATOL, RTOL, inputs);
    }

    /** {@link #gradgradcheck(Function, Tensor...)} with the step and tolerances given. */
    public static boolean gradgradcheck(Function<Tensor[], Tensor> f, double eps, double atol, double rtol, Tensor... inputs) {
        return gradgradcheckMulti(single(f), null, eps, atol, rtol, inputs);
    }

    /** gradgradcheck for a function with several outputs, with PyTorch's default tolerances. */
    public static boolean gradgradcheckMulti(Function<Tensor[], Tensor[]> f, Tensor... inputs) {
        return gradgradcheckMulti(f, null, EPS, ATOL, RTOL, inputs);
    }

    /**
     * gradgradcheck for a function with several outputs; {@code gradOutputs} gives the upstream gradients (one per
     * differentiable output; those requiring grad are checked too), or null for random ones.
     */
    public static boolean gradgradcheckMulti(Function<Tensor[], Tensor[]> f, Tensor[] gradOutputs, double eps, double atol,
                                             double rtol, Tensor... inputs) {
        Tensor[] go = gradOutputs;
        if (go == null) {
            Tensor[] outs = f.apply(inputs);
            outs = select(outs, requiringGrad(outs));
            Generator gen = new Generator().manualSeed(GRADGRAD_SEED);
            go = new Tensor[outs.length];
            for (int i = 0; i < outs.length; i++) {
                DType dt = outs[i].dtype().isFloatingPoint() ? outs[i].dtype() : DType.FLOAT64;
                go[i] = Torch.zeros(outs[i].shape(), Torch.dtype(dt).device(outs[i].device())).uniform_(-1, 1, gen).requiresGrad_(true);
            }
        }
        int nIn = inputs.length, nOut = go.length;
        int[] diffIn = requiringGrad(inputs);
        Function<Tensor[], Tensor[]> firstGrad = args -> {
            Tensor[] in = Arrays.copyOf(args, nIn);
            Tensor[] outs = f.apply(in);
            outs = select(outs, requiringGrad(outs));
            Tensor[] g = Arrays.copyOfRange(args, nIn, nIn + nOut);
            Tensor[] gi = Autograd.get().grad(outs, select(in, diffIn), g, true, true, true);
            List<Tensor> used = new ArrayList<>();
            for (Tensor t : gi) if (t != null) used.add(t);
            return used.toArray(new Tensor[0]);
        };
        Tensor[] all = Arrays.copyOf(inputs, nIn + nOut);
        System.arraycopy(go, 0, all, nIn, nOut);
        return gradcheckMulti(firstGrad, eps, atol, rtol, all);
    }

    // ------------------------------------------------------------------------------------------- the checks

    /** PyTorch's _check_inputs: some input requires grad, those are float64 and non-overlapping. */
    private static void checkInputs(Tensor[] inputs) {
        boolean any = false;
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            if (t == null || !t.requiresGrad()) continue;
            if (t.dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException("gradcheck: Input #" + i + " requires gradient and is not a double precision "
                        + "floating point (it is " + t.dtype() + "). This check would likely fail if the inputs are not of double "
                        + "precision floating point (PyTorch warns; torch4j refuses).");
            }
            long[] sh = t.shapeArray(), st = t.stride();
            for (int d = 0; d < sh.length; d++) {
                if (st[d] == 0 && sh[d] > 1) {
                    throw new IllegalArgumentException("The " + i + "th input has a dimension with stride 0. gradcheck only supports "
                            + "inputs that are non-overlapping to be able to compute the numerical gradients correctly. You "
                            + "should call .contiguous on the input before passing it to gradcheck.");
                }
            }
            any = true;
        }
        if (!any) {
            throw new IllegalArgumentException("gradcheck expects at least one input tensor to require gradient, but none of "
                    + "the them have requires_grad=True.");
        }
    }

    /**
     * Numerical Jacobians {@code [input][output][inputElement][outputElement]} by central differences. Each element
     * is perturbed in place through a detached alias of the input (same storage, outside the graph) and restored.
     */
    private static double[][][][] numericalJacobian(Function<Tensor[], Tensor[]> f, Tensor[] inputs, int[] diffIn,
                                                    int[] outIdx, double eps) {
        double[][][][] jac = new double[diffIn.length][outIdx.length][][];
        for (int j = 0; j < diffIn.length; j++) {
            Tensor x = inputs[diffIn[j]];
            Tensor data = x.detach();
            int n = Math.toIntExact(x.numel());
            double[][][] perOut = jac[j];
            long[] shape = x.shapeArray(), stride = x.stride();
            long[] idx = new long[shape.length];
            for (int e = 0; e < n; e++) {
                long off = x.storageOffset();
                for (int d = 0; d < shape.length; d++) off += idx[d] * stride[d];
                Tensor entry = data.restride(new long[0], new long[0], off);
                double orig = entry.item();
                entry.fill_(orig - eps);
                double[][] a = evaluate(f, inputs, outIdx);
                entry.fill_(orig + eps);
                double[][] b = evaluate(f, inputs, outIdx);
                entry.fill_(orig);
                for (int k = 0; k < outIdx.length; k++) {
                    if (perOut[k] == null) perOut[k] = new double[n][a[k].length];
                    for (int m = 0; m < a[k].length; m++) perOut[k][e][m] = (b[k][m] - a[k][m]) / (2 * eps);
                }
                for (int d = shape.length - 1; d >= 0; d--) {
                    if (++idx[d] < shape[d]) break;
                    idx[d] = 0;
                }
            }
            if (n == 0) {
                double[][] a = evaluate(f, inputs, outIdx);
                for (int k = 0; k < outIdx.length; k++) perOut[k] = new double[0][a[k].length];
            }
        }
        return jac;
    }

    /** The selected outputs of f as flat double arrays (copies, so outputs aliasing an input are safe). */
    private static double[][] evaluate(Function<Tensor[], Tensor[]> f, Tensor[] inputs, int[] outIdx) {
        Tensor[] outs = f.apply(inputs);
        double[][] r = new double[outIdx.length][];
        for (int k = 0; k < outIdx.length; k++) r[k] = outs[outIdx[k]].toDoubleArray();
        return r;
    }

    /**
     * Analytical Jacobians {@code [input][inputElement][outputElement]} of one output: one backward per output
     * element with a one-hot gradient, done twice to check that backward is reentrant (bitwise reproducible).
     */
    private static double[][][] analyticalJacobian(Tensor out, Tensor[] inputs) {
        double[][][] first = vjpRows(out, inputs);
        double[][][] second = vjpRows(out, inputs);
        for (int j = 0; j < inputs.length; j++) {
            for (int e = 0; e < first[j].length; e++) {
                if (!Arrays.equals(first[j][e], second[j][e])) {
                    throw new GradcheckError("Backward is not reentrant, i.e., running backward with same input and grad_output "
                            + "multiple times gives different values, although analytical gradient matches numerical gradient."
                            + "The tolerance for nondeterminism was 0.0.");
                }
            }
        }
        return first;
    }

    private static double[][][] vjpRows(Tensor out, Tensor[] inputs) {
        int outN = Math.toIntExact(out.numel());
        double[][][] jac = new double[inputs.length][][];
        for (int j = 0; j < inputs.length; j++) jac[j] = new double[Math.toIntExact(inputs[j].numel())][outN];
        for (int m = 0; m < outN; m++) {
            Tensor oneHot = Torch.zeros(out.shape(), Torch.dtype(out.dtype()).device(out.device()));
            oneHot.view(-1).select(0, m).fill_(1.0);
            Tensor[] g = Autograd.get().grad(new Tensor[] {out}, inputs, new Tensor[] {oneHot}, true, false, true);
            for (int j = 0; j < inputs.length; j++) {
                if (g[j] == null) continue; // unused input: a zero column
                if (!Arrays.equals(g[j].shapeArray(), inputs[j].shapeArray())) {
                    throw new GradcheckError("Analytical gradient has incorrect size");
                }
                double[] v = g[j].toDoubleArray();
                for (int e = 0; e < v.length; e++) jac[j][e][m] = v[e];
            }
        }
        return jac;
    }

    /** PyTorch's _test_backward_mul_by_grad_output: backward of zero gradients gives zeros of the right type and size. */
    private static void testBackwardMulByGradOutput(Tensor[] outputs, Tensor[] inputs) {
        Tensor[] zeros = new Tensor[outputs.length];
        for (int i = 0; i < outputs.length; i++) zeros[i] = Torch.zerosLike(outputs[i]);
        Tensor[] g = Autograd.get().grad(outputs, inputs, zeros, false, false, true);
        for (int i = 0; i < g.length; i++) {
            Tensor gi = g[i];
            if (gi == null) continue;
            for (double v : gi.toDoubleArray()) if (v != 0) throw new GradcheckError("backward not multiplied by grad_output");
            if (gi.dtype() != inputs[i].dtype() || !gi.device().equals(inputs[i].device())) {
                throw new GradcheckError("grad is incorrect type");
            }
            if (!Arrays.equals(gi.shapeArray(), inputs[i].shapeArray())) throw new GradcheckError("grad is incorrect size");
        }
    }

    /** torch.allclose(analytical, numerical, rtol, atol): NaN never matches. */
    private static boolean allclose(double[][] a, double[][] n, double rtol, double atol) {
        for (int e = 0; e < a.length; e++) {
            for (int m = 0; m < a[e].length; m++) {
                double x = a[e][m], y = n[e][m];
                if (x == y) continue;
                if (!(Math.abs(x - y) <= atol + rtol * Math.abs(y))) return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------- helpers

    private static Function<Tensor[], Tensor[]> single(Function<Tensor[], Tensor> f) {
        return in -> new Tensor[] {f.apply(in)};
    }

    private static int[] requiringGrad(Tensor[] ts) {
        return java.util.stream.IntStream.range(0, ts.length).filter(i -> ts[i] != null && ts[i].requiresGrad()).toArray();
    }

    private static int[] floating(Tensor[] ts) {
        return java.util.stream.IntStream.range(0, ts.length)
                .filter(i -> ts[i] != null && ts[i].dtype().isFloatingPoint()).toArray();
    }

    private static Tensor[] select(Tensor[] ts, int[] idx) {
        Tensor[] r = new Tensor[idx.length];
        for (int i = 0; i < idx.length; i++) r[i] = ts[idx[i]];
        return r;
    }

    /** A Jacobian as a float64 tensor (rows: input elements, columns: output elements), printed as PyTorch prints. */
    private static Tensor matrix(double[][] j) {
        int rows = j.length, cols = rows == 0 ? 0 : j[0].length;
        double[] flat = new double[rows * cols];
        for (int r = 0; r < rows; r++) System.arraycopy(j[r], 0, flat, r * cols, cols);
        return Torch.fromArray(flat, rows, cols);
    }
}
