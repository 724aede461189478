package dev.torch4j.vision.datasets;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.data.DataLoader;
import dev.torch4j.data.Example;
import dev.torch4j.io.Idx;
import dev.torch4j.testing.Golden;
import dev.torch4j.vision.transforms.Compose;
import dev.torch4j.vision.transforms.Transforms;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MNIST over small IDX files written in a temporary folder, in torchvision's layout and flat. */
class MNISTTest {
    @TempDir Path root;
    Tensor trainImages, trainLabels, testImages, testLabels;

    @BeforeEach
    void writeFiles() throws IOException {
        Torch.manualSeed(0);
        trainImages = Torch.randint(0, 256, Torch.shape(10, 28, 28)).to(DType.UINT8);
        trainLabels = Torch.randint(0, 10, Torch.shape(10)).to(DType.UINT8);
        testImages = Torch.randint(0, 256, Torch.shape(4, 28, 28)).to(DType.UINT8);
        testLabels = Torch.randint(0, 10, Torch.shape(4)).to(DType.UINT8);
        // torchvision's folder, gzipped, for the training set; plain files directly in root for the test set
        Path raw = Files.createDirectories(root.resolve("MNIST").resolve("raw"));
        Idx.save(raw.resolve("train-images-idx3-ubyte.gz"), trainImages);
        Idx.save(raw.resolve("train-labels-idx1-ubyte.gz"), trainLabels);
        Idx.save(root.resolve("t10k-images-idx3-ubyte"), testImages);
        Idx.save(root.resolve("t10k-labels-idx1-ubyte"), testLabels);
    }

    @Test
    void itemsAreImagesAndLabelsAsTorchvisionGivesThem() throws IOException {
        MNIST train = new MNIST(root);
        assertEquals(10, train.size());
        Golden.assertExact(trainImages, train.data(), "data");
        Golden.assertExact(trainLabels.to(DType.INT64), train.targets(), "targets are int64");
        Example item = train.get(3);
        Golden.assertExact(trainImages.get(3).unsqueeze(0), item.input(), "image: uint8 [1, 28, 28]");
        Golden.assertExact(trainLabels.get(3).to(DType.INT64), item.target(), "label: 0-d int64");
        MNIST test = new MNIST(root, false);
        assertEquals(4, test.size());
        Golden.assertExact(testImages.get(1).unsqueeze(0), test.get(1).input(), "test image");
        assertEquals("0 - zero", test.classes().getFirst());
        assertEquals(10, test.classes().size());
        assertThrows(IndexOutOfBoundsException.class, () -> test.get(4));
    }

    @Test
    void transformsApplyToImagesAndLabels() throws IOException {
        var transform = new Compose(Transforms.toTensor(), Transforms.normalize(new double[] {0.1307}, new double[] {0.3081}));
        MNIST train = new MNIST(root, true, transform, y -> y.add(100));
        Example item = train.get(0);
        Tensor want = trainImages.get(0).unsqueeze(0).to(DType.FLOAT32).div(255.0).sub(0.1307).div(0.3081);
        Golden.assertClose(want, item.input(), 1e-6, 1e-6, "ToTensor + Normalize");
        assertEquals(trainLabels.get(0).item() + 100, item.target().item());
        // batches through the DataLoader, as in a training loop
        int n = 0;
        for (Example batch : new DataLoader<>(train, DataLoader.options(4))) {
            assertEquals(DType.FLOAT32, batch.input().dtype());
            assertArrayEquals(new long[] {n < 8 ? 4 : 2, 1, 28, 28}, batch.input().shapeArray());
            assertArrayEquals(new long[] {n < 8 ? 4 : 2}, batch.target().shapeArray());
            n += (int) batch.input().size(0);
        }
        assertEquals(10, n);
        assertEquals("""
                Dataset MNIST
                    Number of datapoints: 10
                    Root location: %s
                    Split: Train
                    StandardTransform
                Transform: Compose(
                               ToTensor()
                               Normalize(mean=[0.1307], std=[0.3081])
                           )
                Target transform: %s""".formatted(root, train.targetTransform()), train.toString());
        assertEquals("Dataset MNIST\n    Number of datapoints: 4\n    Root location: " + root + "\n    Split: Test",
                new MNIST(root, false).toString());
    }

    @Test
    void missingFilesListEveryPathTried() throws IOException {
        Files.delete(root.resolve("t10k-labels-idx1-ubyte"));
        FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> new MNIST(root, false));
        String m = e.getMessage();
        assertTrue(m.contains("t10k-labels-idx1-ubyte not found"), m);
        for (Path p : new Path[] {root.resolve("MNIST/raw/t10k-labels-idx1-ubyte"), root.resolve("MNIST/raw/t10k-labels-idx1-ubyte.gz"),
                root.resolve("t10k-labels-idx1-ubyte"), root.resolve("t10k-labels-idx1-ubyte.gz")}) {
            assertTrue(m.contains(p.toString()), p + " in: " + m);
        }
        assertTrue(m.contains("does not download"), m);
    }

    @Test
    void filesThatAreNotMnistAreRefused() throws IOException {
        Idx.save(root.resolve("t10k-labels-idx1-ubyte"), Torch.zeros(3).to(DType.UINT8));
        IOException e = assertThrows(IOException.class, () -> new MNIST(root, false));
        assertTrue(e.getMessage().contains("4 images") && e.getMessage().contains("3 labels"), e.getMessage());
        Idx.save(root.resolve("t10k-labels-idx1-ubyte"), Torch.zeros(4).to(DType.INT32));
        e = assertThrows(IOException.class, () -> new MNIST(root, false));
        assertTrue(e.getMessage().contains("should be uint8 [N]") && e.getMessage().contains("int32"), e.getMessage());
        Idx.save(root.resolve("t10k-images-idx3-ubyte"), Torch.zeros(4, 784).to(DType.UINT8));
        e = assertThrows(IOException.class, () -> new MNIST(root, false));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte") && e.getMessage().contains("[4, 784]"), e.getMessage());
    }
}
