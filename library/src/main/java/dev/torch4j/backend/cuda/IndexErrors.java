package dev.torch4j.backend.cuda;

import dev.torch4j.backend.IndexOutOfRange;
import dev.torch4j.backend.Indexer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.Map;

/**
 * One device's record of bad index values met by index kernels, read at synchronisation points rather than after
 * each launch.
 *
 * <p>Note [deferred index errors]: reading a kernel's error flag right after its launch waits for the GPU, so a
 * training step with a gather, a scatter and a loss over class indices would stall the host three times and lose
 * its overlap with the device. Instead each index launch gets an id and writes the first bad value it meets, with
 * its id, into this device's record; the host keeps the op's wording by id. Every copy to the host and every
 * synchronize call on the device then reads the record (one 32-byte copy, only when index launches ran since the
 * last read) and throws the op's error there, as PyTorch reports a device-side assert at a later call. Values are
 * never observed before that read: they reach the host only through such a copy. An element whose index was bad is
 * left unwritten. {@code CUDA_LAUNCH_BLOCKING=1}, PyTorch's switch for synchronous errors, checks each op at once.
 */
final class IndexErrors {
    /** {@code CUDA_LAUNCH_BLOCKING=1}: report each index op's error from the op itself. */
    static final boolean BLOCKING = "1".equals(System.getenv("CUDA_LAUNCH_BLOCKING"));
    /** Said after an error reported away from its op. */
    static final String DEFERRED = " (raised by an earlier CUDA index kernel and reported at this synchronisation;"
            + " set CUDA_LAUNCH_BLOCKING=1 to report it from the op)";
    /** Launches between forced reads, so the wordings kept stay few. */
    private static final int MAX_PENDING = 4096;
    private static final long RECORD_BYTES = 4 * 8;

    /** Device address of {launch id, operand, value, size}, 0 until the first index launch. */
    private long record;
    private int nextId = 1;
    /** The wording of each launch since the last read, by launch id. */
    private final Map<Integer, Indexer.Wording> pending = new HashMap<>();

    /**
     * Registers an index launch about to be made on this device (current on the calling thread) and returns its id;
     * the launch passes it and {@link #record()} to the kernel.
     */
    synchronized int register(Indexer.Wording wording) {
        if (pending.size() >= MAX_PENDING) check();
        int id = nextId;
        nextId = id == Integer.MAX_VALUE ? 1 : id + 1;
        pending.put(id, wording);
        return id;
    }

    /**
     * The record's device address, allocated and zeroed on first use (outside the caching allocator: it lives as
     * long as the process).
     */
    synchronized long record() {
        if (record == 0) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment out = a.allocate(ValueLayout.JAVA_LONG);
                Driver.check((int) Driver.cuMemAlloc.invokeExact(out, RECORD_BYTES), "cuMemAlloc(index error record)");
                long r = out.get(ValueLayout.JAVA_LONG, 0);
                Driver.check((int) Driver.cuMemsetD8Async.invokeExact(r, (byte) 0, RECORD_BYTES, 0L), "cuMemsetD8Async");
                record = r;
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
        return record;
    }

    /**
     * Reads the record when index launches ran since the last read (waiting for them) and throws the first bad
     * index's error, worded by its op, clearing the record. The device must be current on the calling thread.
     */
    synchronized void check() {
        if (pending.isEmpty()) return;
        long[] r = new long[4];
        try {
            // the legacy stream's copy waits for the work queued before it on every blocking stream
            Driver.check((int) Driver.cuMemcpyDtoH.invokeExact(MemorySegment.ofArray(r), record, RECORD_BYTES),
                    "cuMemcpyDtoH(index error record)");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        // a launch registered just before this read but queued after it loses its wording: the generic one is used
        Indexer.Wording w = r[0] == 0 ? null : pending.getOrDefault((int) r[0], Indexer.ADVANCED);
        pending.clear();
        if (w == null) return;
        try {
            Driver.check((int) Driver.cuMemsetD8Async.invokeExact(record, (byte) 0, RECORD_BYTES, 0L), "cuMemsetD8Async");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        int operand = (int) r[1];
        String message = w.message(operand, r[2], r[3]);
        throw new IndexOutOfRange(operand, r[2], r[3], BLOCKING ? message : message + DEFERRED);
    }
}
