package dev.torch4j.data;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.Generator;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.torch4j.Torch.*;
import static dev.torch4j.data.SamplerGoldens.*;
import static dev.torch4j.data.SamplersTest.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

/** DataLoader's sampler, batchSampler and batchSize(null) options against PyTorch's epochs, and its argument checks. */
class DataLoaderSamplersTest {
    private static TensorDataset tens() { return new TensorDataset(arange(10), arange(10).mul(10L)); }

    /** The first tensors of each batch, as lists, checking that the second ones stayed paired (x * 10). */
    private static List<Object> epoch(DataLoader<Example> loader) {
        List<Object> out = new ArrayList<>();
        for (Example b : loader) {
            assertTrue(b.target().equal(b.input().mul(10L)), "inputs and targets stay paired");
            List<Object> batch = new ArrayList<>();
            for (long v : b.input().toLongArray()) batch.add(v);
            out.add(batch);
        }
        return out;
    }

    private static void assertEpochs(JsonObject c, DataLoader<Example> loader) {
        for (JsonElement e : c.getAsJsonArray("epochs")) assertEquals(longs(e), epoch(loader));
    }

    @Test
    void shuffleIsARandomSamplerOverTheLoadersGenerator() {
        JsonObject c = get("loader_shuffle_default_gen");
        manualSeed(0);
        var loader = new DataLoader<>(tens(), DataLoader.options(3).shuffle(true));
        assertInstanceOf(RandomSampler.class, loader.sampler());
        assertEpochs(c, loader);
        Golden.assertExact(tensor(c, "after"), rand(2), "base seed and sampler seed per epoch");

        c = get("loader_shuffle_generator");
        assertEpochs(c, new DataLoader<>(tens(), DataLoader.options(4).shuffle(true).generator(gen(123))));
        // the same epochs from an explicit RandomSampler sharing the loader's generator
        assertEquals(c.get("epochs"), get("loader_sampler_shares_generator").get("epochs"));
        Generator g = gen(123);
        assertEpochs(c, new DataLoader<>(tens(), DataLoader.options(4).sampler(new RandomSampler(tens(), false, null, g)).generator(g)));
        assertInstanceOf(SequentialSampler.class, new DataLoader<>(tens(), DataLoader.options(4)).sampler());
    }

    @Test
    void aSamplerOrdersTheBatches() {
        JsonObject c = get("loader_subset_sampler");
        manualSeed(1);
        var loader = new DataLoader<>(tens(), DataLoader.options(4).sampler(new SubsetRandomSampler(new long[] {1, 3, 5, 7, 9})));
        assertEquals(2, loader.size());
        assertEpochs(c, loader);
        Golden.assertExact(tensor(c, "after"), rand(2), "the subset's permutations come from the default generator");

        c = get("loader_replacement");
        loader = new DataLoader<>(tens(), DataLoader.options(4).sampler(new RandomSampler(tens(), true, 9L, gen(3))));
        assertEquals(c.get("length").getAsLong(), loader.size());
        assertEpochs(c, loader);

        c = get("loader_weighted");
        double[] w = doubleArray(c.getAsJsonArray("weights"));
        loader = new DataLoader<>(tens(), DataLoader.options(2).sampler(new WeightedRandomSampler(w, 7, true, gen(4))));
        assertEquals(c.get("length").getAsLong(), loader.size());
        assertEpochs(c, loader);
    }

    @Test
    void aBatchSamplerGivesTheBatches() {
        JsonObject c = get("loader_batch_sampler");
        manualSeed(2);
        var bs = new BatchSampler(new RandomSampler(tens()), 3, true);
        var loader = new DataLoader<>(tens(), DataLoader.options().batchSampler(bs));
        assertSame(bs, loader.batchSampler());
        assertNull(loader.batchSize(), "PyTorch sets batch_size to None with a batch sampler");
        assertEquals(c.get("length").getAsLong(), loader.size());
        assertEpochs(c, loader);
        Golden.assertExact(tensor(c, "after"), rand(2), "generator state after two epochs");

        // a batch sampler of one's own: batches of unequal sizes
        Sampler<List<Long>> custom = () -> List.of(List.of(9L), List.of(0L, 1L, 2L), List.of(5L, 4L)).iterator();
        assertEquals(List.of(List.of(9L), List.of(0L, 1L, 2L), List.of(5L, 4L)),
                epoch(new DataLoader<>(tens(), DataLoader.options().batchSampler(custom))));
    }

    @Test
    void batchSizeNullLoadsSingleItems() {
        JsonObject c = get("loader_no_batching");
        manualSeed(5);
        var loader = new DataLoader<>(tens(), DataLoader.options().batchSize(null).shuffle(true));
        assertNull(loader.batchSampler());
        assertEquals(c.get("length").getAsLong(), loader.size());
        for (JsonElement e : c.getAsJsonArray("epochs")) {
            List<Object> items = new ArrayList<>();
            for (Example x : loader) {
                assertEquals(0, x.input().dim(), "an item, not a batch of one");
                items.add(x.input().itemLong());
            }
            assertEquals(longs(e), items);
        }
        Golden.assertExact(tensor(c, "after"), rand(2), "generator state after two epochs");
        List<Long> plain = new ArrayList<>();
        for (Long x : new DataLoader<>(range(3), DataLoader.options().batchSize(null))) plain.add(x);
        assertEquals(List.of(0L, 1L, 2L), plain, "items that are not tensors stay as they are (default_convert)");
    }

    @Test
    void distributedSamplersThroughLoaders() {
        JsonObject c = get("loader_distributed");
        int replicas = c.get("num_replicas").getAsInt();
        for (int rank = 0; rank < replicas; rank++) {
            var d = new DistributedSampler(tens(), replicas, rank, true, c.get("seed").getAsLong(), false);
            var loader = new DataLoader<>(tens(), DataLoader.options(2).sampler(d));
            int epoch = 0;
            for (JsonElement e : c.getAsJsonArray("ranks").get(rank).getAsJsonArray()) {
                d.setEpoch(epoch++);
                assertEquals(longs(e), epoch(loader), "rank " + rank);
            }
        }
    }

    @Test
    void workersGiveTheSerialEpochsAndLeaveTheGeneratorInTheSameState() {
        for (int workers : new int[] {1, 3}) {
            Generator gs = gen(11), gp = gen(11);
            var serial = new DataLoader<>(tens(), DataLoader.options(3).shuffle(true).generator(gs));
            var parallel = new DataLoader<>(tens(), DataLoader.options(3).shuffle(true).generator(gp).numWorkers(workers).prefetchFactor(1));
            for (int e = 0; e < 2; e++) assertEquals(epoch(serial), epoch(parallel), workers + " workers, epoch " + e);
            assertArrayEquals(gs.getState(), gp.getState(), workers + " workers");
            var bySampler = new DataLoader<>(tens(), DataLoader.options().batchSampler(
                    new BatchSampler(new SubsetRandomSampler(new long[] {8, 6, 4, 2}, gen(5)), 3, false)).numWorkers(workers));
            var bySamplerSerial = new DataLoader<>(tens(), DataLoader.options().batchSampler(
                    new BatchSampler(new SubsetRandomSampler(new long[] {8, 6, 4, 2}, gen(5)), 3, false)));
            assertEquals(epoch(bySamplerSerial), epoch(bySampler));
        }
    }

    @Test
    void optionsThatExcludeEachOtherFailAsInPyTorch() {
        JsonObject c = get("errors");
        TensorDataset ds = tens();
        var batches = new BatchSampler(new SequentialSampler(ds), 2, false);
        assertMessage(c, "sampler_shuffle", () -> new DataLoader<>(ds, DataLoader.options().sampler(new SequentialSampler(ds)).shuffle(true)));
        assertMessage(c, "batch_sampler_batch_size", () -> new DataLoader<>(ds, DataLoader.options(4).batchSampler(batches)));
        assertMessage(c, "batch_sampler_batch_size", () -> new DataLoader<>(ds, DataLoader.options().batchSize(null).batchSampler(batches)));
        assertMessage(c, "batch_sampler_shuffle", () -> new DataLoader<>(ds, DataLoader.options().shuffle(true).batchSampler(batches)));
        assertMessage(c, "batch_sampler_drop_last", () -> new DataLoader<>(ds, DataLoader.options().dropLast(true).batchSampler(batches)));
        assertMessage(c, "batch_sampler_drop_last", () -> new DataLoader<>(ds,
                DataLoader.options().sampler(new SequentialSampler(ds)).batchSampler(batches)));
        assertMessage(c, "no_batching_drop_last", () -> new DataLoader<>(ds, DataLoader.options().batchSize(null).dropLast(true)));
        assertMessage(c, "loader_batch_size", () -> new DataLoader<>(ds, DataLoader.options(0)));
        assertMessage(c, "random_empty", () -> new DataLoader<>(range(0), DataLoader.options(2).shuffle(true)));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new DataLoader<>(ds, DataLoader.options().batchSize(null), (List<Example> items) -> items.size()));
        assertTrue(e.getMessage().startsWith("batch_size=None disables auto-batching"), e.getMessage());
    }

    @Test
    void aCustomCollateReceivesTheSamplersBatches() {
        List<Long> order = SamplerGoldens.epoch(new SubsetRandomSampler(new long[] {7, 3, 1}, gen(0)));
        var loader = new DataLoader<>(range(10), DataLoader.options().batchSampler(
                new BatchSampler(new SubsetRandomSampler(new long[] {7, 3, 1}, gen(0)), 2, false)), (List<Long> items) -> items);
        assertEquals(2, loader.size());
        assertEquals(List.of(order.subList(0, 2), order.subList(2, 3)), SamplerGoldens.epoch(loader));
    }
}
