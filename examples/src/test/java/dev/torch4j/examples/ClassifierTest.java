package dev.torch4j.examples;

import dev.torch4j.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The example end to end: reproducible data, training, accuracy above 95%, and the two pictures. */
class ClassifierTest {
    @Test
    void trainsAboveNinetyFivePercentAndWritesBothPictures(@TempDir Path dir) throws Exception {
        Classifier.Result r = Classifier.run(dir, Device.CPU, 20);
        assertTrue(r.testAccuracy() > 0.95, "test accuracy " + r.testAccuracy());
        assertTrue(r.epochLosses().getLast() < r.epochLosses().getFirst() / 3, r.epochLosses().toString());
        for (Path png : new Path[] {r.boundaryPng(), r.lossPng()}) {
            BufferedImage img = ImageIO.read(png.toFile());
            assertNotNull(img, png + " is a PNG");
            assertEquals(760, img.getWidth());
        }
        // the boundary picture shows both clusters: purple and yellow pixels are both present
        BufferedImage img = ImageIO.read(r.boundaryPng().toFile());
        boolean purple = false, yellow = false;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                purple |= rgb == (Plots.PURPLE.getRGB() & 0xFFFFFF);
                yellow |= rgb == (Plots.YELLOW.getRGB() & 0xFFFFFF);
            }
        }
        assertTrue(purple && yellow, "both clusters drawn");
        try (var files = java.nio.file.Files.list(dir.resolve("runs").resolve("classifier"))) {
            assertEquals(1, files.filter(f -> f.getFileName().toString().startsWith("events.out.tfevents.")).count(), "a TensorBoard event file");
        }
    }

    @Test
    void sameSeedSameRun(@TempDir Path dir) {
        var a = Classifier.run(dir.resolve("a"), Device.CPU, 2);
        var b = Classifier.run(dir.resolve("b"), Device.CPU, 2);
        assertEquals(a.stepLosses(), b.stepLosses());
    }

    @Test
    void dynamicGraphFitsTheSine() {
        assertTrue(DynamicGraph.run(400) < 0.05);
    }
}
