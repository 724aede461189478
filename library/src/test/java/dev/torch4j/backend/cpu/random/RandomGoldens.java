package dev.torch4j.backend.cpu.random;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads {@code goldens/random.txt}, written by {@code scripts/goldens/random_goldens.py} from real PyTorch (the
 * format is described there). Values stay as the strings in the file (hex bits for floats, decimal for integers);
 * tests format their own results the same way and compare strings, i.e. bit for bit.
 */
public final class RandomGoldens {
    /** One op call: {@code op dtype n args... : values}. */
    public record Step(String op, String dtype, int n, String[] args, String[] values) {
        public double darg(int i) {
            return Double.parseDouble(args[i]);
        }

        public long larg(int i) {
            return Long.parseLong(args[i]);
        }

        @Override
        public String toString() {
            return op + " " + dtype + " " + n + " " + String.join(" ", args);
        }
    }

    /** A fresh generator seeded with {@code seed} (an unsigned 64-bit value), then the steps in order. */
    public record Case(String capability, String name, long seed, List<Step> steps) {}

    private RandomGoldens() {}

    public static List<Case> load() {
        try (InputStream in = RandomGoldens.class.getResourceAsStream("/goldens/random.txt")) {
            if (in == null) throw new IllegalStateException("missing resource goldens/random.txt");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            List<Case> cases = new ArrayList<>();
            String capability = null, name = null;
            long seed = 0;
            List<Step> steps = null;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                if (line.startsWith("capability ")) {
                    capability = line.substring(11).trim();
                } else if (line.startsWith("case ")) {
                    String[] p = line.split(" ");
                    name = p[1];
                    seed = Long.parseUnsignedLong(p[2]);
                    steps = new ArrayList<>();
                } else if (line.equals("end")) {
                    cases.add(new Case(capability, name, seed, List.copyOf(steps)));
                    steps = null;
                } else {
                    int colon = line.indexOf(" :");
                    String[] head = line.substring(0, colon).split(" ");
                    String tail = line.substring(colon + 2).trim();
                    String[] values = tail.isEmpty() ? new String[0] : tail.split(" ");
                    steps.add(new Step(head[0], head[1], Integer.parseInt(head[2]),
                            Arrays.copyOfRange(head, 3, head.length), values));
                }
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String hex(float v) {
        return String.format("%08x", Float.floatToRawIntBits(v));
    }

    public static String hex(double v) {
        return String.format("%016x", Double.doubleToRawLongBits(v));
    }

    /** Bytes as one lowercase hex string, as Python's {@code bytes.hex()}. */
    public static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) sb.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
        return sb.toString();
    }
}
