package dev.torch4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A streaming zip writer that lays records out byte for byte as PyTorch's {@code PyTorchStreamWriter} (miniz with
 * {@code MZ_ZIP_FLAG_WRITE_ZIP64}) does: each local header carries general-purpose flags {@code 0x0808} (UTF-8 name,
 * data descriptor after the data), zero CRC and sizes, an optional zip64 extra field, and, when an alignment is
 * asked for, PyTorch's {@code "FB"} padding extra field so the record's data starts on a multiple of it (64 for
 * checkpoints, so storages can be memory-mapped); the data is followed by a data descriptor; the central directory
 * is followed by a zip64 end record, its locator and the classic end record. Entries larger than 4 GiB, or
 * starting past 4 GiB, get zip64 fields. Stored entries stream straight to the channel; deflated ones (compressed
 * {@code .npz}) stream through a {@link Deflater}.
 */
final class ZipWriter {
    private static final long MAX32 = 0xffffffffL;
    private static final int FLAGS = 0x0808;

    /** What writes one entry's uncompressed bytes. */
    interface EntryBody {
        void writeTo(TensorData.ByteSink sink) throws IOException;
    }

    private record Central(byte[] name, int method, long crc, long compressed, long size, long offset) {}

    private final FileChannel channel;
    private final int alignment;
    private final int dosDate;
    private final ByteBuffer header = ByteBuffer.allocate(1 << 17).order(ByteOrder.LITTLE_ENDIAN);
    private final List<Central> entries = new ArrayList<>();
    private long position;

    /**
     * @param alignment data alignment of stored entries (64 for PyTorch checkpoints), or 0 for none
     * @param dosDate   the MS-DOS date field (0 as miniz writes; {@code 0x21} is 1980-01-01)
     */
    ZipWriter(FileChannel channel, int alignment, int dosDate) {
        this.channel = channel;
        this.alignment = alignment;
        this.dosDate = dosDate;
    }

    /** Adds a stored entry holding {@code data}. */
    void add(String name, byte[] data) throws IOException {
        add(name, data.length, false, sink -> sink.write(ByteBuffer.wrap(data)));
    }

    /**
     * Adds an entry of exactly {@code size} uncompressed bytes produced by {@code body}, stored or deflated.
     */
    void add(String name, long size, boolean deflate, EntryBody body) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 0xffff) throw new IllegalArgumentException("zip entry name too long: " + name);
        long offset = position;
        boolean zip64 = size >= MAX32 || offset >= MAX32;
        int zip64Len = zip64 ? 4 + (size >= MAX32 ? 16 : 0) + (offset >= MAX32 ? 8 : 0) : 0;
        int padding = 0;
        if (alignment > 0) {
            // PyTorch's getPadding: the data starts after header, name, zip64 extra and the 4-byte "FB" field header
            long start = offset + 30 + nameBytes.length + 4 + zip64Len;
            long mod = start % alignment;
            padding = mod == 0 ? 0 : (int) (alignment - mod);
        }
        int extraLen = zip64Len + (alignment > 0 ? 4 + padding : 0);
        header.clear();
        header.putInt(0x04034b50).putShort((short) 0).putShort((short) FLAGS).putShort((short) (deflate ? 8 : 0))
                .putShort((short) 0).putShort((short) dosDate).putInt(0).putInt(0).putInt(0)
                .putShort((short) nameBytes.length).putShort((short) extraLen).put(nameBytes);
        if (zip64) {
            header.putShort((short) 1).putShort((short) (zip64Len - 4));
            if (size >= MAX32) header.putLong(size).putLong(deflate ? 0 : size);
            if (offset >= MAX32) header.putLong(offset);
        }
        if (alignment > 0) {
            header.put((byte) 'F').put((byte) 'B').putShort((short) padding);
            for (int i = 0; i < padding; i++) header.put((byte) 'Z');
        }
        flushHeader();

        CRC32 crc = new CRC32();
        long[] counts = new long[2]; // uncompressed, compressed
        if (deflate) {
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            ByteBuffer out = ByteBuffer.allocateDirect(1 << 16);
            try {
                body.writeTo(src -> {
                    counts[0] += src.remaining();
                    crc.update(src.duplicate());
                    deflater.setInput(src);
                    while (!deflater.needsInput()) counts[1] += drain(deflater, out);
                });
                deflater.finish();
                while (!deflater.finished()) counts[1] += drain(deflater, out);
            } finally {
                deflater.end();
            }
        } else {
            body.writeTo(src -> {
                counts[0] += src.remaining();
                crc.update(src.duplicate());
                counts[1] += src.remaining();
                writeData(src);
            });
        }
        if (counts[0] != size) {
            throw new IllegalStateException("zip entry " + name + ": declared " + size + " bytes but " + counts[0] + " were written");
        }
        header.clear();
        header.putInt(0x08074b50).putInt((int) crc.getValue());
        if (zip64) header.putLong(counts[1]).putLong(size);
        else header.putInt((int) counts[1]).putInt((int) size);
        flushHeader();
        entries.add(new Central(nameBytes, deflate ? 8 : 0, crc.getValue(), counts[1], size, offset));
    }

    private long drain(Deflater deflater, ByteBuffer out) throws IOException {
        out.clear();
        int n = deflater.deflate(out);
        out.flip();
        writeData(out);
        return n;
    }

    private void writeData(ByteBuffer src) throws IOException {
        position += src.remaining();
        AtomicFile.writeFully(channel, src);
    }

    private void flushHeader() throws IOException {
        header.flip();
        writeData(header);
    }

    /**
     * The content of PyTorch's {@code .data/serialization_id} record for the entries written so far: 20 decimal
     * digits of a combined hash of the record names, then 20 of the combined CRC-32s, as PyTorch composes it. PyTorch
     * hashes names with {@code std::hash}, which is implementation-defined; FNV-1a is used here so the id (and the
     * file) is the same on every run and platform. PyTorch only logs this id.
     */
    String serializationId() {
        long names = 0, crcs = 0;
        for (Central e : entries) {
            long h = 0xcbf29ce484222325L;
            for (byte b : e.name) h = (h ^ (b & 0xff)) * 0x100000001b3L;
            names = hashCombine(names, h);
            crcs = hashCombine(crcs, e.crc);
        }
        return pad20(Long.toUnsignedString(names)) + pad20(Long.toUnsignedString(crcs));
    }

    /** c10::hash_combine for 64-bit values. */
    private static long hashCombine(long seed, long value) {
        return seed ^ (value + 0x9e3779b97f4a7c15L + (seed << 6) + (seed >>> 2));
    }

    private static String pad20(String s) { return "0".repeat(20 - s.length()) + s; }

    /** Writes the central directory and the end records. */
    void finish() throws IOException {
        long cdOffset = position;
        for (Central e : entries) {
            boolean big = e.size >= MAX32;
            boolean far = e.offset >= MAX32;
            int zip64Len = big || far ? 4 + (big ? 16 : 0) + (far ? 8 : 0) : 0;
            header.clear();
            header.putInt(0x02014b50).putShort((short) 0).putShort((short) 0).putShort((short) FLAGS)
                    .putShort((short) e.method).putShort((short) 0).putShort((short) dosDate).putInt((int) e.crc)
                    .putInt((int) (big ? MAX32 : e.compressed)).putInt((int) (big ? MAX32 : e.size))
                    .putShort((short) e.name.length).putShort((short) zip64Len).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(0).putInt((int) (far ? MAX32 : e.offset)).put(e.name);
            if (zip64Len > 0) {
                header.putShort((short) 1).putShort((short) (zip64Len - 4));
                if (big) header.putLong(e.size).putLong(e.compressed);
                if (far) header.putLong(e.offset);
            }
            flushHeader();
        }
        long cdSize = position - cdOffset;
        long zip64End = position;
        long n = entries.size();
        header.clear();
        header.putInt(0x06064b50).putLong(44).putShort((short) 0x031e).putShort((short) 0x2d).putInt(0).putInt(0)
                .putLong(n).putLong(n).putLong(cdSize).putLong(cdOffset);
        header.putInt(0x07064b50).putInt(0).putLong(zip64End).putInt(1);
        header.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) Math.min(n, 0xffff))
                .putShort((short) Math.min(n, 0xffff)).putInt((int) Math.min(cdSize, MAX32))
                .putInt((int) Math.min(cdOffset, MAX32)).putShort((short) 0);
        flushHeader();
    }
}
