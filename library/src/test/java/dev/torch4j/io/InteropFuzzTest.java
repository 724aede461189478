package dev.torch4j.io;

import dev.torch4j.Torch;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every reader, fed valid fixtures that were truncated, had bytes flipped, inserted or deleted, or had a length
 * field forged, must either read something or raise an {@link IOException}: no other exception, no hang (a generous
 * guard, not a timing check) and no large allocation (the thread's allocated bytes are measured). Zip-based formats
 * are also fuzzed inside the archive (a member's bytes mutated, the archive rebuilt with valid CRCs) so the pickle
 * and .npy parsers see the damage rather than the CRC check.
 */
class InteropFuzzTest {
    enum Format { NPY, NPZ, SAFETENSORS, CHECKPOINT, PICKLE, ONNX }

    record Fixture(Format format, String name, byte[] bytes) {
        @Override public String toString() { return name; }
    }

    /** A mutation: what, where (a fraction of the file, or of its first 300 bytes), how much, and a value. */
    record Mutation(Fixture fixture, int kind, boolean nearStart, int where, int length, long value, long seed) {
        private static final String[] KINDS = {"truncate", "flip", "forge LE", "insert", "delete"};

        byte[] apply(byte[] b) {
            int n = b.length;
            int pos = n == 0 ? 0 : (int) (Integer.toUnsignedLong(where) % (nearStart ? Math.min(n, 300) : n));
            Random r = new Random(seed);
            switch (kind) {
                case 0 -> {
                    return java.util.Arrays.copyOf(b, pos);
                }
                case 1 -> {
                    byte[] c = b.clone();
                    for (int i = 0; i < length && n > 0; i++) c[i == 0 ? pos : r.nextInt(n)] ^= (byte) (1 << r.nextInt(8));
                    return c;
                }
                case 2 -> {
                    byte[] c = b.clone();
                    int width = new int[] {1, 2, 4, 8}[length % 4];
                    for (int i = 0; i < width && pos + i < n; i++) c[pos + i] = (byte) (value >>> (8 * i));
                    return c;
                }
                case 3 -> {
                    byte[] ins = new byte[length * 13];
                    r.nextBytes(ins);
                    byte[] c = new byte[n + ins.length];
                    System.arraycopy(b, 0, c, 0, pos);
                    System.arraycopy(ins, 0, c, pos, ins.length);
                    System.arraycopy(b, pos, c, pos + ins.length, n - pos);
                    return c;
                }
                default -> {
                    int del = Math.min(length * 7, n - pos);
                    byte[] c = new byte[n - del];
                    System.arraycopy(b, 0, c, 0, pos);
                    System.arraycopy(b, pos + del, c, pos, n - pos - del);
                    return c;
                }
            }
        }

        @Override
        public String toString() {
            return fixture + ": " + KINDS[kind] + (nearStart ? " near the start" : "") + " where=" + where + " length=" + length
                    + " value=0x" + Long.toHexString(value) + " seed=" + seed;
        }
    }

    private static final List<Fixture> FIXTURES = new ArrayList<>();

    static {
        add(Format.NPY, "npy/float32_c_le.npy", "npy/int64_f_be.npy", "npy/float64_0d.npy", "npy/int16_3d_f_le.npy",
                "npy/float32_v3.npy", "npy/bool_empty_1d.npy");
        add(Format.NPZ, "arrays.npz", "arrays_compressed.npz");
        add(Format.SAFETENSORS, "all_dtypes.safetensors", "no_metadata.safetensors");
        add(Format.CHECKPOINT, "ckpt_shared_views.pt", "ckpt_nested.pt", "ckpt_plain_dict.pt", "ckpt_big_endian.pt",
                "ckpt_parameters.pt", "ckpt_optimizer.pt");
        add(Format.PICKLE, "pickle/arrays_p0.pkl", "pickle/arrays_p1.pkl", "pickle/arrays_p2.pkl", "pickle/arrays_p4.pkl",
                "pickle/arrays_p5.pkl", "pickle/py2_batch_p1.pkl", "pickle/py2_batch_p2.pkl");
        for (String n : new String[] {"mlp.onnx", "cnn.onnx", "recurrent.onnx"}) {
            try (var in = InteropFuzzTest.class.getResourceAsStream("/onnx/" + n)) {
                FIXTURES.add(new Fixture(Format.ONNX, "onnx/" + n, in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void add(Format f, String... names) {
        for (String n : names) {
            try {
                FIXTURES.add(new Fixture(f, n, Files.readAllBytes(Described.resource(n))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        Arbitrary<Long> values = Arbitraries.oneOf(
                Arbitraries.of(0L, 1L, 0x7fL, 0xffL, 0xffffL, 0x7fffffffL, 0xffffffffL, 0x100000000L, Long.MAX_VALUE, -1L,
                        1L << 40, 1L << 62, 0x8000000000000000L),
                Arbitraries.longs());
        return Combinators.combine(Arbitraries.of(FIXTURES), Arbitraries.integers().between(0, 4), Arbitraries.of(true, false),
                        Arbitraries.integers(), Arbitraries.integers().between(1, 8), values, Arbitraries.longs())
                .as(Mutation::new);
    }

    @Property(tries = 1500, shrinking = ShrinkingMode.OFF)
    void mutatedFilesRaiseOnlyIOExceptions(@ForAll("mutations") Mutation m) throws IOException {
        check(m.fixture().format(), m.apply(m.fixture().bytes()), m.toString());
    }

    /** The damage lands inside an archive member (data.pkl, a .npy member, a storage) of a rebuilt, CRC-valid archive. */
    @Property(tries = 1000, shrinking = ShrinkingMode.OFF)
    void mutatedArchiveMembersRaiseOnlyIOExceptions(@ForAll("mutations") Mutation m) throws IOException {
        Fixture fx = m.fixture();
        if (fx.format() != Format.NPZ && fx.format() != Format.CHECKPOINT) return;
        Map<String, byte[]> members = new LinkedHashMap<>();
        try (MappedFile f = MappedFile.of(fx.name(), fx.bytes())) {
            ZipReader z = ZipReader.open(f);
            for (ZipReader.Entry e : z.entries()) {
                try (MappedFile mf = z.open(e, 1 << 24)) {
                    members.put(e.name(), mf.bytes(0, (int) mf.size(), e.name()));
                }
            }
        }
        List<String> names = new ArrayList<>(members.keySet());
        // mostly the pickle or the first .npy member, sometimes any record
        String target = names.stream().filter(n -> n.endsWith("data.pkl")).findFirst().orElse(names.get(0));
        if (m.seed() % 4 == 0) target = names.get((int) Long.remainderUnsigned(m.seed(), names.size()));
        members.put(target, m.apply(members.get(target)));
        Path tmp = Files.createTempFile("fuzz", ".zip");
        try {
            int alignment = fx.format() == Format.CHECKPOINT ? 64 : 0;
            AtomicFile.write(tmp, ch -> {
                ZipWriter z = new ZipWriter(ch, alignment, 0);
                for (Map.Entry<String, byte[]> e : members.entrySet()) z.add(e.getKey(), e.getValue());
                z.finish();
            });
            check(fx.format(), Files.readAllBytes(tmp), m + " in member " + target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void check(Format format, byte[] data, String what) throws IOException {
        Path p = Files.createTempFile("fuzz", ".bin");
        try {
            Files.write(p, data);
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                long before = allocated();
                try {
                    read(format, p);
                } catch (IOException expected) {
                    assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank(), what + ": empty message");
                }
                long used = allocated() - before;
                assertTrue(used < (64L << 20), what + ": allocated " + used + " bytes reading a " + data.length + "-byte file");
            }, what + ": hung");
        } finally {
            Files.deleteIfExists(p);
        }
    }

    private static void read(Format format, Path p) throws IOException {
        switch (format) {
            case NPY -> Npy.load(p);
            case NPZ -> Npy.loadNpz(p);
            case SAFETENSORS -> {
                try (SafeTensors.Reader r = SafeTensors.safeOpen(p)) {
                    r.metadata();
                    for (String k : r.keys()) r.getTensor(k);
                }
            }
            case CHECKPOINT -> Torch.load(p);
            case PICKLE -> Pickle.load(p, "latin1");
            case ONNX -> OnnxFile.read(p);
        }
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
