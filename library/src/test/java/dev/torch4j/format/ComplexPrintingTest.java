package dev.torch4j.format;

import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Complex tensors print as PyTorch's repr, character for character: goldens from real PyTorch
 * ({@code scripts/goldens/complex_print_goldens.py} writes {@code goldens/print_complex.txt}), checked both through
 * the formatter with a counting element source and end to end through {@code Tensor.toString()}.
 */
class ComplexPrintingTest {

    @AfterEach
    void restore() {
        PrintOptions.set(PrintOptions.DEFAULT);
        Torch.setDefaultDtype(DType.FLOAT32);
    }

    record Golden(String name, Map<String, String> fields, String expected) {}

    static List<Golden> goldens() throws IOException {
        String text;
        try (InputStream in = ComplexPrintingTest.class.getResourceAsStream("/goldens/print_complex.txt")) {
            Objects.requireNonNull(in, "goldens/print_complex.txt missing; run scripts/goldens/complex_print_goldens.py");
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String[] lines = text.split("\n", -1);
        List<Golden> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].startsWith("case ")) continue;
            String name = lines[i].substring(5);
            Map<String, String> f = new HashMap<>();
            String expected = null;
            for (i++; !lines[i].equals("end"); ) {
                String l = lines[i];
                int sp = l.indexOf(' ');
                String key = sp < 0 ? l : l.substring(0, sp), val = sp < 0 ? "" : l.substring(sp + 1);
                if (key.equals("expected")) {
                    int n = Integer.parseInt(val);
                    expected = String.join("\n", Arrays.copyOfRange(lines, i + 1, i + 1 + n));
                    i += 1 + n;
                } else {
                    f.put(key, val);
                    i++;
                }
            }
            out.add(new Golden(name, f, Objects.requireNonNull(expected, name)));
        }
        return out;
    }

    /** A complex golden's parts, row-major, each rounded to the dtype's part type. */
    record Parts(DType dtype, long[] shape, double[] re, double[] im) {}

    static Parts parts(Golden g) {
        DType dt = DType.valueOf(g.fields().get("dtype").toUpperCase());
        assertTrue(dt.isComplex(), g.name());
        String s = g.fields().get("shape");
        long[] shape = s.isBlank() ? new long[0] : Arrays.stream(s.trim().split(" ")).mapToLong(Long::parseLong).toArray();
        int n = (int) Arrays.stream(shape).reduce(1, Math::multiplyExact);
        double[] re = new double[n], im = new double[n];
        if (g.fields().containsKey("gen")) {
            long[] p = Arrays.stream(g.fields().get("gen").split(" ")).mapToLong(Long::parseLong).toArray();
            for (int i = 0; i < n; i++) {
                re[i] = round(dt, (double) ((i * p[0]) % p[1] - p[2]) / p[3]);
                im[i] = round(dt, (double) ((i * p[4]) % p[5] - p[6]) / p[7]);
            }
        } else {
            String v = g.fields().get("values");
            String[] t = v.isEmpty() ? new String[0] : v.split(" ");
            assertEquals(2 * n, t.length, g.name() + ": value count");
            for (int i = 0; i < n; i++) {
                re[i] = parse(t[2 * i]);
                im[i] = parse(t[2 * i + 1]);
                assertTrue(exact(dt, re[i]) && exact(dt, im[i]), g.name() + ": golden value not exact in " + dt);
            }
        }
        return new Parts(dt, shape, re, im);
    }

    private static double round(DType dt, double v) { return dt == DType.COMPLEX64 ? (float) v : v; }

    private static boolean exact(DType dt, double v) { return Double.isNaN(v) || round(dt, v) == v; }

    private static double parse(String tok) {
        return switch (tok) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(tok); // float.hex(): exact
        };
    }

    /** A row-major complex source that counts reads, so the test sees the formatter reads only what it prints. */
    static final class ComplexSource implements ElementSource {
        final Parts p;
        final long[] strides;
        long reads;

        ComplexSource(Parts p) {
            this.p = p;
            strides = new long[p.shape().length];
            long s = 1;
            for (int i = strides.length - 1; i >= 0; i--) {
                strides[i] = s;
                s *= p.shape()[i];
            }
        }

        private int at(long[] index) {
            assertEquals(p.shape().length, index.length, "index rank");
            long o = 0;
            for (int i = 0; i < index.length; i++) {
                assertTrue(index[i] >= 0 && index[i] < p.shape()[i], "index out of range");
                o += index[i] * strides[i];
            }
            return (int) o;
        }

        @Override public long[] shape() { return p.shape().clone(); }

        @Override public DType dtype() { return p.dtype(); }

        @Override public double getDouble(long[] index) {
            reads++;
            return p.re()[at(index)];
        }

        @Override public double getImag(long[] index) { return p.im()[at(index)]; }

        @Override public long getLong(long[] index) { throw new AssertionError("getLong on a complex source"); }
    }

    static PrintOptions options(Golden g) {
        PrintOptions o = PrintOptions.DEFAULT;
        String s = g.fields().get("options");
        if (s == null) return o;
        for (String kv : s.split(" ")) {
            String k = kv.substring(0, kv.indexOf('=')), v = kv.substring(kv.indexOf('=') + 1);
            o = switch (k) {
                case "precision" -> o.withPrecision(Integer.parseInt(v));
                case "threshold" -> o.withThreshold(v.equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(v));
                case "edgeitems" -> o.withEdgeitems(Integer.parseInt(v));
                case "linewidth" -> o.withLinewidth(Integer.parseInt(v));
                case "sci_mode" -> o.withSciMode(v.equals("None") ? null : Boolean.parseBoolean(v.toLowerCase()));
                default -> throw new IllegalArgumentException(k);
            };
        }
        return o;
    }

    private static DType defaultDtype(Golden g) {
        return "float64".equals(g.fields().get("default_dtype")) ? DType.FLOAT64 : DType.FLOAT32;
    }

    @TestFactory
    List<DynamicTest> formatterMatchesPyTorch() throws IOException {
        List<Golden> gs = goldens();
        assertTrue(gs.size() >= 50, "goldens: " + gs.size());
        return gs.stream().map(g -> DynamicTest.dynamicTest(g.name(), () -> {
            ComplexSource src = new ComplexSource(parts(g));
            String device = g.fields().get("device");
            String got = TensorFormatter.format(src, device == null ? Device.CPU : Device.of(device),
                    g.fields().containsKey("requires_grad"), g.fields().get("grad_fn"), defaultDtype(g), options(g));
            assertEquals(g.expected(), got, g.name());
            long numel = src.p.re().length;
            double threshold = options(g).threshold();
            // summarised: only the edge items are read, when some dim is longer than both edges
            boolean elides = numel > threshold && java.util.Arrays.stream(src.p.shape()).anyMatch(d -> d > 2L * options(g).edgeitems());
            if (elides) assertTrue(src.reads < numel, g.name() + ": read " + src.reads + " of " + numel);
            else if (numel > 0) assertEquals(numel, src.reads, g.name() + ": each printed element read once");
        })).toList();
    }

    /** The same goldens through {@code Tensor.toString()}: complex tensors built with Torch.complex, read via viewAsReal. */
    @TestFactory
    List<DynamicTest> tensorToStringMatchesPyTorch() throws IOException {
        return goldens().stream().filter(g -> !g.fields().containsKey("device") && !g.fields().containsKey("grad_fn"))
                .map(g -> DynamicTest.dynamicTest(g.name(), () -> {
                    Parts p = parts(g);
                    DType part = p.dtype().toReal();
                    Tensor z = Torch.complex(Torch.fromArray(p.re().clone()).to(part), Torch.fromArray(p.im().clone()).to(part))
                            .reshape(p.shape());
                    assertEquals(p.dtype(), z.dtype());
                    if (g.fields().containsKey("requires_grad")) z.requiresGrad_(true);
                    PrintOptions.set(options(g));
                    Torch.setDefaultDtype(defaultDtype(g));
                    assertEquals(g.expected(), z.toString(), g.name());
                })).toList();
    }

    @Test
    void viewsPrintTheirOwnElements() {
        // a strided view (transpose, then a narrowed column) of a complex tensor reads through the real view's strides
        Tensor z = Torch.complex(Torch.arange(6).to(DType.FLOAT32).reshape(2, 3), Torch.arange(6).to(DType.FLOAT32).neg().reshape(2, 3));
        // neg() of 0 is -0.0, which PyTorch prints as "-0." too
        assertEquals("tensor([[0.-0.j, 3.-3.j],\n        [1.-1.j, 4.-4.j],\n        [2.-2.j, 5.-5.j]])", z.t().toString());
        assertEquals("tensor([1.-1.j, 4.-4.j])", z.select(1, 1).toString());
        assertEquals("tensor(5.-5.j)", z.select(0, 1).select(0, 2).toString());
    }

    @Test
    void gradFnOfAComplexResultIsNamed() {
        Tensor z = Torch.complex(Torch.fromArray(new double[] {1.5}), Torch.fromArray(new double[] {-0.5})).requiresGrad_(true);
        String s = z.mul(z).toString();
        // the node's name is the composite's (its last real op), not PyTorch's MulBackward0: printing only shows it
        assertTrue(s.matches("tensor\\(\\[2\\.-1\\.5000j], dtype=torch\\.complex128, grad_fn=<\\w+Backward0>\\)"), s);
    }

    @Test
    void realSourcesNeedNoImaginaryParts() {
        ElementSource real = TensorFormatterTest.FlatSource.ofDoubles(DType.FLOAT32, new double[] {1.5}, 1);
        assertThrows(UnsupportedOperationException.class, () -> real.getImag(new long[] {0}));
        assertEquals("tensor([1.5000])", TensorFormatter.format(real));
    }
}
