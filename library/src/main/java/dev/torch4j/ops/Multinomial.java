package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Generator;
import dev.torch4j.Tensor;
import dev.torch4j.backend.cpu.random.CpuRandom;
import dev.torch4j.core.Shapes;

/**
 * {@code torch.multinomial(input, num_samples, replacement=False, *, generator=None)}: category indices drawn from
 * the rows of a 1-D or 2-D tensor of non-negative weights. Follows PyTorch 2.x's choice of algorithm, so that on
 * the CPU the same seed gives PyTorch's indices:
 *
 * <ul>
 *   <li>without replacement, or one sample: the exponential race. {@code q = exponential_(1)} shaped like the input
 *       (drawn in the input's memory order, as {@code empty_like} keeps a transposed layout), then the
 *       {@code argmax} (one sample) or {@code topk} (several) of {@code input / q} per row. Each category's
 *       {@code q / w} is exponential with rate {@code w}; the smallest wins with probability {@code w / sum(w)}.
 *   <li>with replacement and several samples: PyTorch's CPU kernel ({@link CpuRandom#multinomialWithReplacement}),
 *       one uniform and a search of the row's cumulative distribution per sample. A CUDA tensor on its default
 *       generator gets the same scheme from tensor ops instead: a uniform per sample, and the count of cumulative
 *       buckets below it as the index.
 * </ul>
 *
 * Zero weights are never drawn while a row has nonzero weights left. Without replacement, the order among equal
 * keys (zero-weight categories once a row's nonzero ones are used up) is this library's stable order, which may
 * differ from PyTorch's. The result is int64 and never recorded for autograd.
 */
public final class Multinomial {
    private Multinomial() {}

    /** Largest category count: PyTorch's limit (float32 represents every index up to 2^24). */
    private static final long MAX_CATEGORIES = 1L << 24;

    /** {@code torch.multinomial(p, samples, replacement, generator)}; {@code g} null for the default generator. */
    public static Tensor multinomial(Tensor p, long samples, boolean replacement, Generator g) {
        if (p.dim() < 1 || p.dim() > 2) throw new IllegalArgumentException("prob_dist must be 1 or 2 dim");
        if (!p.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(
                    "multinomial only supports floating-point dtypes for input, got: " + p.dtype().scalarTypeName());
        }
        if (samples <= 0) throw new IllegalArgumentException("cannot sample n_sample <= 0 samples");
        long categories = p.size(-1);
        if (!replacement && samples > categories) {
            throw new IllegalArgumentException("cannot sample n_sample > prob_dist.size(-1) samples without replacement");
        }
        if (categories > MAX_CATEGORIES) throw new IllegalArgumentException("number of categories cannot exceed 2^24");
        long[] shape = p.dim() == 1 ? new long[] {samples} : new long[] {p.size(0), samples};
        if (Shapes.checkedNumel("multinomial", shape) == 0) return Dispatch.empty(shape, DType.INT64, p.device());
        return ReductionsGrad.untracked(() -> {
            if (!replacement || samples == 1) return race(p, samples, g);
            if (g == null && p.device().isCuda()) return byComparison(p, samples, null);
            return withReplacementCpu(p, (int) samples, g, shape);
        });
    }

    private static Tensor race(Tensor p, long samples, Generator g) {
        if (!p.isfinite().logicalAnd(p.ge(0)).all().itemBool()) {   // one read back (a device sync on a GPU), not two
            throw new IllegalArgumentException("probability tensor contains either `inf`, `nan` or element < 0");
        }
        Tensor zeroRows = p.dim() == 1 ? p.sum().eq(0) : p.sum(1).eq(0).any();
        if (zeroRows.itemBool()) {
            throw new IllegalArgumentException("invalid multinomial distribution (sum of probabilities <= 0)");
        }
        // q is filled in p's memory order: row-major, except for a transposed (column-major dense) 2-D input
        boolean columnMajor = p.dim() == 2 && p.size(0) > 1 && p.size(1) > 1 && p.stride(0) == 1
                && p.stride(1) == p.size(0);
        Tensor laid = columnMajor ? p.t() : p;
        Tensor q = RandomOps.exponential_(Dispatch.empty(laid.shapeArray(), p.dtype(), p.device()), 1, g);
        Tensor keys = laid.div(q);
        if (columnMajor) keys = keys.t();
        return samples == 1 ? keys.argmax(-1, true) : Sorting.topk(keys, samples, -1, true, true).indices();
    }

    private static Tensor withReplacementCpu(Tensor p, int samples, Generator g, long[] shape) {
        int rows = p.dim() == 1 ? 1 : (int) p.size(0);
        int categories = (int) p.size(-1);
        long[] out = new long[Shapes.checkedNumel("multinomial", shape)];
        Generator gen = g != null ? g : Generator.defaultGenerator();
        if (p.dtype() == DType.FLOAT64) {
            double[] w = p.toDoubleArray();
            gen.withEngine(e -> CpuRandom.multinomialWithReplacement(e, w, rows, categories, samples, out));
        } else {
            float[] w = p.toFloatArray();
            gen.withEngine(e -> CpuRandom.multinomialWithReplacement(e, w, rows, categories, samples, out));
        }
        return Creation.wrap(out, shape, DType.INT64).to(p.device());
    }

    /**
     * Sampling with replacement from tensor ops (the CUDA path; runs on any device): per row the cumulative
     * distribution divided by its total, per sample {@code v = 1 - u} in (0, 1] and the index = the number of
     * buckets (all but the last) below {@code v}. Memory: rows x samples x categories booleans.
     */
    static Tensor byComparison(Tensor p, long samples, Generator g) {
        if (!p.ge(0).all().itemBool()) {
            throw new IllegalArgumentException("invalid multinomial distribution (encountering probability entry < 0)");
        }
        if (!p.isfinite().all().itemBool()) {
            throw new IllegalArgumentException(
                    "invalid multinomial distribution (encountering probability entry = infinity or NaN)");
        }
        DType work = p.dtype() == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;
        Tensor rows = (p.dim() == 1 ? p.unsqueeze(0) : p).to(work);
        long categories = rows.size(1);
        Tensor cum = rows.cumsum(1);
        Tensor total = cum.narrow(1, categories - 1, 1);
        if (total.le(0).any().itemBool()) {
            throw new IllegalArgumentException("invalid multinomial distribution (sum of probabilities <= 0)");
        }
        Tensor buckets = cum.div(total).narrow(1, 0, categories - 1).unsqueeze(1);
        Tensor u = RandomOps.uniform_(Dispatch.empty(new long[] {rows.size(0), samples}, work, p.device()), 0, 1, g);
        Tensor v = u.neg().add(1.0).unsqueeze(2);
        Tensor index = buckets.lt(v).sum(2);
        return p.dim() == 1 ? index.squeeze(0) : index;
    }
}
