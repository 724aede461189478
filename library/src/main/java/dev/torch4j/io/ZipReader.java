package dev.torch4j.io;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads the central directory of a zip archive (PyTorch checkpoints, {@code .npz}) held in a {@link MappedFile},
 * with every offset, size and count checked against the file before use, so a forged directory raises an
 * {@link IOException} instead of a huge allocation. Stored members are returned as regions of the file (no copy:
 * tensor bytes go straight from the mapping into the tensor's array); deflated members are inflated into an array
 * whose size was first checked against deflate's maximum compression ratio. CRC-32s are verified.
 */
final class ZipReader {
    private static final long MAX32 = 0xffffffffL;
    /** Deflate cannot expand by more than about 1032:1; a larger claimed size is forged. */
    private static final long MAX_RATIO = 1032;

    /** One archive member as the central directory describes it. */
    record Entry(String name, int method, int flags, long crc, long compressedSize, long size, long headerOffset) {}

    private final MappedFile file;
    private final Map<String, Entry> entries;

    private ZipReader(MappedFile file, Map<String, Entry> entries) {
        this.file = file;
        this.entries = entries;
    }

    /** Parses the central directory, or throws an IOException saying what is wrong with the archive. */
    static ZipReader open(MappedFile f) throws IOException {
        long size = f.size();
        long eocd = findEndRecord(f);
        if (f.u16(eocd + 4, "end of central directory") != 0 || f.u16(eocd + 6, "end of central directory") != 0) {
            throw new IOException(f.name() + ": multi-disk zip archives are not supported");
        }
        long count = f.u16(eocd + 10, "entry count");
        long cdSize = f.u32(eocd + 12, "central directory size");
        long cdOffset = f.u32(eocd + 16, "central directory offset");
        long dirEnd = eocd;
        if (eocd >= 20 && f.u32(eocd - 20, "zip64 locator") == 0x07064b50L) {
            long z = f.u64(eocd - 12, "zip64 end record offset");
            if (z < 0 || z > eocd - 20 - 56 || f.u32(z, "zip64 end record") != 0x06064b50L) {
                throw new IOException(f.name() + ": corrupted zip64 end of central directory (offset " + z + ")");
            }
            count = f.u64(z + 32, "zip64 entry count");
            cdSize = f.u64(z + 40, "zip64 central directory size");
            cdOffset = f.u64(z + 48, "zip64 central directory offset");
            dirEnd = z;
        }
        if (cdOffset < 0 || cdSize < 0 || cdOffset > dirEnd || cdSize > dirEnd - cdOffset) {
            throw new IOException(f.name() + ": central directory at " + cdOffset + " (" + cdSize
                    + " bytes) lies outside the archive of " + size + " bytes");
        }
        if (count < 0 || count > cdSize / 46) {
            throw new IOException(f.name() + ": the archive claims " + count + " entries but its central directory ("
                    + cdSize + " bytes) cannot hold that many");
        }
        Map<String, Entry> out = new LinkedHashMap<>();
        long pos = cdOffset, end = cdOffset + cdSize;
        for (long i = 0; i < count; i++) {
            if (pos > end - 46 || f.u32(pos, "central directory entry") != 0x02014b50L) {
                throw new IOException(f.name() + ": corrupted central directory entry " + i + " at byte " + pos);
            }
            int flags = f.u16(pos + 8, "entry flags");
            int method = f.u16(pos + 10, "entry method");
            long crc = f.u32(pos + 16, "entry crc");
            long comp = f.u32(pos + 20, "entry compressed size");
            long usize = f.u32(pos + 24, "entry size");
            int nameLen = f.u16(pos + 28, "entry name length");
            int extraLen = f.u16(pos + 30, "entry extra length");
            int commentLen = f.u16(pos + 32, "entry comment length");
            long local = f.u32(pos + 42, "entry offset");
            long next = pos + 46 + nameLen + extraLen + commentLen;
            if (next > end) throw new IOException(f.name() + ": central directory entry " + i + " overruns the directory");
            String name = new String(f.bytes(pos + 46, nameLen, "entry name"), StandardCharsets.UTF_8);
            // zip64 extra field: 8-byte values for exactly the fields saturated at 0xffffffff, in this order
            long x = pos + 46 + nameLen, xEnd = x + extraLen;
            while (x + 4 <= xEnd) {
                int id = f.u16(x, "extra field id"), len = f.u16(x + 2, "extra field length");
                if (x + 4 + len > xEnd) throw new IOException(f.name() + ": corrupted extra field in entry " + name);
                if (id == 1) {
                    long p = x + 4, pEnd = p + len;
                    if (usize == MAX32) { usize = zip64Value(f, p, pEnd, name); p += 8; }
                    if (comp == MAX32) { comp = zip64Value(f, p, pEnd, name); p += 8; }
                    if (local == MAX32) { local = zip64Value(f, p, pEnd, name); }
                }
                x += 4 + len;
            }
            if (usize < 0 || comp < 0 || local < 0 || comp > size || local > size - 30) {
                throw new IOException(f.name() + ": entry " + name + " has sizes or an offset outside the archive");
            }
            if (out.putIfAbsent(name, new Entry(name, method, flags, crc, comp, usize, local)) != null) {
                throw new IOException(f.name() + ": duplicate zip entry " + name);
            }
            pos = next;
        }
        return new ZipReader(f, Collections.unmodifiableMap(out));
    }

    private static long zip64Value(MappedFile f, long p, long end, String name) throws IOException {
        if (p + 8 > end) throw new IOException(f.name() + ": truncated zip64 extra field in entry " + name);
        return f.u64(p, "zip64 field");
    }

    private static long findEndRecord(MappedFile f) throws IOException {
        long size = f.size();
        if (size < 22) throw new IOException(f.name() + ": not a zip archive (only " + size + " bytes)");
        long fallback = -1;
        for (long p = size - 22; p >= Math.max(0, size - 22 - 0xffff); p--) {
            if (f.u32(p, "end record") == 0x06054b50L) {
                if (p + 22 + f.u16(p + 20, "comment length") == size) return p;
                if (fallback < 0) fallback = p;
            }
        }
        if (fallback < 0) throw new IOException(f.name() + ": not a zip archive (no end of central directory record)");
        return fallback;
    }

    MappedFile file() { return file; }

    /** Members in directory order. */
    List<Entry> entries() { return new ArrayList<>(entries.values()); }

    /** The member with this exact name, or null. */
    Entry get(String name) { return entries.get(name); }

    /** The offset of a member's data, read from its local header. */
    long dataOffset(Entry e) throws IOException {
        if (file.u32(e.headerOffset(), "local header of " + e.name()) != 0x04034b50L) {
            throw new IOException(file.name() + ": corrupted local header of zip entry " + e.name());
        }
        long data = e.headerOffset() + 30 + file.u16(e.headerOffset() + 26, "local header") + file.u16(e.headerOffset() + 28, "local header");
        file.check(data, e.compressedSize(), "data of zip entry " + e.name());
        return data;
    }

    private void checkReadable(Entry e) throws IOException {
        if ((e.flags() & 1) != 0) throw new IOException(file.name() + ": zip entry " + e.name() + " is encrypted");
        if (e.method() != 0 && e.method() != 8) {
            throw new IOException(file.name() + ": zip entry " + e.name() + " uses compression method " + e.method()
                    + "; only stored (0) and deflated (8) are supported");
        }
    }

    /**
     * A member as a file of its own: a region of the archive when stored (no copy), an inflated array when
     * deflated. Its size must not exceed {@code maxSize}.
     */
    MappedFile open(Entry e, long maxSize) throws IOException {
        checkReadable(e);
        if (e.size() > maxSize) {
            throw new IOException(file.name() + ": zip entry " + e.name() + " claims " + e.size() + " bytes, more than the "
                    + maxSize + " allowed here");
        }
        long data = dataOffset(e);
        String name = file.name() + "!" + e.name();
        if (e.method() == 0) {
            if (e.compressedSize() != e.size()) {
                throw new IOException(file.name() + ": stored zip entry " + e.name() + " has compressed size "
                        + e.compressedSize() + " but size " + e.size());
            }
            MappedFile region = file.region(data, e.size(), name);
            checkCrc(e, region.segment());
            return region;
        }
        return MappedFile.of(name, inflate(e, data));
    }

    private byte[] inflate(Entry e, long data) throws IOException {
        if (e.size() > TensorData.MAX_ARRAY || e.compressedSize() > Integer.MAX_VALUE) {
            throw new IOException(file.name() + ": compressed zip entry " + e.name() + " is too large (" + e.size() + " bytes)");
        }
        if (e.size() > e.compressedSize() * MAX_RATIO + 1024) {
            throw new IOException(file.name() + ": zip entry " + e.name() + " claims " + e.size() + " bytes from "
                    + e.compressedSize() + " compressed bytes, beyond deflate's maximum ratio (forged size?)");
        }
        byte[] out = new byte[(int) e.size()];
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(file.segment().asSlice(data, e.compressedSize()).asByteBuffer());
            int done = 0, stalls = 0;
            while (done < out.length) {
                int n = inf.inflate(out, done, out.length - done);
                // no progress while finished, starved or wanting a dictionary means the data ended early
                if (n == 0 && (inf.finished() || inf.needsInput() || inf.needsDictionary() || ++stalls > 16)) {
                    throw new IOException(file.name() + ": zip entry " + e.name() + " inflates to " + done
                            + " bytes but claims " + out.length + " (truncated or corrupted)");
                }
                done += n;
            }
        } catch (DataFormatException ex) {
            throw new IOException(file.name() + ": corrupted deflate data in zip entry " + e.name() + ": " + ex.getMessage(), ex);
        } finally {
            inf.end();
        }
        checkCrc(e, MemorySegment.ofArray(out));
        return out;
    }

    private void checkCrc(Entry e, MemorySegment data) throws IOException {
        // a zero CRC with data means the writer skipped it (torch.save can be told to); nothing to check then
        if (e.crc() == 0 && data.byteSize() > 0) return;
        CRC32 crc = new CRC32();
        for (long off = 0; off < data.byteSize(); off += 1 << 30) {
            crc.update(data.asSlice(off, Math.min(1 << 30, data.byteSize() - off)).asByteBuffer());
        }
        if (crc.getValue() != e.crc()) {
            throw new IOException(file.name() + ": CRC-32 mismatch in zip entry " + e.name() + " (the file is corrupted)");
        }
    }
}
