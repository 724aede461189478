package dev.torch4j.io;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.backend.cpu.CpuStorage;
import dev.torch4j.core.Shapes;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * The IDX format of the MNIST files ({@code train-images-idx3-ubyte}, ...), as torchvision's
 * {@code read_sn3_pascalvincent_tensor} reads it: a 4-byte big-endian magic number {@code 0x0000TTDD} (T the
 * element type: 0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64; D the number of dims),
 * D big-endian 32-bit sizes, then the elements, big-endian, row-major.
 *
 * <p>{@link #load} reads plain and gzip-compressed files alike (recognised by their first bytes, whatever the
 * name), and checks the file against its header: a bad magic number, a header cut short, and data shorter or longer
 * than the shape says are {@link IOException}s that name the file and give the expected and actual byte counts.
 * {@link #save} writes the same format, gzip-compressed when the name ends in {@code .gz}, into a temporary file
 * that is moved into place, so a failure never leaves a half-written file.
 *
 * <pre>{@code
 * Tensor images = Idx.load(Path.of("train-images-idx3-ubyte.gz"));   // uint8 [60000, 28, 28]
 * Tensor labels = Idx.load(Path.of("train-labels-idx1-ubyte"));      // uint8 [60000]
 * Idx.save(Path.of("small-images-idx3-ubyte"), images.narrow(0, 0, 100));
 * }</pre>
 */
public final class Idx {
    private Idx() {}

    /** Decompressed bytes per read when streaming a gzip file (a multiple of every item size). */
    private static final int CHUNK = 1 << 20;

    private static final String KNOWN = "0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double";

    /** The dtype of an IDX type code, or null for an unknown code. */
    private static DType dtype(int code) {
        return switch (code) {
            case 0x08 -> DType.UINT8;
            case 0x09 -> DType.INT8;
            case 0x0B -> DType.INT16;
            case 0x0C -> DType.INT32;
            case 0x0D -> DType.FLOAT32;
            case 0x0E -> DType.FLOAT64;
            default -> null;
        };
    }

    /** The IDX type code of a dtype, or -1 when IDX has none. */
    private static int code(DType dtype) {
        return switch (dtype) {
            case UINT8 -> 0x08;
            case INT8 -> 0x09;
            case INT16 -> 0x0B;
            case INT32 -> 0x0C;
            case FLOAT32 -> 0x0D;
            case FLOAT64 -> 0x0E;
            default -> -1;
        };
    }

    /** A parsed header: element type, shape and where the data starts. */
    private record Header(DType dtype, long[] shape, int dataOffset, long numel, long nbytes) {
        String describe() {
            return "IDX data of shape " + Shapes.str(shape) + " (" + dtype.pyName() + ")";
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads an IDX file, plain or gzip-compressed, into a contiguous CPU tensor of the file's dtype and shape
     * (uint8 {@code [N, 28, 28]} for MNIST images, uint8 {@code [N]} for labels).
     *
     * @throws IOException when the file cannot be read, its magic number is not an IDX one, or its data does not
     *                     have the size its header declares (the message names the file and both byte counts)
     */
    public static Tensor load(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        byte[] start = new byte[2];
        try (InputStream in = Files.newInputStream(path)) {
            int n = in.readNBytes(start, 0, 2);
            if (n == 2 && (start[0] & 0xff) == 0x1f && (start[1] & 0xff) == 0x8b) return loadGzip(path);
        }
        try (MappedFile f = MappedFile.open(path)) {
            Header h = header(f.size() >= 4 ? f.bytes(0, 4, "magic number") : f.bytes(0, (int) f.size(), "magic number"),
                    f.size(), len -> f.bytes(4, len, "dimensions"), path.toString(), "the file holds");
            long actual = f.size() - h.dataOffset();
            checkDataSize(h, actual, path.toString(), "the file holds");
            int n = TensorData.checkArraySize(h.numel(), h.dtype(), path.toString());
            Object array = TensorData.decode(f.segment(), h.dataOffset(), h.dtype(), n, ByteOrder.BIG_ENDIAN);
            return TensorData.wrap(array, h.dtype(), h.shape(), Shapes.contiguousStrides(h.shape()), 0);
        }
    }

    private interface DimsReader {
        byte[] read(int length) throws IOException;
    }

    /**
     * Parses the magic number and dims. {@code available} is how many bytes there are in all (the file's size, or
     * Long.MAX_VALUE for a stream, whose short reads the reader reports).
     */
    private static Header header(byte[] magic, long available, DimsReader dims, String file, String holds) throws IOException {
        if (magic.length < 4) {
            throw new IOException(file + ": not an IDX file: " + holds + " only " + magic.length
                    + " bytes, less than the 4-byte magic number");
        }
        int m = ByteBuffer.wrap(magic).order(ByteOrder.BIG_ENDIAN).getInt();
        if ((m >>> 16) != 0) {
            throw new IOException(file + ": not an IDX file: magic number " + hex(m)
                    + " does not start with two zero bytes (an IDX magic number is 0x0000TTDD: TT the data type, DD the number of dims)");
        }
        int type = (m >>> 8) & 0xff, ndim = m & 0xff;
        DType dtype = dtype(type);
        if (dtype == null) {
            throw new IOException(file + ": unknown IDX data type 0x" + String.format("%02X", type) + " in magic number "
                    + hex(m) + " (known types: " + KNOWN + ")");
        }
        int dataOffset = 4 + 4 * ndim;
        if (available < dataOffset) {
            throw new IOException(file + ": truncated IDX file: the header of a " + ndim + "-dim file needs " + dataOffset
                    + " bytes but " + holds + " " + available);
        }
        ByteBuffer b = ByteBuffer.wrap(dims.read(4 * ndim)).order(ByteOrder.BIG_ENDIAN);
        long[] shape = new long[ndim];
        for (int i = 0; i < ndim; i++) shape[i] = b.getInt() & 0xffffffffL;
        long numel = TensorData.numel(shape, file);
        long nbytes = TensorData.nbytes(numel, dtype, file);
        return new Header(dtype, shape, dataOffset, numel, nbytes);
    }

    private static void checkDataSize(Header h, long actual, String file, String holds) throws IOException {
        if (actual == h.nbytes()) return;
        throw new IOException(file + ": " + h.describe() + " needs " + h.nbytes() + " bytes after the " + h.dataOffset()
                + "-byte header, but " + holds + " " + actual + (actual < h.nbytes()
                ? " (truncated file?)" : " (trailing bytes: a wrong shape in the header, or two files joined?)"));
    }

    private static String hex(int v) { return String.format("0x%08X", v); }

    /** Streams a gzip file: the header first, then the elements, chunk by chunk, straight into the tensor's array. */
    private static Tensor loadGzip(Path path) throws IOException {
        String file = path.toString();
        String holds = "the decompressed file holds";
        long compressed = Files.size(path);
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(path), 1 << 16), 1 << 16)) {
            byte[] magic = in.readNBytes(4);
            long[] got = {magic.length};
            Header h = header(magic, Long.MAX_VALUE, len -> {
                byte[] d = in.readNBytes(len);
                got[0] += d.length;
                if (d.length < len) {
                    throw new IOException(file + ": truncated IDX file: the header needs " + (4 + len) + " bytes but "
                            + holds + " " + got[0]);
                }
                return d;
            }, file, holds);
            // deflate expands at most ~1032:1, so a header claiming more is wrong: refuse it before allocating
            if (h.nbytes() > compressed * 1032 + 1024) {
                throw new IOException(file + ": " + h.describe() + " needs " + h.nbytes() + " bytes after the header, more than a "
                        + compressed + "-byte gzip file can hold (corrupt header or truncated file?)");
            }
            int n = TensorData.checkArraySize(h.numel(), h.dtype(), file);
            Object array = CpuStorage.allocate(h.dtype(), n).array();
            int item = h.dtype().itemSize();
            byte[] buf = new byte[(int) Math.min(CHUNK, Math.max(item, h.nbytes()))];
            MemorySegment seg = MemorySegment.ofArray(buf);
            long done = 0;
            while (done < n) {
                int want = (int) Math.min(buf.length / item, n - done);
                int read = in.readNBytes(buf, 0, want * item);
                if (read < want * item) checkDataSize(h, done * item + read, file, holds);
                TensorData.decodeInto(seg, 0, h.dtype(), ByteOrder.BIG_ENDIAN, array, (int) done, want);
                done += want;
            }
            long extra = in.transferTo(OutputStream.nullOutputStream());
            if (extra > 0) checkDataSize(h, h.nbytes() + extra, file, holds);
            return TensorData.wrap(array, h.dtype(), h.shape(), Shapes.contiguousStrides(h.shape()), 0);
        } catch (ZipException | EOFException e) {
            throw new IOException(file + ": corrupt or truncated gzip data: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes {@code tensor} as an IDX file, gzip-compressed when the file name ends in {@code .gz}; the elements are
     * written in row-major order whatever the tensor's strides or device.
     *
     * @throws IllegalArgumentException for a dtype IDX cannot store (it has uint8, int8, int16, int32, float32 and
     *                                  float64) or more than 255 dims
     */
    public static void save(Path path, Tensor tensor) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(tensor, "tensor");
        int code = code(tensor.dtype());
        if (code < 0) {
            throw new IllegalArgumentException("Idx.save: the IDX format has no type for " + tensor.dtype()
                    + " (it stores uint8, int8, int16, int32, float32 and float64)");
        }
        long[] shape = tensor.shapeArray();
        if (shape.length > 255) throw new IllegalArgumentException("Idx.save: the IDX format stores at most 255 dims, got " + shape.length);
        ByteBuffer header = ByteBuffer.allocate(4 + 4 * shape.length).order(ByteOrder.BIG_ENDIAN);
        header.putInt((code << 8) | shape.length);
        for (long d : shape) {
            if (d > 0xffffffffL) throw new IllegalArgumentException("Idx.save: dim " + d + " of shape " + Shapes.str(shape) + " exceeds 32 bits");
            header.putInt((int) d);
        }
        header.flip();
        boolean gzip = path.getFileName() != null && path.getFileName().toString().endsWith(".gz");
        AtomicFile.write(path, ch -> {
            if (!gzip) {
                AtomicFile.writeFully(ch, header);
                TensorData.encode(tensor, ByteOrder.BIG_ENDIAN, buf -> AtomicFile.writeFully(ch, buf));
                return;
            }
            // not closed: closing would close the channel, which AtomicFile still forces to disk
            GZIPOutputStream gz = new GZIPOutputStream(Channels.newOutputStream(ch), 1 << 16);
            gz.write(header.array());
            byte[] chunk = new byte[CHUNK];
            TensorData.encode(tensor, ByteOrder.BIG_ENDIAN, buf -> {
                while (buf.hasRemaining()) {
                    int n = Math.min(chunk.length, buf.remaining());
                    buf.get(chunk, 0, n);
                    gz.write(chunk, 0, n);
                }
            });
            gz.finish();
            gz.flush();
        });
    }
}
