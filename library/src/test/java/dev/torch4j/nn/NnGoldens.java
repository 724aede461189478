package dev.torch4j.nn;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;

import java.util.ArrayList;
import java.util.List;

/** The cases of goldens/nn.json (scripts/goldens/nn_goldens.py, real PyTorch), by kind and name. */
public final class NnGoldens {
    private NnGoldens() {}

    private static List<JsonObject> all;

    /** Every case of this kind. */
    public static synchronized List<JsonObject> cases(String kind) {
        if (all == null) all = Golden.cases("nn");
        List<JsonObject> out = new ArrayList<>();
        for (JsonObject c : all) if (c.get("kind").getAsString().equals(kind)) out.add(c);
        if (out.isEmpty()) throw new IllegalStateException("no nn golden cases of kind " + kind);
        return out;
    }

    /** The case of this kind and name. */
    public static JsonObject get(String kind, String name) {
        for (JsonObject c : cases(kind)) if (c.get("name").getAsString().equals(name)) return c;
        throw new IllegalStateException("no nn golden case " + kind + "/" + name);
    }

    /** A tensor field (null when JSON null). */
    public static Tensor tensor(JsonObject c, String key) {
        JsonElement e = c.get(key);
        return e == null || e.isJsonNull() ? null : Golden.tensor(e.getAsJsonObject());
    }

    /** A list of tensors (null entries stay null). */
    public static List<Tensor> tensors(JsonArray a) {
        List<Tensor> out = new ArrayList<>();
        for (JsonElement e : a) out.add(e.isJsonNull() ? null : Golden.tensor(e.getAsJsonObject()));
        return out;
    }

    /** A list of strings. */
    public static List<String> strings(JsonObject c, String key) {
        List<String> out = new ArrayList<>();
        for (JsonElement e : c.getAsJsonArray(key)) out.add(e.getAsString());
        return out;
    }
}
