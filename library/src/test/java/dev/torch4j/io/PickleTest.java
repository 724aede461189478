package dev.torch4j.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** io.Pickle against pickles written by Python 3 (protocols 0-5) and in Python 2 cPickle's format (interop_fixtures.py). */
class PickleTest {
    private static List<Map.Entry<String, JsonObject>> fixtures(boolean errors) {
        List<Map.Entry<String, JsonObject>> out = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : Described.manifest().entrySet()) {
            JsonObject o = e.getValue().getAsJsonObject();
            if (o.get("loader").getAsString().equals("pickle") && o.has("error") == errors) out.add(Map.entry(e.getKey(), o));
        }
        return out;
    }

    /** Every value as pickle.loads gave it in Python: NumPy arrays of each dtype and order, scalars, nested data. */
    @Test
    void loadsWhatPythonPickled() throws IOException {
        List<Map.Entry<String, JsonObject>> fx = fixtures(false);
        assertEquals(8, fx.size(), "fixtures");
        for (Map.Entry<String, JsonObject> e : fx) {
            Object loaded = Pickle.load(Described.resource(e.getKey()), e.getValue().get("encoding").getAsString());
            Described.assertMatches(e.getValue().get("value"), Described.of(loaded), e.getKey());
        }
    }

    @Test
    void refusesWhatItCannotRepresentOrMustNotRun() {
        List<Map.Entry<String, JsonObject>> fx = fixtures(true);
        assertEquals(5, fx.size(), "fixtures");
        for (Map.Entry<String, JsonObject> e : fx) {
            IOException ex = assertThrows(IOException.class, () -> Pickle.load(Described.resource(e.getKey())), e.getKey());
            String want = e.getValue().get("error").getAsString();
            assertTrue(ex.getMessage().contains(want), e.getKey() + ": expected '" + want + "' in: " + ex.getMessage());
            assertTrue(ex.getMessage().startsWith(Described.resource(e.getKey()).toString() + ": "), ex.getMessage());
        }
    }

    /** One array pickled twice is one object, as in Python: the memo reference gets the rebuilt tensor. */
    @Test
    void aRepeatedArrayIsOneTensor() throws IOException {
        for (int proto = 0; proto <= 5; proto++) {
            Map<?, ?> m = (Map<?, ?>) Pickle.load(Described.resource("pickle/arrays_p" + proto + ".pkl"));
            assertSame(m.get("f32"), m.get("again"), "protocol " + proto);
            Tensor fortran = (Tensor) m.get("f64_fortran");
            assertArrayEquals(new long[] {1, 3}, fortran.stride(), "protocol " + proto + " keeps NumPy's column-major strides");
        }
    }

    /** CIFAR's batches hold Python 2 strs: ASCII (Python's default) fails on the array bytes, latin-1 keeps them. */
    @Test
    void python2StringsFollowTheEncoding() throws IOException {
        var path = Described.resource("pickle/py2_batch_p2.pkl");
        IOException e = assertThrows(IOException.class, () -> Pickle.load(path));
        assertTrue(e.getMessage().contains("not ASCII") && e.getMessage().contains("latin1"), e.getMessage());
        Map<?, ?> latin1 = (Map<?, ?>) Pickle.load(path, "latin1");
        assertEquals(DType.UINT8, ((Tensor) latin1.get("data")).dtype());
        assertEquals("caf\u00e9_000001.png", ((List<?>) latin1.get("filenames")).get(0));
        // as UTF-8 the array bytes are not valid text: an error, as in Python, not replacement characters
        IOException u = assertThrows(IOException.class, () -> Pickle.loads(Files.readAllBytes(path), "utf-8"));
        assertTrue(u.getMessage().startsWith("<bytes>: ") && u.getMessage().contains("not valid UTF-8"), u.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pickle.load(path, "bytes"));
    }

    /** torch.load's unpickler takes no NumPy arrays, and says where they can be read. */
    @Test
    void checkpointUnpicklerRefusesNumpyArrays() throws IOException {
        byte[] data = Files.readAllBytes(Described.resource("pickle/arrays_p2.pkl"));
        IOException e = assertThrows(IOException.class, () -> new Unpickler("data.pkl", data, pid -> null).load());
        assertTrue(e.getMessage().contains("numpy.core.multiarray._reconstruct") && e.getMessage().contains("io.Pickle.load"),
                e.getMessage());
    }

    private static byte[] pk(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    /** Protocol 0's text forms: quoted strs with escapes, raw-unicode-escape, text ints, longs, floats, PUT/GET. */
    @Test
    void protocolZeroText() throws IOException {
        Object v = Pickle.loads(pk("(lp0\nS'a\\x00b\\'\\n\\101\\\\'\np1\naVx\\u00e9\\\\u0041\\u0041\np2\naI01\naI-7\naL123456789012345678901234567890L\n"
                + "aF-inf\naF2.5\nag1\na(dp3\nS\"k\"\np4\nI00\nsa."), "latin1");
        List<?> l = (List<?>) v;
        assertEquals("a\0b'\nA\\", l.get(0));
        assertEquals("x\u00e9\\\\u0041A", l.get(1)); // an even run of backslashes is not an escape
        assertEquals(Boolean.TRUE, l.get(2));
        assertEquals(-7L, l.get(3));
        assertEquals(new java.math.BigInteger("123456789012345678901234567890"), l.get(4));
        assertEquals(Double.NEGATIVE_INFINITY, l.get(5));
        assertEquals(2.5, l.get(6));
        assertSame(l.get(0), l.get(7));
        assertEquals(Map.of("k", false), l.get(8));
    }

    @Test
    void malformedTextIsAnIOException() {
        for (String bad : new String[] {"S'abc\n.", "Sabc\n.", "S'\\x4'\n.", "V\\u12\n.", "Ifoo\n.", "Fx1\n.", "g7\n.", "I1"}) {
            IOException e = assertThrows(IOException.class, () -> Pickle.loads(pk(bad), "latin1"), bad);
            assertTrue(e.getMessage().startsWith("<bytes>: "), e.getMessage());
        }
    }

    /** A forged pickle that stores an array before BUILD has given it contents is refused, not half-built. */
    @Test
    void anArrayUsedBeforeItsBuildIsRefused() {
        String reconstruct = "cnumpy.core.multiarray\n_reconstruct\n(cnumpy\nndarray\nK\u0000\u0085C\u0001bt";
        byte[] early = pk("\u0080\u0002]" + reconstruct + "R" + "a.");
        IOException e = assertThrows(IOException.class, () -> Pickle.loads(early, "latin1"));
        assertTrue(e.getMessage().contains("before its state was set"), e.getMessage());
    }

    /** Sets and frozensets, as protocols 2 (set(list) calls) and 4 (opcodes) write them; a set is no dict key. */
    @Test
    void setsAndFrozensets() throws IOException {
        // pickle.dumps({frozenset({1, 2}): {3, 4}, 'e': set()}, protocol=p) under Python 3.11
        String p2 = "80027d710028635f5f6275696c74696e5f5f0a66726f7a656e7365740a71015d7102284b014b0265857103527104635f5f6275"
                + "696c74696e5f5f0a7365740a71055d7106284b034b0465857107527108580100000065710968055d710a85710b52710c752e";
        String p4 = "8004951a000000000000007d9428284b014b0291948f94284b034b04908c0165948f94752e";
        for (String hex : List.of(p2, p4)) {
            java.util.Map<?, ?> m = (java.util.Map<?, ?>) Pickle.loads(java.util.HexFormat.of().parseHex(hex), "ASCII");
            assertEquals(2, m.size(), hex);
            Object key = m.keySet().iterator().next();
            assertEquals(java.util.Set.of(1L, 2L), key, "a frozenset key");
            assertEquals(java.util.Set.of(3L, 4L), m.get(key), "a set value");
            assertEquals(java.util.Set.of(), m.get("e"), "an empty set");
            assertThrows(UnsupportedOperationException.class, () -> ((java.util.Set<Object>) key).add(3L), "frozen");
        }
        // forged: a set inside a set, and a set as a dict key (Python cannot hash either)
        for (String[] c : new String[][] {{"80048f288f902e", "unhashable set element a set"}, {"80047d8f4b01732e", "unhashable dict key a set"}}) {
            IOException e = assertThrows(IOException.class, () -> Pickle.loads(java.util.HexFormat.of().parseHex(c[0]), "ASCII"));
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
    }
}
