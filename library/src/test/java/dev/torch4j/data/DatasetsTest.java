package dev.torch4j.data;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.Tensor;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static dev.torch4j.Torch.*;
import static dev.torch4j.data.SamplerGoldens.*;
import static org.junit.jupiter.api.Assertions.*;

/** ConcatDataset's index mapping, IterableDataset and ChainDataset through the DataLoader, against PyTorch. */
class DatasetsTest {
    @Test
    void concatDatasetMapsIndicesAsPyTorch() {
        JsonObject c = get("concat");
        List<Dataset<Long>> parts = new ArrayList<>();
        for (var p : c.getAsJsonArray("parts")) {
            long[] v = longArray(p.getAsJsonArray());
            parts.add(v.length == 0 ? range(0) : range(v[0], v[v.length - 1] + 1));
        }
        var cd = new ConcatDataset<>(parts);
        assertArrayEquals(longArray(c.getAsJsonArray("cumulative_sizes")), cd.cumulativeSizes());
        assertEquals(c.get("length").getAsLong(), cd.size());
        for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("lookups").entrySet()) {
            assertEquals(e.getValue().getAsLong(), cd.get(Long.parseLong(e.getKey())), "index " + e.getKey());
        }
        var tooNegative = assertThrows(IllegalArgumentException.class, () -> cd.get(-cd.size() - 1));
        assertEquals(c.get("too_negative").getAsString(), tooNegative.getMessage());
        var tooLarge = assertThrows(IndexOutOfBoundsException.class, () -> cd.get(cd.size()));
        assertEquals(c.get("too_large").getAsString(), tooLarge.getMessage());
        assertThrows(IllegalArgumentException.class, () -> cd.get(Long.MIN_VALUE));
    }

    @Test
    void concatDatasetThroughAShuffledLoader() {
        JsonObject c = get("loader_concat");
        manualSeed(6);
        var cd = new ConcatDataset<>(new TensorDataset(arange(4), arange(4).mul(10L)), new TensorDataset(arange(4, 9), arange(4, 9).mul(10L)));
        var loader = new DataLoader<>(cd, DataLoader.options(3).shuffle(true));
        assertEquals(3, loader.size());
        for (var e : c.getAsJsonArray("epochs")) {
            List<Object> epoch = new ArrayList<>();
            for (Example b : loader) {
                assertTrue(b.target().equal(b.input().mul(10L)));
                List<Object> batch = new ArrayList<>();
                for (long v : b.input().toLongArray()) batch.add(v);
                epoch.add(batch);
            }
            assertEquals(longs(e), epoch);
        }
        Golden.assertExact(tensor(c, "after"), rand(2), "generator state after two epochs");
    }

    @Test
    void concatDatasetArgumentsFailAsInPyTorch() {
        JsonObject c = get("errors");
        var e = assertThrows(IllegalArgumentException.class, () -> new ConcatDataset<Long>(List.of()));
        assertEquals(c.get("concat_empty").getAsString(), e.getMessage());
        IterableDataset<Long> stream = () -> List.of(1L).iterator();
        e = assertThrows(IllegalArgumentException.class, () -> new ConcatDataset<>(range(2), stream));
        assertEquals(c.get("concat_iterable").getAsString(), e.getMessage());
    }

    /** PyTorch's Stream(lo, hi) of the golden script: range(lo, hi) as an iterable dataset with a length. */
    private static IterableDataset<Long> stream(long lo, long hi) {
        return new IterableDataset<>() {
            @Override public Iterator<Long> iterator() { return LongStream.range(lo, hi).boxed().iterator(); }

            @Override public long size() { return hi - lo; }
        };
    }

    private static List<Object> batches(DataLoader<Tensor> loader) {
        List<Object> out = new ArrayList<>();
        for (Tensor b : loader) {
            List<Object> batch = new ArrayList<>();
            for (long v : b.toLongArray()) batch.add(v);
            out.add(batch);
        }
        return out;
    }

    @Test
    void iterableDatasetsAreBatchedInStreamOrder() {
        JsonObject c = get("chain");
        var chain = new ChainDataset<>(stream(0, 4), stream(10, 13), stream(20, 20), stream(30, 33));
        manualSeed(c.get("seed").getAsLong());
        assertEquals(longs(c.get("items")), epoch(chain));
        assertEquals(c.get("length").getAsLong(), chain.size());
        for (String key : List.of("4_keep", "4_drop", "5_keep")) {
            String[] p = key.split("_");
            var loader = new DataLoader<Tensor>(chain, DataLoader.options(Long.parseLong(p[0])).dropLast(p[1].equals("drop")),
                    Collate::defaultCollate);
            assertNull(loader.sampler());
            assertEquals(c.get("length_" + key).getAsLong(), loader.size(), key);
            assertEquals(longs(c.get("batches_" + key)), batches(loader), key);
        }
        List<Long> items = new ArrayList<>();
        var unbatched = new DataLoader<>(chain, DataLoader.options().batchSize(null));
        for (Long x : unbatched) items.add(x);
        assertEquals(longs(c.get("unbatched")), items);
        assertEquals(c.get("length").getAsLong(), unbatched.size());
        Golden.assertExact(tensor(c, "after"), rand(2), "one base seed per epoch for iterable datasets too");
    }

    @Test
    void iterableDatasetsRejectShuffleAndSamplersAsPyTorch() {
        IterableDataset<Long> s = () -> LongStream.range(0, 5).boxed().iterator();
        var e = assertThrows(IllegalArgumentException.class, () -> new DataLoader<>(s, DataLoader.options().shuffle(true)));
        assertEquals(get("errors").get("iterable_shuffle").getAsString(), e.getMessage());
        Sampler<Long> sampler = new SequentialSampler(range(5));
        e = assertThrows(IllegalArgumentException.class, () -> new DataLoader<>(s, DataLoader.options().sampler(sampler)));
        assertEquals("DataLoader with IterableDataset: expected unspecified sampler option, but got sampler=" + sampler, e.getMessage());
        var bs = new BatchSampler(sampler, 2, false);
        e = assertThrows(IllegalArgumentException.class, () -> new DataLoader<>(s, DataLoader.options().batchSampler(bs)));
        assertEquals("DataLoader with IterableDataset: expected unspecified batch_sampler option, but got batch_sampler=" + bs, e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DataLoader<>(s, DataLoader.options(0)));
        assertEquals("batch_size should be a positive integer value, but got batch_size=0", e.getMessage());
        // no __len__: len(loader) fails as len(dataset) does; indexing is not supported
        var u = assertThrows(UnsupportedOperationException.class, () -> new DataLoader<>(s, DataLoader.options(2)).size());
        assertTrue(u.getMessage().endsWith("' has no len()"), u.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> s.get(0));
    }

    @Test
    void iterableDatasetsWithWorkersKeepTheirOrder() {
        IterableDataset<Long> s = () -> LongStream.range(0, 23).boxed().iterator();
        var serial = new DataLoader<Tensor>(s, DataLoader.options(4), Collate::defaultCollate);
        var parallel = new DataLoader<Tensor>(s, DataLoader.options(4).numWorkers(3), Collate::defaultCollate);
        List<Object> want = batches(serial);
        assertEquals(6, want.size());
        assertEquals(want, batches(parallel));
        IterableDataset<Long> failing = () -> new Iterator<>() {
            private long i;

            @Override public boolean hasNext() { return true; }

            @Override public Long next() {
                if (i == 5) throw new IllegalStateException("stream broke at 5");
                return i++;
            }
        };
        var loader = new DataLoader<Tensor>(failing, DataLoader.options(2).numWorkers(2), Collate::defaultCollate);
        var e = assertThrows(IllegalStateException.class, () -> {
            // the stream is read ahead on this thread (here already by iterator()), so its error surfaces here
            for (var it = loader.iterator(); it.hasNext(); ) it.next();
        });
        assertEquals("stream broke at 5", e.getMessage());
    }
}
