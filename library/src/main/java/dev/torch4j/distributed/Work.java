package dev.torch4j.distributed;

/**
 * The handle of a collective started with {@code asyncOp = true} ({@code torch.distributed.Work}). The output
 * tensors hold the result only after {@link #waitFor()} returns; until then they must not be read or written.
 * Every handle must be waited for: an MPI request left pending keeps its buffers and fails {@code MPI_Finalize}.
 *
 * <pre>{@code
 * Work w = Dist.allReduce(grad, ReduceOp.SUM, true);
 * computeSomethingElse();
 * w.waitFor();                      // grad now holds the sum over all ranks
 * }</pre>
 */
public interface Work {
    /**
     * {@code work.wait()}: blocks until the operation has finished and its results are in the output tensors
     * (Java's {@code Object.wait} takes the name). Returns true, as PyTorch's does; later calls return at once.
     *
     * @throws DistBackendError when the operation failed
     */
    boolean waitFor();

    /** {@code work.is_completed()}: true once finished (asking lets MPI progress the operation; never blocks). */
    boolean isCompleted();

    /**
     * The rank a finished receive got its message from ({@code work._source_rank()}).
     *
     * @throws IllegalStateException for anything but a finished receive
     */
    default int sourceRank() {
        throw new IllegalStateException("sourceRank() is only available on the Work of a finished receive");
    }

    /** A handle that is already complete (what a synchronous call gives). */
    static Work completed() { return Completed.INSTANCE; }

    /** A handle that runs {@code then} once, after this one completes (e.g. copying a gathered buffer out). */
    default Work andThen(Runnable then) {
        Work first = this;
        return new Work() {
            private boolean ran;

            @Override
            public synchronized boolean waitFor() {
                first.waitFor();
                finish();
                return true;
            }

            @Override
            public synchronized boolean isCompleted() {
                if (ran) return true;
                if (!first.isCompleted()) return false;
                finish();
                return true;
            }

            private void finish() {
                if (!ran) {
                    ran = true;
                    then.run();
                }
            }
        };
    }
}

/** The handle of a finished operation. */
enum Completed implements Work {
    INSTANCE;

    @Override public boolean waitFor() { return true; }

    @Override public boolean isCompleted() { return true; }
}
