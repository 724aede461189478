package dev.torch4j.nn;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.ops.Nondeterministic;
import dev.torch4j.Torch;
import dev.torch4j.autograd.FnNode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.autograd.SavedTensor;
import dev.torch4j.ops.AutocastMode;

import java.util.Arrays;

/**
 * The connectionist temporal classification loss ({@code F.ctc_loss}), as PyTorch's CPU kernel computes it: the
 * forward (alpha) recursion over the blank-extended target in log space per sample, and for the gradient the
 * backward (beta) recursion, {@code grad = exp(lp) - exp(log(sum_s alpha beta) + nll - lp)} per time step and
 * class. That is the derivative with respect to the logits under a log_softmax (which is how CTC is meant to be fed:
 * log_softmax's backward then passes it through unchanged); like PyTorch's, it is not the partial derivative with
 * respect to log_probs taken as free inputs. Computed on the host in double; a GPU tensor's values are copied there
 * and the results moved back.
 */
final class Ctc {
    private Ctc() {}

    private static final double NEG_INF = Double.NEGATIVE_INFINITY;

    private static double logAdd(double a, double b) {
        if (a == NEG_INF) return b;
        if (b == NEG_INF) return a;
        double m = Math.max(a, b);
        return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
    }

    /** The per-sample inputs, checked, on the host. */
    private record Problem(double[] lp, int T, int N, int C, long[][] targets, int[] inLen, int[] tgtLen, int blank) {
        double lp(int t, int n, int c) { return lp[(t * N + n) * C + c]; }

        /** Label of position s of the blank-extended target of sample n. */
        int label(int n, int s) { return s % 2 == 0 ? blank : (int) targets[n][s / 2]; }
    }

    static Tensor ctcLoss(Tensor logProbs, Tensor targets, long[] inputLengths, long[] targetLengths, int blank,
                          Reduction reduction, boolean zeroInfinity) {
        Nondeterministic.backwardOnCuda("ctc_loss_backward_gpu", logProbs);
        if (AutocastMode.active()) {
            return AutocastMode.apply(AutocastMode.Op.CTC_LOSS, a -> ctcLoss(a[0], targets, inputLengths, targetLengths, blank, reduction, zeroInfinity),
                    logProbs);
        }
        String op = "ctc_loss";
        boolean unbatched = logProbs.dim() == 2;
        Tensor lp3 = unbatched ? logProbs.unsqueeze(1) : logProbs;
        if (lp3.dim() != 3) {
            throw new IllegalArgumentException(op + ": expected log_probs to be (T, N, C) or (T, C), got " + logProbs.dim() + " dims");
        }
        if (!logProbs.isFloatingPoint()) throw new IllegalArgumentException(op + ": log_probs must be a floating tensor");
        Tensor ids = targets.to(DType.INT64);   // PyTorch's non-cuDNN path casts the targets to int64 (floating ones truncate)
        int T = Math.toIntExact(lp3.size(0)), N = Math.toIntExact(lp3.size(1)), C = Math.toIntExact(lp3.size(2));
        if (blank < 0 || blank >= C) throw new IllegalArgumentException("blank must be in label range");
        if (inputLengths.length != N) {
            throw new IllegalArgumentException("input_lengths must be of size batch_size");
        }
        if (targetLengths.length != N) {
            throw new IllegalArgumentException("target_lengths must be of size batch_size");
        }
        Tensor tg = unbatched && ids.dim() == 1 && targetLengths.length == 1 && ids.size(0) >= targetLengths[0] ? ids.unsqueeze(0) : ids;
        long[] flat = tg.cpu().toLongArray();
        long[][] per = new long[N][];
        int[] inLen = new int[N], tgtLen = new int[N];
        long offset = 0;
        for (int n = 0; n < N; n++) {
            inLen[n] = Math.toIntExact(inputLengths[n]);
            tgtLen[n] = Math.toIntExact(targetLengths[n]);
            if (inLen[n] < 0 || inLen[n] > T) {
                throw new IllegalArgumentException("Expected input_lengths to have value at most " + T + ", but got value "
                        + inLen[n] + " (while checking arguments for ctc_loss_cpu)");
            }
            if (tgtLen[n] < 0) throw new IllegalArgumentException("target_lengths must be non-negative");
            if (tg.dim() == 2) {
                long s = tg.size(1);
                if (tgtLen[n] > s) {
                    throw new IllegalArgumentException("Expected tensor to have size at least " + tgtLen[n] + " at dimension 1, but got size "
                            + s + " for argument #2 'targets' (while checking arguments for ctc_loss_cpu)");
                }
                per[n] = Arrays.copyOfRange(flat, (int) (n * s), (int) (n * s + tgtLen[n]));
            } else {
                per[n] = Arrays.copyOfRange(flat, (int) offset, (int) (offset + tgtLen[n]));
                offset += tgtLen[n];
            }
        }
        Problem p = new Problem(lp3.detach().cpu().toDoubleArray(), T, N, C, per, inLen, tgtLen, blank);
        double[][] alpha = new double[N][];
        double[] nll = new double[N];
        for (int n = 0; n < N; n++) {
            alpha[n] = alpha(p, n);
            int S = 2 * tgtLen[n] + 1, tEnd = inLen[n] - 1;
            if (inLen[n] == 0) {
                nll[n] = tgtLen[n] == 0 ? 0 : Double.POSITIVE_INFINITY;
                continue;
            }
            double l = alpha[n][tEnd * S + S - 1];
            if (S > 1) l = logAdd(l, alpha[n][tEnd * S + S - 2]);
            nll[n] = -l;
        }
        double[] shown = nll.clone();
        if (zeroInfinity) for (int n = 0; n < N; n++) if (shown[n] == Double.POSITIVE_INFINITY) shown[n] = 0;
        Tensor losses = Torch.fromArray(shown).to(logProbs.device(), logProbs.dtype());
        if (Graph.isRecording(logProbs)) losses = record(logProbs, lp3, p, alpha, nll, zeroInfinity, losses, unbatched);
        if (unbatched) losses = losses.squeeze(0);
        return switch (reduction) {
            case NONE -> losses;
            case SUM -> losses.sum();
            case MEAN -> {
                double[] len = new double[N];
                for (int n = 0; n < N; n++) len[n] = Math.max(1, tgtLen[n]);
                Tensor lens = Torch.fromArray(len).to(logProbs.device(), logProbs.dtype());
                yield losses.div(unbatched ? lens.squeeze(0) : lens).mean();
            }
            case BATCHMEAN -> throw new IllegalArgumentException("batchmean is not a valid value for reduction");
        };
    }

    /** log alpha[t][s] for sample n, row-major [T, S]. */
    private static double[] alpha(Problem p, int n) {
        int S = 2 * p.tgtLen()[n] + 1, len = p.inLen()[n];
        double[] a = new double[Math.max(1, p.T()) * S];
        Arrays.fill(a, NEG_INF);
        if (len == 0) return a;
        a[0] = p.lp(0, n, p.blank());
        if (S > 1) a[1] = p.lp(0, n, p.label(n, 1));
        for (int t = 1; t < len; t++) {
            for (int s = 0; s < S; s++) {
                int c = p.label(n, s);
                double v = a[(t - 1) * S + s];
                if (s > 0) v = logAdd(v, a[(t - 1) * S + s - 1]);
                if (s > 1 && c != p.blank() && c != p.label(n, s - 2)) v = logAdd(v, a[(t - 1) * S + s - 2]);
                a[t * S + s] = v + p.lp(t, n, c);   // NaN (or +inf) log-probs spread even from -inf, as in PyTorch's kernel
            }
        }
        return a;
    }

    /** log beta[t][s] for sample n. */
    private static double[] beta(Problem p, int n) {
        int S = 2 * p.tgtLen()[n] + 1, len = p.inLen()[n];
        double[] b = new double[Math.max(1, p.T()) * S];
        Arrays.fill(b, NEG_INF);
        if (len == 0) return b;
        int last = len - 1;
        b[last * S + S - 1] = p.lp(last, n, p.blank());
        if (S > 1) b[last * S + S - 2] = p.lp(last, n, p.label(n, S - 2));
        for (int t = last - 1; t >= 0; t--) {
            for (int s = S - 1; s >= 0; s--) {
                int c = p.label(n, s);
                double v = b[(t + 1) * S + s];
                if (s < S - 1) v = logAdd(v, b[(t + 1) * S + s + 1]);
                if (s < S - 2 && c != p.blank() && c != p.label(n, s + 2)) v = logAdd(v, b[(t + 1) * S + s + 2]);
                b[t * S + s] = v + p.lp(t, n, c);
            }
        }
        return b;
    }

    private static Tensor record(Tensor logProbs, Tensor lp3, Problem p, double[][] alpha, double[] nll, boolean zeroInfinity,
                                 Tensor losses, boolean unbatched) {
        FnNode node = Graph.node("CtcLossBackward0", logProbs);
        SavedTensor keep = node.save(logProbs);
        long[] shape = logProbs.shapeArray();
        return node.backward(gs -> {
            Tensor input = keep.get();
            double[] g = gs[0].detach().cpu().to(DType.FLOAT64).reshape(-1).toDoubleArray();
            int T = p.T(), N = p.N(), C = p.C();
            double[] grad = new double[T * N * C];
            for (int n = 0; n < N; n++) {
                int S = 2 * p.tgtLen()[n] + 1, len = p.inLen()[n];
                if (Double.isInfinite(nll[n]) && zeroInfinity || len == 0) continue;
                double[] b = beta(p, n), a = alpha[n];
                double gn = g[unbatched ? 0 : n];
                double[] lcab = new double[C];
                for (int t = 0; t < len; t++) {
                    Arrays.fill(lcab, NEG_INF);
                    for (int s = 0; s < S; s++) {
                        int c = p.label(n, s);
                        lcab[c] = logAdd(lcab[c], a[t * S + s] + b[t * S + s]);
                    }
                    for (int c = 0; c < C; c++) {
                        double lp = p.lp(t, n, c);
                        grad[(t * N + n) * C + c] = (Math.exp(lp) - Math.exp(lcab[c] + nll[n] - lp)) * gn;
                    }
                }
            }
            Tensor result = Torch.fromArray(grad).reshape(shape).to(logProbs.device(), logProbs.dtype());
            if (Graph.isRecording(input, gs[0])) {
                // create_graph: the gradient is there, but differentiating it again fails, as in PyTorch
                result = Graph.node("NotImplemented", input, gs[0]).backward(gg -> {
                    throw new IllegalStateException("the derivative for '_ctc_loss_backward' is not implemented");
                }).output(result);
            }
            return new Tensor[] {result};
        }).output(losses);
    }
}
