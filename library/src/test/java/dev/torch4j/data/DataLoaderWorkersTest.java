package dev.torch4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.Generator;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Worker threads draw what PyTorch's worker processes draw: per-worker seeds, round-robin batches (dataloader_workers.json). */
class DataLoaderWorkersTest {

    /** A dataset drawing from the default generator, as a random transform does, and saying which worker read it. */
    static final class Draws implements Dataset<Example> {
        @Override public Example get(long i) {
            WorkerInfo info = DataLoader.getWorkerInfo();
            return new Example(Torch.rand(3), Torch.tensor(i), Torch.tensor((long) (info == null ? -1 : info.id())),
                    Torch.tensor(info == null ? -1L : info.seed()));
        }

        @Override public long size() { return 11; }
    }

    @Test
    void workersDrawAsPyTorchsWorkerProcesses() {
        for (JsonObject c : Golden.cases("dataloader_workers")) {
            String name = c.get("name").getAsString();
            JsonObject kw = c.getAsJsonObject("options");
            DataLoader.Options o = DataLoader.options().batchSize(kw.get("batch_size").isJsonNull() ? null : kw.get("batch_size").getAsLong())
                    .numWorkers(kw.get("num_workers").getAsInt());
            if (kw.has("shuffle")) o = o.shuffle(kw.get("shuffle").getAsBoolean());
            if (kw.has("prefetch_factor")) o = o.prefetchFactor(kw.get("prefetch_factor").getAsInt());
            if (kw.has("drop_last")) o = o.dropLast(kw.get("drop_last").getAsBoolean());
            if (kw.has("persistent_workers")) o = o.persistentWorkers(kw.get("persistent_workers").getAsBoolean());
            if (!c.get("generator_seed").isJsonNull()) o = o.generator(new Generator().manualSeed(c.get("generator_seed").getAsLong()));
            if (c.get("init_fn").getAsBoolean()) o = o.workerInitFn(w -> Torch.manualSeed(1000 + 7L * w));
            Torch.manualSeed(c.get("seed").getAsLong());
            DataLoader<Example> dl = new DataLoader<>(new Draws(), o);
            JsonArray epochs = c.getAsJsonArray("epochs");
            for (int ep = 0; ep < epochs.size(); ep++) {
                List<Example> got = new ArrayList<>();
                for (Example b : dl) got.add(b);
                JsonArray expected = epochs.get(ep).getAsJsonArray();
                assertEquals(expected.size(), got.size(), name + " epoch " + ep);
                for (int k = 0; k < got.size(); k++) {
                    JsonObject e = expected.get(k).getAsJsonObject();
                    String what = name + " epoch " + ep + " batch " + k;
                    Golden.assertExact(Golden.tensor(e.getAsJsonObject("i")), got.get(k).get(1), what + " indices");
                    Golden.assertExact(Golden.tensor(e.getAsJsonObject("worker")), got.get(k).get(2), what + " worker");
                    Golden.assertExact(Golden.tensor(e.getAsJsonObject("seed")), got.get(k).get(3), what + " seed");
                    Golden.assertExact(Golden.tensor(e.getAsJsonObject("x")), got.get(k).get(0), what + " draws");
                }
            }
        }
    }

    @Test
    void persistentWorkersNeedWorkers() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new DataLoader<>(new Draws(), DataLoader.options(2).persistentWorkers(true)));
        assertEquals("persistent_workers option needs num_workers > 0", e.getMessage());
    }

    @Test
    void workerInfoOnlyOnWorkersAndTheMainGeneratorUntouched() {
        assertNull(DataLoader.getWorkerInfo());
        Torch.manualSeed(1);
        double expectedNext = Torch.rand(1).item();
        Torch.manualSeed(1);
        DataLoader<Example> dl = new DataLoader<>(new Draws(), DataLoader.options(4).numWorkers(2).generator(new Generator().manualSeed(3)));
        for (Example b : dl) assertTrue(b.get(2).ge(0).all().itemBool(), "read on a worker");
        assertEquals(expectedNext, Torch.rand(1).item(), "workers draw from their own generators, not the main one");
    }
}
