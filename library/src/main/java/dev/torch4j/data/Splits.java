package dev.torch4j.data;

import dev.torch4j.DType;
import dev.torch4j.Generator;
import dev.torch4j.Torch;

import java.util.ArrayList;
import java.util.List;

/** {@code random_split}, the seeds PyTorch's samplers draw, and Python's words for a missing {@code len()}. */
final class Splits {
    private Splits() {}

    static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, double[] lengths, Generator generator) {
        long n = dataset.size();
        double total = 0;
        for (double l : lengths) total += l;
        long[] sizes = new long[lengths.length];
        if (Math.abs(total - 1) <= 1e-9 * Math.max(1, Math.abs(total)) && total <= 1) {
            long sum = 0;
            for (int i = 0; i < lengths.length; i++) {
                if (lengths[i] < 0 || lengths[i] > 1) throw new IllegalArgumentException("Fraction at index " + i + " is not between 0 and 1");
                sizes[i] = (long) Math.floor(n * lengths[i]);
                sum += sizes[i];
            }
            for (long i = 0; i < n - sum; i++) sizes[(int) (i % sizes.length)]++;
        } else {
            for (int i = 0; i < lengths.length; i++) {
                if (lengths[i] != Math.rint(lengths[i])) {
                    throw new IllegalArgumentException("random_split: lengths must be integers or fractions summing to 1, got " + lengths[i]);
                }
                sizes[i] = (long) lengths[i];
            }
        }
        long sum = 0;
        for (long s : sizes) sum += s;
        if (sum != n) throw new IllegalArgumentException("Sum of input lengths does not equal the length of the input dataset!");
        long[] perm = Torch.randperm(n, Torch.dtype(DType.INT64), generator).toLongArray();
        List<Subset<T>> out = new ArrayList<>();
        int offset = 0;
        for (long s : sizes) {
            long[] idx = new long[(int) s];
            System.arraycopy(perm, offset, idx, 0, idx.length);
            offset += idx.length;
            out.add(new Subset<>(dataset, idx));
        }
        return out;
    }

    /** {@code torch.empty((), dtype=torch.int64).random_(generator=g).item()}: one 63-bit draw. */
    static long drawSeed(Generator g) {
        Generator gen = g != null ? g : Generator.defaultGenerator();
        return gen.applyWithEngine(e -> e.random64() & Long.MAX_VALUE);
    }

    /** Python's TypeError for {@code len()} of an object without {@code __len__}. */
    static String noLen(Object o) {
        String name = o.getClass().getSimpleName();
        return "object of type '" + (name.isEmpty() ? o.getClass().getName() : name) + "' has no len()";
    }
}
