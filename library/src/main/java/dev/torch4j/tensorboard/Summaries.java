package dev.torch4j.tensorboard;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.vision.Images;

import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The {@code Summary} and {@code Event} messages of {@code torch.utils.tensorboard.summary}, encoded with the field
 * numbers of TensorFlow's summary.proto, tensor.proto and event.proto.
 */
final class Summaries {
    /** {@code DataType.DT_STRING} in TensorFlow's types.proto. */
    private static final int DT_STRING = 7;

    private Summaries() {}

    /** {@code Event(wall_time, step, summary)}: fields 1, 2 and 5. */
    static byte[] event(double wallTime, long step, Proto summary) {
        return new Proto().double64(1, wallTime).int64(2, step).message(5, summary).toByteArray();
    }

    /** A {@code Summary} holding one {@code Value} (repeated field 1). */
    private static Proto summary(Proto value) { return new Proto().message(1, value); }

    /** {@code scalar(tag, value)}: {@code simple_value} (field 2, float32, written even when 0: it sits in a oneof). */
    static Proto scalar(String tag, double value) {
        return summary(new Proto().string(1, tag).floatAlways(2, (float) value));
    }

    /**
     * {@code histogram(tag, values, bins)} by {@code make_histogram}: numpy's histogram over the bin edges (the last
     * bin closed, values outside the edges or NaN not counted), cut to the bins from the first to the last non-empty
     * one, with the empty bin before them kept (or a zero bin made up) because TensorBoard reads only right edges.
     */
    static Proto histogram(String tag, double[] values, double[] edges) {
        Histogram h = Histogram.of(values, edges);
        Proto histo = new Proto().double64(1, h.min()).double64(2, h.max()).double64(3, h.num()).double64(4, h.sum())
                .double64(5, h.sumSquares()).packedDoubles(6, h.bucketLimit()).packedDoubles(7, h.bucket());
        return summary(new Proto().string(1, tag).message(5, histo));
    }

    /** A {@code HistogramProto}'s fields. */
    record Histogram(double min, double max, double num, double sum, double sumSquares, double[] bucketLimit, double[] bucket) {
        static Histogram of(double[] values, double[] edges) {
            if (values.length == 0) throw new IllegalArgumentException("addHistogram: the input has no element.");
            long[] counts = new long[edges.length - 1];
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0, sumSquares = 0;
            for (double v : values) {
                min = Math.min(min, v); // NaN propagates, as in numpy's min
                max = Math.max(max, v);
                sum += v;
                sumSquares += v * v;
                if (v >= edges[0] && v <= edges[edges.length - 1]) counts[Math.min(lastAtMost(edges, v), counts.length - 1)]++;
            }
            int first = -1, last = -1;
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    if (first < 0) first = i;
                    last = i;
                }
            }
            if (first < 0) {
                throw new IllegalArgumentException("addHistogram: no value lies within the bins [" + edges[0] + ", "
                        + edges[edges.length - 1] + "] (PyTorch: The histogram is empty)");
            }
            int end = last + 1;
            double[] bucket = new double[first > 0 ? end - first + 1 : end + 1];
            for (int i = 0; i < bucket.length; i++) {
                int bin = (first > 0 ? first - 1 : -1) + i; // -1: the made-up empty bin
                bucket[i] = bin < 0 ? 0 : counts[bin];
            }
            return new Histogram(min, max, values.length, sum, sumSquares, Arrays.copyOfRange(edges, first, end + 1), bucket);
        }
    }

    /** The index of the last edge at or below v (edges ascending, v within them). */
    private static int lastAtMost(double[] edges, double v) {
        int lo = 0, hi = edges.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (edges[mid] <= v) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    /** {@code text(tag, text)}: a DT_STRING tensor of shape [1] under {@code <tag>/text_summary}, for the text plugin. */
    static Proto text(String tag, String text) {
        Proto shape = new Proto().message(2, new Proto().int64(1, 1));
        Proto tensor = new Proto().int64(1, DT_STRING).message(2, shape).bytesAlways(8, text.getBytes(StandardCharsets.UTF_8));
        return summary(new Proto().string(1, tag + "/text_summary").message(8, tensor).message(9, pluginMetadata("text")));
    }

    /** {@code SummaryMetadata(plugin_data=PluginData(plugin_name=name))}; an empty content is left out, as proto3 does. */
    private static Proto pluginMetadata(String name) { return new Proto().message(1, new Proto().string(1, name)); }

    /**
     * {@code image(tag, tensor, dataformats)}: the tensor laid out as PyTorch's {@code convert_to_HWC} does (a batch
     * tiled by {@link #tile}, one channel repeated to three), scaled by 255 unless it is uint8, clipped to [0, 255],
     * truncated to uint8 (in float32, as PyTorch computes it) and encoded as PNG.
     */
    static Proto image(String tag, Tensor img, String dataformats) {
        Tensor chw = pixels(img, dataformats);
        int c = (int) chw.size(0), h = Math.toIntExact(chw.size(1)), w = Math.toIntExact(chw.size(2));
        return imageValue(tag, h, w, c, png(chw));
    }

    /** The uint8 {@code [C, H, W]} pixels that {@link #image} encodes. */
    static Tensor pixels(Tensor img, String dataformats) {
        Tensor chw = toChw(img, dataformats);
        return chw.dtype() == DType.UINT8 ? chw : chw.to(DType.FLOAT32).mul(255.0).clamp(0.0, 255.0).to(DType.UINT8);
    }

    /** The {@code Summary.Image} value: height 1, width 2, colorspace 3 (the channel count), PNG bytes 4. */
    static Proto imageValue(String tag, int h, int w, int c, byte[] png) {
        Proto image = new Proto().int64(1, h).int64(2, w).int64(3, c).bytesAlways(4, png);
        return summary(new Proto().string(1, tag).message(4, image));
    }

    private static Tensor toChw(Tensor t, String dataformats) {
        String f = dataformats.toUpperCase(Locale.ROOT);
        if (new HashSet<>(f.chars().boxed().toList()).size() != f.length()) {
            throw new IllegalArgumentException("addImage: You can not use the same dimension shorthand twice. input_format: " + dataformats);
        }
        if (t.dim() != f.length()) {
            throw new IllegalArgumentException("addImage: size of input tensor and input format are different. tensor shape: "
                    + t.shape() + ", input_format: " + dataformats);
        }
        t = t.detach();
        return switch (f.length()) {
            case 4 -> tile(t.permute(order(f, "NCHW")));
            case 3 -> {
                Tensor chw = t.permute(order(f, "CHW"));
                yield chw.size(0) == 1 ? chw.expand(3, chw.size(1), chw.size(2)) : chw;
            }
            case 2 -> {
                Tensor hw = t.permute(order(f, "HW"));
                yield hw.unsqueeze(0).expand(3, hw.size(0), hw.size(1));
            }
            default -> throw new IllegalArgumentException("addImage: dataformats " + dataformats
                    + " should name 2 to 4 dimensions (HW, CHW, HWC, NCHW, NHWC, ...)");
        };
    }

    private static long[] order(String f, String want) {
        long[] p = new long[want.length()];
        for (int i = 0; i < p.length; i++) {
            p[i] = f.indexOf(want.charAt(i));
            if (p[i] < 0) throw new IllegalArgumentException("addImage: dataformats " + f + " lacks " + want.charAt(i));
        }
        return p;
    }

    /**
     * tensorboard's own {@code make_grid} (not torchvision's): up to 8 images per row, no padding, zeros where the
     * last row runs short; one channel repeated to three, which is all it takes.
     */
    static Tensor tile(Tensor nchw) {
        if (nchw.size(1) == 1) nchw = nchw.expand(nchw.size(0), 3, nchw.size(2), nchw.size(3));
        if (nchw.size(1) != 3) {
            throw new IllegalArgumentException("addImages: expected 1 or 3 channels per image, got shape " + nchw.shape() + " (NCHW)");
        }
        long n = nchw.size(0), h = nchw.size(2), w = nchw.size(3);
        long cols = Math.min(n, 8), rows = (n + cols - 1) / cols;
        Tensor all = nchw;
        if (rows * cols > n) {
            all = Torch.cat(List.of(nchw, nchw.newZeros(rows * cols - n, 3, h, w)), 0);
        }
        return all.reshape(rows, cols, 3, h, w).permute(2, 0, 3, 1, 4).reshape(3, rows * h, cols * w);
    }

    static byte[] png(Tensor chwUint8) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) throw new IllegalStateException("addImage: this JVM has no PNG writer in javax.imageio");
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(Images.toImage(chwUint8));
        } catch (IOException e) {
            throw new UncheckedIOException("addImage: cannot encode the PNG: " + e, e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
