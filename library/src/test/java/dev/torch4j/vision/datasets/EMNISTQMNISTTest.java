package dev.torch4j.vision.datasets;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.data.Example;
import dev.torch4j.io.Idx;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * EMNIST and QMNIST over small IDX files built here from the formulas of scripts/goldens/vision_autoaugment_goldens.py,
 * against torchvision's reading of the same bytes (its lengths, classes, items and reprs).
 */
class EMNISTQMNISTTest {
    private static final List<JsonObject> CASES = Golden.cases("vision_autoaugment");

    @TempDir Path root;

    private static List<JsonObject> cases(String kind) {
        return CASES.stream().filter(c -> c.get("kind").getAsString().equals(kind)).toList();
    }

    private static List<String> strings(JsonObject c, String key) {
        return c.getAsJsonArray(key).asList().stream().map(JsonElement::getAsString).toList();
    }

    /** Image n, row r, column c holds (31n + 7r + 3c + salt) % 256. */
    private static Tensor images(long n, long h, long w, long salt) {
        Tensor idx = Torch.arange(n).view(n, 1, 1).mul(31L).add(Torch.arange(h).view(1, h, 1).mul(7L)).add(Torch.arange(w).view(1, 1, w).mul(3L));
        return idx.add(salt).remainder(256L).to(DType.UINT8);
    }

    /** Label row n, column k is 1000k + 3n + salt; column 0 the digit (3n + salt) % 10. */
    private static Tensor qmnistLabels(long n, long salt) {
        Tensor rows = Torch.arange(8).view(1, 8).mul(1000L).add(Torch.arange(n).view(n, 1).mul(3L)).add(salt);
        rows.select(1, 0).copy_(Torch.arange(n).mul(3L).add(salt).remainder(10L));
        return rows.to(DType.INT32);
    }

    private static void checkItems(JsonObject c, dev.torch4j.data.Dataset<Example> ds, String what) {
        for (JsonElement e : c.getAsJsonArray("items")) {
            JsonObject item = e.getAsJsonObject();
            Example got = ds.get(item.get("index").getAsLong());
            Golden.assertExact(Golden.tensor(item.getAsJsonObject("image")), got.input(), what + " image");
            JsonElement t = item.get("target");
            Tensor want = t.isJsonObject() ? Golden.tensor(t.getAsJsonObject()) : Torch.tensor(t.getAsLong());
            Golden.assertExact(want, got.target(), what + " target");
        }
    }

    @Test
    void emnistReadsAsTorchvision() throws IOException {
        Path raw = Files.createDirectories(root.resolve("EMNIST").resolve("raw"));
        List<JsonObject> cs = cases("emnist");
        assertEquals(6, cs.size());
        for (JsonObject c : cs) {
            String split = c.get("split").getAsString();
            boolean train = c.get("train").getAsBoolean();
            long n = c.get("n").getAsLong(), salt = c.get("salt").getAsLong(), classes = c.get("classes").getAsLong();
            String prefix = "emnist-" + split + "-" + (train ? "train" : "test");
            Idx.save(raw.resolve(prefix + "-images-idx3-ubyte"), images(n, 28, 28, salt));
            Idx.save(raw.resolve(prefix + "-labels-idx1-ubyte"), Torch.arange(n).mul(5L).add(salt).remainder(classes).to(DType.UINT8));
            EMNIST ds = new EMNIST(root, split, train);
            String what = "EMNIST " + split + " " + train;
            assertEquals(c.get("len").getAsLong(), ds.size(), what);
            assertEquals(strings(c, "class_names"), ds.classes(), what);
            checkItems(c, ds, what);
            assertEquals(c.get("repr").getAsString().replace("ROOT", root.toString()), ds.toString(), what);
        }
        for (JsonObject c : cases("emnist_classes")) {
            assertEquals(strings(c, "class_names"), EMNIST.classesOf(c.get("split").getAsString()));
        }
        String msg = cases("error").stream().filter(c -> c.get("name").getAsString().equals("emnist_split")).findFirst()
                .orElseThrow().get("message").getAsString();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EMNIST(root, "nope"));
        assertEquals(msg, e.getMessage());
        assertThrows(FileNotFoundException.class, () -> new EMNIST(root, "digits"));
    }

    @Test
    void qmnistReadsAsTorchvision() throws IOException {
        Path raw = Files.createDirectories(root.resolve("QMNIST").resolve("raw"));
        Object[][] files = {{"qmnist-train", 4L, 3L}, {"qmnist-test", 10003L, 4L}, {"xnist", 6L, 5L}};
        for (Object[] f : files) {
            long n = (Long) f[1], salt = (Long) f[2];
            Idx.save(raw.resolve(f[0] + "-images-idx3-ubyte"), images(n, 2, 3, salt));
            Idx.save(raw.resolve(f[0] + "-labels-idx2-int"), qmnistLabels(n, salt));
        }
        List<JsonObject> cs = cases("qmnist");
        assertEquals(6, cs.size());
        for (JsonObject c : cs) {
            String whatArg = c.get("what").isJsonNull() ? null : c.get("what").getAsString();
            boolean compat = c.get("compat").getAsBoolean(), train = c.get("train").getAsBoolean();
            QMNIST ds = new QMNIST(root, whatArg, compat, train, null, null);
            String what = "QMNIST " + whatArg + " compat " + compat + " train " + train;
            assertEquals(c.get("len").getAsLong(), ds.size(), what);
            checkItems(c, ds, what);
            assertEquals(c.get("repr").getAsString().replace("ROOT", root.toString()), ds.toString(), what);
        }
        QMNIST test = new QMNIST(root, "test");
        assertEquals(DType.INT64, test.targets().dtype());
        assertEquals(8, test.targets().size(1));
        assertTrue(test.classes().getFirst().startsWith("0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new QMNIST(root, "test20k"));
        assertEquals("Unknown value 'test20k' for argument what. Valid values are {'train', 'test', 'test10k', 'test50k', 'nist'}.", e.getMessage());
    }
}
