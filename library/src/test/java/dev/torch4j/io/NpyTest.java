package dev.torch4j.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** .npy and .npz against files written by NumPy (scripts/goldens/interop_fixtures.py). */
class NpyTest {
    @TempDir Path dir;

    @Test
    void readsEveryNumpyFixtureExactly() throws IOException {
        int n = 0;
        for (Map.Entry<String, JsonElement> e : Described.manifest().entrySet()) {
            JsonObject entry = e.getValue().getAsJsonObject();
            if (!entry.get("loader").getAsString().equals("npy") || !entry.has("value")) continue;
            Tensor t = Npy.load(Described.resource(e.getKey()));
            Described.assertMatches(entry.get("value"), Described.of(t), e.getKey());
            n++;
        }
        assertTrue(n >= 36, "npy fixtures read: " + n);
    }

    @Test
    void refusesWhatItCannotRepresentNamingWhy() {
        Map<String, JsonElement> m = Described.manifest();
        for (String rel : List.of("npy/object_malicious.npy", "npy/uint32_unsupported.npy")) {
            String want = m.get(rel).getAsJsonObject().get("error").getAsString();
            IOException e = assertThrows(IOException.class, () -> Npy.load(Described.resource(rel)));
            assertTrue(e.getMessage().contains(want), e.getMessage());
            assertTrue(e.getMessage().contains(rel.substring(4)), "names the file: " + e.getMessage());
        }
    }

    /** Re-saving what NumPy wrote gives NumPy's bytes: header, padding, order and byte order. */
    @Test
    void reSavingNumpyFilesReproducesTheirBytes() throws IOException {
        int n = 0;
        for (Map.Entry<String, JsonElement> e : Described.manifest().entrySet()) {
            String rel = e.getKey();
            JsonObject entry = e.getValue().getAsJsonObject();
            if (!entry.get("loader").getAsString().equals("npy") || !entry.has("value") || rel.contains("_v")) continue;
            Path src = Described.resource(rel);
            Tensor t = Npy.load(src);
            Path out = dir.resolve("out.npy");
            if (rel.contains("_be")) Npy.save(out, t, ByteOrder.BIG_ENDIAN, rel.contains("_f_"));
            else Npy.save(out, t); // NumPy's own choice of order
            assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(out), rel);
            n++;
        }
        assertTrue(n >= 34, "compared " + n);
    }

    @Test
    void fortranFilesLoadAsColumnMajorViews() throws IOException {
        Tensor t = Npy.load(Described.resource("npy/int16_3d_f_le.npy"));
        assertArrayEquals(new long[] {2, 3, 4}, t.shapeArray());
        assertArrayEquals(new long[] {1, 2, 6}, t.stride());
        Golden.assertExact(Torch.arange(24).reshape(2, 3, 4).to(DType.INT16), t, "values");
    }

    @Test
    void readsFormatVersions2And3() throws IOException {
        Tensor v1 = Npy.load(Described.resource("npy/float32_c_le.npy"));
        for (String v : List.of("npy/float32_v2.npy", "npy/float32_v3.npy")) {
            Golden.assertExact(v1, Npy.load(Described.resource(v)), v);
        }
    }

    @Test
    void roundTripsEveryDtypeOrderAndByteOrder() throws IOException {
        Tensor base = Torch.arange(24).reshape(2, 3, 4);
        for (DType d : dev.torch4j.testing.RealDTypes.values()) {
            if (d == DType.BFLOAT16) continue;
            Tensor t = base.to(d);
            for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
                for (boolean fortran : List.of(false, true)) {
                    Path p = dir.resolve(d.pyName() + order + fortran + ".npy");
                    Npy.save(p, t, order, fortran);
                    Tensor back = Npy.load(p);
                    Golden.assertExact(t, back, d + " " + order + " fortran=" + fortran);
                    assertEquals(fortran, back.stride(0) == 1, "layout");
                }
            }
        }
    }

    @Test
    void zeroDimAndEmptyArraysRoundTrip() throws IOException {
        for (Tensor t : List.of(Torch.tensor(2.5), Torch.zeros(0, 3).to(DType.INT32), Torch.zeros(0).to(DType.BOOL))) {
            Path p = dir.resolve("t.npy");
            Npy.save(p, t);
            Golden.assertExact(t, Npy.load(p), t.shape().toString());
        }
    }

    /** numpy.save's rule: C order unless the array is Fortran- but not C-contiguous; other layouts are copied to C. */
    @Test
    void savePicksTheOrderNumpyWould() throws IOException {
        Tensor base = Torch.arange(12).reshape(3, 4).to(DType.FLOAT64);
        Path p = dir.resolve("t.npy");
        Npy.save(p, base.t());
        assertTrue(header(p).contains("'fortran_order': True"), header(p));
        Golden.assertExact(base.t(), Npy.load(p), "transposed");
        Tensor strided = base.narrow(1, 1, 2);
        Npy.save(p, strided);
        assertTrue(header(p).contains("'fortran_order': False"), header(p));
        Golden.assertExact(strided, Npy.load(p), "narrowed");
    }

    private static String header(Path p) throws IOException {
        return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).lines().findFirst().orElseThrow();
    }

    @Test
    void largeFilesAreMemoryMappedAndReadExactly() throws IOException {
        Tensor t = Torch.randn(600, 1000).to(DType.FLOAT64); // 4.8 MB of data
        Path p = dir.resolve("big.npy");
        Npy.save(p, t, ByteOrder.BIG_ENDIAN, false);
        try (MappedFile f = MappedFile.open(p)) {
            assertTrue(f.isMapped(), "files over " + MappedFile.MAP_THRESHOLD + " bytes are mapped");
        }
        Golden.assertExact(t, Npy.load(p), "mapped big-endian float64");
    }

    @Test
    void bfloat16IsRefusedAndTheExistingFileSurvives() throws IOException {
        Path p = dir.resolve("keep.npy");
        Npy.save(p, Torch.ones(2));
        byte[] before = Files.readAllBytes(p);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Npy.save(p, Torch.ones(2).to(DType.BFLOAT16)));
        assertTrue(e.getMessage().contains("bfloat16 has no NumPy dtype"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(p));
        assertEquals(List.of(p), list(dir), "no temporary file left behind");
    }

    @Test
    void aFailingWriteLeavesNoPartialFile() throws IOException {
        Path p = dir.resolve("partial.npz");
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("ok", Torch.ones(3));
        arrays.put("bad", Torch.ones(3).to(DType.BFLOAT16));
        assertThrows(IllegalArgumentException.class, () -> Npy.savez(p, arrays));
        assertEquals(List.of(), list(dir));
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    // ---------------------------------------------------------------- npz

    @Test
    void readsNumpyNpzPlainAndCompressed() throws IOException {
        for (String rel : List.of("arrays.npz", "arrays_compressed.npz")) {
            JsonElement want = Described.manifest().get(rel).getAsJsonObject().get("value");
            Map<String, Tensor> got = Npy.loadNpz(Described.resource(rel));
            assertEquals(List.of("a", "b", "c", "d"), List.copyOf(got.keySet()));
            Described.assertMatches(want, Described.of(got), rel);
        }
    }

    @Test
    void npzRoundTrips() throws IOException {
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("x", Torch.randn(3, 4));
        arrays.put("idx", Torch.arange(5));
        arrays.put("mask", Torch.tensor(new boolean[] {true, false}));
        arrays.put("t", Torch.arange(6).reshape(2, 3).t());
        for (boolean compressed : List.of(false, true)) {
            Path p = dir.resolve("a" + compressed + ".npz");
            if (compressed) Npy.savezCompressed(p, arrays);
            else Npy.savez(p, arrays);
            Map<String, Tensor> back = Npy.loadNpz(p);
            assertEquals(arrays.keySet(), back.keySet());
            for (String k : arrays.keySet()) Golden.assertExact(arrays.get(k), back.get(k), k);
        }
    }

    // ---------------------------------------------------------------- malformed files

    @Test
    void forgedShapesAreCheckedAgainstTheFileSize() throws IOException {
        byte[] header = NpyHeader.format(DType.FLOAT64, ByteOrder.LITTLE_ENDIAN, false, new long[] {1_000_000_000_000L});
        Path p = dir.resolve("forged.npy");
        Files.write(p, concat(header, new byte[16]));
        IOException e = assertThrows(IOException.class, () -> Npy.load(p));
        assertTrue(e.getMessage().contains("needs 8000000000000 bytes but the file holds only"), e.getMessage());

        byte[] overflow = NpyHeader.format(DType.FLOAT64, ByteOrder.LITTLE_ENDIAN, false, new long[] {1L << 40, 1L << 40});
        Files.write(p, overflow);
        e = assertThrows(IOException.class, () -> Npy.load(p));
        assertTrue(e.getMessage().contains("more elements than a long can count"), e.getMessage());
    }

    @Test
    void malformedHeadersRaiseClearErrors() throws IOException {
        assertNpyError("not numpy at all", "magic string");
        assertNpyError("\u0093NUMPY\u0004\u0000\u0010\u0000{}", "unsupported .npy format version 4.0");
        assertNpyError(npy("{'descr': '<f4', 'fortran_order': False}"), "correct keys");
        assertNpyError(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }"), "non-negative");
        assertNpyError(npy("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }"), "fortran_order is not a bool");
        assertNpyError(npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }"), "structured arrays");
        assertNpyError(npy("{'descr': '<c32', 'fortran_order': False, 'shape': (2,), }"), "unsupported dtype '<c32'");
        assertNpyError(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), } junk"), "cannot parse");
        assertNpyError(npy("{'descr': __import__('os'), 'fortran_order': False, 'shape': (2,), }"), "cannot parse");
        assertNpyError(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }"), "out of range");
        assertNpyError(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }"), "array data");
        String deep = "(".repeat(50) + ")".repeat(50);
        assertNpyError(npy("{'descr': '<f4', 'fortran_order': False, 'shape': " + deep + ", }"), "nesting too deep");
        assertNpyError(npy(" ".repeat(10001)), "exceeds 10000 bytes");
        Path zip = dir.resolve("a.npz");
        Npy.savez(zip, Map.of("a", Torch.ones(1)));
        IOException e = assertThrows(IOException.class, () -> Npy.load(zip));
        assertTrue(e.getMessage().contains("use Npy.loadNpz"), e.getMessage());
    }

    private static String npy(String dict) {
        int len = dict.length() + 1;
        return "\u0093NUMPY\u0001\u0000" + (char) (len & 0xff) + (char) (len >> 8) + dict + "\n";
    }

    private void assertNpyError(String content, String want) throws IOException {
        Path p = dir.resolve("bad.npy");
        Files.write(p, content.getBytes(StandardCharsets.ISO_8859_1));
        IOException e = assertThrows(IOException.class, () -> Npy.load(p));
        assertTrue(e.getMessage().contains(want), "expected '" + want + "' in: " + e.getMessage());
        assertTrue(e.getMessage().contains("bad.npy"), "names the file: " + e.getMessage());
    }

    @Test
    void npzWithForgedDirectoryIsRefused() throws IOException {
        Path p = dir.resolve("a.npz");
        Npy.savez(p, Map.of("a", Torch.ones(4)));
        byte[] b = Files.readAllBytes(p);
        // the classic end record's entry count (offset 10 from its start, 22 bytes before the end)
        int eocd = b.length - 22;
        byte[] forged = b.clone();
        forged[eocd - 20] = 0; // break the zip64 locator so the classic record is used
        forged[eocd + 10] = (byte) 0xff;
        forged[eocd + 11] = (byte) 0xff;
        Files.write(p, forged);
        IOException e = assertThrows(IOException.class, () -> Npy.loadNpz(p));
        assertTrue(e.getMessage().contains("claims 65535 entries"), e.getMessage());
        byte[] flipped = b.clone();
        flipped[30 + 5 + 128 + 2] ^= 0x5a; // local header, "a.npy", npy header, then the data: the CRC catches it
        Files.write(p, flipped);
        e = assertThrows(IOException.class, () -> Npy.loadNpz(p));
        assertTrue(e.getMessage().contains("CRC-32 mismatch"), e.getMessage());
        assertFalse(Files.readAllBytes(p).length == 0);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
