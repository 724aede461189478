package dev.torch4j.backend.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.torch4j.backend.Strided;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.List;

/**
 * One kernel entry point: its module (the .cu file's base name), name and parameter list, declared once as a
 * static final field next to the Java code that launches it. Launches marshal the arguments into a per-thread
 * native buffer (no allocation per launch) and go to the current stream asynchronously.
 */
public final class KernelSpec {
    private static final int ARG_BYTES = 16384, MAX_ARGS = 64;
    private static final ThreadLocal<MemorySegment> BUFFER =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(ARG_BYTES + MAX_ARGS * 8L, 16));

    private final String module, name;
    private final Param[] params;
    private final long[] functions = new long[16]; // per device ordinal, 0 until loaded

    private KernelSpec(String module, String name, Param[] params) {
        this.module = module;
        this.name = name;
        this.params = params.clone();
    }

    /** Declares entry point {@code name} of {@code module}.cu with the given parameters. */
    public static KernelSpec of(String module, String name, Param... params) {
        return new KernelSpec(module, name, params);
    }

    public String module() { return module; }

    public String name() { return name; }

    public List<Param> params() { return List.of(params); }

    /** Launches with a grid-stride grid for {@code n} elements: blocks of 256, at most 32 per SM. */
    public void launchElementwise(long n, Object... args) {
        if (n <= 0) return;
        CudaDevice d = CudaRuntime.current();
        long blocks = Math.min((n + 255) / 256, 32L * d.smCount());
        launch3((int) blocks, 1, 1, 256, 1, 1, 0, args);
    }

    /** Launches a 1-d grid. */
    public void launch(long gridX, int blockX, int sharedBytes, Object... args) {
        if (gridX <= 0) return;
        if (gridX > Integer.MAX_VALUE) throw new IllegalArgumentException(name + ": grid of " + gridX + " blocks");
        launch3((int) gridX, 1, 1, blockX, 1, 1, sharedBytes, args);
    }

    /** Launches a 3-d grid on the current stream. */
    public void launch3(int gx, int gy, int gz, int bx, int by, int bz, int sharedBytes, Object... args) {
        if (args.length != params.length) {
            throw new IllegalArgumentException(name + ": " + params.length + " parameters declared, " + args.length + " given");
        }
        CudaDevice d = CudaRuntime.current();
        long f = function(d);
        MemorySegment buf = BUFFER.get();
        long pos = 0, ptrs = ARG_BYTES;
        for (int i = 0; i < args.length; i++) {
            Param p = params[i];
            pos = (pos + 7) & ~7L;
            if (pos + p.size() > ARG_BYTES) throw new IllegalArgumentException(name + ": arguments exceed " + ARG_BYTES + " bytes");
            Object a = args[i];
            switch (p.ptxType()) {
                case "u64" -> buf.set(JAVA_LONG, pos, word(a));
                case "u32" -> buf.set(JAVA_INT, pos, (Integer) a);
                case "f32" -> buf.set(JAVA_FLOAT, pos, (Float) a);
                case "f64" -> buf.set(JAVA_DOUBLE, pos, (Double) a);
                default -> {
                    byte[] b = (byte[]) a;
                    if (b.length != p.size()) {
                        throw new IllegalArgumentException(name + ": struct argument " + i + " has " + b.length
                                + " bytes, declared " + p.size());
                    }
                    MemorySegment.copy(b, 0, buf, JAVA_BYTE, pos, b.length);
                }
            }
            buf.set(ADDRESS, ptrs + 8L * i, buf.asSlice(pos));
            pos += p.size();
        }
        int rc;
        try {
            rc = (int) Driver.cuLaunchKernel.invokeExact(f, gx, gy, gz, bx, by, bz, sharedBytes,
                    CudaRuntime.currentStream(), buf.asSlice(ARG_BYTES), MemorySegment.NULL);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        } finally {
            // the operands' storages stay reachable until the kernel is queued: once queued, a free is stream-ordered
            // after it (Note [reachable operands])
            Reference.reachabilityFence(args);
        }
        if (rc != 0) {
            throw new CudaException(rc, "launching " + name + " (grid " + gx + "x" + gy + "x" + gz + ", block " + bx + "x"
                    + by + "x" + bz + ", " + sharedBytes + " B shared) failed: " + Driver.errorText(rc));
        }
    }

    /**
     * A 64-bit argument: a {@code Long}, or the device address of a {@link Strided} operand (its offset applied) or
     * of a {@link CudaStorage}.
     *
     * <p>Note [reachable operands]: pass operands, not addresses taken from them beforehand. An address is a plain
     * long; once it is taken, nothing keeps the storage alive, and an allocation before the launch (scratch memory,
     * a packed copy) may collect it and hand its memory out again, so that the kernel reads another tensor's data.
     * {@link #launch3} holds every argument until the launch is queued.
     */
    private static long word(Object a) {
        return switch (a) {
            case Long l -> l;
            case Strided s -> Cuda.ptr(s);
            case CudaStorage s -> s.address();
            default -> throw new IllegalArgumentException("a 64-bit kernel argument must be a Long, Strided or "
                    + "CudaStorage, got " + a.getClass().getName());
        };
    }

    private long function(CudaDevice d) {
        long f = functions[d.index()];
        if (f == 0) {
            f = CudaModules.function(module, name);
            functions[d.index()] = f;
        }
        return f;
    }

    @Override public String toString() { return module + "." + name + Arrays.toString(params); }
}
