package dev.torch4j.io;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IDX files (MNIST's format): hand-built bytes read exactly, round trips, and the errors a bad file gets. */
class IdxTest {
    @TempDir Path dir;

    /** An IDX image: magic 0x0000TTDD, big-endian dims, then the given payload bytes. */
    private static byte[] idx(int type, int[] dims, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload.length).order(ByteOrder.BIG_ENDIAN);
        b.putInt((type << 8) | dims.length);
        for (int d : dims) b.putInt(d);
        return b.put(payload).array();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void readsHandBuiltMnistLikeFilesPlainAndGzipped() throws IOException {
        // 2 images of 2x3 pixels, with values above 127 to check they read as unsigned
        byte[] px = {0, 1, 2, (byte) 200, (byte) 255, 7, 10, 20, 30, 40, 50, (byte) 128};
        byte[] bytes = idx(0x08, new int[] {2, 2, 3}, px);
        Tensor expected = Torch.tensor(new long[] {0, 1, 2, 200, 255, 7, 10, 20, 30, 40, 50, 128}).to(DType.UINT8).reshape(2, 2, 3);
        Golden.assertExact(expected, Idx.load(file("images-idx3-ubyte", bytes)), "plain");
        // gzip is recognised by its first bytes, whatever the name
        Golden.assertExact(expected, Idx.load(file("images-idx3-ubyte.gz", gzip(bytes))), "gzipped");
        Golden.assertExact(expected, Idx.load(file("no-extension", gzip(bytes))), "gzipped, no .gz name");
        Tensor labels = Idx.load(file("labels-idx1-ubyte", idx(0x08, new int[] {3}, new byte[] {7, 2, 9})));
        Golden.assertExact(Torch.tensor(new long[] {7, 2, 9}).to(DType.UINT8), labels, "labels");
    }

    @Test
    void readsEveryElementTypeBigEndian() throws IOException {
        record Case(int type, DType dtype, double... values) {}
        for (Case c : List.of(
                new Case(0x09, DType.INT8, -128, -1, 0, 127),
                new Case(0x0B, DType.INT16, -2, 258, 32767, -32768),
                new Case(0x0C, DType.INT32, -70000, 1, Integer.MAX_VALUE, 3),
                new Case(0x0D, DType.FLOAT32, 1.5, -0.25, (float) 3e-5, Float.MAX_VALUE),
                new Case(0x0E, DType.FLOAT64, Math.PI, -1e300, 0.1, 0))) {
            ByteBuffer p = ByteBuffer.allocate(4 * c.dtype.itemSize()).order(ByteOrder.BIG_ENDIAN);
            for (double v : c.values) {
                switch (c.dtype) {
                    case INT8 -> p.put((byte) v);
                    case INT16 -> p.putShort((short) v);
                    case INT32 -> p.putInt((int) v);
                    case FLOAT32 -> p.putFloat((float) v);
                    default -> p.putDouble(v);
                }
            }
            Tensor t = Idx.load(file("t" + c.type, idx(c.type, new int[] {2, 2}, p.array())));
            assertEquals(c.dtype, t.dtype());
            assertArrayEquals(new long[] {2, 2}, t.shapeArray());
            assertArrayEquals(c.values, t.toDoubleArray(), 0.0, c.dtype.toString());
        }
    }

    @Test
    void saveWritesTheIdxBytesAndRoundTripsEveryDtype() throws IOException {
        Tensor img = Torch.tensor(new long[] {0, 1, 2, 200, 255, 7}).to(DType.UINT8).reshape(1, 2, 3);
        Path p = dir.resolve("x-idx3-ubyte");
        Idx.save(p, img);
        assertArrayEquals(idx(0x08, new int[] {1, 2, 3}, new byte[] {0, 1, 2, (byte) 200, (byte) 255, 7}), Files.readAllBytes(p));
        Path gz = dir.resolve("x-idx3-ubyte.gz");
        Idx.save(gz, img);
        try (var in = new GZIPInputStream(Files.newInputStream(gz))) {
            assertArrayEquals(Files.readAllBytes(p), in.readAllBytes(), ".gz names are compressed");
        }
        Torch.manualSeed(0);
        for (DType d : new DType[] {DType.UINT8, DType.INT8, DType.INT16, DType.INT32, DType.FLOAT32, DType.FLOAT64}) {
            Tensor t = d.isFloatingPoint() ? Torch.randn(3, 4, 5).to(d) : Torch.randint(-100, 100, Torch.shape(3, 4, 5)).to(d);
            Tensor view = t.transpose(0, 2); // written row-major whatever the strides
            for (String name : new String[] {"t-" + d.pyName(), "t-" + d.pyName() + ".gz"}) {
                Idx.save(dir.resolve(name), view);
                Golden.assertExact(view.contiguous(), Idx.load(dir.resolve(name)), name);
            }
        }
        for (long[] shape : new long[][] {{}, {0}, {0, 28, 28}, {2, 1, 1, 1, 3}}) {
            Tensor t = Torch.ones(shape).to(DType.UINT8);
            Idx.save(dir.resolve("shape.gz"), t);
            Golden.assertExact(t, Idx.load(dir.resolve("shape.gz")), Arrays.toString(shape));
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file is left behind");
        }
    }

    @Test
    void mnistSizedFilesRoundTrip() throws IOException {
        Torch.manualSeed(1);
        Tensor images = Torch.randint(0, 256, Torch.shape(100, 28, 28)).to(DType.UINT8);
        Path p = dir.resolve("train-images-idx3-ubyte.gz");
        Idx.save(p, images);
        Golden.assertExact(images, Idx.load(p), "gzipped");
        Path q = dir.resolve("train-images-idx3-ubyte");
        Idx.save(q, images);
        assertEquals(16 + 100 * 28 * 28, Files.size(q));
        Golden.assertExact(images, Idx.load(q), "plain");
    }

    private void assertFails(String name, byte[] bytes, String... parts) throws IOException {
        Path p = file(name, bytes);
        IOException e = assertThrows(IOException.class, () -> Idx.load(p), name);
        assertTrue(e.getMessage().contains(p.toString()), "names the file: " + e.getMessage());
        for (String part : parts) assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
    }

    @Test
    void badFilesAreReportedWithTheFileAndTheByteCounts() throws IOException {
        byte[] good = idx(0x08, new int[] {2, 2, 3}, new byte[12]);
        assertFails("empty", new byte[0], "not an IDX file", "only 0 bytes");
        assertFails("short", new byte[] {0, 0, 8}, "only 3 bytes");
        assertFails("npy", "\u0093NUMPY".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), "not an IDX file", "magic number 0x934E554D");
        assertFails("type", idx(0x0A, new int[] {2}, new byte[2]), "unknown IDX data type 0x0A", "0x00000A01", "0x08 ubyte");
        assertFails("header", Arrays.copyOf(good, 10), "truncated IDX file", "3-dim", "needs 16 bytes", "holds 10");
        assertFails("data", Arrays.copyOf(good, 25), "[2, 2, 3]", "uint8", "needs 12 bytes after the 16-byte header", "holds 9", "truncated");
        assertFails("trailing", Arrays.copyOf(good, 30), "needs 12 bytes", "holds 14", "trailing bytes");
        byte[] f32 = idx(0x0D, new int[] {3}, new byte[11]);
        assertFails("f32", f32, "(float32) needs 12 bytes", "holds 11");
        // the same checks on decompressed data
        assertFails("data.gz", gzip(Arrays.copyOf(good, 25)), "needs 12 bytes", "decompressed file holds 9");
        assertFails("trailing.gz", gzip(Arrays.copyOf(good, 30)), "needs 12 bytes", "decompressed file holds 14");
        assertFails("header.gz", gzip(Arrays.copyOf(good, 10)), "truncated IDX file", "holds 10");
        assertFails("magic.gz", gzip(new byte[] {1, 2, 3, 4}), "not an IDX file");
        byte[] gz = gzip(good);
        assertFails("cut.gz", Arrays.copyOf(gz, gz.length - 12), "corrupt or truncated gzip data");
        // a header claiming far more than the compressed file can hold is refused before allocating
        assertFails("huge.gz", gzip(idx(0x0E, new int[] {100000, 1000}, new byte[0])), "800000000 bytes", "gzip file can hold");
    }

    /** Damaged files (truncated, bits flipped, a dim forged) load or raise an IOException, never allocating much. */
    @Test
    void mutatedFilesRaiseOnlyIOExceptions() throws IOException {
        Torch.manualSeed(2);
        Path src = dir.resolve("src-idx3-ubyte");
        Idx.save(src, Torch.randint(0, 256, Torch.shape(3, 5, 4)).to(DType.FLOAT32));
        byte[] plain = Files.readAllBytes(src);
        java.util.Random r = new java.util.Random(0);
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 600; i++) {
            byte[] b = plain.clone();
            switch (i % 3) {
                case 0 -> b = Arrays.copyOf(b, r.nextInt(b.length));
                case 1 -> { for (int k = 0; k < 3; k++) b[r.nextInt(20)] ^= (byte) (1 << r.nextInt(8)); }
                default -> ByteBuffer.wrap(b).putInt(4 * r.nextInt(4), r.nextInt(4) == 0 ? -1 : r.nextInt(1 << 20));
            }
            Path p = file("fuzz" + (i % 2 == 0 ? "" : ".gz"), i % 2 == 0 ? b : gzip(b));
            long before = threads.getCurrentThreadAllocatedBytes();
            try {
                Idx.load(p);
            } catch (IOException expected) {
                assertTrue(expected.getMessage() != null && expected.getMessage().contains(p.toString()), expected.getMessage());
            }
            long used = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(used < (64L << 20), "mutation " + i + " allocated " + used + " bytes");
        }
    }

    @Test
    void saveRefusesWhatIdxCannotStore() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Idx.save(dir.resolve("x"), Torch.zeros(2).to(DType.INT64)));
        assertTrue(e.getMessage().contains("torch.int64"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Idx.save(dir.resolve("x"), Torch.zeros(2).to(DType.BOOL)));
        assertTrue(Files.notExists(dir.resolve("x")));
    }
}
