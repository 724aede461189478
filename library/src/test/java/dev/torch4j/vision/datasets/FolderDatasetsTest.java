package dev.torch4j.vision.datasets;

import com.google.gson.JsonArray;
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
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * ImageFolder over the committed fixture folder and FakeData against torchvision's outputs (recorded by
 * scripts/goldens/vision_transforms2_goldens.py in vision_datasets2.json); FashionMNIST and KMNIST over small IDX files.
 */
class FolderDatasetsTest {
    @TempDir Path tmp;

    private static JsonObject golden(String kind) {
        return Golden.cases("vision_datasets2").stream().filter(c -> c.get("kind").getAsString().equals(kind)).findFirst().orElseThrow();
    }

    private static Path fixture() throws URISyntaxException {
        return Path.of(FolderDatasetsTest.class.getResource("/vision/imagefolder").toURI());
    }

    @Test
    void imageFolderFindsClassesAndSamplesAsTorchvision() throws Exception {
        JsonObject g = golden("imagefolder");
        Path root = fixture();
        ImageFolder ds = new ImageFolder(root);
        List<String> classes = new ArrayList<>();
        for (JsonElement e : g.getAsJsonArray("classes")) classes.add(e.getAsString());
        assertEquals(classes, ds.classes());
        Map<String, Integer> classToIdx = new LinkedHashMap<>();
        for (var e : g.getAsJsonObject("class_to_idx").entrySet()) classToIdx.put(e.getKey(), e.getValue().getAsInt());
        assertEquals(classToIdx, ds.classToIdx());
        JsonArray samples = g.getAsJsonArray("samples"), images = g.getAsJsonArray("images");
        assertEquals(samples.size(), ds.size());
        for (int i = 0; i < samples.size(); i++) {
            JsonArray s = samples.get(i).getAsJsonArray();
            assertEquals(root.resolve(s.get(0).getAsString()), ds.samples().get(i).path(), "sample " + i);
            assertEquals(s.get(1).getAsInt(), ds.samples().get(i).classIndex(), "sample " + i);
            Example item = ds.get(i);
            Golden.assertExact(Golden.tensor(images.get(i).getAsJsonObject()), item.input(), "image " + s.get(0));
            Golden.assertExact(Torch.tensor((long) s.get(1).getAsInt()), item.target(), "target " + i);
        }
        assertEquals("Dataset ImageFolder\n    Number of datapoints: " + samples.size() + "\n    Root location: " + root, ds.toString());
    }

    @Test
    void datasetFolderTakesALoaderAndAValidityPredicate() throws Exception {
        Path root = fixture();
        DatasetFolder ds = new DatasetFolder(root, p -> Torch.tensor((long) Files.size(p)), null, null, null,
                p -> p.getFileName().toString().matches("[ax].*"));
        assertEquals(List.of("Zebra/x.bmp", "cat/a.png", "dog/sub2/a.png"), ds.samples().stream().map(s -> root.relativize(s.path()).toString()).toList());
        assertEquals(List.of(0, 1, 2), ds.targets());
        Golden.assertExact(Torch.tensor(Files.size(root.resolve("cat/a.png"))), ds.get(1).input(), "the loader's sample");
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> new DatasetFolder(root, p -> null, List.of(".png"), null, null, p -> true));
        assertEquals("Both extensions and is_valid_file cannot be None or not None at the same time", both.getMessage());
        FileNotFoundException none = assertThrows(FileNotFoundException.class, () -> new DatasetFolder(root, p -> null, List.of(".npy"), null, null, null));
        assertEquals("Found no valid file for the classes Zebra, cat, dog. Supported extensions are: .npy", none.getMessage());
        FileNotFoundException empty = assertThrows(FileNotFoundException.class, () -> new ImageFolder(tmp));
        assertEquals("Couldn't find any class folder in " + tmp + ".", empty.getMessage());
    }

    @Test
    void fakeDataDrawsTorchvisionsImages() {
        for (JsonObject g : Golden.cases("vision_datasets2")) {
            if (!g.get("kind").getAsString().equals("fakedata")) continue;
            JsonArray shape = g.getAsJsonArray("image_size");
            long[] imageSize = {shape.get(0).getAsLong(), shape.get(1).getAsLong(), shape.get(2).getAsLong()};
            Torch.manualSeed(5);
            Tensor before = Torch.getRngState();
            FakeData fd = new FakeData(g.get("size").getAsLong(), imageSize, g.get("num_classes").getAsLong(), null, null, g.get("offset").getAsLong());
            for (int i = 0; i < fd.size(); i++) {
                Example item = fd.get(i);
                Golden.assertExact(Golden.tensor(g.getAsJsonArray("images").get(i).getAsJsonObject()), item.input(), "image " + i);
                assertEquals(g.getAsJsonArray("targets").get(i).getAsLong(), item.target().itemLong(), "target " + i);
            }
            Golden.assertExact(before, Torch.getRngState(), "the global generator is untouched");
            assertEquals(g.get("repr").getAsString(), fd.toString());
            assertThrows(IndexOutOfBoundsException.class, () -> fd.get(fd.size()));
        }
    }

    @Test
    void fashionMnistAndKmnistReadTheirFolders() throws IOException {
        Torch.manualSeed(0);
        Tensor images = Torch.randint(0, 256, Torch.shape(3, 28, 28)).to(DType.UINT8), labels = Torch.randint(0, 10, Torch.shape(3)).to(DType.UINT8);
        for (String name : List.of("FashionMNIST", "KMNIST")) {
            Path raw = Files.createDirectories(tmp.resolve(name).resolve("raw"));
            Idx.save(raw.resolve("t10k-images-idx3-ubyte.gz"), images);
            Idx.save(raw.resolve("t10k-labels-idx1-ubyte"), labels);
        }
        MNIST fashion = new FashionMNIST(tmp, false), kmnist = new KMNIST(tmp, false);
        for (MNIST ds : List.of(fashion, kmnist)) {
            assertEquals(3, ds.size());
            Golden.assertExact(images.get(2).unsqueeze(0), ds.get(2).input(), "image");
            Golden.assertExact(labels.get(2).to(DType.INT64), ds.get(2).target(), "label");
        }
        assertEquals(List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"), fashion.classes());
        assertEquals(List.of("o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"), kmnist.classes());
        assertEquals("Dataset KMNIST\n    Number of datapoints: 3\n    Root location: " + tmp + "\n    Split: Test", kmnist.toString());
        FileNotFoundException missing = assertThrows(FileNotFoundException.class, () -> new FashionMNIST(tmp, true));
        assertEquals(true, missing.getMessage().startsWith("FashionMNIST: train-images-idx3-ubyte not found; looked for " + tmp.resolve("FashionMNIST")));
    }
}
