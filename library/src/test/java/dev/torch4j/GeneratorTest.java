package dev.torch4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch4j.backend.cpu.random.CpuRandom;
import dev.torch4j.backend.cpu.random.RandomGoldens;
import dev.torch4j.backend.cpu.random.RandomGoldens.Case;
import dev.torch4j.backend.cpu.random.RandomGoldens.Step;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class GeneratorTest {

    private static Case golden(String name) {
        return RandomGoldens.load().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void newGeneratorUsesPyTorchsDefaultSeed() {
        assertEquals(67280421310721L, new Generator().initialSeed());
        assertEquals(Generator.DEFAULT_SEED, new Generator().initialSeed());
    }

    @Test
    void manualSeedSetsInitialSeedAllSixtyFourBits() {
        Generator g = new Generator().manualSeed(-1);
        assertEquals(-1L, g.initialSeed());
        assertEquals("18446744073709551615", Long.toUnsignedString(g.initialSeed()));
        assertEquals(1234567890123L, g.manualSeed(1234567890123L).initialSeed());
    }

    @Test
    void seedIsNondeterministicAndReported() {
        Generator g = new Generator();
        long s1 = g.seed(), s2 = g.seed();
        assertNotEquals(s1, s2);
        assertEquals(s2, g.initialSeed());
        float[] a = new float[4], b = new float[4];
        g.withEngine(e -> CpuRandom.uniform(e, a, 0, 4, 0, 1));
        g.manualSeed(s2);
        g.withEngine(e -> CpuRandom.uniform(e, b, 0, 4, 0, 1));
        assertArrayEquals(a, b);
    }

    @Test
    void defaultGeneratorIsOneNondeterministicallySeededInstance() {
        assertSame(Generator.defaultGenerator(), Generator.defaultGenerator());
        assertEquals(Device.CPU, Generator.defaultGenerator().device());
    }

    @Test
    void stateBytesMatchPyTorchsLayout() {
        for (String name : List.of("state_fresh", "state_after_randn3", "state_default_seed")) {
            Case c = golden(name);
            Generator g = new Generator();
            if (!name.equals("state_default_seed")) g.manualSeed(c.seed());
            for (Step s : c.steps()) {
                if (s.op().equals("state")) {
                    assertEquals(s.values()[0], RandomGoldens.hex(g.getState()), name);
                } else {
                    assertEquals("randn", s.op());
                    double[] o = new double[s.n()];
                    g.withEngine(e -> CpuRandom.normal(e, o, 0, o.length, 0, 1));
                }
            }
        }
    }

    @Test
    void setStateFromPyTorchBytesContinuesThePyTorchSequence() {
        // state_after_randn3 holds a cached normal; seq_randn3_twice_f64 shows what PyTorch draws next
        Case st = golden("state_after_randn3");
        byte[] bytes = hexBytes(st.steps().get(1).values()[0]);
        Generator g = new Generator().setState(bytes);
        assertEquals(42L, g.initialSeed());
        double[] next = new double[3];
        g.withEngine(e -> CpuRandom.normal(e, next, 0, 3, 0, 1));
        Step want = golden("seq_randn3_twice_f64").steps().get(1);
        for (int i = 0; i < 3; i++) assertEquals(want.values()[i], RandomGoldens.hex(next[i]));
        assertArrayEquals(bytes, new Generator().setState(bytes).getState());
    }

    @Test
    void getSetStateRoundTripRestoresCache() {
        Generator g = new Generator().manualSeed(5);
        double[] one = new double[1];
        g.withEngine(e -> CpuRandom.normal(e, one, 0, 1, 0, 1));
        byte[] st = g.getState();
        double[] a = new double[5], b = new double[5];
        g.withEngine(e -> CpuRandom.normal(e, a, 0, 5, 0, 1));
        g.setState(st);
        g.withEngine(e -> CpuRandom.normal(e, b, 0, 5, 0, 1));
        assertArrayEquals(a, b);
        Generator c = g.cloneState();
        assertArrayEquals(g.getState(), c.getState());
    }

    @Test
    void setStateRejectsBadInput() {
        Generator g = new Generator();
        var e = assertThrows(IllegalArgumentException.class, () -> g.setState(new byte[10]));
        assertTrue(e.getMessage().contains("size 5056"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> g.setState(new byte[Generator.STATE_SIZE]));
    }

    @Test
    void concurrentFillsAreSerialized() throws Exception {
        // 8 threads x 100 fills of 50 on one generator consume exactly 40000 words, in some order
        Generator g = new Generator().manualSeed(3);
        ExecutorService ex = Executors.newFixedThreadPool(8);
        try {
            Future<?>[] fs = new Future<?>[8];
            for (int t = 0; t < 8; t++) {
                fs[t] = ex.submit(() -> {
                    float[] o = new float[50];
                    for (int i = 0; i < 100; i++) g.withEngine(e -> CpuRandom.uniform(e, o, 0, 50, 0, 1));
                });
            }
            for (Future<?> f : fs) f.get();
        } finally {
            ex.shutdown();
        }
        Generator ref = new Generator().manualSeed(3);
        float[] skip = new float[40000];
        ref.withEngine(e -> CpuRandom.uniform(e, skip, 0, 40000, 0, 1));
        assertArrayEquals(ref.getState(), g.getState());
    }

    private static byte[] hexBytes(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        return b;
    }
}
