package dev.torch4j.io;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.backend.cpu.CpuStorage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The restricted unpickler on hand-assembled pickles: what it accepts, and the error for everything else. */
class UnpicklerTest {
    /** A pickle from parts: Integers and chars are single bytes (opcodes, small args), Strings are latin-1 bytes. */
    static byte[] pk(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80);
        out.write(2);
        for (Object p : parts) {
            if (p instanceof Integer i) out.write(i);
            else if (p instanceof Character c) out.write(c);
            else out.writeBytes(((String) p).getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.toByteArray();
    }

    private static String str(String s) {
        int n = s.length();
        return "X" + (char) (n & 0xff) + (char) (n >> 8 & 0xff) + "\0\0" + s;
    }

    private static Object load(byte[] pickle) throws IOException {
        return new Unpickler("test.pkl", pickle, pid -> CpuStorage.wrap(DType.INT64, new long[] {10, 11, 12, 13, 14, 15})).load();
    }

    private static void assertError(byte[] pickle, String want) {
        IOException e = assertThrows(IOException.class, () -> load(pickle));
        assertTrue(e.getMessage().contains(want), "expected '" + want + "' in: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("test.pkl: "), e.getMessage());
    }

    @Test
    void buildsPlainData() throws IOException {
        // {'a': [1, 300, -2, 1.5, True, None], 'b': (1, 2, 3, 4)}
        Object v = load(pk('}', 'q', 0, '(', str("a"), ']', '(', 'K', 1, 'M', 0x2c, 1, 'J', 0xfe, 0xff, 0xff, 0xff,
                'G', 0x3f, 0xf8, 0, 0, 0, 0, 0, 0, 0x88, 'N', 'e', str("b"), '(', 'K', 1, 'K', 2, 'K', 3, 'K', 4, 't', 'u', '.'));
        assertEquals(Map.of("a", List.of(1L, 300L, -2L, 1.5, true), "b", Tuple.of(1L, 2L, 3L, 4L)).keySet(), ((Map<?, ?>) v).keySet());
        List<?> a = (List<?>) ((Map<?, ?>) v).get("a");
        assertEquals(List.of(1L, 300L, -2L, 1.5, true), a.subList(0, 5));
        assertNull(a.get(5));
        assertEquals(Tuple.of(1L, 2L, 3L, 4L), ((Map<?, ?>) v).get("b"));
    }

    @Test
    void decodesLongIntegersAsPythonDoes() throws IOException {
        assertEquals(0L, load(pk(0x8a, 0, '.')));
        assertEquals(-128L, load(pk(0x8a, 1, 0x80, '.')));
        assertEquals(255L, load(pk(0x8a, 2, 0xff, 0, '.')));
        assertEquals(Long.MIN_VALUE, load(pk(0x8a, 8, 0, 0, 0, 0, 0, 0, 0, 0x80, '.')));
        assertEquals(new java.math.BigInteger("18446744073709551615"), load(pk(0x8a, 9, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, '.')));
    }

    @Test
    void rebuildsTensorViewsOverOneStorage() throws IOException {
        String rebuild = "ctorch._utils\n_rebuild_tensor_v2\n";
        String pid = "((" + str("storage") + "ctorch\nLongStorage\n" + str("0") + str("cpu") + "K\u0006t";
        String hooks = "ccollections\nOrderedDict\n)R";
        // [view(offset 1, size (2,), stride (2,)), same storage as a 2x3 tensor]
        byte[] p = pk(']', '(', rebuild + pid + "QK\u0001K\u0002\u0085K\u0002\u0085\u0089" + hooks + "tR",
                rebuild + pid + "QK\u0000K\u0002K\u0003\u0086K\u0003K\u0001\u0086\u0089" + hooks + "tR", 'e', '.');
        List<?> l = (List<?>) new Unpickler("t", p, new Unpickler.PersistentLoader() {
            CpuStorage s;

            @Override
            public CpuStorage load(Tuple id) {
                if (s == null) s = CpuStorage.wrap(DType.INT64, new long[] {10, 11, 12, 13, 14, 15});
                return s;
            }
        }).load();
        Tensor view = (Tensor) l.get(0), full = (Tensor) l.get(1);
        assertEquals(List.of(11L, 13L), List.of(view.toLongArray()[0], view.toLongArray()[1]));
        assertEquals(Torch.arange(10, 16).reshape(2, 3).toString(), full.toString());
        assertTrue(view.storage() == full.storage());
    }

    @Test
    void refusesGlobalsATensorCheckpointDoesNotNeed() {
        assertError(pk("cposix\nsystem\n", str("echo hi"), 0x85, 'R', '.'), "unsupported global 'posix.system'");
        assertError(pk("c__builtin__\neval\n", '.'), "unsupported global 'builtins.eval'");
        assertError(pk(str("os"), str("system"), 0x93, '.'), "unsupported global 'os.system'");
        assertError(pk("ctorch._utils\n_rebuild_sparse_tensor\n", '.'), "sparse and tensor-subclass");
        assertError(pk("ctorch\nQUInt2x4Storage\n", '.'), "unsupported global 'torch.QUInt2x4Storage'");
        assertError(pk("ctorch\nComplexHalfStorage\n", '.'), "unsupported global 'torch.ComplexHalfStorage'");
        assertError(pk("c" + "x".repeat(300) + "\n", '.'), "at most 256 bytes");
    }

    @Test
    void callsOnlyWhatItImplements() {
        assertError(pk(str("x"), ')', 'R', '.'), "REDUCE on a str, which is not callable");
        assertError(pk("ctorch\nFloatStorage\n", ')', 'R', '.'), "<global torch.FloatStorage>, which is not callable");
        assertError(pk("ctorch\nTensor\n", ')', 'R', '.'), "which torch4j does not call");
        assertError(pk("ctorch._utils\n_rebuild_tensor_v2\n", ')', 'R', '.'), "expects 6 arguments, got 0");
        assertError(pk("ctorch\nTensor\n", ')', 0x81, '.'), "only nn.Parameter may be created");
        assertError(pk('}', '}', 'b', '.'), "BUILD is only allowed on an OrderedDict");
        assertError(pk(')', 'N', 'a', '.'), "only lists can be appended to");
        assertError(pk(']', 'N', 'N', 's', '.'), "only dicts can have items set");
        assertError(pk(str("notstorage"), 0x85, 'Q', '.'), "only persistent ids of storages");
        assertError(pk("ctorch._tensor\n_rebuild_from_type_v2\n(ctorch._tensor\n_rebuild_from_type_v2\nctorch\nTensor\n)}tR", '.'),
                "not a tensor rebuild function");
    }

    @Test
    void requiresGradOnlyOnFloatingTensors() {
        String pid = "((" + str("storage") + "ctorch\nLongStorage\n" + str("0") + str("cpu") + "K\u0006t";
        assertError(pk("ctorch._utils\n_rebuild_tensor_v2\n" + pid + "QK\u0000K\u0006\u0085K\u0001\u0085\u0088}tR."),
                "only floating point and complex tensors can require gradients");
    }

    @Test
    void viewsMustStayInsideTheirStorage() {
        String pid = "((" + str("storage") + "ctorch\nLongStorage\n" + str("0") + str("cpu") + "K\u0006t";
        assertError(pk("ctorch._utils\n_rebuild_tensor_v2\n" + pid + "QK\u0002K\u0005\u0085K\u0001\u0085\u0089}tR."),
                "needs 7 elements but its storage holds 6");
        assertError(pk("ctorch._utils\n_rebuild_tensor_v2\n" + pid + "QK\u0000K\u0002\u0085J\u00ff\u00ff\u00ff\u00ff\u0085\u0089}tR."),
                "negative stride");
        assertError(pk("ctorch._utils\n_rebuild_tensor_v2\n" + pid + "QK\u0000K\u0002K\u0002\u0086K\u0001\u0085\u0089}tR."),
                "different lengths");
    }

    @Test
    void malformedStreamsRaiseIOExceptions() throws IOException {
        assertError(pk('}'), "unexpected end of pickle data");
        assertError(pk('.'), "stack underflow");
        assertError(pk('h', 5, '.'), "memo index 5 was never stored");
        assertError(pk('X', 0xff, 0xff, 0xff, 0xff, "ab"), "runs past the end of the pickle");
        assertError(pk(0x8e, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f), "runs past the end");
        assertError(pk('i', '.'), "unsupported pickle opcode 0x69");
        assertError(pk('e', '.'), "no MARK");
        assertError(pk('N', 'N', '.'), "data left on its stack");
        assertError(pk('N', '.', 'N'), "trailing bytes");
        assertError(pk(0x80, 9, 'N', '.'), "unsupported pickle protocol 9");
        assertError(pk('}', ']', 'N', 's', '.'), "unhashable dict key a list");
        assertError(pk('}', 'N' + "\u0085".repeat(150), 'N', 's', '.'), "nested deeper than 100");
        // memo sharing makes a 60-level key of 2^60 values from a few hundred bytes: refused before hashing
        StringBuilder dag = new StringBuilder("NN\u0086q\u00000");
        for (int i = 0; i < 60; i++) dag.append("h").append((char) i).append("h").append((char) i).append("\u0086q").append((char) (i + 1)).append('0');
        assertError(pk('}', dag.toString(), 'h', 60, 'N', 's', '.'), "dict key of more than 10000 values");
        // a forged memo index allocates nothing
        assertNull(load(pk('N', 'r', 0xff, 0xff, 0xff, 0x7f, '0', 'j', 0xff, 0xff, 0xff, 0x7f, '.')));
    }
}
