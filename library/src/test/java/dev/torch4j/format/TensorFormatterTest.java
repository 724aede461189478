package dev.torch4j.format;

import dev.torch4j.DType;
import dev.torch4j.Device;
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
 * Tensor printing against goldens from real PyTorch ({@code scripts/goldens/print_goldens.py} writes
 * {@code goldens/print.txt}), plus the contract examples and the "reads only what it prints" property.
 */
class TensorFormatterTest {

    @AfterEach
    void restoreOptions() {
        PrintOptions.set(PrintOptions.DEFAULT);
    }

    // ---------------------------------------------------------------- test-only element source

    /** A row-major tensor over flat arrays that counts reads. */
    static final class FlatSource implements ElementSource {
        final long[] shape;
        final DType dtype;
        final double[] d;
        final long[] l;
        final long[] strides;
        long reads;

        FlatSource(DType dtype, long[] shape, double[] d, long[] l) {
            this.shape = shape;
            this.dtype = dtype;
            this.d = d;
            this.l = l;
            this.strides = new long[shape.length];
            long s = 1;
            for (int i = shape.length - 1; i >= 0; i--) {
                strides[i] = s;
                s *= shape[i];
            }
        }

        static FlatSource ofDoubles(DType dtype, double[] values, long... shape) {
            return new FlatSource(dtype, shape, values, null);
        }

        static FlatSource ofLongs(DType dtype, long[] values, long... shape) {
            return new FlatSource(dtype, shape, null, values);
        }

        private int offset(long[] index) {
            assertEquals(shape.length, index.length, "index rank");
            long off = 0;
            for (int i = 0; i < index.length; i++) {
                assertTrue(index[i] >= 0 && index[i] < shape[i], () -> "index out of range: " + Arrays.toString(index));
                off += index[i] * strides[i];
            }
            return Math.toIntExact(off);
        }

        @Override public long[] shape() { return shape.clone(); }

        @Override public DType dtype() { return dtype; }

        @Override public double getDouble(long[] index) {
            assertTrue(dtype.isFloatingPoint(), "getDouble on " + dtype);
            reads++;
            return d[offset(index)];
        }

        @Override public long getLong(long[] index) {
            assertTrue(!dtype.isFloatingPoint(), "getLong on " + dtype);
            reads++;
            return l[offset(index)];
        }
    }

    // ---------------------------------------------------------------- goldens

    record Golden(String name, Map<String, String> fields, String expected) {}

    static List<Golden> loadGoldens() throws IOException {
        String text;
        try (InputStream in = TensorFormatterTest.class.getResourceAsStream("/goldens/print.txt")) {
            Objects.requireNonNull(in, "goldens/print.txt missing; run scripts/goldens/print_goldens.py");
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String[] lines = text.split("\n", -1);
        List<Golden> out = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            String line = lines[i];
            if (!(line.startsWith("case ") || line.startsWith("size "))) {
                i++;
                continue;
            }
            Map<String, String> f = new HashMap<>();
            f.put("kind", line.substring(0, 4));
            String name = line.substring(5);
            i++;
            String expected = null;
            while (!lines[i].equals("end")) {
                String l = lines[i];
                int sp = l.indexOf(' ');
                String key = sp < 0 ? l : l.substring(0, sp);
                String val = sp < 0 ? "" : l.substring(sp + 1);
                if (key.equals("expected") || key.equals("torch_actual")) {
                    int n = Integer.parseInt(val);
                    String block = String.join("\n", Arrays.copyOfRange(lines, i + 1, i + 1 + n));
                    if (key.equals("expected")) expected = block;
                    i += 1 + n;
                } else {
                    f.put(key, val);
                    i++;
                }
            }
            out.add(new Golden(name, f, Objects.requireNonNull(expected, name)));
            i++;
        }
        return out;
    }

    static long[] parseShape(String s) {
        if (s.isBlank()) return new long[0];
        return Arrays.stream(s.trim().split(" ")).mapToLong(Long::parseLong).toArray();
    }

    static double parseFloat(String tok) {
        return switch (tok) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(tok); // float.hex(): exact
        };
    }

    /** The golden's value in double, rounded to the dtype as torch's {@code .to(dtype)} does. */
    static double roundTo(DType dt, double v) {
        return switch (dt) {
            case FLOAT32 -> (float) v;
            case FLOAT64 -> v;
            default -> throw new IllegalArgumentException("gen not supported for " + dt);
        };
    }

    static FlatSource sourceOf(Golden g) {
        DType dt = DType.valueOf(g.fields().get("dtype").toUpperCase());
        long[] shape = parseShape(g.fields().get("shape"));
        int n = 1;
        for (long s : shape) n = Math.multiplyExact(n, (int) s);
        if (g.fields().containsKey("gen")) {
            long[] p = parseShape(g.fields().get("gen"));
            double[] raw = new double[n];
            for (int i = 0; i < n; i++) raw[i] = (double) ((i * p[0]) % p[1] - p[2]) / (double) p[3];
            if (dt.isFloatingPoint()) {
                for (int i = 0; i < n; i++) raw[i] = roundTo(dt, raw[i]);
                return FlatSource.ofDoubles(dt, raw, shape);
            }
            long[] lv = new long[n];
            for (int i = 0; i < n; i++) lv[i] = dt == DType.BOOL ? (raw[i] != 0 ? 1 : 0) : (long) raw[i];
            return FlatSource.ofLongs(dt, lv, shape);
        }
        String vals = g.fields().get("values");
        String[] toks = vals.isEmpty() ? new String[0] : vals.split(" ");
        assertEquals(n, toks.length, "value count");
        if (dt.isFloatingPoint()) {
            double[] dv = new double[n];
            for (int i = 0; i < n; i++) {
                dv[i] = parseFloat(toks[i]);
                double v = dv[i];
                boolean exact = switch (dt) {
                    case FLOAT32 -> Double.isNaN(v) || (double) (float) v == v;
                    case FLOAT16 -> Double.isNaN(v) || (double) Float.float16ToFloat(Float.floatToFloat16((float) v)) == v;
                    case BFLOAT16 -> Double.isNaN(v) || (double) Float.intBitsToFloat(Float.floatToRawIntBits((float) v) & 0xffff0000) == v;
                    default -> true;
                };
                assertTrue(exact, "golden value not exact in " + dt + ": " + toks[i]);
            }
            return FlatSource.ofDoubles(dt, dv, shape);
        }
        long[] lv = new long[n];
        for (int i = 0; i < n; i++) lv[i] = Long.parseLong(toks[i]);
        return FlatSource.ofLongs(dt, lv, shape);
    }

    static PrintOptions optionsOf(Golden g) {
        String s = g.fields().get("options");
        if (s == null) return PrintOptions.DEFAULT;
        Map<String, String> kv = new HashMap<>();
        for (String part : s.split(" ")) {
            String[] p = part.split("=", 2);
            kv.put(p[0], p[1]);
        }
        String sci = kv.get("sci_mode");
        return new PrintOptions(
                Integer.parseInt(kv.get("precision")),
                kv.get("threshold").equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(kv.get("threshold")),
                Integer.parseInt(kv.get("edgeitems")),
                Integer.parseInt(kv.get("linewidth")),
                sci.equals("None") ? null : Boolean.valueOf(sci));
    }

    @TestFactory
    List<DynamicTest> goldens() throws IOException {
        List<Golden> all = loadGoldens();
        long tensorCases = all.stream().filter(g -> g.fields().get("kind").equals("case")).count();
        assertTrue(tensorCases >= 60, "expected at least 60 tensor goldens, found " + tensorCases);
        List<DynamicTest> tests = new ArrayList<>();
        for (Golden g : all) {
            tests.add(DynamicTest.dynamicTest(g.name(), () -> {
                if (g.fields().get("kind").equals("size")) {
                    assertEquals(g.expected(), TensorFormatter.formatSize(parseShape(g.fields().get("shape"))));
                    return;
                }
                FlatSource src = sourceOf(g);
                PrintOptions opts = optionsOf(g);
                Device device = g.fields().containsKey("device") ? Device.of(g.fields().get("device")) : Device.CPU;
                boolean rg = "1".equals(g.fields().get("requires_grad"));
                String gradFn = g.fields().get("grad_fn");
                String got = TensorFormatter.format(src, device, rg, gradFn, DType.FLOAT32, opts);
                assertEquals(g.expected(), got, g.name());
                // Only printed elements are read, each once: bounded by the summarised extent of each dim.
                long numel = 1;
                long bound = 1;
                for (long s : src.shape) numel *= s;
                boolean summarize = numel > opts.threshold();
                for (long s : src.shape) bound *= summarize ? Math.min(s, 2L * opts.edgeitems()) : s;
                assertTrue(src.reads <= bound, "read " + src.reads + " elements, bound " + bound);
                // The global options are what the short overload uses.
                PrintOptions.set(opts);
                FlatSource again = sourceOf(g);
                assertEquals(g.expected(), TensorFormatter.format(again, device, rg, gradFn));
                PrintOptions.set(PrintOptions.DEFAULT);
            }));
        }
        return tests;
    }

    // ---------------------------------------------------------------- contract examples

    @Test
    void contractExamples() {
        double[] v = {0.1f, 1.2f, 2.2f, 3.1f, 4.9f, 5.2f};
        assertEquals("tensor([[0.1000, 1.2000],\n        [2.2000, 3.1000],\n        [4.9000, 5.2000]])",
                TensorFormatter.format(FlatSource.ofDoubles(DType.FLOAT32, v, 3, 2)));
        assertEquals("tensor([[1., 1.],\n        [1., 1.]], dtype=torch.float64)",
                TensorFormatter.format(FlatSource.ofDoubles(DType.FLOAT64, new double[] {1, 1, 1, 1}, 2, 2)));
        assertEquals("tensor([5., 1., 1., 1., 1.], dtype=torch.float64)",
                TensorFormatter.format(FlatSource.ofDoubles(DType.FLOAT64, new double[] {5, 1, 1, 1, 1}, 5)));
        assertEquals("tensor(3.5000)", TensorFormatter.format(FlatSource.ofDoubles(DType.FLOAT32, new double[] {3.5})));
        assertEquals("tensor([1.5000, 2.0000], grad_fn=<MulBackward0>)",
                TensorFormatter.format(FlatSource.ofDoubles(DType.FLOAT32, new double[] {1.5, 2}, 2),
                        Device.CPU, true, "MulBackward0"));
        assertEquals("tensor([1., 2.], device='cuda:0', requires_grad=True)",
                TensorFormatter.format(FlatSource.ofDoubles(DType.FLOAT32, new double[] {1, 2}, 2),
                        Device.cuda(0), true, null));
    }

    @Test
    void formatSize() {
        assertEquals("torch.Size([20, 5, 50])", TensorFormatter.formatSize(new long[] {20, 5, 50}));
        assertEquals("torch.Size([])", TensorFormatter.formatSize(new long[0]));
    }

    @Test
    void defaultDtypeFloat64() {
        FlatSource f64 = FlatSource.ofDoubles(DType.FLOAT64, new double[] {1.5}, 1);
        FlatSource f32 = FlatSource.ofDoubles(DType.FLOAT32, new double[] {1.5}, 1);
        assertEquals("tensor([1.5000])",
                TensorFormatter.format(f64, Device.CPU, false, null, DType.FLOAT64, PrintOptions.DEFAULT));
        assertEquals("tensor([1.5000], dtype=torch.float32)",
                TensorFormatter.format(f32, Device.CPU, false, null, DType.FLOAT64, PrintOptions.DEFAULT));
    }

    // ---------------------------------------------------------------- cost: huge tensors read only edge items

    /** A virtual tensor with no storage: element value derived from its index. */
    static final class VirtualSource implements ElementSource {
        final long[] shape;
        long reads;

        VirtualSource(long... shape) { this.shape = shape; }

        @Override public long[] shape() { return shape.clone(); }

        @Override public DType dtype() { return DType.FLOAT32; }

        @Override public double getDouble(long[] index) {
            reads++;
            long h = 0;
            for (long i : index) h = h * 31 + i;
            return (float) ((h % 1000) / 8.0);
        }

        @Override public long getLong(long[] index) { throw new AssertionError("float tensor"); }
    }

    @Test
    void hugeTensorReadsOnlyEdges() {
        VirtualSource src = new VirtualSource(1_000_000_000L, 1_000_000_000L);
        String s = TensorFormatter.format(src);
        assertEquals(36, src.reads);
        assertTrue(s.startsWith("tensor([[") && s.contains("...") && s.endsWith("]])"), s);
        VirtualSource src3 = new VirtualSource(1L << 20, 1L << 20, 1L << 20);
        TensorFormatter.format(src3);
        assertEquals(216, src3.reads);
    }

    // ---------------------------------------------------------------- Python float formatting

    @Test
    void pythonFloatFormatting() {
        // {value, '{:.4f}', '{:.4e}', '{:.0f}', '{:.0e}', '{:.2e}'} from CPython 3.11
        String[][] table = {
                {"0x1.0000000000000p-3", "0.1250", "1.2500e-01", "0", "1e-01", "1.25e-01"},
                {"0x1.4000000000000p+1", "2.5000", "2.5000e+00", "2", "2e+00", "2.50e+00"},
                {"-0x1.4f8b588e368f1p-17", "-0.0000", "-1.0000e-05", "-0", "-1e-05", "-1.00e-05"},
                {"0x1.000346dc5d639p+0", "1.0001", "1.0001e+00", "1", "1e+00", "1.00e+00"},
                {"0x1.56e1fc2f8f359p-997", "0.0000", "1.0000e-300", "0", "1e-300", "1.00e-300"},
                {"0x0.0000000000001p-1022", "0.0000", "4.9407e-324", "0", "5e-324", "4.94e-324"},
                {"0x1.d6f3454000000p+26", "123456789.0000", "1.2346e+08", "123456789", "1e+08", "1.23e+08"},
                {"0x1.999999999999ap-4", "0.1000", "1.0000e-01", "0", "1e-01", "1.00e-01"},
                {"-0x0.0p+0", "-0.0000", "-0.0000e+00", "-0", "-0e+00", "-0.00e+00"},
                {"0x1.869f800000000p+16", "99999.5000", "1.0000e+05", "100000", "1e+05", "1.00e+05"},
                {"0x1.3fff972474539p+3", "10.0000", "1.0000e+01", "10", "1e+01", "1.00e+01"},
                {"0x1.0f0cf064dd592p+73", "10000000000000000000000.0000", "1.0000e+22", "10000000000000000000000",
                        "1e+22", "1.00e+22"},
                {"0x1.5666666666666p+1", "2.6750", "2.6750e+00", "3", "3e+00", "2.67e+00"},
                {"0x1.421f5f40d8376p-23", "0.0000", "1.5000e-07", "0", "1e-07", "1.50e-07"},
                {"0x1.3a92a30553261p-13", "0.0001", "1.5000e-04", "0", "1e-04", "1.50e-04"},
        };
        for (String[] row : table) {
            double v = Double.parseDouble(row[0]);
            assertEquals(row[1], PyFormat.fixed(v, 4), row[0]);
            assertEquals(row[2], PyFormat.sci(v, 4), row[0]);
            assertEquals(row[3], PyFormat.fixed(v, 0), row[0]);
            assertEquals(row[4], PyFormat.sci(v, 0), row[0]);
            assertEquals(row[5], PyFormat.sci(v, 2), row[0]);
        }
        assertEquals("nan", PyFormat.fixed(Double.NaN, 4));
        assertEquals("nan", PyFormat.sci(Double.longBitsToDouble(0xfff8000000000000L), 4));
        assertEquals("-inf", PyFormat.sci(Double.NEGATIVE_INFINITY, 4));
    }

    // ---------------------------------------------------------------- options

    @Test
    void printOptionsProfilesAndUpdate() {
        assertEquals(new PrintOptions(4, 1000, 3, 80, null), PrintOptions.profile("default"));
        assertEquals(new PrintOptions(2, 1000, 2, 80, null), PrintOptions.profile("short"));
        assertEquals(Double.POSITIVE_INFINITY, PrintOptions.profile("full").threshold());
        assertThrows(IllegalArgumentException.class, () -> PrintOptions.profile("long"));
        assertThrows(IllegalArgumentException.class, () -> new PrintOptions(-1, 1000, 3, 80, null));

        PrintOptions o = PrintOptions.update(2, null, null, null, null, true);
        assertEquals(new PrintOptions(2, 1000, 3, 80, true), o);
        assertEquals(o, PrintOptions.get());
        // like torch.set_printoptions: a call without sci_mode resets it to auto; a profile resets the rest
        o = PrintOptions.update(null, null, null, 120, null, null);
        assertEquals(new PrintOptions(2, 1000, 3, 120, null), o);
        o = PrintOptions.update(null, 5.0, null, null, "short", null);
        assertEquals(new PrintOptions(2, 5, 2, 80, null), o);
        // (two spaces before "...": PyTorch's own quirk, its docstring example shows one)
        assertEquals("tensor([0, 1,  ..., 8, 9])",
                TensorFormatter.format(FlatSource.ofLongs(DType.INT64, new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 10)));
    }
}
