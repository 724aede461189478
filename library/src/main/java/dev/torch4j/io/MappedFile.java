package dev.torch4j.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A whole file as one read-only {@link MemorySegment}: memory-mapped when it is at least {@link #MAP_THRESHOLD}
 * bytes (so tensor bytes go straight from the page cache into the tensor's Java array, with no heap copy of the
 * file), read into a heap array when smaller (a mapping costs more than it saves there).
 *
 * <p>Every read is bounds-checked and a violation is an {@link IOException} naming the file and what was being
 * read: the readers parse untrusted files, so a forged offset or length must never reach an allocation or an
 * out-of-bounds access.
 */
final class MappedFile implements AutoCloseable {
    /** Files at least this large are memory-mapped. */
    static final long MAP_THRESHOLD = 1 << 20;

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final String name;
    private final Arena arena; // null for heap-backed files
    private final MemorySegment segment;

    private MappedFile(String name, Arena arena, MemorySegment segment) {
        this.name = name;
        this.arena = arena;
        this.segment = segment;
    }

    /** Opens a file: mapped at or above {@link #MAP_THRESHOLD} bytes, else read into memory. */
    static MappedFile open(Path path) throws IOException {
        return open(path, false);
    }

    /** Opens a file, mapping it whatever its size when {@code forceMap}. */
    static MappedFile open(Path path, boolean forceMap) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0 || (!forceMap && size < MAP_THRESHOLD)) {
                byte[] bytes = Files.readAllBytes(path);
                return new MappedFile(path.toString(), null, MemorySegment.ofArray(bytes));
            }
            // a shared arena: a lazy SafeTensors reader may be used from several threads
            Arena arena = Arena.ofShared();
            try {
                return new MappedFile(path.toString(), arena, ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena));
            } catch (IOException | RuntimeException e) {
                arena.close();
                throw e;
            }
        }
    }

    /** In-memory bytes (a decompressed archive member) seen through the same checked accessors. */
    static MappedFile of(String name, byte[] bytes) {
        return new MappedFile(name, null, MemorySegment.ofArray(bytes));
    }

    /**
     * A checked region of this file seen as a file of its own (an archive member stored uncompressed), sharing
     * this file's memory: it must not outlive this file, and closing it does nothing.
     */
    MappedFile region(long offset, long length, String regionName) throws IOException {
        return new MappedFile(regionName, null, slice(offset, length, regionName));
    }

    /** The file's name, for error messages. */
    String name() { return name; }

    long size() { return segment.byteSize(); }

    /** True when the bytes are memory-mapped rather than held on the heap. */
    boolean isMapped() { return arena != null; }

    /** The whole file. */
    MemorySegment segment() { return segment; }

    /** Throws unless {@code [offset, offset + length)} lies inside the file. */
    void check(long offset, long length, String what) throws IOException {
        if (offset < 0 || length < 0 || offset > size() || length > size() - offset) {
            throw new IOException(name + ": " + what + " at byte " + offset + " needs " + length
                    + " bytes but the file holds only " + size() + " (truncated or corrupted file?)");
        }
    }

    /** A checked slice of the file. */
    MemorySegment slice(long offset, long length, String what) throws IOException {
        check(offset, length, what);
        return segment.asSlice(offset, length);
    }

    int u8(long offset, String what) throws IOException {
        check(offset, 1, what);
        return segment.get(ValueLayout.JAVA_BYTE, offset) & 0xff;
    }

    int u16(long offset, String what) throws IOException {
        check(offset, 2, what);
        return segment.get(U16, offset) & 0xffff;
    }

    long u32(long offset, String what) throws IOException {
        check(offset, 4, what);
        return segment.get(U32, offset) & 0xffffffffL;
    }

    /** An unsigned 64-bit value; values above {@link Long#MAX_VALUE} come back negative, so check them. */
    long u64(long offset, String what) throws IOException {
        check(offset, 8, what);
        return segment.get(U64, offset);
    }

    /** A copy of a (small) region: headers, names, pickles. */
    byte[] bytes(long offset, int length, String what) throws IOException {
        check(offset, length, what);
        return segment.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
    }

    /** Releases the mapping (idempotent); segments taken from this file are invalid afterwards. */
    @Override
    public synchronized void close() {
        if (arena != null && arena.scope().isAlive()) arena.close();
    }
}
