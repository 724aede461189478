package dev.torch4j.vision.datasets;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.data.DataLoader;
import dev.torch4j.data.Example;
import dev.torch4j.testing.Golden;
import dev.torch4j.vision.transforms.Compose;
import dev.torch4j.vision.transforms.Transforms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CIFAR10 and CIFAR100 over small archives in the real layout (Python 2 pickles in a .tar.gz, written by
 * scripts/goldens/blitz_goldens.py), against what torchvision read from the same files (goldens/blitz.json): read
 * from the archive and from the extracted folder.
 */
class CifarTest {
    @TempDir Path tmp;

    static Path fixtures() {
        try {
            return Path.of(CifarTest.class.getResource("/vision/cifar").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final Compose TRANSFORM = new Compose(Transforms.toTensor(),
            Transforms.normalize(new double[] {0.5, 0.5, 0.5}, new double[] {0.5, 0.5, 0.5}));

    private static final List<String> CIFAR10_FILES = List.of("batches.meta", "data_batch_1", "data_batch_2", "data_batch_3",
            "data_batch_4", "data_batch_5", "test_batch", "readme.html");

    /** The archive's members written out as torchvision's extraction leaves them. */
    private Path extract(String archive, String folder, List<String> files) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (String f : files) names.add(folder + "/" + f);
        Map<String, byte[]> members = TarGz.read(fixtures().resolve(archive), names);
        assertEquals(names, members.keySet(), "members read from " + archive);
        Path root = tmp.resolve("extracted");
        for (Map.Entry<String, byte[]> e : members.entrySet()) {
            Path p = root.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
        }
        return root;
    }

    private static void check(CIFAR10 ds, Path root, String golden) {
        JsonObject g = Golden.namedCases("blitz").getAsJsonObject(golden);
        assertEquals(g.get("len").getAsLong(), ds.size(), golden);
        List<Long> targets = new ArrayList<>();
        for (JsonElement e : g.getAsJsonArray("targets")) targets.add(e.getAsLong());
        assertEquals(targets, boxed(ds.targets().toLongArray()), golden + " targets");
        assertEquals(DType.INT64, ds.targets().dtype());
        List<String> classes = new ArrayList<>();
        for (JsonElement e : g.getAsJsonArray("classes")) classes.add(e.getAsString());
        assertEquals(classes, ds.classes(), golden + " classes");
        assertEquals(classes.size() - 1, ds.classToIdx().get(classes.getLast()));
        long[] shape = new long[4];
        for (int i = 0; i < 4; i++) shape[i] = g.getAsJsonArray("data_shape").get(i).getAsLong();
        assertArrayEquals(shape, ds.data().shapeArray(), golden + " data is [N, 32, 32, 3] as torchvision's");
        long[] data = ds.data().contiguous().toLongArray();
        int per = 32 * 32 * 3;
        for (int i = 0; i < ds.size(); i++) {
            long sum = 0;
            for (int k = 0; k < per; k++) sum += data[i * per + k] * (k + 1);
            assertEquals(g.getAsJsonArray("checksums").get(i).getAsLong(), sum % 1000003, golden + " image " + i);
        }
        assertEquals(g.get("repr").getAsString(), ds.toString().replace(root.toString(), "ROOT"), golden + " repr");
        if (g.has("item0_transformed")) {
            Golden.assertClose(Golden.tensor(g.getAsJsonObject("item0_transformed")), ds.get(0).input(), 1e-6, 1e-7, "item 0 transformed");
        }
    }

    private static List<Long> boxed(long[] v) {
        List<Long> out = new ArrayList<>();
        for (long x : v) out.add(x);
        return out;
    }

    /** Items: the image as pil_to_tensor gives torchvision's PIL image (uint8 [3, 32, 32]) and a 0-d int64 label. */
    @Test
    void itemsAreWhatTorchvisionGives() throws IOException {
        CIFAR10 plain = new CIFAR10(fixtures());
        JsonObject g = Golden.namedCases("blitz").getAsJsonObject("cifar10_train");
        Example item = plain.get(1);
        Golden.assertExact(Golden.tensor(g.getAsJsonObject("item1_uint8")), item.input(), "image 1");
        assertEquals(0, item.target().dim());
        assertEquals(g.get("item1_label").getAsLong(), item.target().itemLong());
        assertThrows(IndexOutOfBoundsException.class, () -> plain.get(plain.size()));
        assertTrue(item.input().isContiguous(), "an item is a contiguous view of the loaded images");
    }

    @Test
    void readsTheArchiveAsTorchvisionReadsTheExtractedFiles() throws IOException {
        Path root = fixtures();
        check(new CIFAR10(root, true, TRANSFORM), root, "cifar10_train");
        check(new CIFAR10(root, false, TRANSFORM), root, "cifar10_test");
        check(new CIFAR100(root, true, TRANSFORM), root, "cifar100_train");
        check(new CIFAR100(root, false, TRANSFORM), root, "cifar100_test");
    }

    @Test
    void readsTheExtractedFolders() throws IOException {
        Path root = extract("cifar-10-python.tar.gz", "cifar-10-batches-py", CIFAR10_FILES);
        check(new CIFAR10(root, true, TRANSFORM), root, "cifar10_train");
        check(new CIFAR10(root, false, TRANSFORM), root, "cifar10_test");
        Path root100 = extract("cifar-100-python.tar.gz", "cifar-100-python", List.of("train", "test", "meta"));
        check(new CIFAR100(root100, true, TRANSFORM), root100, "cifar100_train");
    }

    @Test
    void batchesThroughTheDataLoader() throws IOException {
        var loader = new DataLoader<>(new CIFAR10(fixtures(), true, TRANSFORM), DataLoader.options(4));
        int batches = 0;
        for (Example b : loader) {
            assertArrayEquals(new long[] {4, 3, 32, 32}, b.input().shapeArray());
            assertEquals(DType.FLOAT32, b.input().dtype());
            assertArrayEquals(new long[] {4}, b.target().shapeArray());
            batches++;
        }
        assertEquals(5, batches);
    }

    @Test
    void missingFilesSayWhereToPutThem() {
        FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> new CIFAR10(tmp));
        String m = e.getMessage();
        assertTrue(m.contains(tmp.resolve("cifar-10-batches-py").resolve("data_batch_1").toString()), m);
        assertTrue(m.contains(tmp.resolve("cifar-10-python.tar.gz").toString()), m);
        assertTrue(m.contains("https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"), m);
        FileNotFoundException e100 = assertThrows(FileNotFoundException.class, () -> new CIFAR100(tmp, false));
        assertTrue(e100.getMessage().contains("cifar-100-python.tar.gz"), e100.getMessage());
    }

    private static byte[] gunzip(Path p) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            return in.readAllBytes();
        }
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(b);
        }
        return out.toByteArray();
    }

    @Test
    void damagedArchivesAreIOExceptions() throws IOException {
        Path src = fixtures().resolve("cifar-10-python.tar.gz");
        byte[] whole = Files.readAllBytes(src);
        Files.write(tmp.resolve("cifar-10-python.tar.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
        IOException truncated = assertThrows(IOException.class, () -> new CIFAR10(tmp));
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());

        byte[] tar = gunzip(src);
        tar[5] ^= 0x20; // a letter of the first member's name: the header's checksum no longer matches
        Files.write(tmp.resolve("cifar-10-python.tar.gz"), gzip(tar));
        IOException header = assertThrows(IOException.class, () -> new CIFAR10(tmp));
        assertTrue(header.getMessage().contains("checksum"), header.getMessage());

        Files.copy(fixtures().resolve("cifar-100-python.tar.gz"), tmp.resolve("cifar-10-python.tar.gz"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        IOException wrong = assertThrows(IOException.class, () -> new CIFAR10(tmp));
        assertTrue(wrong.getMessage().contains("holds no cifar-10-batches-py/data_batch_1"), wrong.getMessage());
    }

    /** CIFAR-100's training batch where CIFAR-10's should be: its fine labels go up to 99, past CIFAR-10's classes. */
    @Test
    void aBatchThatDoesNotFitIsRefusedWithTheReason() throws IOException {
        Path root = extract("cifar-10-python.tar.gz", "cifar-10-batches-py", CIFAR10_FILES);
        Map<String, byte[]> hundred = TarGz.read(fixtures().resolve("cifar-100-python.tar.gz"), Set.of("cifar-100-python/train"));
        Files.write(root.resolve("cifar-10-batches-py").resolve("data_batch_3"), hundred.get("cifar-100-python/train"));
        IOException e = assertThrows(IOException.class, () -> new CIFAR10(root));
        assertTrue(e.getMessage().contains("cifar-10-batches-py/data_batch_3: label") && e.getMessage().contains("[0, 10)"),
                e.getMessage());
    }
}
