package dev.torch4j.vision;

import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Images to tensors and back: exact samples for each kind of BufferedImage, PNG round trips, and PIL's decoding. */
class ImagesTest {
    @TempDir Path dir;

    private static Tensor u8(long[] values, long... shape) {
        return Torch.tensor(values).to(DType.UINT8).reshape(shape);
    }

    @Test
    void grayImageKeepsItsStoredValues() {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        int[] px = {0, 1, 128, 200, 254, 255}; // row-major, 2 rows of 3
        img.getRaster().setSamples(0, 0, 3, 2, 0, px);
        Tensor t = Images.pilToTensor(img);
        Golden.assertExact(u8(new long[] {0, 1, 128, 200, 254, 255}, 1, 2, 3), t, "gray");
        // to_tensor: the same divided by 255 in float32 (no gamma curve, unlike getRGB on a gray image)
        Golden.assertExact(t.to(DType.FLOAT32).div(255.0), Images.toTensor(img), "toTensor");
        assertEquals(DType.FLOAT32, Images.toTensor(img).dtype());
    }

    @Test
    void everyRgbLayoutGivesRgbPlanes() {
        // pixel (x, y) = (r, g, b, a) with distinct values per channel
        int w = 3, h = 2;
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_BGR,
                BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_4BYTE_ABGR}) {
            BufferedImage img = new BufferedImage(w, h, type);
            boolean alpha = img.getColorModel().hasAlpha();
            long[] want = new long[(alpha ? 4 : 3) * w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x, r = 10 + i, g = 100 + i, b = 200 + i, a = alpha ? 50 * i + 5 : 255;
                    img.setRGB(x, y, (a << 24) | (r << 16) | (g << 8) | b);
                    want[i] = r;
                    want[w * h + i] = g;
                    want[2 * w * h + i] = b;
                    if (alpha) want[3 * w * h + i] = a;
                }
            }
            Golden.assertExact(u8(want, alpha ? 4 : 3, h, w), Images.pilToTensor(img), "type " + type);
        }
    }

    @Test
    void sixteenBitSamplesAreScaledWithRounding() {
        BufferedImage img = new BufferedImage(4, 1, BufferedImage.TYPE_USHORT_GRAY);
        img.getRaster().setSamples(0, 0, 4, 1, 0, new int[] {0, 128, 129, 65535});
        // round(v / 257): 128 / 257 = 0.498 -> 0, 129 / 257 = 0.502 -> 1
        Golden.assertExact(u8(new long[] {0, 0, 1, 255}, 1, 1, 4), Images.pilToTensor(img), "16-bit");
    }

    @Test
    void pngRoundTripsEveryChannelCountExactly() throws IOException {
        Torch.manualSeed(0);
        for (int c = 1; c <= 4; c++) {
            Tensor t = Torch.randint(0, 256, Torch.shape(c, 5, 7)).to(DType.UINT8);
            Path p = dir.resolve("c" + c + ".png");
            Images.writePng(t, p);
            Golden.assertExact(t, Images.readImage(p), c + " channels");
            Golden.assertExact(t, Images.pilToTensor(Images.toImage(t)), c + " channels in memory");
        }
        // a 2-d tensor is a gray image
        Tensor hw = u8(new long[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Images.writePng(hw, dir.resolve("hw.png"));
        Golden.assertExact(hw.unsqueeze(0), Images.readImage(dir.resolve("hw.png")), "[H, W]");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file is left behind");
        }
    }

    @Test
    void floatImagesAreScaledAndTruncatedAsToPilImageDoes() {
        Tensor x = Torch.tensor(new double[] {0.0, 0.5, 0.999, 1.0, -0.2, 1.5}).to(DType.FLOAT32).reshape(1, 2, 3);
        // mul(255).byte(): 127.5 -> 127, 254.745 -> 254; out-of-range values saturate
        Golden.assertExact(u8(new long[] {0, 127, 254, 255, 0, 255}, 1, 2, 3), Images.pilToTensor(Images.toImage(x)), "float");
        // toTensor's values come back as the same bytes
        Tensor all = Torch.arange(256).to(DType.UINT8).reshape(1, 16, 16);
        Tensor f = Images.toTensor(Images.toImage(all));
        Golden.assertExact(all, Images.pilToTensor(Images.toImage(f)), "toImage(toTensor(img))");
    }

    @Test
    void decodesWhatPilWroteAsPilDecodesIt() throws IOException {
        int n = 0;
        for (JsonObject c : Golden.cases("vision")) {
            if (!c.get("kind").getAsString().equals("image")) continue;
            String name = c.get("name").getAsString();
            Path p = dir.resolve(name + "." + c.get("format").getAsString().toLowerCase());
            Files.write(p, Base64.getDecoder().decode(c.get("bytes").getAsString()));
            // JPEG too: Java's decoder gives libjpeg's pixels on these files (baseline, chroma subsampled)
            Golden.assertExact(Golden.tensor(c.getAsJsonObject("out")), Images.readImage(p), name);
            n++;
        }
        assertEquals(12, n);
    }

    @Test
    void errorsNameTheProblem() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Images.toImage(Torch.zeros(5, 2, 2)));
        assertTrue(e.getMessage().contains("5 channels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Images.toImage(Torch.zeros(1, 1, 2, 2)));
        assertTrue(e.getMessage().contains("4 dimensions"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Images.toImage(Torch.zeros(1, 2, 2).to(DType.INT32)));
        assertTrue(e.getMessage().contains("torch.int32"), e.getMessage());
        Path text = dir.resolve("notes.png");
        Files.writeString(text, "not an image");
        IOException io = assertThrows(IOException.class, () -> Images.readImage(text));
        assertTrue(io.getMessage().contains(text.toString()) && io.getMessage().contains("png"), io.getMessage());
        assertThrows(NoSuchFileException.class, () -> Images.readImage(dir.resolve("missing.png")));
    }
}
