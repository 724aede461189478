package dev.torch4j.nn;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;

import java.util.ArrayList;
import java.util.List;

/** The cases of goldens/pool_norm.json (scripts/goldens/pool_norm_goldens.py, real PyTorch), by kind. */
final class PoolNormGoldens {
    private PoolNormGoldens() {}

    private static List<JsonObject> all;

    static synchronized List<JsonObject> cases(String kind) {
        if (all == null) all = Golden.cases("pool_norm");
        List<JsonObject> out = new ArrayList<>();
        for (JsonObject c : all) if (c.get("kind").getAsString().equals(kind)) out.add(c);
        if (out.isEmpty()) throw new IllegalStateException("no pool_norm golden cases of kind " + kind);
        return out;
    }

    static Tensor tensor(JsonObject c, String key) {
        JsonElement e = c.get(key);
        return e == null || e.isJsonNull() ? null : Golden.tensor(e.getAsJsonObject());
    }

    static long[] longs(JsonObject o, String key) {
        JsonArray a = o.getAsJsonArray(key);
        long[] r = new long[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).getAsLong();
        return r;
    }
}
