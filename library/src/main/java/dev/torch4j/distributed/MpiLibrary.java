package dev.torch4j.distributed;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Open MPI's C API ({@code libmpi.so.40}), reached through the FFM API.
 *
 * <p>The library is looked for in this order: the path in the {@code torch4j.mpi.path} system property, then the
 * {@code TORCH4J_MPI} environment variable, {@code $MPI_HOME/lib/libmpi.so.40}, {@code libmpi.so.40} through the
 * dynamic loader, then the places Debian/Ubuntu and Fedora/RHEL install it. When none loads, {@link #AVAILABLE} is
 * false and {@link #loadError()} lists every path tried.
 *
 * <p>Note [handles]: Open MPI's predefined handles are addresses of global objects of the library:
 * {@code MPI_COMM_WORLD} is {@code &ompi_mpi_comm_world}, {@code MPI_FLOAT} is {@code &ompi_mpi_float},
 * {@code MPI_SUM} is {@code &ompi_mpi_op_sum}, and so on. The symbol's address, found by {@link SymbolLookup}, is
 * the handle. That is Open MPI's ABI; MPICH's handles are integers, so an MPICH {@code libmpi} is refused (no
 * {@code ompi_mpi_comm_world}). {@code MPI_IN_PLACE} is {@code (void*)1} and {@code MPI_STATUS_IGNORE} is NULL.
 *
 * <p>Note [memory]: no downcall here is critical, so every buffer handed to MPI is native memory (the caller
 * copies a tensor's Java array in and out, see {@link ProcessGroupMpi}). A blocking collective can wait for a slow
 * peer for as long as it likes without holding up the JVM's garbage collector, and a non-blocking one can keep its
 * buffer past the call.
 *
 * <p>Note [threads]: {@code MPI_Init_thread} asks for {@code MPI_THREAD_MULTIPLE}. When the library grants less,
 * every call goes through one lock ({@link #call}), which makes the process {@code MPI_THREAD_SERIALIZED}.
 */
final class MpiLibrary {
    static final int THREAD_SINGLE = 0, THREAD_FUNNELED = 1, THREAD_SERIALIZED = 2, THREAD_MULTIPLE = 3;
    static final int ANY_SOURCE = -1;
    /** {@code sizeof(MPI_Status)} in Open MPI 4 and 5 is 24 bytes (five ints and a size_t); room for more. */
    static final long STATUS_BYTES = 64;
    static final MemorySegment IN_PLACE = MemorySegment.ofAddress(1);

    /** True when an Open MPI {@code libmpi} was loaded and bound. */
    static final boolean AVAILABLE;
    private static final String LOADED_FROM, LOAD_ERROR;

    static final MethodHandle INITIALIZED, FINALIZED, INIT_THREAD, QUERY_THREAD, FINALIZE, COMM_DUP, COMM_FREE,
            COMM_RANK, COMM_SIZE, COMM_SET_ERRHANDLER, ERROR_STRING, GET_LIBRARY_VERSION, ALLREDUCE, IALLREDUCE,
            BCAST, IBCAST, ALLGATHER, IALLGATHER, REDUCE_SCATTER_BLOCK, IREDUCE_SCATTER_BLOCK, BARRIER, IBARRIER, SEND,
            ISEND, RECV, IRECV, WAIT, TEST;

    /** Predefined handles (Note [handles]); null when the library is absent. */
    static final MemorySegment COMM_WORLD, ERRORS_RETURN, FLOAT, DOUBLE, INT8, UINT8, INT16, INT32, INT64, OP_SUM,
            OP_PROD, OP_MIN, OP_MAX, OP_BAND, OP_BOR, OP_BXOR;

    /** Held around every call when MPI did not grant {@code MPI_THREAD_MULTIPLE} (Note [threads]). */
    private static final ReentrantLock SERIAL = new ReentrantLock();
    private static volatile boolean serialize = true;

    /** The outcome of looking for the library: where it was found, or why not. */
    record Loaded(SymbolLookup lookup, String from, String error) {}

    static {
        Loaded found = load(candidates());
        SymbolLookup lib = found.lookup();
        String error = found.error();
        MethodHandle[] h = new MethodHandle[28];
        MemorySegment[] s = new MemorySegment[16];
        if (lib != null) {
            try {
                Linker linker = Linker.nativeLinker();
                FunctionDescriptor i1 = FunctionDescriptor.of(JAVA_INT, ADDRESS);
                FunctionDescriptor i2 = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);
                int k = 0;
                h[k++] = bind(linker, lib, "MPI_Initialized", i1);
                h[k++] = bind(linker, lib, "MPI_Finalized", i1);
                h[k++] = bind(linker, lib, "MPI_Init_thread", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
                h[k++] = bind(linker, lib, "MPI_Query_thread", i1);
                h[k++] = bind(linker, lib, "MPI_Finalize", FunctionDescriptor.of(JAVA_INT));
                h[k++] = bind(linker, lib, "MPI_Comm_dup", i2);
                h[k++] = bind(linker, lib, "MPI_Comm_free", i1);
                h[k++] = bind(linker, lib, "MPI_Comm_rank", i2);
                h[k++] = bind(linker, lib, "MPI_Comm_size", i2);
                h[k++] = bind(linker, lib, "MPI_Comm_set_errhandler", i2);
                h[k++] = bind(linker, lib, "MPI_Error_string", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
                h[k++] = bind(linker, lib, "MPI_Get_library_version", i2);
                // (sendbuf, recvbuf, count, datatype, op, comm[, request])
                FunctionDescriptor reduce = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
                h[k++] = bind(linker, lib, "MPI_Allreduce", reduce);
                h[k++] = bind(linker, lib, "MPI_Iallreduce", reduce.appendArgumentLayouts(ADDRESS));
                // (buffer, count, datatype, root, comm[, request])
                FunctionDescriptor bcast = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
                h[k++] = bind(linker, lib, "MPI_Bcast", bcast);
                h[k++] = bind(linker, lib, "MPI_Ibcast", bcast.appendArgumentLayouts(ADDRESS));
                // (sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, comm[, request])
                FunctionDescriptor gather = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT,
                        ADDRESS, ADDRESS);
                h[k++] = bind(linker, lib, "MPI_Allgather", gather);
                h[k++] = bind(linker, lib, "MPI_Iallgather", gather.appendArgumentLayouts(ADDRESS));
                // (sendbuf, recvbuf, recvcount, datatype, op, comm[, request])
                h[k++] = bind(linker, lib, "MPI_Reduce_scatter_block", reduce);
                h[k++] = bind(linker, lib, "MPI_Ireduce_scatter_block", reduce.appendArgumentLayouts(ADDRESS));
                h[k++] = bind(linker, lib, "MPI_Barrier", i1);
                h[k++] = bind(linker, lib, "MPI_Ibarrier", i2);
                // (buf, count, datatype, peer, tag, comm[, request or status])
                FunctionDescriptor p2p = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS);
                h[k++] = bind(linker, lib, "MPI_Send", p2p);
                h[k++] = bind(linker, lib, "MPI_Isend", p2p.appendArgumentLayouts(ADDRESS));
                h[k++] = bind(linker, lib, "MPI_Recv", p2p.appendArgumentLayouts(ADDRESS));
                h[k++] = bind(linker, lib, "MPI_Irecv", p2p.appendArgumentLayouts(ADDRESS));
                h[k++] = bind(linker, lib, "MPI_Wait", i2);
                h[k++] = bind(linker, lib, "MPI_Test", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
                String[] names = {"ompi_mpi_comm_world", "ompi_mpi_errors_return", "ompi_mpi_float", "ompi_mpi_double",
                        "ompi_mpi_int8_t", "ompi_mpi_uint8_t", "ompi_mpi_int16_t", "ompi_mpi_int32_t", "ompi_mpi_int64_t",
                        "ompi_mpi_op_sum", "ompi_mpi_op_prod", "ompi_mpi_op_min", "ompi_mpi_op_max", "ompi_mpi_op_band",
                        "ompi_mpi_op_bor", "ompi_mpi_op_bxor"};
                for (int i = 0; i < names.length; i++) s[i] = symbol(lib, names[i]);
            } catch (RuntimeException e) {
                // a missing symbol, or IllegalCallerException when native access is not enabled for this module
                error = "found " + found.from() + " but could not bind it: " + e.getMessage();
                h = new MethodHandle[h.length];
                s = new MemorySegment[s.length];
                lib = null;
            }
        }
        int k = 0;
        INITIALIZED = h[k++];
        FINALIZED = h[k++];
        INIT_THREAD = h[k++];
        QUERY_THREAD = h[k++];
        FINALIZE = h[k++];
        COMM_DUP = h[k++];
        COMM_FREE = h[k++];
        COMM_RANK = h[k++];
        COMM_SIZE = h[k++];
        COMM_SET_ERRHANDLER = h[k++];
        ERROR_STRING = h[k++];
        GET_LIBRARY_VERSION = h[k++];
        ALLREDUCE = h[k++];
        IALLREDUCE = h[k++];
        BCAST = h[k++];
        IBCAST = h[k++];
        ALLGATHER = h[k++];
        IALLGATHER = h[k++];
        REDUCE_SCATTER_BLOCK = h[k++];
        IREDUCE_SCATTER_BLOCK = h[k++];
        BARRIER = h[k++];
        IBARRIER = h[k++];
        SEND = h[k++];
        ISEND = h[k++];
        RECV = h[k++];
        IRECV = h[k++];
        WAIT = h[k++];
        TEST = h[k++];
        k = 0;
        COMM_WORLD = s[k++];
        ERRORS_RETURN = s[k++];
        FLOAT = s[k++];
        DOUBLE = s[k++];
        INT8 = s[k++];
        UINT8 = s[k++];
        INT16 = s[k++];
        INT32 = s[k++];
        INT64 = s[k++];
        OP_SUM = s[k++];
        OP_PROD = s[k++];
        OP_MIN = s[k++];
        OP_MAX = s[k++];
        OP_BAND = s[k++];
        OP_BOR = s[k++];
        OP_BXOR = s[k++];
        LOADED_FROM = lib == null ? null : found.from();
        LOAD_ERROR = lib == null ? error : null;
        AVAILABLE = lib != null;
    }

    private MpiLibrary() {}

    /** Where to look, in order (see the class comment). */
    static List<String> candidates() {
        List<String> c = new ArrayList<>();
        String prop = System.getProperty("torch4j.mpi.path");
        if (prop != null && !prop.isBlank()) c.add(prop);
        String env = System.getenv("TORCH4J_MPI");
        if (env != null && !env.isBlank()) c.add(env);
        String home = System.getenv("MPI_HOME");
        if (home != null && !home.isBlank()) c.add(home + "/lib/libmpi.so.40");
        c.add("libmpi.so.40");
        String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch64" : "x86_64";
        c.add("/usr/lib/" + arch + "-linux-gnu/libmpi.so.40");
        c.add("/usr/lib/" + arch + "-linux-gnu/openmpi/lib/libmpi.so.40");
        c.add("/usr/lib64/openmpi/lib/libmpi.so.40");
        c.add("/usr/local/lib/libmpi.so.40");
        return c;
    }

    /**
     * Opens the first candidate that is an Open MPI {@code libmpi}; with none, the error lists every candidate and
     * why it failed. Loading runs no MPI code: {@code MPI_Init_thread} is called by {@link ProcessGroupMpi}.
     */
    static Loaded load(List<String> candidates) {
        List<String> tried = new ArrayList<>();
        for (String candidate : candidates) {
            try {
                SymbolLookup l = SymbolLookup.libraryLookup(candidate, Arena.global());
                if (l.find("MPI_Init_thread").isEmpty()) {
                    tried.add(candidate + " (no MPI_Init_thread: not an MPI library)");
                } else if (l.find("ompi_mpi_comm_world").isEmpty()) {
                    tried.add(candidate + " (an MPI library, but not Open MPI: only Open MPI's ABI is supported)");
                } else {
                    return new Loaded(l, candidate, null);
                }
            } catch (IllegalArgumentException | UnsatisfiedLinkError e) {
                tried.add(candidate + " (" + e.getMessage() + ")");
            }
        }
        return new Loaded(null, null, "no Open MPI library (libmpi.so.40) found; tried " + String.join(", ", tried)
                + ". Install Open MPI (Debian/Ubuntu: apt-get install openmpi-bin) or set TORCH4J_MPI to the library's path");
    }

    private static MethodHandle bind(Linker linker, SymbolLookup lib, String name, FunctionDescriptor fd) {
        return linker.downcallHandle(lib.find(name).orElseThrow(() -> new IllegalStateException("no symbol " + name)), fd);
    }

    private static MemorySegment symbol(SymbolLookup lib, String name) {
        return lib.find(name).orElseThrow(() -> new IllegalStateException("no symbol " + name));
    }

    /** Path or name the library was loaded from, or null. */
    static String loadedFrom() { return LOADED_FROM; }

    /** Why no library is in use, or null when one is. */
    static String loadError() { return LOAD_ERROR; }

    /** Throws, with the paths tried, when the library is absent. */
    static void require() {
        if (!AVAILABLE) throw new IllegalStateException("the MPI backend is not available: " + LOAD_ERROR);
    }

    /** Makes every later call take the lock unless {@code provided} is {@code MPI_THREAD_MULTIPLE}. */
    static void threadLevel(int provided) { serialize = provided < THREAD_MULTIPLE; }

    /** One MPI function call, returning its error code. */
    @FunctionalInterface
    interface Call {
        int invoke() throws Throwable;
    }

    /** Runs {@code call} (under the lock when serialized) and throws a {@link DistBackendError} on an error code. */
    static void call(String function, Call call) {
        int rc;
        boolean lock = serialize;
        if (lock) SERIAL.lock();
        try {
            rc = call.invoke();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new DistBackendError(function + " failed: " + e, e);
        } finally {
            if (lock) SERIAL.unlock();
        }
        if (rc != 0) throw new DistBackendError(function + " failed with MPI error " + rc + ": " + errorString(rc));
    }

    /** {@code MPI_Error_string(code)}. */
    static String errorString(int code) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment text = arena.allocate(256 + 1); // MPI_MAX_ERROR_STRING is 256 in Open MPI
            MemorySegment len = arena.allocate(JAVA_INT);
            int rc = (int) ERROR_STRING.invokeExact(code, text, len);
            return rc == 0 ? text.getString(0) : "(MPI_Error_string failed too)";
        } catch (Throwable e) {
            return "(no message: " + e + ")";
        }
    }

    /** {@code MPI_Get_library_version}: Open MPI's version line, or null. */
    static String libraryVersion() {
        if (!AVAILABLE) return null;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment text = arena.allocate(1024); // MPI_MAX_LIBRARY_VERSION_STRING is 256 in Open MPI 4
            MemorySegment len = arena.allocate(JAVA_INT);
            int rc = (int) GET_LIBRARY_VERSION.invokeExact(text, len);
            return rc == 0 ? text.getString(0).strip() : null;
        } catch (Throwable e) {
            return null;
        }
    }

    /** {@code MPI_Initialized} or, with {@code finalized}, {@code MPI_Finalized}. */
    static boolean flag(boolean finalized) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment f = arena.allocate(JAVA_INT);
            call(finalized ? "MPI_Finalized" : "MPI_Initialized",
                    () -> (int) (finalized ? FINALIZED : INITIALIZED).invokeExact(f));
            return f.get(JAVA_INT, 0) != 0;
        }
    }
}
