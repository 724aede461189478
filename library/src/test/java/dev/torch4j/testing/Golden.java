package dev.torch4j.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Reads the golden files written by scripts/goldens/*.py (real PyTorch) and compares tensors against them. */
public final class Golden {
    private Golden() {}

    /** The cases of {@code goldens/<name>.json}. */
    public static List<JsonObject> cases(String name) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement e : root(name).getAsJsonArray("cases")) out.add(e.getAsJsonObject());
        return out;
    }

    /** The cases of {@code goldens/<name>.json} when the script wrote them as a dict of named cases. */
    public static JsonObject namedCases(String name) { return root(name).getAsJsonObject("cases"); }

    private static JsonObject root(String name) {
        String res = "/goldens/" + name + ".json";
        try (InputStream in = Golden.class.getResourceAsStream(res)) {
            if (in == null) throw new IllegalStateException("missing golden file " + res + ": run scripts/goldens/*.py");
            JsonReader r = new JsonReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            r.setStrictness(com.google.gson.Strictness.LENIENT); // NaN and Infinity
            return JsonParser.parseReader(r).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The dtype named as PyTorch names it ({@code float32}). */
    public static DType dtype(String pyName) {
        for (DType d : DType.values()) if (d.pyName().equals(pyName)) return d;
        throw new IllegalArgumentException("unknown dtype " + pyName);
    }

    /**
     * A case's {@code "inputs"} as tensors; when the case holds {@code "grads"}, the floating ones require grad (the
     * scripts' {@code requires_grad_(grad and x.dtype.is_floating_point)}).
     */
    public static Tensor[] inputs(JsonObject c) {
        boolean grad = c.has("grads");
        com.google.gson.JsonArray in = c.getAsJsonArray("inputs");
        Tensor[] x = new Tensor[in.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = tensor(in.get(i).getAsJsonObject());
            if (grad && (x[i].isFloatingPoint() || x[i].isComplex())) x[i].requiresGrad_(true);
        }
        return x;
    }

    /**
     * A tensor stored by {@code common.t2j}; a complex one (dtype "complex64" or "complex128") is stored as its real
     * view (re, im, re, im, ...) under the complex tensor's shape.
     */
    public static Tensor tensor(JsonObject j) {
        String name = j.get("dtype").getAsString();
        JsonArray sh = j.getAsJsonArray("shape");
        JsonArray data = j.getAsJsonArray("data");
        if (name.startsWith("complex")) {
            double[] v = new double[data.size()];
            for (int i = 0; i < v.length; i++) v[i] = number(data.get(i));
            long[] shape = new long[sh.size() + 1];
            for (int i = 0; i < sh.size(); i++) shape[i] = sh.get(i).getAsLong();
            shape[sh.size()] = 2;
            DType part = name.equals("complex64") ? DType.FLOAT32 : DType.FLOAT64;
            return Torch.viewAsComplex(Torch.fromArray(v).to(part).reshape(shape));
        }
        DType dt = dtype(name);
        long[] shape = new long[sh.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = sh.get(i).getAsLong();
        Tensor flat;
        if (dt.isFloatingPoint()) {
            double[] v = new double[data.size()];
            for (int i = 0; i < v.length; i++) v[i] = number(data.get(i));
            flat = Torch.fromArray(v);
        } else if (dt == DType.BOOL) {
            boolean[] v = new boolean[data.size()];
            for (int i = 0; i < v.length; i++) v[i] = data.get(i).getAsBoolean();
            flat = Torch.tensor(v);
        } else {
            long[] v = new long[data.size()];
            for (int i = 0; i < v.length; i++) v[i] = data.get(i).getAsLong();
            flat = Torch.fromArray(v);
        }
        return flat.to(dt).reshape(shape);
    }

    /** A JSON number that may be NaN or (-)Infinity (Python's json writes them so). */
    public static double number(JsonElement e) {
        String s = e.getAsString();
        return switch (s) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> e.getAsDouble();
        };
    }

    /** Same shape, same dtype, and values equal exactly (NaN equals NaN). */
    public static void assertExact(Tensor expected, Tensor actual, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        assertArrayEquals(expected.shapeArray(), actual.shapeArray(), what + ": shape");
        if (expected.dtype().isFloatingPoint()) {
            assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray(), 0.0, what);
        } else {
            assertArrayEquals(expected.toLongArray(), actual.toLongArray(), what);
        }
    }

    /**
     * Same shape and dtype, values within {@code atol + rtol * |expected|} (torch.testing's rule; NaN matches NaN,
     * infinities must match exactly). Complex values are compared part by part, each within {@code atol + rtol * |z|}
     * of the expected element z.
     */
    public static void assertClose(Tensor expected, Tensor actual, double rtol, double atol, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        assertArrayEquals(expected.shapeArray(), actual.shapeArray(), what + ": shape");
        boolean complex = expected.isComplex();
        double[] e = parts(expected), a = parts(actual);
        for (int i = 0; i < e.length; i++) {
            if (Double.isNaN(e[i]) && Double.isNaN(a[i])) continue;
            if (e[i] == a[i]) continue;
            // rtol scales with the element's magnitude: a part of a complex number with |z| (torch.testing's rule for
            // complex values, which a part far smaller than the other cannot meet on its own)
            double scale = complex ? Math.hypot(e[i - i % 2], e[i - i % 2 + 1]) : Math.abs(e[i]);
            if (Double.isNaN(scale)) scale = Math.abs(e[i]);   // the other part is NaN
            if (Double.isInfinite(e[i]) || !(Math.abs(e[i] - a[i]) <= atol + rtol * scale)) {
                String where = complex ? (i / 2) + (i % 2 == 0 ? " (real part)" : " (imaginary part)") : String.valueOf(i);
                fail(what + ": element " + where + " expected " + e[i] + " but was " + a[i] + " (rtol " + rtol + ", atol " + atol + ")");
            }
        }
    }

    /**
     * The values to compare: a complex tensor's real and imaginary parts interleaved (each part on its own: NaN
     * positions and infinities must agree part by part, infinities with their sign), a real tensor's values as they are.
     */
    private static double[] parts(Tensor t) {
        return t.isComplex() ? t.viewAsReal().toDoubleArray() : t.toDoubleArray();
    }

    /** torch.testing.assert_close's default tolerances for a dtype: {rtol, atol}. */
    public static double[] defaultTolerance(DType d) {
        return switch (d) {
            case FLOAT16 -> new double[] {1e-3, 1e-5};
            case BFLOAT16 -> new double[] {1.6e-2, 1e-5};
            case FLOAT32 -> new double[] {1.3e-6, 1e-5};
            case FLOAT64 -> new double[] {1e-7, 1e-7};
            case COMPLEX64 -> new double[] {1.3e-6, 1e-5};
            case COMPLEX128 -> new double[] {1e-7, 1e-7};
            default -> new double[] {0, 0};
        };
    }

    /**
     * assertClose with torch.testing's default tolerances for the expected dtype (exact for integers and bool; a
     * complex dtype takes its parts' tolerances, part by part).
     */
    public static void assertClose(Tensor expected, Tensor actual, String what) {
        double[] tol = defaultTolerance(expected.dtype());
        if (!expected.dtype().isFloatingPoint() && !expected.isComplex()) assertExact(expected, actual, what);
        else assertClose(expected, actual, tol[0], tol[1], what);
    }
}
