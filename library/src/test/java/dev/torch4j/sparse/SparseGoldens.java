package dev.torch4j.sparse;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;

/** Reads the cases of goldens/sparse.json (scripts/goldens/sparse_goldens.py). */
final class SparseGoldens {
    private static JsonObject cases;

    private SparseGoldens() {}

    static synchronized JsonObject get(String name) {
        if (cases == null) cases = Golden.namedCases("sparse");
        return cases.getAsJsonObject(name);
    }

    static Tensor tensor(JsonObject c, String key) { return Golden.tensor(c.getAsJsonObject(key)); }

    static long[] longs(JsonObject c, String key) {
        JsonArray a = c.getAsJsonArray(key);
        long[] r = new long[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).getAsLong();
        return r;
    }

    /** The case's sparse tensor: its indices, values and size, uncoalesced as PyTorch built it. */
    static SparseTensor sparse(JsonObject c) { return Sparse.cooTensor(tensor(c, "indices"), tensor(c, "values"), longs(c, "size")); }
}
