package dev.torch4j.vision;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.backend.cpu.CpuStorage;
import dev.torch4j.core.Shapes;
import dev.torch4j.io.AtomicFile;

import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;

/**
 * Images as tensors and back, with torchvision's conventions: channels first ({@code [C, H, W]}), uint8 samples
 * 0..255 or floats in [0, 1]. Java's {@link BufferedImage} stands in for PIL's image.
 *
 * <ul>
 *   <li>{@link #pilToTensor} ({@code F.pil_to_tensor}) and {@link #readImage} ({@code torchvision.io.read_image}):
 *       uint8 {@code [C, H, W]} with C = 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGB + alpha).</li>
 *   <li>{@link #toTensor} ({@code F.to_tensor}): the same as float32 divided by 255.</li>
 *   <li>{@link #toImage} ({@code F.to_pil_image}) and {@link #writePng} ({@code torchvision.io.write_png}).</li>
 * </ul>
 *
 * <p>Samples are read as stored, never through a colour conversion: gray images keep their gray values (Java's
 * {@code getRGB} would pass them through a gamma curve), palette images are expanded to RGB (RGBA when the palette
 * has transparency), or to gray when the palette is all grays (1/2/4-bit gray PNGs), as libpng expands them for
 * {@code read_image}; 16-bit samples are scaled to 8 bits with rounding ({@code round(v / 257)}). Other colour models
 * (packed RGB ints, premultiplied alpha, 5-6-5) go through {@code getRGB}, which is exact for them. JPEG files
 * decode with Java's decoder: it gave PIL's (libjpeg's) pixels exactly on the test files, but nothing guarantees
 * that for every encoder setting.
 *
 * <p>Only {@code javax.imageio} and {@code java.awt.image} are used: no display, window or AWT toolkit is touched,
 * so this works in a headless JVM without setting {@code java.awt.headless}.
 *
 * <pre>{@code
 * Tensor img = Images.readImage(Path.of("cat.png"));        // uint8 [3, H, W]
 * Tensor x = Images.toTensor(ImageIO.read(file));           // float32 [3, H, W] in [0, 1]
 * Images.writePng(Functional.hflip(x), Path.of("flipped.png"));
 * }</pre>
 */
public final class Images {
    private Images() {}

    /**
     * {@code torchvision.transforms.functional.to_tensor(pic)}: float [C, H, W] in [0, 1] (the default float dtype,
     * float32 unless changed), {@code pil_to_tensor(pic) / 255}.
     */
    public static Tensor toTensor(BufferedImage image) {
        return pilToTensor(image).to(Torch.getDefaultDtype()).div(255.0);
    }

    /** {@code torchvision.transforms.functional.pil_to_tensor(pic)}: the image's 8-bit samples as uint8 [C, H, W]. */
    public static Tensor pilToTensor(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        int w = image.getWidth(), h = image.getHeight();
        ColorModel cm = image.getColorModel();
        Raster r = image.getRaster();
        byte[] out;
        int c;
        if (cm instanceof IndexColorModel icm) {
            boolean gray = !icm.hasAlpha() && isGrayPalette(icm);
            c = gray ? 1 : icm.hasAlpha() ? 4 : 3;
            int[] idx = r.getSamples(0, 0, w, h, 0, (int[]) null);
            out = new byte[c * w * h];
            int plane = w * h;
            for (int i = 0; i < plane; i++) {
                int p = idx[i];
                out[i] = (byte) icm.getRed(p);
                if (gray) continue;
                out[plane + i] = (byte) icm.getGreen(p);
                out[2 * plane + i] = (byte) icm.getBlue(p);
                if (c == 4) out[3 * plane + i] = (byte) icm.getAlpha(p);
            }
        } else if (cm instanceof ComponentColorModel && !cm.isAlphaPremultiplied() && storedAsIs(cm.getColorSpace())
                && (cm.getTransferType() == DataBuffer.TYPE_BYTE || cm.getTransferType() == DataBuffer.TYPE_USHORT)) {
            c = r.getNumBands();
            out = new byte[c * w * h];
            int[] band = null;
            for (int b = 0; b < c; b++) {
                band = r.getSamples(0, 0, w, h, b, band);
                int bits = cm.getComponentSize(b);
                int off = b * w * h;
                if (bits == 8) {
                    for (int i = 0; i < band.length; i++) out[off + i] = (byte) band[i];
                } else {
                    long max = (1L << bits) - 1;
                    for (int i = 0; i < band.length; i++) out[off + i] = (byte) (((band[i] & max) * 255 + max / 2) / max);
                }
            }
        } else {
            c = cm.hasAlpha() ? 4 : 3;
            int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
            out = new byte[c * w * h];
            int plane = w * h;
            for (int i = 0; i < plane; i++) {
                int p = argb[i];
                out[i] = (byte) (p >>> 16);
                out[plane + i] = (byte) (p >>> 8);
                out[2 * plane + i] = (byte) p;
                if (c == 4) out[3 * plane + i] = (byte) (p >>> 24);
            }
        }
        long[] shape = {c, h, w};
        return Tensor.wrap(CpuStorage.wrap(DType.UINT8, out), shape, Shapes.contiguousStrides(shape), 0);
    }

    private static boolean isGrayPalette(IndexColorModel icm) {
        for (int i = 0; i < icm.getMapSize(); i++) {
            int g = icm.getGreen(i);
            if (icm.getRed(i) != g || icm.getBlue(i) != g) return false;
        }
        return true;
    }

    /** Gray and RGB colour spaces (with or without an ICC profile): their samples are what PIL and libpng return. */
    private static boolean storedAsIs(ColorSpace cs) {
        return cs.getType() == ColorSpace.TYPE_GRAY || cs.getType() == ColorSpace.TYPE_RGB;
    }

    /**
     * {@code torchvision.transforms.functional.to_pil_image(pic)}: a {@code [C, H, W]} or {@code [H, W]} tensor as an
     * image: gray for C = 1, gray + alpha for 2, RGB for 3, RGB + alpha for 4. A uint8 tensor is taken as is; a
     * floating tensor is multiplied by 255 and truncated as {@code pic.mul(255).byte()} does, after clamping to
     * [0, 1] (so out-of-range values saturate instead of wrapping). So {@code toImage(toTensor(img))} gives back the
     * same samples.
     *
     * @throws IllegalArgumentException for another dtype, rank or channel count
     */
    public static BufferedImage toImage(Tensor pic) {
        Objects.requireNonNull(pic, "pic");
        if (pic.dim() == 2) pic = pic.unsqueeze(0);
        if (pic.dim() != 3) {
            throw new IllegalArgumentException("toImage: pic should be 2 or 3 dimensional ([H, W] or [C, H, W]). Got "
                    + pic.dim() + " dimensions (shape " + Shapes.str(pic.shapeArray()) + ").");
        }
        int c = (int) pic.size(0);
        if (c < 1 || c > 4) {
            throw new IllegalArgumentException("toImage: pic should not have > 4 channels. Got " + c
                    + " channels (shape " + Shapes.str(pic.shapeArray()) + "): expected [C, H, W] with C = 1 to 4");
        }
        Tensor u8;
        if (pic.dtype() == DType.UINT8) {
            u8 = pic;
        } else if (pic.isFloatingPoint()) {
            u8 = pic.detach().clamp(0.0, 1.0).mul(255.0).to(DType.UINT8);
        } else {
            throw new IllegalArgumentException("toImage: expected a floating tensor in [0, 1] or a uint8 tensor, got "
                    + pic.dtype() + " (convert it with Functional.toDtype)");
        }
        int h = Math.toIntExact(pic.size(1)), w = Math.toIntExact(pic.size(2));
        int[] samples = u8.contiguous().toIntArray();
        BufferedImage img = switch (c) {
            case 1 -> new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            case 2 -> grayAlpha(w, h);
            case 3 -> new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
            default -> new BufferedImage(w, h, BufferedImage.TYPE_4BYTE_ABGR);
        };
        WritableRaster r = img.getRaster();
        int plane = w * h;
        int[] band = new int[plane];
        for (int b = 0; b < c; b++) {
            System.arraycopy(samples, b * plane, band, 0, plane);
            r.setSamples(0, 0, w, h, b, band); // raster bands are in colour-model order (R, G, B, A), whatever the byte layout
        }
        return img;
    }

    private static BufferedImage grayAlpha(int w, int h) {
        ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        return new BufferedImage(cm, cm.createCompatibleWritableRaster(w, h), false, null);
    }

    /**
     * {@code torchvision.io.read_image(path)}: a PNG, JPEG, GIF, BMP or TIFF file (what {@code javax.imageio} reads)
     * as uint8 {@code [C, H, W]}, with the channels the file has (see {@link #pilToTensor}).
     *
     * @throws IOException when the file cannot be read or holds no image that ImageIO can decode
     */
    public static Tensor readImage(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        if (!Files.isRegularFile(path)) throw new NoSuchFileException(path.toString(), null, "no such image file");
        BufferedImage img;
        // a file stream, not an InputStream: ImageIO would cache an InputStream in a temporary file
        ImageInputStream in = new FileImageInputStream(path.toFile());
        try {
            img = ImageIO.read(in); // closes the stream, except when no reader takes it (null)
        } catch (IOException e) {
            throw new IOException(path + ": cannot decode the image: " + e.getMessage(), e);
        } finally {
            try {
                in.close();
            } catch (IOException alreadyClosed) {
                // ImageIO.read closed it
            }
        }
        if (img == null) {
            throw new IOException(path + ": not an image format ImageIO can decode (it reads "
                    + String.join(", ", ImageIO.getReaderFormatNames()).toLowerCase(java.util.Locale.ROOT) + ")");
        }
        return pilToTensor(img);
    }

    /**
     * {@code torchvision.io.write_png(input, filename)}: writes a {@code [C, H, W]} or {@code [H, W]} image tensor
     * (uint8, or floating in [0, 1], as {@link #toImage} takes it) as a PNG file. The file is written to a temporary
     * name in the same folder and moved into place, so a failure never leaves a half-written file.
     */
    public static void writePng(Tensor input, Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        BufferedImage img = toImage(input);
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) throw new IOException("writePng: this JVM has no PNG writer in javax.imageio");
        ImageWriter writer = writers.next();
        try {
            AtomicFile.write(path, ch -> {
                // an in-memory cache: ImageIO's default may create a temporary file per write; the channel stays open
                ImageOutputStream out = new MemoryCacheImageOutputStream(Channels.newOutputStream(ch));
                writer.setOutput(out);
                writer.write(img);
                out.close(); // flushes to the channel, which it leaves open
            });
        } finally {
            writer.dispose();
        }
    }
}
