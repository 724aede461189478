package dev.torch4j.backend.cpu.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.torch4j.DType;
import dev.torch4j.backend.cpu.random.RandomGoldens.Case;
import dev.torch4j.backend.cpu.random.RandomGoldens.Step;
import java.util.Arrays;
import java.util.HashSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every op of {@code goldens/random.txt} (real PyTorch output) reproduced bit for bit by {@link CpuRandom}. */
class CpuRandomTest {

    /** The chunked bernoulli_ loops give the per-element definition's values, across chunks and state twists. */
    @Test
    void bulkBernoulliEqualsOneUniformPerElement() {
        // p: the ends, one below the smallest nonzero uniform 2^-53, it, values between, and one ulp below 1
        double[] ps = {0, 1e-300, 0x1p-53, 0.3, 0.5, 0.9, Math.nextDown(1.0), 1};
        for (int n : new int[] {1, 2047, 2048, 2049, 5000}) {
            for (double p : ps) {
                Mt19937 g = new Mt19937(7), ref = new Mt19937(7);
                float[] f = new float[n + 1];
                CpuRandom.bernoulli(g, f, 1, n, p);
                double[] d = new double[n];
                CpuRandom.bernoulli(g, d, 0, n, p);
                for (int i = 0; i < n; i++) assertEquals(CpuRandom.bernoulli(ref, p) ? 1f : 0f, f[1 + i], "float32 element " + i + ", p " + p);
                for (int i = 0; i < n; i++) assertEquals(CpuRandom.bernoulli(ref, p) ? 1.0 : 0.0, d[i], "float64 element " + i + ", p " + p);
                assertEquals(ref.random(), g.random(), "state after " + n);
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        return RandomGoldens.load().stream().filter(c -> !c.name().startsWith("state_"))
                .map(c -> DynamicTest.dynamicTest(c.capability() + "/" + c.name(), () -> check(c)));
    }

    private static void check(Case c) {
        CpuRandom.Capability saved = CpuRandom.capability();
        CpuRandom.setCapability(
                c.capability().equals("default") ? CpuRandom.Capability.DEFAULT : CpuRandom.Capability.AVX2);
        try {
            Mt19937 g = new Mt19937(c.seed());
            for (Step s : c.steps()) {
                String[] got = run(g, s);
                compare(c.name() + ": " + s, s.values(), got);
            }
        } finally {
            CpuRandom.setCapability(saved);
        }
    }

    static void compare(String what, String[] want, String[] got) {
        if (Arrays.equals(want, got)) return;
        int diffs = 0, first = -1;
        for (int i = 0; i < Math.min(want.length, got.length); i++) {
            if (!want[i].equals(got[i])) {
                diffs++;
                if (first < 0) first = i;
            }
        }
        fail(what + ": " + diffs + " of " + want.length + " values differ (lengths " + want.length + "/" + got.length
                + "), first at " + first + (first >= 0 ? ": want " + want[first] + " got " + got[first] : ""));
    }

    /** Runs one golden step on {@code g}; returns its values formatted like the golden file. */
    static String[] run(Mt19937 g, Step s) {
        int n = s.n();
        boolean f32 = s.dtype().equals("float32");
        switch (s.op()) {
            case "seed" -> {
                g.setSeed(s.larg(0));
                return new String[0];
            }
            case "rand", "uniform" -> {
                double a = s.op().equals("rand") ? 0 : s.darg(0), b = s.op().equals("rand") ? 1 : s.darg(1);
                if (f32) {
                    float[] o = new float[n];
                    CpuRandom.uniform(g, o, 0, n, a, b);
                    return fmt(o);
                }
                double[] o = new double[n];
                CpuRandom.uniform(g, o, 0, n, a, b);
                return fmt(o);
            }
            case "randn", "normal", "normalnc" -> {
                double mean = s.op().equals("randn") ? 0 : s.darg(0), std = s.op().equals("randn") ? 1 : s.darg(1);
                boolean serial = s.op().equals("normalnc");
                if (f32) {
                    float[] o = new float[n];
                    if (serial) CpuRandom.normalSerial(g, o, 0, n, mean, std);
                    else CpuRandom.normal(g, o, 0, n, mean, std);
                    return fmt(o);
                }
                double[] o = new double[n];
                if (serial) CpuRandom.normalSerial(g, o, 0, n, mean, std);
                else CpuRandom.normal(g, o, 0, n, mean, std);
                return fmt(o);
            }
            case "bernoulli" -> {
                switch (s.dtype()) {
                    case "int64" -> {
                        long[] o = new long[n];
                        CpuRandom.bernoulli(g, o, 0, n, s.darg(0));
                        return Arrays.stream(o).mapToObj(Long::toString).toArray(String[]::new);
                    }
                    case "int32" -> {
                        int[] o = new int[n];
                        CpuRandom.bernoulli(g, o, 0, n, s.darg(0));
                        return Arrays.stream(o).mapToObj(Integer::toString).toArray(String[]::new);
                    }
                    case "uint8" -> {
                        byte[] o = new byte[n];
                        CpuRandom.bernoulli(g, o, 0, n, s.darg(0));
                        String[] r = new String[n];
                        for (int i = 0; i < n; i++) r[i] = Integer.toString(o[i] & 0xFF);
                        return r;
                    }
                    default -> { }
                }
                if (f32) {
                    float[] o = new float[n];
                    CpuRandom.bernoulli(g, o, 0, n, s.darg(0));
                    return fmt(o);
                }
                double[] o = new double[n];
                CpuRandom.bernoulli(g, o, 0, n, s.darg(0));
                return fmt(o);
            }
            case "randint" -> {
                long lo = s.larg(0), hi = s.larg(1);
                switch (s.dtype()) {
                    case "int64" -> {
                        long[] o = new long[n];
                        CpuRandom.randomFromTo(g, o, 0, n, lo, hi);
                        return Arrays.stream(o).mapToObj(Long::toString).toArray(String[]::new);
                    }
                    case "int32" -> {
                        int[] o = new int[n];
                        CpuRandom.randomFromTo(g, o, 0, n, lo, hi);
                        return Arrays.stream(o).mapToObj(Integer::toString).toArray(String[]::new);
                    }
                    case "int16" -> {
                        short[] o = new short[n];
                        CpuRandom.randomFromTo(g, o, 0, n, lo, hi);
                        String[] r = new String[n];
                        for (int i = 0; i < n; i++) r[i] = Short.toString(o[i]);
                        return r;
                    }
                    case "int8", "uint8" -> {
                        byte[] o = new byte[n];
                        CpuRandom.randomFromTo(g, o, 0, n, lo, hi);
                        boolean unsigned = s.dtype().equals("uint8");
                        String[] r = new String[n];
                        for (int i = 0; i < n; i++) r[i] = Integer.toString(unsigned ? o[i] & 0xFF : o[i]);
                        return r;
                    }
                    case "float32" -> {
                        float[] o = new float[n];
                        CpuRandom.randomFromTo(g, o, 0, n, lo, hi);
                        return fmt(o);
                    }
                    case "float64" -> {
                        double[] o = new double[n];
                        CpuRandom.randomFromTo(g, o, 0, n, lo, hi);
                        return fmt(o);
                    }
                    default -> throw new IllegalArgumentException(s.dtype());
                }
            }
            case "random" -> {
                DType dt = DType.valueOf(s.dtype().toUpperCase());
                String[] r = new String[n];
                for (int i = 0; i < n; i++) {
                    long v = CpuRandom.randomDefault(g, dt);
                    r[i] = switch (dt) {
                        case FLOAT32 -> RandomGoldens.hex((float) v);
                        case FLOAT64 -> RandomGoldens.hex((double) v);
                        case INT32 -> Integer.toString((int) v);
                        case INT16 -> Short.toString((short) v);
                        case INT8 -> Byte.toString((byte) v);
                        case UINT8 -> Integer.toString((int) v & 0xFF);
                        default -> Long.toString(v);
                    };
                }
                return r;
            }
            case "randomfrom" -> {
                DType dt = DType.valueOf(s.dtype().toUpperCase());
                long[] o = new long[n];
                CpuRandom.randomFrom(g, dt, s.larg(0), o, 0, n);
                String[] r = new String[n];
                for (int i = 0; i < n; i++) {
                    r[i] = switch (dt) {
                        case FLOAT32 -> RandomGoldens.hex((float) o[i]);
                        case FLOAT64 -> RandomGoldens.hex((double) o[i]);
                        case INT32 -> Integer.toString((int) o[i]);
                        case UINT8 -> Integer.toString((int) o[i] & 0xFF);
                        default -> Long.toString(o[i]);
                    };
                }
                return r;
            }
            case "randperm" -> {
                long[] o = new long[n];
                CpuRandom.randperm(g, o, n);
                return Arrays.stream(o).mapToObj(Long::toString).toArray(String[]::new);
            }
            default -> throw new IllegalArgumentException("unknown golden op " + s.op());
        }
    }

    static String[] fmt(float[] a) {
        String[] r = new String[a.length];
        for (int i = 0; i < a.length; i++) r[i] = RandomGoldens.hex(a[i]);
        return r;
    }

    static String[] fmt(double[] a) {
        String[] r = new String[a.length];
        for (int i = 0; i < a.length; i++) r[i] = RandomGoldens.hex(a[i]);
        return r;
    }

    // ------------------------------------------------------------------ properties that need no goldens

    @Test
    void libmIsBound() {
        assertTrue(CpuRandom.platformLibm(), "log/sin/cos must come from libm for bit-exact normals");
    }

    @Test
    void fillsRespectOffset() {
        Mt19937 a = new Mt19937(3), b = new Mt19937(3);
        float[] whole = new float[40];
        float[] part = new float[45];
        CpuRandom.normal(a, whole, 0, 40, 0, 1);
        CpuRandom.normal(b, part, 5, 40, 0, 1);
        assertArrayEquals(whole, Arrays.copyOfRange(part, 5, 45));
        assertEquals(0f, part[0]);
    }

    @Test
    void randpermIsAPermutation() {
        long[] p = new long[1000];
        CpuRandom.randperm(new Mt19937(1), p, 1000);
        HashSet<Long> seen = new HashSet<>();
        for (long v : p) seen.add(v);
        assertEquals(1000, seen.size());
        assertTrue(seen.stream().allMatch(v -> v >= 0 && v < 1000));
    }

    @Test
    void argumentErrorsUsePyTorchWords() {
        Mt19937 g = new Mt19937(0);
        var e = assertThrows(IllegalArgumentException.class,
                () -> CpuRandom.randomFromTo(g, new long[1], 0, 1, 5, 5));
        assertTrue(e.getMessage().startsWith("random_ expects 'from' to be less than 'to'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CpuRandom.normal(g, new float[1], 0, 1, 0, -1));
        assertTrue(e.getMessage().startsWith("normal expects std >= 0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CpuRandom.uniform(g, new double[1], 0, 1, 2, 1));
        assertTrue(e.getMessage().startsWith("uniform_ expects to return a [from, to) range"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CpuRandom.bernoulli(g, new float[1], 0, 1, 1.5));
    }

    @Test
    void drawWidthFollowsDtype() {
        assertTrue(CpuRandom.drawsWide(DType.INT64));
        assertTrue(CpuRandom.drawsWide(DType.FLOAT32));
        assertFalse(CpuRandom.drawsWide(DType.INT32));
        assertFalse(CpuRandom.drawsWide(DType.FLOAT16));
        // a 2^32 range on int64 takes two words per value, on int32 one
        Mt19937 a = new Mt19937(0), b = new Mt19937(0), ref = new Mt19937(0);
        CpuRandom.randomFromTo(a, new long[1], 0, 1, 0, 1L << 32);
        CpuRandom.randomFromTo(b, new int[1], 0, 1, Integer.MIN_VALUE, 1L << 31);
        ref.random();
        assertEquals(ref.copy().random(), b.random());
        ref.random();
        assertEquals(ref.random(), a.random());
    }

    @Test
    void goldensTellTheCapabilitiesApart() {
        // the same case under the other capability must not match: the goldens really pin the rounding
        for (Case c : RandomGoldens.load()) {
            if (!c.name().equals("uniform_odd_float64") && !c.name().equals("randn_float32_1000")) continue;
            Case other = new Case(c.capability().equals("avx2") ? "default" : "avx2", c.name(), c.seed(), c.steps());
            assertThrows(AssertionError.class, () -> check(other), other.capability() + "/" + c.name());
        }
    }

    @Test
    void capabilityDefaultFollowsArch() {
        String arch = System.getProperty("os.arch");
        if (System.getProperty("torch4j.cpuCapability") == null && System.getenv("ATEN_CPU_CAPABILITY") == null
                && (arch.equals("amd64") || arch.equals("x86_64"))) {
            assertEquals(CpuRandom.Capability.AVX2, CpuRandom.capability());
        }
    }
}
