package dev.torch4j.ops;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import dev.torch4j.testing.GoldenArgs;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** cat / stack / hstack / vstack / dstack / split / chunk against scripts/goldens/indexing_goldens.py (real PyTorch). */
class JoiningGoldenTest {

    @TestFactory
    Stream<DynamicTest> joining() {
        return Golden.cases("joining").stream().map(c -> DynamicTest.dynamicTest(c.get("name").getAsString(), () -> run(c)));
    }

    private static void run(JsonObject c) {
        String name = c.get("name").getAsString();
        List<Tensor> in = new ArrayList<>();
        for (JsonElement e : c.getAsJsonArray("inputs")) {
            JsonObject o = e.getAsJsonObject();
            in.add(GoldenArgs.applyView(Golden.tensor(o.getAsJsonObject("x")), o.has("view") ? o.getAsJsonArray("view") : null));
        }
        JsonObject a = c.getAsJsonObject("args");
        String op = c.get("op").getAsString();
        if (c.has("out")) {
            Tensor r = switch (op) {
                case "cat" -> Torch.cat(in, a.get("dim").getAsLong());
                case "stack" -> Torch.stack(in, a.get("dim").getAsLong());
                case "hstack" -> Torch.hstack(in.toArray(Tensor[]::new));
                case "vstack" -> Torch.vstack(in.toArray(Tensor[]::new));
                case "dstack" -> Torch.dstack(in.toArray(Tensor[]::new));
                default -> throw new IllegalArgumentException(op);
            };
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("out")), r, name);
            return;
        }
        Tensor x = in.get(0);
        long dim = a.get("dim").getAsLong();
        Tensor[] parts = switch (op) {
            case "split" -> x.split(a.get("size").getAsLong(), dim);
            case "split_sizes" -> x.split(GoldenArgs.longs(a.getAsJsonArray("sizes")), dim);
            case "chunk" -> x.chunk(a.get("chunks").getAsLong(), dim);
            default -> throw new IllegalArgumentException(op);
        };
        var outs = c.getAsJsonArray("outs");
        assertEquals(outs.size(), parts.length, name + ": number of parts");
        for (int i = 0; i < parts.length; i++) {
            Golden.assertExact(Golden.tensor(outs.get(i).getAsJsonObject()), parts[i], name + " part " + i);
            assertSame(x.storage(), parts[i].storage(), name + ": parts are views");
        }
    }
}
