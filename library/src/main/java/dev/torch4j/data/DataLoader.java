package dev.torch4j.data;

import dev.torch4j.Generator;
import dev.torch4j.core.Profiling;

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
import java.util.function.Supplier;

/**
 * {@code torch.utils.data.DataLoader}: batches of a dataset, in order, shuffled, or in the order of a
 * {@link Sampler}, iterated with for-each.
 *
 * <pre>{@code
 * for (Example batch : new DataLoader<>(trainSet, DataLoader.options(64).shuffle(true))) {
 *     Tensor x = batch.input(), y = batch.target();
 * }
 * new DataLoader<>(ds, DataLoader.options(64).sampler(new WeightedRandomSampler(w, w.length)));
 * new DataLoader<>(ds, DataLoader.options().batchSampler(new BatchSampler(mySampler, 64, true)));
 * }</pre>
 *
 * The options are PyTorch's and combine as there: without a sampler, {@code shuffle} picks a
 * {@link RandomSampler} (drawing from {@link Options#generator}) or a {@link SequentialSampler}; a
 * {@link BatchSampler} of {@code batchSize} groups its indices unless a {@code batchSampler} is given;
 * {@code batchSize(null)} turns automatic batching off (each item comes as it is). Each iteration draws what
 * PyTorch's does: a base seed from the generator (or the default one), then what the sampler draws as the epoch
 * reaches it; after the same {@code manual_seed} the batches therefore come in PyTorch's order.
 *
 * <p>With {@code numWorkers > 0}, batches are loaded and collated on that many background threads, up to
 * {@code prefetchFactor} batches per worker ahead, and delivered in order; the sampler runs on the iterating
 * thread, ahead by as many batches, as PyTorch's main process does. As PyTorch's worker processes, batch k is loaded
 * by worker k mod numWorkers, whose default generator is seeded {@code base_seed + worker_id} for the epoch, so
 * random transforms in a dataset draw the same values as in PyTorch's workers ({@link #getWorkerInfo()},
 * {@link Options#workerInitFn}). An {@link IterableDataset} is read in the order
 * its iterator gives, in batches of {@code batchSize}.
 *
 * @param <B> the batch type: with the default collate, the dataset's item type (an {@link Example} of stacked
 *            tensors for a {@link TensorDataset})
 */
public final class DataLoader<B> implements Iterable<B> {
    /**
     * The keyword arguments of {@code DataLoader}.
     *
     * @param batchSize {@code batch_size}; null disables automatic batching
     */
    public record Options(Long batchSize, boolean shuffle, Sampler<Long> sampler, Sampler<List<Long>> batchSampler,
                          boolean dropLast, int numWorkers, int prefetchFactor, Generator generator,
                          java.util.function.IntConsumer workerInitFn, boolean persistentWorkers) {
        /** Sets {@code batch_size}. */
        public Options batchSize(long v) { return batchSize(Long.valueOf(v)); }

        /** Sets {@code batch_size}; {@code null} is PyTorch's {@code batch_size=None} (no automatic batching). */
        public Options batchSize(Long v) { return new Options(v, shuffle, sampler, batchSampler, dropLast, numWorkers, prefetchFactor, generator, workerInitFn, persistentWorkers); }

        /** Sets {@code shuffle}. */
        public Options shuffle(boolean v) { return new Options(batchSize, v, sampler, batchSampler, dropLast, numWorkers, prefetchFactor, generator, workerInitFn, persistentWorkers); }

        /** Sets {@code sampler}: the order of the items (excludes {@code shuffle}). */
        public Options sampler(Sampler<Long> v) { return new Options(batchSize, shuffle, v, batchSampler, dropLast, numWorkers, prefetchFactor, generator, workerInitFn, persistentWorkers); }

        /** Sets {@code batch_sampler}: the batches' indices (excludes batchSize other than 1, shuffle, sampler, dropLast). */
        public Options batchSampler(Sampler<List<Long>> v) { return new Options(batchSize, shuffle, sampler, v, dropLast, numWorkers, prefetchFactor, generator, workerInitFn, persistentWorkers); }

        /** Sets {@code drop_last}. */
        public Options dropLast(boolean v) { return new Options(batchSize, shuffle, sampler, batchSampler, v, numWorkers, prefetchFactor, generator, workerInitFn, persistentWorkers); }

        /** Sets {@code num_workers}. */
        public Options numWorkers(int v) { return new Options(batchSize, shuffle, sampler, batchSampler, dropLast, v, prefetchFactor, generator, workerInitFn, persistentWorkers); }

        /** Sets {@code prefetch_factor}. */
        public Options prefetchFactor(int v) { return new Options(batchSize, shuffle, sampler, batchSampler, dropLast, numWorkers, v, generator, workerInitFn, persistentWorkers); }

        /** Sets {@code generator}. */
        public Options generator(Generator v) { return new Options(batchSize, shuffle, sampler, batchSampler, dropLast, numWorkers, prefetchFactor, v, workerInitFn, persistentWorkers); }

        /**
         * Sets {@code worker_init_fn}: called with the worker id on each worker thread before it loads anything, after
         * its generator is seeded ({@code base_seed + id}).
         */
        public Options workerInitFn(java.util.function.IntConsumer v) {
            return new Options(batchSize, shuffle, sampler, batchSampler, dropLast, numWorkers, prefetchFactor, generator, v, persistentWorkers);
        }

        /**
         * Sets {@code persistent_workers}: the workers (their generators, and worker_init_fn having run) live from one
         * epoch to the next, as PyTorch's: the base seed is drawn for the first epoch only and each worker's generator
         * continues where it stopped.
         */
        public Options persistentWorkers(boolean v) {
            return new Options(batchSize, shuffle, sampler, batchSampler, dropLast, numWorkers, prefetchFactor, generator, workerInitFn, v);
        }
    }

    /** PyTorch's defaults: batch_size=1, no shuffle, no sampler, keep the last partial batch, no workers (prefetch 2 per worker). */
    public static Options options() { return options(1); }

    /** The defaults with this batch size. */
    public static Options options(long batchSize) { return new Options(batchSize, false, null, null, false, 0, 2, null, null, false); }

    private final Dataset<?> dataset;
    private final Options options;
    private final Function<List<Object>, B> collate;
    private final boolean defaultCollate;
    private final boolean iterable;
    private final Long batchSize;                   // null when batches come from a batch sampler or are not formed
    private final boolean dropLast;
    private final Sampler<Long> sampler;            // null for an iterable dataset
    private final Sampler<List<Long>> batchSampler; // null without automatic batching, and for an iterable dataset

    /** A loader that batches with {@link Collate#defaultCollate}. */
    public DataLoader(Dataset<B> dataset, Options options) { this(dataset, options, null, true); }

    /**
     * A loader with a custom collate function ({@code collate_fn}) turning a list of items into a batch.
     *
     * @throws IllegalArgumentException with {@code batchSize(null)} and no batch sampler: PyTorch then calls
     *                                  {@code collate_fn} on single items, which a function of lists cannot take
     */
    @SuppressWarnings("unchecked")
    public <T> DataLoader(Dataset<T> dataset, Options options, Function<List<T>, B> collate) {
        this(dataset, options, (Function<List<Object>, B>) (Function<?, ?>) collate, false);
    }

    private DataLoader(Dataset<?> dataset, Options o, Function<List<Object>, B> collate, boolean defaultCollate) {
        if (o.numWorkers() < 0) {
            throw new IllegalArgumentException("num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.");
        }
        if (o.persistentWorkers() && o.numWorkers() == 0) throw new IllegalArgumentException("persistent_workers option needs num_workers > 0");
        if (o.numWorkers() > 0 && o.prefetchFactor() <= 0) {
            throw new IllegalArgumentException("prefetch_factor option must be positive, got " + o.prefetchFactor());
        }
        iterable = dataset instanceof IterableDataset<?>;
        if (iterable) {
            String expected = "DataLoader with IterableDataset: expected unspecified ";
            if (o.shuffle()) throw new IllegalArgumentException(expected + "shuffle option, but got shuffle=True");
            if (o.sampler() != null) throw new IllegalArgumentException(expected + "sampler option, but got sampler=" + o.sampler());
            if (o.batchSampler() != null) {
                throw new IllegalArgumentException(expected + "batch_sampler option, but got batch_sampler=" + o.batchSampler());
            }
        }
        if (o.sampler() != null && o.shuffle()) throw new IllegalArgumentException("sampler option is mutually exclusive with shuffle");
        Long bs = o.batchSize();
        boolean drop = o.dropLast();
        if (o.batchSampler() != null) {
            if (bs == null || bs != 1 || o.shuffle() || o.sampler() != null || drop) {
                throw new IllegalArgumentException("batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last");
            }
            bs = null;
            drop = false;
        } else if (bs == null && drop) {
            throw new IllegalArgumentException("batch_size=None option disables auto-batching and is mutually exclusive with drop_last");
        }
        Sampler<Long> s = o.sampler();
        if (s == null && !iterable) s = o.shuffle() ? new RandomSampler(dataset, false, null, o.generator()) : new SequentialSampler(dataset);
        Sampler<List<Long>> b = o.batchSampler();
        if (bs != null) {
            if (iterable) BatchSampler.checkBatchSize(bs); // PyTorch batches an endless sampler of None: the same check
            else b = new BatchSampler(s, bs, drop);
        }
        if (!defaultCollate && bs == null && b == null) {
            throw new IllegalArgumentException("batch_size=None disables auto-batching, and PyTorch then calls collate_fn on each "
                    + "single item; a collate function of lists cannot take those: map the items instead");
        }
        this.dataset = dataset;
        this.options = o;
        this.collate = collate;
        this.defaultCollate = defaultCollate;
        this.batchSize = bs;
        this.dropLast = drop;
        this.sampler = s;
        this.batchSampler = b;
    }

    /** The dataset. */
    public Dataset<?> dataset() { return dataset; }

    /** {@code loader.sampler}: the one given, or the RandomSampler/SequentialSampler made; null for an iterable dataset. */
    public Sampler<Long> sampler() { return sampler; }

    /** {@code loader.batch_sampler}: the one given, or the BatchSampler made; null without batching or for an iterable dataset. */
    public Sampler<List<Long>> batchSampler() { return batchSampler; }

    /** {@code loader.batch_size}: null when batches come from a batch sampler, or are not formed. */
    public Long batchSize() { return batchSize; }

    /**
     * {@code len(loader)}: the batches per epoch, the length of the batch sampler (or of the sampler, without
     * batching); for an iterable dataset its size divided by the batch size.
     *
     * @throws UnsupportedOperationException when the sampler or iterable dataset has no length
     */
    public long size() {
        if (iterable) {
            long n = dataset.size();
            if (batchSize == null) return n;
            return dropLast ? n / batchSize : Math.ceilDiv(n, batchSize);
        }
        return batchSampler != null ? batchSampler.size() : sampler.size();
    }

    @SuppressWarnings("unchecked")
    private B load(long[] indices) {
        if (defaultCollate && dataset instanceof Gatherable g) {
            Example e = g.gather(indices);
            if (e != null) return (B) e;
        }
        List<Object> items = new ArrayList<>(indices.length);
        for (long i : indices) items.add(dataset.get(i));
        return collateItems(items);
    }

    private B collateItems(List<Object> items) { return defaultCollate ? Collate.defaultCollate(items) : collate.apply(items); }

    @Override
    public Iterator<B> iterator() {
        // _BaseDataLoaderIter: iter(index sampler), then the base seed (which seeds PyTorch's workers) from the
        // loader's generator; both samplers here start drawing only when their first element is asked for
        Iterator<?> indices = iterable ? null : batchSampler != null ? batchSampler.iterator() : sampler.iterator();
        Iterator<Supplier<B>> fetches;
        if (options.numWorkers() == 0) {
            Splits.drawSeed(options.generator());
            fetches = iterable ? streamFetches() : indexFetches(indices);
            return new Serial(fetches);
        }
        Workers w = persistent;
        if (w == null) {
            w = new Workers(options.numWorkers(), Splits.drawSeed(options.generator()));
            if (options.persistentWorkers()) persistent = w; // PyTorch draws the base seed for the first epoch only
        }
        fetches = iterable ? streamFetches() : indexFetches(indices);
        return new Prefetching(fetches, w);
    }

    /** One fetch per batch (or item) of a map-style dataset: the indices are taken now, the items read later. */
    @SuppressWarnings("unchecked")
    private Iterator<Supplier<B>> indexFetches(Iterator<?> indices) {
        return new Iterator<>() {
            @Override public boolean hasNext() { return indices.hasNext(); }

            @Override public Supplier<B> next() {
                Object next = indices.next();
                if (batchSampler == null) {
                    long i = (Long) next;
                    return () -> (B) dataset.get(i); // no batching: default_convert leaves Java objects as they are
                }
                List<Long> batch = (List<Long>) next;
                long[] idx = new long[batch.size()];
                for (int i = 0; i < idx.length; i++) idx[i] = batch.get(i);
                return () -> load(idx);
            }
        };
    }

    /** One fetch per batch of an iterable dataset: the items are read now, collated later (PyTorch's iterable fetcher). */
    @SuppressWarnings("unchecked")
    private Iterator<Supplier<B>> streamFetches() {
        Iterator<?> items = ((IterableDataset<?>) dataset).iterator();
        return new Lookahead<>() {
            @Override
            Supplier<B> advance() {
                if (!items.hasNext()) return null;
                if (batchSize == null) {
                    Object item = items.next();
                    return () -> (B) item;
                }
                List<Object> batch = take(items, batchSize);
                if (batch.size() < batchSize) { // the stream ended: PyTorch's fetcher stops after this batch
                    end();
                    if (dropLast) return null;
                }
                return () -> collateItems(batch);
            }
        };
    }

    private final class Serial implements Iterator<B> {
        private final Iterator<Supplier<B>> fetches;

        Serial(Iterator<Supplier<B>> fetches) { this.fetches = fetches; }

        @Override
        public boolean hasNext() { return fetches.hasNext(); }

        @Override
        public B next() {
            if (!hasNext()) throw new NoSuchElementException();
            try (var r = Profiling.range(Profiling.active() ? "enumerate(DataLoader)#_SingleProcessDataLoaderIter.__next__" : null)) {
                return fetches.next().get();
            }
        }
    }

    private static final AtomicInteger POOLS = new AtomicInteger();
    private static final ThreadLocal<WorkerInfo> WORKER = new ThreadLocal<>();

    /** {@code torch.utils.data.get_worker_info()}: this worker's id, count, seed and dataset; null off a worker thread. */
    public static WorkerInfo getWorkerInfo() { return WORKER.get(); }

    /** The workers' own state: a generator each (seeded base_seed + id), what they know, whether init ran. */
    private final class Workers {
        final Generator[] generators;
        final boolean[] initialised;
        final WorkerInfo[] infos;

        Workers(int n, long baseSeed) {
            generators = new Generator[n];
            initialised = new boolean[n];
            infos = new WorkerInfo[n];
            for (int w = 0; w < n; w++) {
                long seed = baseSeed + w;
                generators[w] = new Generator().manualSeed(seed);
                infos[w] = new WorkerInfo(w, n, seed, dataset);
            }
        }
    }

    /** With persistent_workers, the workers kept from the first epoch. */
    private Workers persistent;

    /**
     * Loads ahead on worker threads, as PyTorch's worker processes: batch k goes to worker k mod numWorkers, each
     * worker loads its batches in order with its own default generator seeded {@code base_seed + id} (so random
     * transforms draw what they draw in PyTorch's workers), and batches are delivered in order. Idle worker threads
     * end on their own, so an abandoned loop leaks nothing.
     */
    private final class Prefetching implements Iterator<B> {
        private final Iterator<Supplier<B>> fetches;
        private final ThreadPoolExecutor[] workers;
        private final Workers state;
        private final ArrayDeque<Future<B>> ahead = new ArrayDeque<>();
        private long dispatched;
        private boolean exhausted;

        Prefetching(Iterator<Supplier<B>> fetches, Workers state) {
            this.fetches = fetches;
            this.state = state;
            int n = options.numWorkers();
            int id = POOLS.incrementAndGet();
            workers = new ThreadPoolExecutor[n];
            for (int w = 0; w < n; w++) {
                String name = "torch4j-dataloader-" + id + "-worker-" + w;
                workers[w] = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
                workers[w].allowCoreThreadTimeOut(true);
            }
            fill();
        }

        /** Keeps numWorkers * prefetchFactor batches in flight; the sampler is asked only when one is missing. */
        private void fill() {
            int limit = options.numWorkers() * options.prefetchFactor();
            while (!exhausted && ahead.size() < limit) {
                if (!fetches.hasNext()) {
                    exhausted = true;
                    for (ThreadPoolExecutor w : workers) w.shutdown();
                    break;
                }
                Supplier<B> fetch = fetches.next();
                int w = (int) (dispatched++ % workers.length);
                ahead.add(workers[w].submit(() -> runOnWorker(w, fetch)));
            }
        }

        /** Runs on worker w's own thread: its generator and info in place, worker_init_fn before its first batch. */
        private B runOnWorker(int w, Supplier<B> fetch) {
            WORKER.set(state.infos[w]);
            try {
                return Generator.withDefault(state.generators[w], () -> {
                    if (!state.initialised[w]) {
                        state.initialised[w] = true;
                        if (options.workerInitFn() != null) options.workerInitFn().accept(w);
                    }
                    return fetch.get();
                });
            } finally {
                WORKER.remove();
            }
        }

        private void shutdownNow() { for (ThreadPoolExecutor w : workers) w.shutdownNow(); }

        @Override
        public boolean hasNext() { return !ahead.isEmpty(); }

        @Override
        public B next() {
            try (var r = Profiling.range(Profiling.active() ? "enumerate(DataLoader)#_MultiProcessingDataLoaderIter.__next__" : null)) {
                return nextBatch();
            }
        }

        private B nextBatch() {
            Future<B> f = ahead.poll();
            if (f == null) throw new NoSuchElementException();
            B b;
            try {
                b = f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                shutdownNow();
                throw new IllegalStateException("DataLoader: interrupted while waiting for a batch", e);
            } catch (ExecutionException e) {
                shutdownNow();
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
