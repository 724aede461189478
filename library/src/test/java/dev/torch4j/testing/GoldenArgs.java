package dev.torch4j.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Arguments of golden cases written by the tensor-core scripts (scripts/goldens/tensor_json.py): named input
 * tensors (the file's first case), view specs applied exactly as the script applied them, and Java scalars.
 */
public final class GoldenArgs {
    private final Map<String, JsonObject> inputs = new HashMap<>();

    /** Reads the {@code {"inputs": {...}}} table from the first case. */
    public GoldenArgs(List<JsonObject> cases) {
        JsonObject in = cases.get(0).getAsJsonObject("inputs");
        for (String k : in.keySet()) inputs.put(k, in.getAsJsonObject(k));
    }

    /** A fresh tensor for the named input (each call makes new storage, so in-place cases don't interfere). */
    public Tensor input(String name) {
        JsonObject j = inputs.get(name);
        if (j == null) throw new IllegalArgumentException("no golden input " + name);
        return Golden.tensor(j);
    }

    /** A materialised argument: the base tensor (before the view), the argument itself, or a Java scalar. */
    public record Arg(Tensor base, Tensor tensor, Object scalar) {
        public boolean isTensor() { return tensor != null; }

        /** The argument as an Object: a Tensor, a Long or a Double. */
        public Object value() { return tensor != null ? tensor : scalar; }
    }

    public Arg arg(JsonObject a) {
        if (a.has("int")) return new Arg(null, null, a.get("int").getAsLong());
        if (a.has("float")) return new Arg(null, null, number(a.get("float")));
        Tensor base = input(a.get("t").getAsString());
        return new Arg(base, applyView(base, a.has("view") ? a.getAsJsonArray("view") : null), null);
    }

    /** A JSON number that may be NaN or (-)Infinity. */
    public static double number(JsonElement e) { return Golden.number(e); }

    public static long[] longs(JsonArray a) {
        long[] r = new long[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).getAsLong();
        return r;
    }

    /** The same steps as tensor_json.apply_view. */
    public static Tensor applyView(Tensor t, JsonArray spec) {
        if (spec == null) return t;
        for (JsonElement e : spec) {
            JsonArray s = e.getAsJsonArray();
            String name = s.get(0).getAsString();
            t = switch (name) {
                case "t" -> t.t();
                case "transpose" -> t.transpose(s.get(1).getAsLong(), s.get(2).getAsLong());
                case "permute" -> t.permute(longs(s.get(1).getAsJsonArray()));
                case "narrow" -> t.narrow(s.get(1).getAsLong(), s.get(2).getAsLong(), s.get(3).getAsLong());
                case "select" -> t.select(s.get(1).getAsLong(), s.get(2).getAsLong());
                case "asStrided" -> t.asStrided(longs(s.get(1).getAsJsonArray()), longs(s.get(2).getAsJsonArray()),
                        s.get(3).getAsLong());
                case "expand" -> t.expand(longs(s.get(1).getAsJsonArray()));
                case "unsqueeze" -> t.unsqueeze(s.get(1).getAsLong());
                default -> throw new IllegalArgumentException("unknown view step " + name);
            };
        }
        return t;
    }
}
