package dev.torch4j.data;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.Generator;
import dev.torch4j.Tensor;
import dev.torch4j.nn.NnGoldens;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.torch4j.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

/** Batching, PyTorch's shuffle order after manual_seed, random_split, collate and background workers. */
class DataLoaderTest {
    private static TensorDataset tens() { return new TensorDataset(arange(10), arange(10).mul(10L)); }

    private static List<List<Long>> expected(JsonElement epoch) {
        List<List<Long>> out = new ArrayList<>();
        for (JsonElement b : epoch.getAsJsonArray()) {
            List<Long> batch = new ArrayList<>();
            for (JsonElement i : b.getAsJsonArray()) batch.add(i.getAsLong());
            out.add(batch);
        }
        return out;
    }

    private static List<List<Long>> epoch(DataLoader<Example> loader) {
        List<List<Long>> out = new ArrayList<>();
        for (Example b : loader) {
            List<Long> batch = new ArrayList<>();
            for (long v : b.input().toLongArray()) batch.add(v);
            assertTrue(b.target().equal(b.input().mul(10L)), "inputs and targets stay paired");
            out.add(batch);
        }
        return out;
    }

    @Test
    void shuffledEpochsComeInPyTorchsOrderAfterManualSeed() {
        JsonObject c = NnGoldens.get("loader", "shuffle_default_gen");
        manualSeed(0);
        DataLoader<Example> loader = new DataLoader<>(tens(), DataLoader.options(3).shuffle(true));
        assertEquals(4, loader.size());
        for (JsonElement e : c.getAsJsonArray("epochs")) assertEquals(expected(e), epoch(loader));
        Golden.assertExact(NnGoldens.tensor(c, "after"), rand(2), "the default generator advanced as in PyTorch");
    }

    @Test
    void sequentialLoaderDropsTheLastPartialBatchAndStillDrawsItsBaseSeed() {
        JsonObject c = NnGoldens.get("loader", "sequential_drop_last");
        manualSeed(0);
        DataLoader<Example> loader = new DataLoader<>(tens(), DataLoader.options(4).dropLast(true));
        assertEquals(2, loader.size());
        assertEquals(expected(c.getAsJsonArray("epochs").get(0)), epoch(loader));
        Golden.assertExact(NnGoldens.tensor(c, "after"), rand(2), "one base-seed draw per epoch");
    }

    @Test
    void anExplicitGeneratorOrdersTheEpochs() {
        JsonObject c = NnGoldens.get("loader", "shuffle_generator");
        Generator g = new Generator().manualSeed(123);
        DataLoader<Example> loader = new DataLoader<>(tens(), DataLoader.options(4).shuffle(true).generator(g));
        for (JsonElement e : c.getAsJsonArray("epochs")) assertEquals(expected(e), epoch(loader));
    }

    @Test
    void theSamplersSecondDrawAtExhaustionIsMadeToo() {
        // RandomSampler asks its generator for another permutation once exhausted (drop_last, or an even split)
        JsonObject c = NnGoldens.get("loader", "shuffle_generator_drop_last");
        DataLoader<Example> dl = new DataLoader<>(tens(), DataLoader.options(3).shuffle(true).dropLast(true).generator(new Generator().manualSeed(7)));
        for (JsonElement e : c.getAsJsonArray("epochs")) assertEquals(expected(e), epoch(dl));
        c = NnGoldens.get("loader", "shuffle_generator_even");
        DataLoader<Example> even = new DataLoader<>(tens(), DataLoader.options(5).shuffle(true).generator(new Generator().manualSeed(8)));
        for (JsonElement e : c.getAsJsonArray("epochs")) assertEquals(expected(e), epoch(even));
    }

    @Test
    void randomSplitMatchesPyTorch() {
        JsonObject c = NnGoldens.get("split", "random_split");
        Dataset<Long> range10 = range(10), range11 = range(11);
        manualSeed(0);
        List<Subset<Long>> parts = Dataset.randomSplit(range10, 0.8, 0.2);
        List<Subset<Long>> parts2 = Dataset.randomSplit(range11, 0.5, 0.3, 0.2);
        assertEquals(c.getAsJsonArray("indices").toString(), indices(parts));
        assertEquals(c.getAsJsonArray("indices2").toString(), indices(parts2));
        assertEquals(List.of(3L, 7L), List.of(Dataset.randomSplit(range10, 3, 7).get(0).size(), Dataset.randomSplit(range10, 3, 7).get(1).size()));
        var e = assertThrows(IllegalArgumentException.class, () -> Dataset.randomSplit(range10, 3, 3));
        assertEquals("Sum of input lengths does not equal the length of the input dataset!", e.getMessage());
    }

    private static String indices(List<Subset<Long>> parts) {
        List<List<Long>> out = new ArrayList<>();
        for (Subset<Long> s : parts) {
            List<Long> l = new ArrayList<>();
            for (long i = 0; i < s.size(); i++) l.add(s.get(i));
            out.add(l);
        }
        return new com.google.gson.Gson().toJson(out);
    }

    private static Dataset<Long> range(long n) {
        return new Dataset<>() {
            @Override public Long get(long index) { return index; }

            @Override public long size() { return n; }
        };
    }

    @Test
    void defaultCollateStacksTensorsAndNumbers() {
        DataLoader<Long> nums = new DataLoader<>(range(5), DataLoader.options(2));
        List<Object> batches = new ArrayList<>();
        for (Object b : new DataLoader<>(range(5), DataLoader.options(2), (List<Long> items) -> items.toString())) batches.add(b);
        assertEquals(List.of("[0, 1]", "[2, 3]", "[4]"), batches);
        Tensor first = Collate.defaultCollate(List.of(1L, 2L));
        assertEquals(dev.torch4j.DType.INT64, first.dtype());
        Tensor f = Collate.defaultCollate(List.of(1.5, 2.0));
        assertEquals(dev.torch4j.DType.FLOAT64, f.dtype());
        Map<String, Tensor> m = Collate.defaultCollate(List.of(Map.of("x", ones(2)), Map.of("x", zeros(2))));
        assertEquals(shape(2, 2), m.get("x").shape());
        Example e = Collate.defaultCollate(List.of(new Example(ones(3), tensor(1L)), new Example(zeros(3), tensor(0L))));
        assertEquals(shape(2, 3), e.input().shape());
        assertEquals(shape(2), e.target().shape());
        assertEquals(3, nums.size());
    }

    @Test
    void subsetsOfTensorDatasetsGatherWholeBatches() {
        manualSeed(1);
        TensorDataset ds = new TensorDataset(randn(20, 3), arange(20));
        List<Subset<Example>> parts = Dataset.randomSplit(ds, 0.75, 0.25);
        DataLoader<Example> loader = new DataLoader<>(parts.get(0), DataLoader.options(4));
        long seen = 0;
        for (Example b : loader) {
            for (int i = 0; i < b.input().size(0); i++) {
                long label = b.target().index(i).itemLong();
                assertTrue(b.input().index(i).equal(ds.get(label).input()), "row " + label);
            }
            seen += b.input().size(0);
        }
        assertEquals(15, seen);
    }

    @Test
    void workersPrefetchInOrderAndPropagateErrors() {
        DataLoader<Example> serial = new DataLoader<>(tens(), DataLoader.options(3).numWorkers(0));
        DataLoader<Example> parallel = new DataLoader<>(tens(), DataLoader.options(3).numWorkers(3).prefetchFactor(1));
        assertEquals(epoch(serial), epoch(parallel));
        Dataset<Long> failing = new Dataset<>() {
            @Override public Long get(long index) {
                if (index == 7) throw new IllegalStateException("bad item 7");
                return index;
            }

            @Override public long size() { return 10; }
        };
        var it = new DataLoader<>(failing, DataLoader.options(2).numWorkers(2)).iterator();
        var e = assertThrows(IllegalStateException.class, () -> {
            while (it.hasNext()) it.next();
        });
        assertEquals("bad item 7", e.getMessage());
    }

    @Test
    void badArgumentsFailAsInPyTorch() {
        var e = assertThrows(IllegalArgumentException.class, () -> new DataLoader<>(tens(), DataLoader.options(0)));
        assertEquals("batch_size should be a positive integer value, but got batch_size=0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TensorDataset(zeros(3), zeros(4)));
        assertTrue(e.getMessage().startsWith("Size mismatch between tensors"), e.getMessage());
    }
}
