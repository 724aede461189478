package dev.torch4j.examples;

import dev.torch4j.Device;
import dev.torch4j.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The tutorial example on the library's small CIFAR-10 archive (20 training and 8 test images in the real format;
 * the library's BlitzTest holds the same code to PyTorch's numbers).
 */
class Cifar10TutorialTest {
    @Test
    void trainsSavesReloadsAndCountsPerClass(@TempDir Path out) throws Exception {
        Path data = Path.of(Cifar10TutorialTest.class.getResource("/vision/cifar").toURI());
        Cifar10Tutorial.Result r = Cifar10Tutorial.run(data, out, Device.CPU, 2, 2);
        assertEquals(4, r.runningLosses().size(), "one printed loss per 2 of the 5 mini-batches, each epoch");
        for (double l : r.runningLosses()) assertTrue(l > 2.0 && l < 2.6, "cross entropy near ln 10 at the start: " + l);
        assertEquals(8, r.total());
        // the test labels are 3, 8, 8, 0, 6, 6, 1, 6: five classes present, each class's accuracy from its own count
        assertEquals(Map.of("plane", 1, "car", 1, "cat", 1, "frog", 3, "ship", 2).keySet(), r.classAccuracy().keySet());
        assertTrue(Files.size(out.resolve("cifar_net.pth")) > 60_000, "the saved weights (62006 parameters)");
        var grid = dev.torch4j.vision.Images.readImage(out.resolve("cifar10-batch.png"));
        assertArrayEquals(new long[] {3, 36, 138}, grid.shapeArray(), "make_grid of 4 images: one row, padding 2");
        Object state = Torch.load(out.resolve("cifar_net.pth"));
        assertEquals(10, ((Map<?, ?>) state).size(), "5 layers' weights and biases");
    }

    @Test
    void missingDataSaysWhereToGetIt(@TempDir Path empty) {
        FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> Cifar10Tutorial.run(empty, empty, Device.CPU, 1, 2000));
        assertTrue(e.getMessage().contains("https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"), e.getMessage());
    }
}
