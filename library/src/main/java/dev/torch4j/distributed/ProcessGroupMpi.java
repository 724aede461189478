package dev.torch4j.distributed;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.backend.cpu.CpuStorage;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The {@code "mpi"} backend ({@code ProcessGroupMPI}): collectives on CPU tensors through Open MPI
 * ({@link MpiLibrary}), on a duplicate of {@code MPI_COMM_WORLD} whose errors are returned, not fatal. Rank and
 * world size come from the MPI launcher ({@code mpirun -np N java ...}); a process started without one is a
 * singleton world of size 1.
 *
 * <p>Note [staging]: each call copies the tensor's Java array into native memory, hands that to MPI, and copies the
 * result back when the operation has finished (at once when synchronous, in {@link Work#waitFor()} when not): Java
 * arrays cannot stay pinned across a non-blocking call or a long wait (see {@link MpiLibrary}'s Note [memory]).
 * Float16 and bfloat16 travel as float32 in reductions (MPI has no half types): the sum is rounded once, at the end.
 *
 * <p>Note [lifetime]: MPI is initialised once per process, with the first group, and finalised when the JVM exits
 * (a shutdown hook), as PyTorch's MPI backend does: MPI cannot be initialised again after {@code MPI_Finalize}, so
 * {@code destroyProcessGroup} frees only the group's communicator, and a later {@code initProcessGroup("mpi")}
 * works. When MPI was already initialised by someone else, it is left to them to finalise.
 */
final class ProcessGroupMpi implements ProcessGroup {
    private static boolean initialized;

    private final MemorySegment comm;
    private final int rank, size;
    private volatile boolean closed;

    private ProcessGroupMpi(MemorySegment comm, int rank, int size) {
        this.comm = comm;
        this.rank = rank;
        this.size = size;
    }

    /** A group over all processes of the MPI job ({@code MPI_COMM_WORLD}), initialising MPI when needed. */
    static synchronized ProcessGroupMpi create() {
        MpiLibrary.require();
        initMpiOnce();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            MpiLibrary.call("MPI_Comm_dup", () -> (int) MpiLibrary.COMM_DUP.invokeExact(MpiLibrary.COMM_WORLD, out));
            MemorySegment comm = out.get(ADDRESS, 0);
            MpiLibrary.call("MPI_Comm_set_errhandler",
                    () -> (int) MpiLibrary.COMM_SET_ERRHANDLER.invokeExact(comm, MpiLibrary.ERRORS_RETURN));
            MemorySegment r = arena.allocate(JAVA_INT), s = arena.allocate(JAVA_INT);
            MpiLibrary.call("MPI_Comm_rank", () -> (int) MpiLibrary.COMM_RANK.invokeExact(comm, r));
            MpiLibrary.call("MPI_Comm_size", () -> (int) MpiLibrary.COMM_SIZE.invokeExact(comm, s));
            return new ProcessGroupMpi(comm, r.get(JAVA_INT, 0), s.get(JAVA_INT, 0));
        }
    }

    private static void initMpiOnce() {
        if (initialized) return;
        if (MpiLibrary.flag(true)) {
            throw new IllegalStateException("MPI has been finalized in this process and cannot be initialized again");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment provided = arena.allocate(JAVA_INT);
            if (MpiLibrary.flag(false)) {
                MpiLibrary.call("MPI_Query_thread", () -> (int) MpiLibrary.QUERY_THREAD.invokeExact(provided));
            } else {
                // argc and argv may be NULL (MPI-2): the launcher passes everything MPI needs in the environment
                MpiLibrary.call("MPI_Init_thread", () -> (int) MpiLibrary.INIT_THREAD.invokeExact(MemorySegment.NULL,
                        MemorySegment.NULL, MpiLibrary.THREAD_MULTIPLE, provided));
                Runtime.getRuntime().addShutdownHook(new Thread(ProcessGroupMpi::finalizeMpi, "torch4j-mpi-finalize"));
            }
            MpiLibrary.threadLevel(provided.get(JAVA_INT, 0));
        }
        initialized = true;
    }

    private static void finalizeMpi() {
        try {
            if (!MpiLibrary.flag(true)) MpiLibrary.call("MPI_Finalize", () -> (int) MpiLibrary.FINALIZE.invokeExact());
        } catch (RuntimeException e) {
            System.err.println("torch4j: " + e.getMessage());
        }
    }

    @Override public int rank() { return rank; }

    @Override public int size() { return size; }

    @Override public String backend() { return "mpi"; }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment handle = arena.allocate(ADDRESS);
            handle.set(ADDRESS, 0, comm);
            if (!MpiLibrary.flag(true)) MpiLibrary.call("MPI_Comm_free", () -> (int) MpiLibrary.COMM_FREE.invokeExact(handle));
        }
    }

    @Override
    public String toString() { return "ProcessGroupMPI(rank=" + rank + ", size=" + size + ")"; }

    // ---------------------------------------------------------------- collectives

    @Override
    public Work allReduce(Tensor tensor, ReduceOp op, boolean asyncOp) {
        checkOpen();
        checkTensor(tensor, "input");
        MemorySegment mpiOp = mpiOp(op, tensor.dtype());
        DType wire = wireType(tensor.dtype(), true);
        int count = (int) tensor.numel();
        Arena arena = arena(asyncOp);
        MemorySegment buf = stageIn(arena, tensor, wire);
        MemorySegment type = datatype(wire);
        return start(asyncOp, arena, "MPI_Allreduce",
                () -> (int) MpiLibrary.ALLREDUCE.invokeExact(MpiLibrary.IN_PLACE, buf, count, type, mpiOp, comm),
                req -> (int) MpiLibrary.IALLREDUCE.invokeExact(MpiLibrary.IN_PLACE, buf, count, type, mpiOp, comm, req),
                () -> {
                    if (op == ReduceOp.AVG) divide(buf, count, wire, size);
                    stageOut(buf, tensor, wire);
                });
    }

    @Override
    public Work broadcast(Tensor tensor, int src, boolean asyncOp) {
        checkOpen();
        checkTensor(tensor, "input");
        checkRank(src, "rootRank");
        DType wire = tensor.dtype();
        int count = (int) tensor.numel();
        Arena arena = arena(asyncOp);
        MemorySegment buf = rank == src ? stageIn(arena, tensor, wire) : allocate(arena, tensor.numel(), wire);
        MemorySegment type = datatype(wire);
        return start(asyncOp, arena, "MPI_Bcast",
                () -> (int) MpiLibrary.BCAST.invokeExact(buf, count, type, src, comm),
                req -> (int) MpiLibrary.IBCAST.invokeExact(buf, count, type, src, comm, req),
                () -> {
                    if (rank != src) stageOut(buf, tensor, wire);
                });
    }

    @Override
    public Work allGatherIntoTensor(Tensor output, Tensor input, boolean asyncOp) {
        checkOpen();
        checkTensor(input, "input");
        checkTensor(output, "output");
        if (output.dtype() != input.dtype()) throw new IllegalArgumentException("output tensor must have the same type as input tensor");
        if (output.numel() != input.numel() * size) {
            throw new IllegalArgumentException("output tensor size must be equal to world_size times input tensor size");
        }
        DType wire = input.dtype();
        int count = (int) input.numel();
        Arena arena = arena(asyncOp);
        MemorySegment send = stageIn(arena, input, wire);
        MemorySegment recv = allocate(arena, output.numel(), wire);
        MemorySegment type = datatype(wire);
        return start(asyncOp, arena, "MPI_Allgather",
                () -> (int) MpiLibrary.ALLGATHER.invokeExact(send, count, type, recv, count, type, comm),
                req -> (int) MpiLibrary.IALLGATHER.invokeExact(send, count, type, recv, count, type, comm, req),
                () -> stageOut(recv, output, wire));
    }

    @Override
    public Work reduceScatterTensor(Tensor output, Tensor input, ReduceOp op, boolean asyncOp) {
        checkOpen();
        checkTensor(input, "input");
        checkTensor(output, "output");
        if (output.dtype() != input.dtype()) throw new IllegalArgumentException("input tensor must be the same type as the output tensor");
        if (input.numel() != output.numel() * size) {
            throw new IllegalArgumentException("input tensor must be the same size as output size times world size");
        }
        MemorySegment mpiOp = mpiOp(op, input.dtype());
        DType wire = wireType(input.dtype(), true);
        int count = (int) output.numel();
        Arena arena = arena(asyncOp);
        MemorySegment send = stageIn(arena, input, wire);
        MemorySegment recv = allocate(arena, output.numel(), wire);
        MemorySegment type = datatype(wire);
        return start(asyncOp, arena, "MPI_Reduce_scatter_block",
                () -> (int) MpiLibrary.REDUCE_SCATTER_BLOCK.invokeExact(send, recv, count, type, mpiOp, comm),
                req -> (int) MpiLibrary.IREDUCE_SCATTER_BLOCK.invokeExact(send, recv, count, type, mpiOp, comm, req),
                () -> {
                    if (op == ReduceOp.AVG) divide(recv, count, wire, size);
                    stageOut(recv, output, wire);
                });
    }

    @Override
    public Work barrier(boolean asyncOp) {
        checkOpen();
        Arena arena = arena(asyncOp);
        return start(asyncOp, arena, "MPI_Barrier",
                () -> (int) MpiLibrary.BARRIER.invokeExact(comm),
                req -> (int) MpiLibrary.IBARRIER.invokeExact(comm, req),
                () -> {});
    }

    @Override
    public Work send(Tensor tensor, int dst, int tag, boolean asyncOp) {
        checkOpen();
        checkTensor(tensor, "input");
        checkRank(dst, "destination rank");
        if (dst == rank) throw new IllegalArgumentException("Invalid destination rank: should not be the same as rank of the current process.");
        checkTag(tag);
        DType wire = tensor.dtype();
        int count = (int) tensor.numel();
        Arena arena = arena(asyncOp);
        MemorySegment buf = stageIn(arena, tensor, wire);
        MemorySegment type = datatype(wire);
        return start(asyncOp, arena, "MPI_Send",
                () -> (int) MpiLibrary.SEND.invokeExact(buf, count, type, dst, tag, comm),
                req -> (int) MpiLibrary.ISEND.invokeExact(buf, count, type, dst, tag, comm, req),
                () -> {});
    }

    @Override
    public Work recv(Tensor tensor, int src, int tag, boolean asyncOp) {
        checkOpen();
        checkTensor(tensor, "output");
        if (src != MpiLibrary.ANY_SOURCE) checkRank(src, "source rank");
        if (src == rank) throw new IllegalArgumentException("Invalid source rank: should not be the same as rank of the current process.");
        checkTag(tag);
        DType wire = tensor.dtype();
        int count = (int) tensor.numel();
        Arena arena = arena(asyncOp);
        MemorySegment buf = allocate(arena, tensor.numel(), wire);
        MemorySegment type = datatype(wire);
        if (!asyncOp) {
            try (arena) {
                MemorySegment status = arena.allocate(MpiLibrary.STATUS_BYTES, 8);
                MpiLibrary.call("MPI_Recv", () -> (int) MpiLibrary.RECV.invokeExact(buf, count, type, src, tag, comm, status));
                stageOut(buf, tensor, wire);
                return new Received(status.get(JAVA_INT, 0)); // MPI_SOURCE is the status's first field
            }
        }
        return start(true, arena, "MPI_Recv", null,
                req -> (int) MpiLibrary.IRECV.invokeExact(buf, count, type, src, tag, comm, req),
                () -> stageOut(buf, tensor, wire));
    }

    /** The handle of a finished synchronous receive. */
    private record Received(int sourceRank) implements Work {
        @Override public boolean waitFor() { return true; }

        @Override public boolean isCompleted() { return true; }
    }

    // ---------------------------------------------------------------- calls and handles

    /** The start of a non-blocking MPI call, given where to write its {@code MPI_Request}. */
    @FunctionalInterface
    private interface NonBlocking {
        int start(MemorySegment request) throws Throwable;
    }

    /**
     * Runs the blocking call and {@code finish} (copying results out), or starts the non-blocking one and returns
     * the handle that finishes it. {@code arena} holds the staged buffers and is closed once the operation is done.
     */
    private Work start(boolean asyncOp, Arena arena, String function, MpiLibrary.Call blocking, NonBlocking nonBlocking,
                       Runnable finish) {
        try {
            if (!asyncOp) {
                try (arena) {
                    MpiLibrary.call(function, blocking);
                    finish.run();
                }
                return Work.completed();
            }
            MemorySegment request = arena.allocate(ADDRESS);
            MemorySegment status = arena.allocate(MpiLibrary.STATUS_BYTES, 8);
            MemorySegment flag = arena.allocate(JAVA_INT);
            String name = "MPI_I" + Character.toLowerCase(function.charAt(4)) + function.substring(5);
            MpiLibrary.call(name, () -> nonBlocking.start(request));
            return new MpiWork(request, status, flag, arena, finish, function.equals("MPI_Recv"));
        } catch (RuntimeException | Error e) {
            if (arena.scope().isAlive()) arena.close();
            throw e;
        }
    }

    /** An operation in flight: an {@code MPI_Request} and the native buffers it uses. */
    private static final class MpiWork implements Work {
        private final MemorySegment request, status, flag;
        private final Arena arena;
        private final Runnable finish;
        private final boolean receive;
        private boolean done;
        private RuntimeException failure;
        private int source = -1;

        MpiWork(MemorySegment request, MemorySegment status, MemorySegment flag, Arena arena, Runnable finish,
                boolean receive) {
            this.request = request;
            this.receive = receive;
            this.status = status;
            this.flag = flag;
            this.arena = arena;
            this.finish = finish;
        }

        @Override
        public synchronized boolean waitFor() {
            if (!done) {
                try {
                    MpiLibrary.call("MPI_Wait", () -> (int) MpiLibrary.WAIT.invokeExact(request, status));
                    complete(null);
                } catch (RuntimeException e) {
                    complete(e);
                }
            }
            if (failure != null) throw failure;
            return true;
        }

        @Override
        public synchronized boolean isCompleted() {
            if (done) return true;
            try {
                MpiLibrary.call("MPI_Test", () -> (int) MpiLibrary.TEST.invokeExact(request, flag, status));
                if (flag.get(JAVA_INT, 0) != 0) complete(null);
            } catch (RuntimeException e) {
                complete(e);
            }
            return done;
        }

        @Override
        public synchronized int sourceRank() {
            if (!receive || !done || source < 0) return Work.super.sourceRank();
            return source;
        }

        private void complete(RuntimeException error) {
            done = true;
            try {
                if (error == null) {
                    source = status.get(JAVA_INT, 0); // MPI_SOURCE is the status's first field
                    finish.run();
                }
            } catch (RuntimeException e) {
                error = e;
            } finally {
                arena.close();
            }
            failure = error;
        }
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("this process group has been destroyed (destroyProcessGroup)");
    }

    private void checkRank(int r, String what) {
        if (r < 0 || r >= size) throw new IllegalArgumentException("Invalid " + what + " " + r + " for a group of size " + size);
    }

    private static void checkTag(int tag) {
        if (tag < 0) throw new IllegalArgumentException("tag must be non-negative, got " + tag);
    }

    private static void checkTensor(Tensor t, String what) {
        if (!(t.storage() instanceof CpuStorage)) {
            throw new IllegalArgumentException("the MPI backend works on CPU tensors, but the " + what + " tensor is on "
                    + t.device() + ": CUDA tensors need the NCCL backend, which torch4j does not have yet (move the "
                    + "tensor with .cpu() first)");
        }
        if (!t.isContiguous()) throw new IllegalArgumentException(what + " tensor has to be contiguous");
    }

    /** Async operations keep their buffers past this call, maybe waited for on another thread: a shared arena. */
    private static Arena arena(boolean asyncOp) { return asyncOp ? Arena.ofShared() : Arena.ofConfined(); }

    /** The dtype whose elements MPI carries: float16/bfloat16 reductions run in float32 (Note [staging]). */
    private static DType wireType(DType d, boolean reduction) {
        return reduction && (d == DType.FLOAT16 || d == DType.BFLOAT16) ? DType.FLOAT32 : d;
    }

    private static MemorySegment datatype(DType wire) {
        return switch (wire) {
            case COMPLEX64, COMPLEX128 -> throw new IllegalArgumentException("complex dtypes reach this code only through their real view");
            case QUINT8, QINT8, QINT32, QUINT4X2 -> throw new IllegalArgumentException("quantized dtypes reach this code only through their integer view");
            case FLOAT32 -> MpiLibrary.FLOAT;
            case FLOAT64 -> MpiLibrary.DOUBLE;
            case INT64 -> MpiLibrary.INT64;
            case INT32 -> MpiLibrary.INT32;
            case INT16, FLOAT16, BFLOAT16 -> MpiLibrary.INT16; // moved, never reduced, as 16-bit words
            case INT8 -> MpiLibrary.INT8;
            case UINT8, BOOL -> MpiLibrary.UINT8;
        };
    }

    /** The MPI operation for {@code op} on {@code dtype}, with PyTorch's checks. */
    private static MemorySegment mpiOp(ReduceOp op, DType dtype) {
        boolean bool = dtype == DType.BOOL, integral = bool || !dtype.isFloatingPoint();
        return switch (op) {
            case SUM -> bool ? MpiLibrary.OP_MAX : MpiLibrary.OP_SUM;
            case PRODUCT -> bool ? MpiLibrary.OP_MIN : MpiLibrary.OP_PROD;
            case MIN -> MpiLibrary.OP_MIN;
            case MAX -> MpiLibrary.OP_MAX;
            case AVG -> {
                if (bool) throw new IllegalArgumentException("Cannot use ReduceOp.AVG with bool tensors");
                yield MpiLibrary.OP_SUM;
            }
            case BAND, BOR, BXOR -> {
                if (!integral) throw new IllegalArgumentException("Cannot use " + op + " with " + dtype + " tensors: "
                        + "bitwise reductions need integer or bool tensors");
                yield op == ReduceOp.BAND ? MpiLibrary.OP_BAND : op == ReduceOp.BOR ? MpiLibrary.OP_BOR : MpiLibrary.OP_BXOR;
            }
        };
    }

    private static MemorySegment allocate(Arena arena, long numel, DType wire) {
        return arena.allocate(Math.max(1, numel * wire.itemSize()), 16);
    }

    /** Native memory holding {@code t}'s elements as {@code wire} (Note [staging]); {@code t} is contiguous. */
    private static MemorySegment stageIn(Arena arena, Tensor t, DType wire) {
        MemorySegment seg = allocate(arena, t.numel(), wire);
        Tensor src = t.dtype() == wire ? t : t.detach().to(wire);
        long item = wire.itemSize();
        MemorySegment.copy(heap(((CpuStorage) src.storage()).array()), src.storageOffset() * item, seg, 0, src.numel() * item);
        return seg;
    }

    /** Writes the {@code wire} elements in {@code seg} into {@code t} (contiguous), converting when the dtypes differ. */
    private static void stageOut(MemorySegment seg, Tensor t, DType wire) {
        Tensor src = t;
        long srcOffset = 0;
        if (t.dtype() != wire) { // a float16/bfloat16 reduction: round the float32 result once
            float[] result = new float[(int) t.numel()];
            MemorySegment.copy(seg, JAVA_FLOAT, 0, result, 0, result.length);
            src = Torch.fromArray(result).to(t.dtype());
            seg = heap(((CpuStorage) src.storage()).array());
            srcOffset = src.storageOffset() * t.elementSize();
        }
        long item = t.elementSize();
        MemorySegment.copy(seg, srcOffset, heap(((CpuStorage) t.storage()).array()), t.storageOffset() * item, t.numel() * item);
        t.storage().bumpVersion(); // an in-place write, as far as autograd's checks are concerned
    }

    /** {@link ReduceOp#AVG}'s division of the sum by the world size, in the wire dtype (integers truncate). */
    private static void divide(MemorySegment seg, long n, DType wire, int size) {
        switch (wire) {
            case FLOAT32 -> { for (long i = 0; i < n; i++) seg.setAtIndex(JAVA_FLOAT, i, seg.getAtIndex(JAVA_FLOAT, i) / size); }
            case FLOAT64 -> { for (long i = 0; i < n; i++) seg.setAtIndex(JAVA_DOUBLE, i, seg.getAtIndex(JAVA_DOUBLE, i) / size); }
            case INT64 -> { for (long i = 0; i < n; i++) seg.setAtIndex(JAVA_LONG, i, seg.getAtIndex(JAVA_LONG, i) / size); }
            case INT32 -> { for (long i = 0; i < n; i++) seg.setAtIndex(JAVA_INT, i, seg.getAtIndex(JAVA_INT, i) / size); }
            case INT16 -> { for (long i = 0; i < n; i++) seg.setAtIndex(JAVA_SHORT, i, (short) (seg.getAtIndex(JAVA_SHORT, i) / size)); }
            case INT8 -> { for (long i = 0; i < n; i++) seg.setAtIndex(JAVA_BYTE, i, (byte) (seg.getAtIndex(JAVA_BYTE, i) / size)); }
            case UINT8 -> { for (long i = 0; i < n; i++) seg.setAtIndex(JAVA_BYTE, i, (byte) ((seg.getAtIndex(JAVA_BYTE, i) & 0xff) / size)); }
            default -> throw new IllegalStateException("no average for " + wire);
        }
    }

    /** A heap segment over a CPU storage's array (any of its carrier types). */
    private static MemorySegment heap(Object array) {
        return switch (array) {
            case float[] a -> MemorySegment.ofArray(a);
            case double[] a -> MemorySegment.ofArray(a);
            case long[] a -> MemorySegment.ofArray(a);
            case int[] a -> MemorySegment.ofArray(a);
            case short[] a -> MemorySegment.ofArray(a);
            case byte[] a -> MemorySegment.ofArray(a);
            default -> throw new IllegalArgumentException("not a CPU storage array: " + array.getClass());
        };
    }
}
