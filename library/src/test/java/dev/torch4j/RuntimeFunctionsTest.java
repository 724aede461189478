package dev.torch4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.testing.Golden;
import dev.torch4j.testing.WeightedGoldens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * torch.frombuffer, torch.from_file, torch.fill, Tensor.map2_ against PyTorch (scripts/goldens/runtime_goldens.py),
 * what frombuffer shares, and the runtime switches (interop threads, flush denormal, warn always).
 */
class RuntimeFunctionsTest {
    private static DType dtype(String name) {
        for (DType d : DType.values()) if (d.pyName().equals(name)) return d;
        throw new IllegalArgumentException(name);
    }

    private static byte[] bytes(JsonObject c) {
        JsonArray a = c.getAsJsonArray("bytes");
        byte[] b = new byte[a.size()];
        for (int i = 0; i < b.length; i++) b[i] = (byte) a.get(i).getAsInt();
        return b;
    }

    @Test
    void frombufferMatchesPyTorch() {
        int n = 0;
        for (JsonObject c : Golden.cases("runtime")) {
            if (!c.get("fn").getAsString().equals("frombuffer")) continue;
            String name = c.get("name").getAsString();
            byte[] b = bytes(c);
            DType d = dtype(c.get("dtype").getAsString());
            long count = c.get("count").getAsLong(), offset = c.get("offset").getAsLong();
            // a byte[], a heap ByteBuffer and a direct one read the same elements
            ByteBuffer direct = ByteBuffer.allocateDirect(b.length).put(b).flip();
            for (Object buf : new Object[] {b.clone(), ByteBuffer.wrap(b.clone()), direct}) {
                String where = name + " " + buf.getClass().getSimpleName();
                if (c.has("error")) {
                    assertEquals(c.get("error").getAsString(), assertThrows(IllegalArgumentException.class,
                            () -> Torch.frombuffer(buf, d, count, offset), where).getMessage());
                } else {
                    Golden.assertExact(Golden.tensor(c.getAsJsonObject("output")), Torch.frombuffer(buf, d, count, offset), where);
                }
            }
            n++;
        }
        assertEquals(17, n);
    }

    @Test
    void frombufferSharesArraysOfTheDtypesCarrier() {
        byte[] b = {1, 2, 3, 4, 5};
        Tensor u = Torch.frombuffer(b, DType.UINT8, 3, 1);
        u.fill_(9);
        assertArrayEquals(new byte[] {1, 9, 9, 9, 5}, b, "uint8 over a byte[] is a view of it");
        b[4] = 7;
        assertEquals(7, Torch.frombuffer(b, DType.INT8).select(0, 4).itemLong(), "and the array's writes show in the tensor");

        float[] f = {1, 2, 3, 4};
        Tensor t = Torch.frombuffer(f, DType.FLOAT32, -1, 4); // offset in bytes: from element 1
        assertEquals(1, t.storageOffset());
        t.mul_(10);
        assertArrayEquals(new float[] {1, 20, 30, 40}, f);
        assertSame(Torch.fromArray(f).storage(), t.storage(), "the same storage as fromArray's over that array");

        Tensor bits = Torch.frombuffer(f, DType.INT32); // reinterpreted: a copy
        assertEquals(Float.floatToIntBits(20f), bits.select(0, 1).itemLong());
        bits.zero_();
        assertEquals(20f, f[1]);

        ByteBuffer heap = ByteBuffer.wrap(new byte[] {0, 1, 2, 3}).position(1);
        Torch.frombuffer(heap, DType.UINT8).fill_(5);
        assertArrayEquals(new byte[] {0, 5, 5, 5}, heap.array(), "a heap ByteBuffer is shared from its position");
        ByteBuffer ro = ByteBuffer.wrap(new byte[] {0, 1}).asReadOnlyBuffer();
        Torch.frombuffer(ro, DType.UINT8).fill_(3);
        assertEquals(1, ro.get(1), "a read-only buffer is copied");

        double[] z = {1, 2, 3, 4};
        Tensor c = Torch.frombuffer(z, DType.COMPLEX128, 1, 16);
        assertEquals(new Complex(3, 4), c.select(0, 0).itemComplex());
        Torch.viewAsReal(c).fill_(0);
        assertArrayEquals(new double[] {1, 2, 0, 0}, z, "complex128 over a double[] is shared too");
        assertEquals("frombuffer: expected a ByteBuffer or a byte[], short[], int[], long[], float[] or double[] array, got boolean[]",
                assertThrows(IllegalArgumentException.class, () -> Torch.frombuffer(new boolean[2], DType.BOOL)).getMessage());
    }

    @Test
    void fromFileMatchesPyTorch(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("data.bin");
        int n = 0;
        for (JsonObject c : Golden.cases("runtime")) {
            if (!c.get("fn").getAsString().equals("from_file")) continue;
            Files.write(file, bytes(c));
            DType d = dtype(c.get("dtype").getAsString());
            long size = c.get("size").getAsLong();
            String p = file.toString();
            if (c.has("error")) {
                assertEquals(c.get("error").getAsString().replace("PATH", p),
                        assertThrows(IllegalArgumentException.class, () -> Torch.fromFile(p, false, size, d)).getMessage());
            } else {
                Tensor t = Torch.fromFile(p, false, size, d);
                Golden.assertExact(Golden.tensor(c.getAsJsonObject("output")), t, c.get("name").getAsString());
                if (size > 0) {
                    t.zero_();
                    assertArrayEquals(bytes(c), Files.readAllBytes(file), "shared=False: writes do not reach the file");
                }
            }
            n++;
        }
        assertEquals(4, n);
        String p = file.toString();
        assertEquals(DType.FLOAT32, Torch.fromFile(p, 2).dtype());
        assertThrows(UnsupportedOperationException.class, () -> Torch.fromFile(p, true, 2, DType.FLOAT32));
        String missing = dir.resolve("missing").toString();
        assertEquals("unable to open file <" + missing + "> in read-only mode: No such file or directory (2)",
                assertThrows(UncheckedIOException.class, () -> Torch.fromFile(missing, false, 1, null)).getMessage());
    }

    @Test
    void fillAndMap2MatchPyTorch() {
        Map<String, Function<Tensor[], Tensor[]>> calls = Map.of(
                "fill_scalar", x -> new Tensor[] {Torch.fill(x[0], 2.5)},
                "fill_tensor", x -> new Tensor[] {Torch.fill(x[0], x[1])},
                "fill_int", x -> new Tensor[] {Torch.fill(x[0], 7)},
                "map2_", x -> new Tensor[] {x[0].clone().map2_(x[1], x[2], (p, q, r) -> p * q - r)});
        WeightedGoldens.check("runtime", calls, 1e-12, 1e-12);
        assertEquals("fill_ only supports 0-dimension value tensor but got tensor with 1 dimensions.",
                assertThrows(IllegalArgumentException.class, () -> Torch.fill(Torch.ones(2), Torch.ones(2))).getMessage());
        Tensor x = Torch.ones(3);
        assertNotSame(x, Torch.fill(x, 4.0));
        assertEquals(1.0, x.select(0, 0).item(), "torch.fill leaves its input alone");
    }

    @Test
    void runtimeSwitches() {
        assertFalse(Torch.setFlushDenormal(true));
        assertFalse(Torch.setFlushDenormal(false));
        assertEquals(Runtime.getRuntime().availableProcessors(), Torch.getNumInteropThreads());
        assertEquals("set_num_interop_threads expects a positive integer",
                assertThrows(IllegalArgumentException.class, () -> Torch.setNumInteropThreads(0)).getMessage());
        Torch.setNumInteropThreads(3);
        assertEquals(3, Torch.getNumInteropThreads());
        assertEquals("Error: cannot set number of interop threads after parallel work has started or set_num_interop_threads called",
                assertThrows(IllegalStateException.class, () -> Torch.setNumInteropThreads(4)).getMessage());
        assertFalse(Torch.isWarnAlwaysEnabled());
        Torch.setWarnAlways(true);
        assertTrue(Torch.isWarnAlwaysEnabled());
        Torch.setWarnAlways(false);
        assertTrue(Torch.isStorage(Torch.ones(2).storage()));
        assertFalse(Torch.isStorage(Torch.ones(2)));
    }
}
