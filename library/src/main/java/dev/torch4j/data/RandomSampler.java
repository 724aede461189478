package dev.torch4j.data;

import dev.torch4j.DType;
import dev.torch4j.Generator;
import dev.torch4j.Torch;

import java.util.Arrays;
import java.util.Iterator;

/**
 * {@code torch.utils.data.RandomSampler(data_source, replacement, num_samples, generator)}: the indices of
 * {@code data_source} in random order, drawn as PyTorch 2.x draws them, so that after the same seed the epochs
 * are PyTorch's:
 * <ul>
 *   <li>without a generator, each epoch first seeds a fresh {@code torch.Generator()} with one 63-bit draw from
 *       the default generator ({@code torch.empty((), dtype=torch.int64).random_()}), and draws from that;</li>
 *   <li>without replacement, {@code torch.randperm(n)} once per {@code n} samples, and for the remainder the first
 *       {@code numSamples % n} of one more permutation (drawn even when the remainder is 0);</li>
 *   <li>with replacement, {@code torch.randint(n, (32,))} per 32 samples and one {@code randint} for the rest.</li>
 * </ul>
 * Each draw happens when the epoch reaches it (the first on the first {@code hasNext()}), as in PyTorch's
 * generator function.
 *
 * <pre>{@code
 * Torch.manualSeed(0);
 * for (long i : new RandomSampler(dataset)) ...               // list(RandomSampler(dataset)) after manual_seed(0)
 * new RandomSampler(dataset, true, 1000L, new Generator().manualSeed(1));   // 1000 draws with replacement
 * }</pre>
 */
public final class RandomSampler implements Sampler<Long> {
    /** The chunk size of draws with replacement. */
    private static final int CHUNK = 32;

    private final Dataset<?> dataSource;
    private final boolean replacement;
    private final Long numSamples;
    private final Generator generator;

    /** {@code RandomSampler(data_source)}: a permutation per epoch, seeded from the default generator. */
    public RandomSampler(Dataset<?> dataSource) { this(dataSource, false, null, null); }

    /**
     * {@code RandomSampler(data_source, replacement, num_samples, generator)}.
     *
     * @param numSamples how many indices an epoch yields; null: {@code dataSource.size()} (read each time)
     * @param generator  the generator to draw from; null: a fresh one per epoch seeded from the default generator
     * @throws IllegalArgumentException when {@link #numSamples()} is not positive (an empty dataset included)
     */
    public RandomSampler(Dataset<?> dataSource, boolean replacement, Long numSamples, Generator generator) {
        this.dataSource = dataSource;
        this.replacement = replacement;
        this.numSamples = numSamples;
        this.generator = generator;
        if (numSamples() <= 0) {
            throw new IllegalArgumentException("num_samples should be a positive integer value, but got num_samples=" + numSamples());
        }
    }

    /** The dataset sampled. */
    public Dataset<?> dataSource() { return dataSource; }

    /** Whether indices are drawn with replacement. */
    public boolean replacement() { return replacement; }

    /** {@code num_samples}: as given, or the dataset's current size. */
    public long numSamples() { return numSamples != null ? numSamples : dataSource.size(); }

    /** The generator given, or null (one seeded from the default generator per epoch). */
    public Generator generator() { return generator; }

    @Override
    public long size() { return numSamples(); }

    @Override
    public Iterator<Long> iterator() {
        return new ChunkedIndices() {
            private Generator g;
            private long n, total;

            @Override
            long[] chunk(long k) {
                if (k == 0) {
                    n = dataSource.size();
                    g = generator != null ? generator : new Generator().manualSeed(Splits.drawSeed(null));
                    total = numSamples();
                }
                if (replacement) {
                    long full = total / CHUNK;
                    if (k < full) return randint(CHUNK);
                    return k == full ? randint((int) (total % CHUNK)) : null;
                }
                if (n == 0) throw new ArithmeticException("integer division or modulo by zero"); // num_samples // n
                long full = total / n;
                if (k < full) return randperm();
                return k == full ? Arrays.copyOf(randperm(), (int) (total % n)) : null;
            }

            private long[] randint(int size) {
                return Torch.randint(0, n, Torch.shape(size), Torch.dtype(DType.INT64), g).toLongArray();
            }

            private long[] randperm() { return Torch.randperm(n, Torch.dtype(DType.INT64), g).toLongArray(); }
        };
    }
}
