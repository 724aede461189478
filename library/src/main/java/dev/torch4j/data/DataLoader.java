package dev.torch4j.data;

import dev.torch4j.DType;
import dev.torch4j.Generator;
import dev.torch4j.Torch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * {@code torch.utils.data.DataLoader}: batches of a dataset, in order or shuffled, iterated with for-each.
 *
 * <pre>{@code
 * for (Example batch : new DataLoader<>(trainSet, DataLoader.options(64).shuffle(true))) {
 *     Tensor x = batch.input(), y = batch.target();
 * }
 * }</pre>
 *
 * Each iteration draws what PyTorch's does from the generator ({@link Options#generator}, or the default one):
 * a base seed, then, when shuffling, the seed of a fresh generator whose {@code randperm} orders the epoch (with
 * an explicit generator, the permutation is drawn from it directly). After the same {@code manual_seed}, the
 * batches therefore come in PyTorch's order. With {@code numWorkers > 0}, batches are loaded and collated on
 * that many background threads, up to {@code prefetchFactor} batches per worker ahead, and delivered in order.
 *
 * @param <B> the batch type: with the default collate, the dataset's item type (an {@link Example} of stacked
 *            tensors for a {@link TensorDataset})
 */
public final class DataLoader<B> implements Iterable<B> {
    /** The keyword arguments of {@code DataLoader}. */
    public record Options(long batchSize, boolean shuffle, boolean dropLast, int numWorkers, int prefetchFactor, Generator generator) {
        /** Sets {@code batch_size}. */
        public Options batchSize(long v) { return new Options(v, shuffle, dropLast, numWorkers, prefetchFactor, generator); }

        /** Sets {@code shuffle}. */
        public Options shuffle(boolean v) { return new Options(batchSize, v, dropLast, numWorkers, prefetchFactor, generator); }

        /** Sets {@code drop_last}. */
        public Options dropLast(boolean v) { return new Options(batchSize, shuffle, v, numWorkers, prefetchFactor, generator); }

        /** Sets {@code num_workers}. */
        public Options numWorkers(int v) { return new Options(batchSize, shuffle, dropLast, v, prefetchFactor, generator); }

        /** Sets {@code prefetch_factor}. */
        public Options prefetchFactor(int v) { return new Options(batchSize, shuffle, dropLast, numWorkers, v, generator); }

        /** Sets {@code generator}. */
        public Options generator(Generator v) { return new Options(batchSize, shuffle, dropLast, numWorkers, prefetchFactor, v); }
    }

    /** PyTorch's defaults: batch_size=1, no shuffle, keep the last partial batch, no workers (prefetch 2 per worker). */
    public static Options options() { return options(1); }

    /** The defaults with this batch size. */
    public static Options options(long batchSize) { return new Options(batchSize, false, false, 0, 2, null); }

    private final Dataset<?> dataset;
    private final Options options;
    private final Function<List<Object>, B> collate;
    private final boolean defaultCollate;

    /** A loader that batches with {@link Collate#defaultCollate}. */
    public DataLoader(Dataset<B> dataset, Options options) { this(dataset, options, null, true); }

    /** A loader with a custom collate function ({@code collate_fn}) turning a list of items into a batch. */
    @SuppressWarnings("unchecked")
    public <T> DataLoader(Dataset<T> dataset, Options options, Function<List<T>, B> collate) {
        this(dataset, options, (Function<List<Object>, B>) (Function<?, ?>) collate, false);
    }

    private DataLoader(Dataset<?> dataset, Options options, Function<List<Object>, B> collate, boolean defaultCollate) {
        if (options.batchSize() <= 0) {
            throw new IllegalArgumentException("batch_size should be a positive integer value, but got batch_size=" + options.batchSize());
        }
        if (options.numWorkers() < 0) {
            throw new IllegalArgumentException("num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.");
        }
        if (options.numWorkers() > 0 && options.prefetchFactor() <= 0) {
            throw new IllegalArgumentException("prefetch_factor option must be positive, got " + options.prefetchFactor());
        }
        this.dataset = dataset;
        this.options = options;
        this.collate = collate;
        this.defaultCollate = defaultCollate;
    }

    /** The dataset. */
    public Dataset<?> dataset() { return dataset; }

    /** {@code len(loader)}: the number of batches per epoch. */
    public long size() {
        long n = dataset.size(), b = options.batchSize();
        return options.dropLast() ? n / b : (n + b - 1) / b;
    }

    /**
     * One epoch: the batches' indices, and PyTorch's last draw. RandomSampler yields one permutation and then
     * draws a second one (for the remainder of {@code num_samples % n}, empty here) when it is exhausted, which
     * happens while the last batch is collected; {@link #finish()} makes that draw once.
     */
    private final class Epoch {
        final List<long[]> plan = new ArrayList<>();
        private final Generator sampler; // the generator the permutation came from, or null when not shuffling
        private boolean finished;

        Epoch() {
            Splits.drawSeed(options.generator()); // _BaseDataLoaderIter's _base_seed (seeds workers in PyTorch)
            long n = dataset.size();
            long[] order;
            if (options.shuffle()) {
                Generator g = options.generator();
                sampler = g != null ? g : new Generator().manualSeed(Splits.drawSeed(null));
                order = Torch.randperm(n, Torch.dtype(DType.INT64), sampler).toLongArray();
            } else {
                sampler = null;
                order = new long[Math.toIntExact(n)];
                for (int i = 0; i < order.length; i++) order[i] = i;
            }
            int bs = Math.toIntExact(options.batchSize());
            int batches = Math.toIntExact(size());
            for (int b = 0; b < batches; b++) {
                int from = b * bs, to = Math.min(order.length, from + bs);
                long[] idx = new long[to - from];
                System.arraycopy(order, from, idx, 0, idx.length);
                plan.add(idx);
            }
        }

        /** True when collecting batch {@code b} exhausts the sampler (a partial last batch that is kept). */
        boolean exhaustsAt(int b) {
            return b == plan.size() - 1 && !options.dropLast() && dataset.size() % options.batchSize() != 0;
        }

        void finish() {
            if (finished) return;
            finished = true;
            if (sampler != null) Torch.randperm(dataset.size(), Torch.dtype(DType.INT64), sampler);
        }
    }

    @SuppressWarnings("unchecked")
    private B load(long[] indices) {
        if (defaultCollate && dataset instanceof Gatherable g) {
            Example e = g.gather(indices);
            if (e != null) return (B) e;
        }
        List<Object> items = new ArrayList<>(indices.length);
        for (long i : indices) items.add(dataset.get(i));
        return defaultCollate ? Collate.defaultCollate(items) : collate.apply(items);
    }

    @Override
    public Iterator<B> iterator() {
        Epoch epoch = new Epoch();
        return options.numWorkers() == 0 ? new Serial(epoch) : new Prefetching(epoch);
    }

    private final class Serial implements Iterator<B> {
        private final Epoch epoch;
        private int next;

        Serial(Epoch epoch) { this.epoch = epoch; }

        @Override
        public boolean hasNext() {
            if (next < epoch.plan.size()) return true;
            epoch.finish();
            return false;
        }

        @Override
        public B next() {
            if (next >= epoch.plan.size()) throw new NoSuchElementException();
            if (epoch.exhaustsAt(next)) epoch.finish();
            return load(epoch.plan.get(next++));
        }
    }

    private static final AtomicInteger POOLS = new AtomicInteger();

    /** Loads ahead on worker threads; the threads end on their own once idle, so an abandoned loop leaks nothing. */
    private final class Prefetching implements Iterator<B> {
        private final Epoch epoch;
        private final List<long[]> plan;
        private final ThreadPoolExecutor pool;
        private final ArrayDeque<Future<B>> ahead = new ArrayDeque<>();
        private int submitted;

        Prefetching(Epoch epoch) {
            this.epoch = epoch;
            this.plan = epoch.plan;
            int n = options.numWorkers();
            int id = POOLS.incrementAndGet();
            AtomicInteger worker = new AtomicInteger();
            pool = new ThreadPoolExecutor(n, n, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "torch4j-dataloader-" + id + "-worker-" + worker.getAndIncrement());
                t.setDaemon(true);
                return t;
            });
            pool.allowCoreThreadTimeOut(true);
            fill();
        }

        private void fill() {
            int limit = options.numWorkers() * options.prefetchFactor();
            while (submitted < plan.size() && ahead.size() < limit) {
                if (epoch.exhaustsAt(submitted)) epoch.finish(); // workers take indices ahead, as PyTorch's do
                long[] idx = plan.get(submitted++);
                ahead.add(pool.submit(() -> load(idx)));
            }
            if (submitted == plan.size()) pool.shutdown();
        }

        @Override
        public boolean hasNext() {
            if (!ahead.isEmpty()) return true;
            epoch.finish();
            return false;
        }

        @Override
        public B next() {
            Future<B> f = ahead.poll();
            if (f == null) throw new NoSuchElementException();
            B b;
            try {
                b = f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pool.shutdownNow();
                throw new IllegalStateException("DataLoader: interrupted while waiting for a batch", e);
            } catch (ExecutionException e) {
                pool.shutdownNow();
                Throwable c = e.getCause();
                if (c instanceof RuntimeException re) throw re;
                if (c instanceof Error err) throw err;
                throw new IllegalStateException("DataLoader worker failed: " + c, c);
            }
            fill();
            return b;
        }
    }
}
