package dev.torch4j.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.Generator;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/** The cases of goldens/samplers.json (scripts/goldens/samplers_goldens.py, real PyTorch), and helpers to read them. */
final class SamplerGoldens {
    private SamplerGoldens() {}

    private static JsonObject all;

    /** The case of this name. */
    static synchronized JsonObject get(String name) {
        if (all == null) all = Golden.namedCases("samplers");
        JsonObject c = all.getAsJsonObject(name);
        if (c == null) throw new IllegalStateException("no samplers golden case " + name);
        return c;
    }

    /** The names of every case of this kind (never empty). */
    static synchronized Stream<String> names(String kind) {
        get("errors");
        List<String> out = new ArrayList<>();
        for (String k : all.keySet()) if (all.getAsJsonObject(k).get("kind").getAsString().equals(kind)) out.add(k);
        if (out.isEmpty()) throw new IllegalStateException("no samplers golden cases of kind " + kind);
        return out.stream();
    }

    /** A JSON list (of lists ...) of integers as nested Java lists of Longs, for assertEquals against an epoch. */
    static Object longs(JsonElement e) {
        if (!e.isJsonArray()) return e.getAsLong();
        List<Object> out = new ArrayList<>();
        for (JsonElement x : e.getAsJsonArray()) out.add(longs(x));
        return out;
    }

    static long[] longArray(JsonArray a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsLong();
        return out;
    }

    static double[] doubleArray(JsonArray a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsDouble();
        return out;
    }

    /** A nullable integer field. */
    static Long optLong(JsonObject c, String key) {
        JsonElement e = c.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsLong();
    }

    static Tensor tensor(JsonObject c, String key) { return Golden.tensor(c.getAsJsonObject(key)); }

    static Generator gen(long seed) { return new Generator().manualSeed(seed); }

    /** One epoch of an iterable, as a list. */
    static <T> List<T> epoch(Iterable<T> it) {
        List<T> out = new ArrayList<>();
        for (Iterator<T> i = it.iterator(); i.hasNext(); ) out.add(i.next());
        return out;
    }

    /** Epochs of an iterable, as a list of lists. */
    static <T> List<List<T>> epochs(Iterable<T> it, int n) {
        List<List<T>> out = new ArrayList<>();
        for (int e = 0; e < n; e++) out.add(epoch(it));
        return out;
    }

    /** A dataset of {@code n} items whose item {@code i} is {@code i} (Python's {@code range(n)}). */
    static Dataset<Long> range(long n) { return range(0, n); }

    /** Python's {@code range(lo, hi)} as a map-style dataset. */
    static Dataset<Long> range(long lo, long hi) {
        return new Dataset<>() {
            @Override public Long get(long index) {
                if (index < 0 || index >= hi - lo) throw new IndexOutOfBoundsException("range object index out of range");
                return lo + index;
            }

            @Override public long size() { return hi - lo; }
        };
    }
}
