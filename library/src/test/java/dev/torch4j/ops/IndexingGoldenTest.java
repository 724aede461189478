package dev.torch4j.ops;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Index;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import dev.torch4j.testing.GoldenArgs;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** t[...], t[...] = v and the gather/scatter family against scripts/goldens/indexing_goldens.py (real PyTorch). */
class IndexingGoldenTest {

    @TestFactory
    Stream<DynamicTest> indexing() {
        return Golden.cases("indexing").stream().map(c -> DynamicTest.dynamicTest(c.get("kind").getAsString() + " "
                + c.get("name").getAsString(), () -> run(c)));
    }

    private static void run(JsonObject c) {
        switch (c.get("kind").getAsString()) {
            case "getitem" -> getitem(c);
            case "setitem" -> setitem(c);
            case "op" -> op(c);
            default -> throw new IllegalArgumentException(c.toString());
        }
    }

    private static void getitem(JsonObject c) {
        String name = c.get("name").getAsString();
        Tensor x = input(c);
        Tensor r = x.index(indices(c.getAsJsonArray("idx")));
        Golden.assertExact(tensor(c.getAsJsonObject("out")), r, name);
        if (c.get("basic").getAsBoolean()) {
            assertSame(x.storage(), r.storage(), name + ": basic indexing returns a view");
            if (r.numel() > 0) r.fill_(-1);
            Golden.assertExact(tensor(c.getAsJsonObject("after_fill")), x, name + ": write through the view");
        } else {
            assertNotSame(x.storage(), r.storage(), name + ": advanced indexing returns a copy");
        }
    }

    private static void setitem(JsonObject c) {
        String name = c.get("name").getAsString();
        Tensor x = input(c);
        Object[] idx = indices(c.getAsJsonArray("idx"));
        JsonObject v = c.getAsJsonObject("value");
        boolean acc = c.get("accumulate").getAsBoolean();
        if (v.has("scalar")) {
            double s = v.get("scalar").getAsDouble();
            if (acc) x.indexPut_(idx, Torch.full(new long[0], s, Torch.dtype(x.dtype())), true);
            else x.indexPut_(idx, s);
        } else {
            x.indexPut_(idx, tensor(v), acc);
        }
        Golden.assertExact(tensor(c.getAsJsonObject("out")), x, name);
    }

    private static void op(JsonObject c) {
        String name = c.get("name").getAsString();
        Tensor x = input(c);
        JsonObject a = c.getAsJsonObject("args");
        Tensor r = switch (c.get("op").getAsString()) {
            case "gather" -> x.gather(dim(a), t(a, "index"));
            case "scatter" -> a.has("value") ? x.scatter(dim(a), t(a, "index"), a.get("value").getAsDouble())
                    : x.scatter(dim(a), t(a, "index"), t(a, "src"));
            case "scatter_add" -> x.scatterAdd(dim(a), t(a, "index"), t(a, "src"));
            case "index_select" -> x.indexSelect(dim(a), t(a, "index"));
            case "take" -> x.take(t(a, "index"));
            case "index_add" -> a.has("alpha") ? x.clone().indexAdd_(dim(a), t(a, "index"), t(a, "source"), a.get("alpha").getAsDouble())
                    : x.indexAdd(dim(a), t(a, "index"), t(a, "source"));
            case "index_copy" -> x.indexCopy(dim(a), t(a, "index"), t(a, "source"));
            case "index_fill" -> x.indexFill(dim(a), t(a, "index"), a.get("value").getAsDouble());
            case "masked_select" -> x.maskedSelect(t(a, "mask"));
            case "nonzero" -> x.nonzero();
            case "nonzero_of_eq0" -> x.eq(0L).nonzero();
            default -> throw new IllegalArgumentException(c.toString());
        };
        Golden.assertExact(tensor(c.getAsJsonObject("out")), r, name);
    }

    private static long dim(JsonObject a) { return a.get("dim").getAsLong(); }

    private static Tensor t(JsonObject a, String key) { return tensor(a.getAsJsonObject(key)); }

    private static Tensor input(JsonObject c) {
        Tensor base = tensor(c.getAsJsonObject("x"));
        return GoldenArgs.applyView(base, c.has("view") ? c.getAsJsonArray("view") : null);
    }

    /** A stored tensor, or one generated as element k = (k * mul) % mod for the big cases. */
    static Tensor tensor(JsonObject j) {
        if (!j.has("gen")) return Golden.tensor(j);
        JsonArray g = j.getAsJsonArray("gen");
        long[] shape = GoldenArgs.longs(g.get(0).getAsJsonArray());
        long mul = g.get(1).getAsLong(), mod = g.get(2).getAsLong();
        DType dt = Golden.dtype(g.get(3).getAsString());
        long n = 1;
        for (long s : shape) n *= s;
        long[] v = new long[(int) n];
        for (int k = 0; k < v.length; k++) v[k] = k * mul % mod;
        return Torch.fromArray(v).to(dt).reshape(shape);
    }

    /** The JSON index items as {@link Tensor#index} arguments. */
    static Object[] indices(JsonArray items) {
        Object[] out = new Object[items.size()];
        for (int i = 0; i < out.length; i++) {
            JsonObject o = items.get(i).getAsJsonObject();
            if (o.has("i")) out[i] = o.get("i").getAsLong();
            else if (o.has("s")) {
                JsonArray s = o.getAsJsonArray("s");
                out[i] = Index.slice(bound(s.get(0)), bound(s.get(1)), bound(s.get(2)));
            } else if (o.has("n")) out[i] = Index.NONE;
            else if (o.has("e")) out[i] = Index.ELLIPSIS;
            else if (o.has("b")) out[i] = o.get("b").getAsBoolean();
            else if (o.has("t")) out[i] = tensor(o.getAsJsonObject("t"));
            else if (o.has("l")) {
                List<Object> l = new ArrayList<>();
                for (JsonElement e : o.getAsJsonArray("l")) l.add(e.getAsLong());
                out[i] = l;
            } else throw new IllegalArgumentException(o.toString());
        }
        return out;
    }

    private static Long bound(JsonElement e) { return e.isJsonNull() ? null : e.getAsLong(); }
}
