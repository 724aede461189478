package dev.torch4j.examples;

import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.data.TensorDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static dev.torch4j.Torch.manualSeed;
import static org.junit.jupiter.api.Assertions.*;

/** The CNN example: reproducible generated data, a short training run well above chance, both pictures written. */
class ShapesCnnTest {
    @Test
    void generatedImagesAreReproducibleAndBalanced() {
        manualSeed(5);
        TensorDataset a = ShapesCnn.shapes(40, 9);
        manualSeed(5);
        TensorDataset b = ShapesCnn.shapes(40, 9);
        assertTrue(a.tensors().get(0).equal(b.tensors().get(0)));
        Tensor x = a.tensors().get(0), y = a.tensors().get(1);
        assertArrayEquals(new long[] {40, 1, 28, 28}, x.shapeArray());
        for (int k = 0; k < 4; k++) assertEquals(10, y.eq(k).sum().itemLong(), "images of class " + k);
        // every image has a bright shape on a dark background (noise sd 0.15)
        Tensor bright = x.gt(0.6).sum(new long[] {1, 2, 3});
        assertTrue(bright.min().itemLong() >= 15, "each image shows a shape: " + bright);
    }

    @Test
    void learnsTheShapesAndWritesBothPictures(@TempDir Path dir) throws Exception {
        ShapesCnn.Result r = ShapesCnn.run(dir, Device.CPU, 4000, 4);
        assertTrue(r.testAccuracy() > 0.85, "test accuracy " + r.testAccuracy());
        assertTrue(r.epochLosses().getLast() < r.epochLosses().getFirst(), r.epochLosses().toString());
        BufferedImage samples = ImageIO.read(r.samplesPng().toFile());
        assertEquals(8 * (28 * 4 + 16), samples.getWidth());
        assertNotNull(ImageIO.read(r.lossPng().toFile()));
    }
}
