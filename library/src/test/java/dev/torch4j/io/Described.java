package dev.torch4j.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import dev.torch4j.DType;
import dev.torch4j.Device;
import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.backend.Storage;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The JSON description of loaded values that scripts/goldens/interop_fixtures.py also writes ({@code describe()}
 * there), so fixtures written by PyTorch/NumPy can be compared with what torch4j loads, and files torch4j writes
 * with what Python loads. Storage ids ({@code s0, s1, ...}) are numbered in order of first appearance, so equal ids
 * mean one shared storage on both sides.
 */
final class Described {
    private final Map<Storage, String> storages = new IdentityHashMap<>();

    /** A fresh description (storage ids start at s0). */
    static JsonElement of(Object v) { return new Described().describe(v); }

    JsonElement describe(Object v) {
        JsonObject o = new JsonObject();
        if (v instanceof Tensor t) {
            o.addProperty("type", "tensor");
            o.addProperty("dtype", t.dtype().pyName());
            o.add("shape", longs(t.shapeArray()));
            o.add("stride", longs(t.stride()));
            o.addProperty("offset", t.storageOffset());
            o.addProperty("storage", storages.computeIfAbsent(t.storage(), s -> "s" + storages.size()));
            o.addProperty("requires_grad", t.requiresGrad());
            JsonArray data = new JsonArray();
            if (t.dtype().isFloatingPoint()) for (double d : t.toDoubleArray()) data.add(d);
            else if (t.dtype() == DType.BOOL) for (boolean b : t.toBooleanArray()) data.add(b);
            else for (long l : t.toLongArray()) data.add(l);
            o.add("data", data);
        } else if (v instanceof Map<?, ?> m) {
            o.addProperty("type", "dict");
            JsonArray items = new JsonArray();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                JsonArray kv = new JsonArray();
                kv.add(describe(e.getKey()));
                kv.add(describe(e.getValue()));
                items.add(kv);
            }
            o.add("items", items);
        } else if (v instanceof List<?> l) {
            o.addProperty("type", v instanceof Tuple ? "tuple" : "list");
            JsonArray items = new JsonArray();
            for (Object x : l) items.add(describe(x));
            o.add("items", items);
        } else if (v instanceof Boolean b) {
            o.addProperty("type", "bool");
            o.addProperty("value", b);
        } else if (v instanceof Long || v instanceof Integer || v instanceof BigInteger) {
            o.addProperty("type", "int");
            o.addProperty("value", (Number) v);
        } else if (v instanceof Double d) {
            o.addProperty("type", "float");
            o.addProperty("value", d);
        } else if (v instanceof String s) {
            o.addProperty("type", "str");
            o.addProperty("value", s);
        } else if (v == null) {
            o.addProperty("type", "none");
        } else if (v instanceof byte[] b) {
            o.addProperty("type", "bytes");
            o.addProperty("value", HexFormat.of().formatHex(b));
        } else if (v instanceof DType d) {
            o.addProperty("type", "dtype");
            o.addProperty("value", d.pyName());
        } else if (v instanceof Device d) {
            o.addProperty("type", "device");
            o.addProperty("value", d.toString());
        } else if (v instanceof Size s) {
            o.addProperty("type", "size");
            o.add("value", longs(s.toArray()));
        } else {
            throw new IllegalArgumentException("cannot describe " + v.getClass());
        }
        return o;
    }

    private static JsonArray longs(long[] v) {
        JsonArray a = new JsonArray();
        for (long x : v) a.add(x);
        return a;
    }

    // ---------------------------------------------------------------- comparison

    /** Every key of {@code expected} matches in {@code actual}; numbers exactly (NaN equals NaN, -0.0 is not 0.0). */
    static void assertMatches(JsonElement expected, JsonElement actual, String path) {
        String err = mismatch(expected, actual, path);
        if (err != null) fail(err);
    }

    static String mismatch(JsonElement e, JsonElement a, String path) {
        if (e == null || e.isJsonNull()) return a == null || a.isJsonNull() ? null : path + ": expected null, got " + a;
        if (e.isJsonObject()) {
            if (a == null || !a.isJsonObject()) return path + ": expected an object, got " + a;
            for (Map.Entry<String, JsonElement> kv : e.getAsJsonObject().entrySet()) {
                JsonElement av = a.getAsJsonObject().get(kv.getKey());
                if (av == null) return path + ": missing key " + kv.getKey();
                String err = mismatch(kv.getValue(), av, path + "." + kv.getKey());
                if (err != null) return err;
            }
            return null;
        }
        if (e.isJsonArray()) {
            if (a == null || !a.isJsonArray() || a.getAsJsonArray().size() != e.getAsJsonArray().size()) {
                return path + ": expected " + e.getAsJsonArray().size() + " items, got " + a;
            }
            for (int i = 0; i < e.getAsJsonArray().size(); i++) {
                String err = mismatch(e.getAsJsonArray().get(i), a.getAsJsonArray().get(i), path + "[" + i + "]");
                if (err != null) return err;
            }
            return null;
        }
        JsonPrimitive ep = e.getAsJsonPrimitive();
        if (a == null || !a.isJsonPrimitive()) return path + ": expected " + e + ", got " + a;
        JsonPrimitive ap = a.getAsJsonPrimitive();
        if (ep.isNumber() || looksNumeric(ep)) {
            if (!(ap.isNumber() || looksNumeric(ap))) return path + ": expected " + e + ", got " + a;
            String es = ep.getAsString(), as = ap.getAsString();
            if (integral(es) && integral(as)) {
                return new BigInteger(es).equals(new BigInteger(as)) ? null : path + ": expected " + es + ", got " + as;
            }
            if (integral(es) != integral(as)) return path + ": expected " + es + ", got " + as + " (int vs float)";
            return Double.compare(parse(es), parse(as)) == 0 ? null : path + ": expected " + es + ", got " + as;
        }
        return ep.equals(ap) ? null : path + ": expected " + e + ", got " + a;
    }

    private static boolean looksNumeric(JsonPrimitive p) {
        if (!p.isString()) return false;
        String s = p.getAsString();
        return s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity");
    }

    private static boolean integral(String s) {
        for (char c : s.toCharArray()) if (c == '.' || c == 'e' || c == 'E' || c == 'N' || c == 'I') return false;
        return true;
    }

    private static double parse(String s) {
        return switch (s) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    // ---------------------------------------------------------------- resources

    /** A file under src/test/resources/interop/ (on the test class path). */
    static Path resource(String rel) {
        URL url = Described.class.getResource("/interop/" + rel);
        if (url == null) throw new IllegalStateException("missing /interop/" + rel + ": run scripts/goldens/interop_fixtures.py");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JSON file, NaN and Infinity allowed. */
    static JsonObject readJson(Path p) {
        try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            JsonReader jr = new JsonReader(r);
            jr.setStrictness(Strictness.LENIENT);
            return JsonParser.parseReader(jr).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** interop/manifest.json's file entries. */
    static Map<String, JsonElement> manifest() {
        return readJson(resource("manifest.json")).getAsJsonObject("files").asMap();
    }
}
