package dev.torch4j.data;

import dev.torch4j.DType;
import dev.torch4j.Generator;
import dev.torch4j.Torch;

import java.util.Arrays;
import java.util.Iterator;

/**
 * {@code torch.utils.data.DistributedSampler(dataset, num_replicas, rank, shuffle, seed, drop_last)}: the share of
 * the dataset that process {@code rank} of {@code numReplicas} loads. Every replica computes the same order (a
 * {@code torch.randperm} from a generator seeded with {@code seed + epoch}, or {@code 0 .. n-1}), pads it by
 * repeating it from the start to a multiple of {@code numReplicas} (or, with {@code dropLast}, cuts the tail), and
 * takes every {@code numReplicas}-th index from position {@code rank}. The indices equal PyTorch's for the same
 * arguments and epoch.
 *
 * <pre>{@code
 * var sampler = new DistributedSampler(dataset, worldSize, rank);
 * var loader = new DataLoader<>(dataset, DataLoader.options(32).sampler(sampler));
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     sampler.setEpoch(epoch);   // else every epoch has the same order
 *     for (Example batch : loader) ...
 * }
 * }</pre>
 *
 * <p>PyTorch reads the world size and rank from {@code torch.distributed} when they are omitted; torch4j has no
 * process group here, so both are required.
 */
public final class DistributedSampler implements Sampler<Long> {
    private final Dataset<?> dataset;
    private final int numReplicas;
    private final int rank;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final long datasetSize;
    private final long numSamples;
    private final long totalSize;
    private long epoch;

    /**
     * {@code DistributedSampler(dataset)}: this process's share of a shuffled dataset (seed 0, padded to an even
     * split), its rank and the number of replicas taken from the default process group, as PyTorch does.
     *
     * @throws IllegalStateException when {@code Dist.initProcessGroup} has not been called
     */
    public DistributedSampler(Dataset<?> dataset) { this(dataset, true); }

    /** {@code DistributedSampler(dataset, shuffle=shuffle)}: rank and replicas from the default process group. */
    public DistributedSampler(Dataset<?> dataset, boolean shuffle) {
        this(dataset, dev.torch4j.distributed.Dist.getWorldSize(), dev.torch4j.distributed.Dist.getRank(), shuffle, 0, false);
    }

    /** {@code DistributedSampler(dataset, num_replicas, rank)}: shuffled with seed 0, padded to an even split. */
    public DistributedSampler(Dataset<?> dataset, int numReplicas, int rank) { this(dataset, numReplicas, rank, true, 0, false); }

    /**
     * {@code DistributedSampler(dataset, num_replicas, rank, shuffle, seed, drop_last)}.
     *
     * @throws IllegalArgumentException when {@code rank} is not in {@code [0, numReplicas - 1]}
     */
    public DistributedSampler(Dataset<?> dataset, int numReplicas, int rank, boolean shuffle, long seed, boolean dropLast) {
        if (rank >= numReplicas || rank < 0) {
            throw new IllegalArgumentException("Invalid rank " + rank + ", rank should be in the interval [0, " + (numReplicas - 1) + "]");
        }
        this.dataset = dataset;
        this.numReplicas = numReplicas;
        this.rank = rank;
        this.shuffle = shuffle;
        this.seed = seed;
        this.dropLast = dropLast;
        this.datasetSize = dataset.size();
        // ceil((n - R) / R) when dropping the remainder, ceil(n / R) when padding
        this.numSamples = dropLast && datasetSize % numReplicas != 0
                ? Math.ceilDiv(datasetSize - numReplicas, (long) numReplicas)
                : Math.ceilDiv(datasetSize, (long) numReplicas);
        this.totalSize = numSamples * numReplicas;
    }

    /**
     * {@code set_epoch(epoch)}: the epoch whose order the next iteration yields (the shuffle's seed is
     * {@code seed + epoch}). Call it before each epoch's loop.
     */
    public void setEpoch(long epoch) { this.epoch = epoch; }

    /** The epoch last set (0 at first). */
    public long epoch() { return epoch; }

    /** {@code num_replicas}. */
    public int numReplicas() { return numReplicas; }

    /** {@code rank}. */
    public int rank() { return rank; }

    /** {@code total_size}: the indices of all replicas together. */
    public long totalSize() { return totalSize; }

    /** {@code num_samples}: the indices per replica and epoch. */
    @Override
    public long size() { return numSamples; }

    @Override
    public Iterator<Long> iterator() {
        long n = dataset.size();
        if (n != datasetSize) { // PyTorch assumes a constant size too; it fails with an assertion on the lengths
            throw new IllegalStateException("DistributedSampler: the dataset's size changed from " + datasetSize + " to " + n
                    + " after the sampler was made");
        }
        long[] order;
        if (shuffle) {
            order = Torch.randperm(n, Torch.dtype(DType.INT64), new Generator().manualSeed(seed + epoch)).toLongArray();
        } else {
            order = new long[Math.toIntExact(n)];
            for (int i = 0; i < order.length; i++) order[i] = i;
        }
        long[] mine = new long[Math.toIntExact(numSamples)];
        for (int j = 0; j < mine.length; j++) {
            long position = rank + (long) j * numReplicas; // < totalSize; past n it wraps (the padding)
            mine[j] = order[(int) (position % n)];
        }
        return Arrays.stream(mine).boxed().iterator();
    }
}
