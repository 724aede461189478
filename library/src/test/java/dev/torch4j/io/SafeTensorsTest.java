package dev.torch4j.io;

import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** safetensors against the reference writer's layout (fixtures from scripts/goldens/interop_fixtures.py). */
class SafeTensorsTest {
    @TempDir Path dir;

    @Test
    void readsTheFixturesWithEveryDtypeAndTheirMetadata() throws IOException {
        for (String rel : List.of("all_dtypes.safetensors", "no_metadata.safetensors")) {
            JsonObject entry = Described.manifest().get(rel).getAsJsonObject();
            Map<String, Tensor> got = SafeTensors.loadFile(Described.resource(rel));
            Described.assertMatches(entry.get("value"), Described.of(got), rel);
            try (SafeTensors.Reader r = SafeTensors.safeOpen(Described.resource(rel))) {
                Map<String, String> meta = new LinkedHashMap<>();
                entry.getAsJsonObject("metadata").entrySet().forEach(e -> meta.put(e.getKey(), e.getValue().getAsString()));
                assertEquals(meta, r.metadata());
            }
        }
    }

    /** What we write is what the reference writer wrote: order, header, padding, data. */
    @Test
    void reSavingTheFixturesReproducesTheirBytes() throws IOException {
        for (String rel : List.of("all_dtypes.safetensors", "no_metadata.safetensors")) {
            Path src = Described.resource(rel);
            Map<String, Tensor> tensors;
            Map<String, String> meta;
            try (SafeTensors.Reader r = SafeTensors.safeOpen(src)) {
                tensors = r.loadAll();
                meta = r.metadata().isEmpty() ? null : r.metadata();
            }
            Path out = dir.resolve(rel);
            SafeTensors.saveFile(tensors, meta, out);
            assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(out), rel);
        }
    }

    /** The byte vectors of safetensors' own tests (tensor.rs: test_serialization, test_empty, forced alignment). */
    @Test
    void matchesTheReferenceTestVectors() throws IOException {
        Tensor attn = Torch.arange(6).to(DType.FLOAT32).reshape(1, 2, 3);
        assertArrayEquals(st("{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}", f32(0, 1, 2, 3, 4, 5)),
                save(Map.of("attn.0", attn), null));
        assertArrayEquals(st("{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}       ", f32(0, 1, 2, 3, 4, 5)),
                save(Map.of("attn0", attn.reshape(1, 1, 2, 3)), null));
        assertArrayEquals(st("{}      ", new byte[0]), save(Map.of(), null));
        assertArrayEquals(st("{\"__metadata__\":{\"framework\":\"pt\"}}     ", new byte[0]), save(Map.of(), Map.of("framework", "pt")));
    }

    private byte[] save(Map<String, Tensor> t, Map<String, String> meta) throws IOException {
        Path p = dir.resolve("v.safetensors");
        SafeTensors.saveFile(t, meta, p);
        return Files.readAllBytes(p);
    }

    @Test
    void writesTensorsSortedByAlignmentThenNameAndReadsThemBackLazily() throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("b.mask", Torch.tensor(new boolean[] {true, false, true}));
        t.put("a.half", Torch.randn(2, 2).to(DType.FLOAT16));
        t.put("c.bf16", Torch.randn(3).to(DType.BFLOAT16));
        t.put("a.long", Torch.arange(4));
        t.put("z.view", Torch.arange(12).to(DType.FLOAT64).reshape(3, 4).t());
        t.put("scalar", Torch.tensor(1.5));
        Path p = dir.resolve("m.safetensors");
        SafeTensors.saveFile(t, Map.of("k", "v \"quoted\"\n"), p);
        try (SafeTensors.Reader r = SafeTensors.safeOpen(p)) {
            // I64 > F64 > F32 > BF16 > F16 > BOOL in the reference enum, then names
            assertEquals(List.of("a.long", "z.view", "scalar", "c.bf16", "a.half", "b.mask"), List.copyOf(r.keys()));
            assertEquals(Map.of("k", "v \"quoted\"\n"), r.metadata());
            assertArrayEquals(new long[] {4, 3}, r.shape("z.view"));
            assertEquals(DType.BFLOAT16, r.dtype("c.bf16"));
            for (String k : t.keySet()) Golden.assertExact(t.get(k), r.getTensor(k), k);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.getTensor("nope"));
            assertTrue(e.getMessage().contains("no tensor named \"nope\""), e.getMessage());
            r.close();
            assertThrows(IllegalStateException.class, () -> r.getTensor("a.long"));
        }
    }

    @Test
    void metadataKeyCannotNameATensor() {
        assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.saveFile(Map.of("__metadata__", Torch.ones(1)), dir.resolve("x.safetensors")));
    }

    // ---------------------------------------------------------------- header validation

    @Test
    void validatesTheHeaderAsTheSpecRequires() throws IOException {
        byte[] data8 = new byte[8];
        assertError(new byte[5], "header too small");
        assertError(concat(le(200_000_000), new byte[8]), "header too large");
        assertError(concat(le(-1), new byte[8]), "header too large");
        assertError(concat(le(100), "{}".getBytes(StandardCharsets.UTF_8)), "invalid header length 100");
        assertError(concat(le(2), new byte[] {(byte) 0xc3, 0x28}), "not valid UTF-8");
        assertError(st("[1, 2]", new byte[0]), "does not start with '{'");
        assertError(st("{\"a\": ", new byte[0]), "not valid JSON");
        assertError(st("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"a\":{}}", data8), "duplicate key");
        assertError(st("{\"a\":{\"dtype\":\"F99\",\"shape\":[2],\"data_offsets\":[0,8]}}", data8), "unknown dtype \"F99\"");
        assertError(st("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", data8), "shape is missing");
        assertError(st("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0]}}", data8), "must have 2 entries");
        assertError(st("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", data8), "non-negative");
        assertError(st("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]), "must start at 0");
        assertError(st("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],"
                + "\"data_offsets\":[4,12]}}", new byte[12]), "must start at 8");
        assertError(st("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", data8), "needs 12 bytes");
        assertError(st("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[9]), "incomplete or padded");
        assertError(st("{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}", data8), "more elements than a long can count");
        assertError(st("{\"__metadata__\":{\"k\":1}}", new byte[0]), "is not a string");
        assertError(st("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,99999999999999999999999]}}", data8),
                "non-negative integers");
        assertError(st("[".repeat(100) + "]".repeat(100), new byte[0]), "does not start");
        assertError(st("{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}", new byte[0]), "nesting deeper than 64");
    }

    @Test
    void tensorsOfDtypesTorch4jLacksAreListedButNotMaterialised() throws IOException {
        Path p = dir.resolve("u32.safetensors");
        Files.write(p, st("{\"u\":{\"dtype\":\"U32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"f\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", concat(new byte[8], f32(1, 2))));
        try (SafeTensors.Reader r = SafeTensors.safeOpen(p)) {
            assertEquals(List.of("u", "f"), List.copyOf(r.keys()));
            Golden.assertExact(Torch.tensor(new float[] {1, 2}), r.getTensor("f"), "f");
            IOException e = assertThrows(IOException.class, () -> r.getTensor("u"));
            assertTrue(e.getMessage().contains("dtype U32, which torch4j does not support"), e.getMessage());
        }
    }

    private void assertError(byte[] file, String want) throws IOException {
        Path p = dir.resolve("bad.safetensors");
        Files.write(p, file);
        IOException e = assertThrows(IOException.class, () -> SafeTensors.loadFile(p));
        assertTrue(e.getMessage().contains(want), "expected '" + want + "' in: " + e.getMessage());
        assertTrue(e.getMessage().contains("bad.safetensors"), "names the file: " + e.getMessage());
    }

    static byte[] st(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return concat(concat(le(h.length), h), data);
    }

    private static byte[] le(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    private static byte[] f32(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) b.putFloat(x);
        return b.array();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
