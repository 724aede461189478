package dev.torch4j.data;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Generator;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

import static dev.torch4j.Torch.*;
import static dev.torch4j.data.SamplerGoldens.*;
import static org.junit.jupiter.api.Assertions.*;

/** Every sampler's indices against PyTorch's for the same seeds, their lengths, the points where they draw, errors. */
class SamplersTest {
    static Stream<String> randomCases() { return names("random"); }

    @ParameterizedTest
    @MethodSource("randomCases")
    void randomSamplerDrawsPyTorchsIndices(String name) {
        JsonObject c = get(name);
        Dataset<Long> ds = range(c.get("n").getAsLong());
        boolean explicit = c.get("explicit").getAsBoolean();
        long seed = c.get("seed").getAsLong();
        if (!explicit) manualSeed(seed);
        var s = new RandomSampler(ds, c.get("replacement").getAsBoolean(), optLong(c, "num_samples"), explicit ? gen(seed) : null);
        assertEquals(c.get("length").getAsLong(), s.size());
        assertEquals(longs(c.get("epochs")), epochs(s, c.getAsJsonArray("epochs").size()), name);
        if (!explicit) Golden.assertExact(tensor(c, "after"), rand(2), name + ": the default generator moved on as PyTorch's");
    }

    @Test
    void subsetRandomSamplerPermutesItsIndices() {
        JsonObject c = get("subset_generator");
        var s = new SubsetRandomSampler(longArray(c.getAsJsonArray("indices")), gen(c.get("seed").getAsLong()));
        assertEquals(6, s.size());
        assertEquals(longs(c.get("epochs")), epochs(s, 2));
        c = get("subset_default_gen");
        manualSeed(c.get("seed").getAsLong());
        s = new SubsetRandomSampler(longArray(c.getAsJsonArray("indices")));
        assertEquals(longs(c.get("epochs")), epochs(s, 2));
        Golden.assertExact(tensor(c, "after"), rand(2), "randperm straight from the default generator");
    }

    static Stream<String> weightedCases() { return names("weighted"); }

    @ParameterizedTest
    @MethodSource("weightedCases")
    void weightedRandomSamplerDrawsPyTorch2sIndices(String name) {
        // "weighted_one_replacement" holds 2.x's draw (the race), which 1.13 does not make
        JsonObject c = get(name);
        boolean explicit = c.get("explicit").getAsBoolean();
        long seed = c.get("seed").getAsLong();
        if (!explicit) manualSeed(seed);
        long k = c.get("num_samples").getAsLong();
        var s = new WeightedRandomSampler(doubleArray(c.getAsJsonArray("weights")), k, c.get("replacement").getAsBoolean(),
                explicit ? gen(seed) : null);
        assertEquals(k, s.size());
        assertEquals(longs(c.get("epochs")), epochs(s, 2), name);
        if (!explicit) Golden.assertExact(tensor(c, "after"), rand(2), name + ": generator state after");
    }

    static Stream<String> batchCases() { return names("batch"); }

    @ParameterizedTest
    @MethodSource("batchCases")
    void batchSamplerGroupsIndices(String name) {
        JsonObject c = get(name);
        var b = new BatchSampler(new SequentialSampler(range(c.get("n").getAsLong())), c.get("batch_size").getAsLong(),
                c.get("drop_last").getAsBoolean());
        assertEquals(c.get("length").getAsLong(), b.size(), name);
        assertEquals(longs(c.get("batches")), epoch(b), name);
    }

    @Test
    void batchSamplerOverARandomSamplerAndOverPlainIterables() {
        JsonObject c = get("batch_random");
        var b = new BatchSampler(new RandomSampler(range(10), false, null, gen(13)), 4, false);
        assertEquals(3, b.size());
        assertEquals(longs(c.get("epochs")), epochs(b, 2));
        assertEquals(List.of(List.of(5L, 6L), List.of(7L)), epoch(new BatchSampler(List.of(5L, 6L, 7L), 2, false)));
        assertEquals(2, new BatchSampler(List.of(5L, 6L, 7L), 2, false).size(), "a collection's length");
        Iterable<Long> noLength = () -> List.of(1L).iterator();
        var e = assertThrows(UnsupportedOperationException.class, () -> new BatchSampler(noLength, 2, false).size());
        assertTrue(e.getMessage().startsWith("object of type '") && e.getMessage().endsWith("' has no len()"), e.getMessage());
    }

    static Stream<String> distributedCases() { return names("distributed"); }

    @ParameterizedTest
    @MethodSource("distributedCases")
    void distributedSamplerSplitsAsPyTorchAcrossRanksAndEpochs(String name) {
        JsonObject c = get(name);
        int replicas = c.get("num_replicas").getAsInt();
        Dataset<Long> ds = range(c.get("n").getAsLong());
        for (int rank = 0; rank < replicas; rank++) {
            JsonObject want = c.getAsJsonArray("ranks").get(rank).getAsJsonObject();
            var d = new DistributedSampler(ds, replicas, rank, c.get("shuffle").getAsBoolean(), c.get("seed").getAsLong(),
                    c.get("drop_last").getAsBoolean());
            assertEquals(want.get("length").getAsLong(), d.size(), name + " rank " + rank);
            int epoch = 0;
            for (JsonElement e : want.getAsJsonArray("epochs")) {
                d.setEpoch(epoch++);
                assertEquals(longs(e), epoch(d), name + " rank " + rank + " epoch " + (epoch - 1));
            }
        }
    }

    @Test
    void distributedSamplerRepeatsTheOrderWithoutSetEpoch() {
        var d = new DistributedSampler(range(10), 2, 1);
        assertEquals(epoch(d), epoch(d));
        assertEquals(0, d.epoch());
        assertEquals(10, d.totalSize());
        var e = assertThrows(IllegalStateException.class, () -> new DistributedSampler(new Dataset<Long>() {
            private long n = 4;

            @Override public Long get(long index) { return index; }

            @Override public long size() { return n++; }
        }, 2, 0).iterator());
        assertTrue(e.getMessage().contains("size changed from 4 to 5"), e.getMessage());
    }

    @Test
    void randomSamplerDrawsOnlyWhenTheEpochReachesADraw() {
        // PyTorch's sampler is a generator function: nothing is drawn by iter(), the first permutation on the first
        // next(), and the (empty) remainder permutation only once the last index has been taken and one more asked for
        Generator g = gen(1);
        Iterator<Long> it = new RandomSampler(range(10), false, null, g).iterator();
        assertArrayEquals(gen(1).getState(), g.getState(), "iterator() draws nothing");
        for (int i = 0; i < 10; i++) it.next();
        Generator onePerm = gen(1);
        randperm(10, dtype(DType.INT64), onePerm);
        assertArrayEquals(onePerm.getState(), g.getState(), "one permutation for ten indices");
        assertFalse(it.hasNext());
        randperm(10, dtype(DType.INT64), onePerm);
        assertArrayEquals(onePerm.getState(), g.getState(), "the remainder's permutation is drawn at exhaustion");

        manualSeed(3);
        byte[] before = Generator.defaultGenerator().getState();
        Iterator<Long> seeded = new RandomSampler(range(4)).iterator();
        assertArrayEquals(before, Generator.defaultGenerator().getState(), "the seed is drawn on first use");
        assertTrue(seeded.hasNext());
        assertFalse(Arrays.equals(before, Generator.defaultGenerator().getState()));
    }

    @Test
    void batchSamplerDoesNotLookPastAFullBatch() {
        Generator g = gen(2);
        Iterator<List<Long>> it = new BatchSampler(new RandomSampler(range(6), false, null, g), 3, false).iterator();
        it.next();
        it.next(); // the sixth index completes the batch: the sampler is not asked whether more follow
        Generator onePerm = gen(2);
        randperm(6, dtype(DType.INT64), onePerm);
        assertArrayEquals(onePerm.getState(), g.getState());
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
    }

    @Test
    void argumentErrorsUsePyTorchsMessages() {
        JsonObject c = get("errors");
        assertMessage(c, "random_num_samples", () -> new RandomSampler(range(10), false, 0L, null));
        assertMessage(c, "random_empty", () -> new RandomSampler(range(0)));
        assertMessage(c, "weighted_num_samples", () -> new WeightedRandomSampler(new double[] {1, 2}, 0));
        assertMessage(c, "weighted_shape", () -> new WeightedRandomSampler(tensor(new double[][] {{1, 2}, {3, 4}}), 2, true, null));
        assertMessage(c, "batch_size", () -> new BatchSampler(new SequentialSampler(range(10)), 0, false));
        assertMessage(c, "distributed_rank", () -> new DistributedSampler(range(10), 4, 4));
        assertMessage(c, "distributed_negative_rank", () -> new DistributedSampler(range(10), 4, -1));
    }

    static void assertMessage(JsonObject errors, String key, org.junit.jupiter.api.function.Executable call) {
        var e = assertThrows(IllegalArgumentException.class, call, key);
        assertEquals(errors.get(key).getAsString(), e.getMessage(), key);
    }

    @Test
    void replacementSamplingOfAnEmptyDatasetAndSamplersWithoutLength() {
        var zeroDivision = new RandomSampler(range(0), false, 3L, null).iterator();
        assertEquals("integer division or modulo by zero", assertThrows(ArithmeticException.class, zeroDivision::hasNext).getMessage());
        Sampler<Long> lambda = () -> List.of(2L, 0L).iterator();
        assertEquals(List.of(2L, 0L), epoch(lambda));
        var e = assertThrows(UnsupportedOperationException.class, lambda::size);
        assertTrue(e.getMessage().endsWith("' has no len()"), e.getMessage());
        var w = new WeightedRandomSampler(tensor(new float[] {1, 2}), 3, true, null);
        assertEquals(DType.FLOAT64, w.weights().dtype(), "weights become float64, as torch.as_tensor(w, dtype=torch.double)");
        assertEquals(List.of(0L, 1L, 2L), epoch(new SequentialSampler(range(3))));
    }
}
