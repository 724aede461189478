package dev.torch4j.tensorboard;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.testing.Golden;
import dev.torch4j.vision.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Event files against payloads encoded by python3-protobuf from torch.utils.tensorboard's own summary code
 * (scripts/goldens/tensorboard_goldens.py), byte for byte, and the TFRecord framing against known CRC-32C values.
 */
class SummaryWriterTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final double T0 = 1700000000.25;

    @TempDir
    Path dir;

    private static List<JsonObject> cases(String kind) {
        return Golden.cases("tensorboard").stream().filter(c -> c.get("kind").getAsString().equals(kind)).toList();
    }

    private static byte[] hex(JsonObject c, String key) { return HEX.parseHex(c.get(key).getAsString()); }

    /** A writer into dir/name whose clock reads T0 (the first event's wall time and the file name's seconds). */
    private SummaryWriter writer(String name, SummaryWriter.Options o) {
        return new SummaryWriter(o.logDir(dir.resolve(name).toString()), () -> T0);
    }

    private SummaryWriter writer(String name) { return writer(name, SummaryWriter.options()); }

    /** The payloads of an event file, both CRCs checked, no torn record. */
    static List<byte[]> records(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> out = new ArrayList<>();
        while (b.hasRemaining()) {
            byte[] header = new byte[8];
            b.get(header);
            assertEquals(EventFileWriter.maskedCrc32c(header, 0, 8), b.getInt(), "length CRC");
            byte[] data = new byte[Math.toIntExact(ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong())];
            b.get(data);
            assertEquals(EventFileWriter.maskedCrc32c(data, 0, data.length), b.getInt(), "data CRC");
            out.add(data);
        }
        return out;
    }

    private static Path eventFile(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> files = s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).toList();
            assertEquals(1, files.size(), "event files in " + folder + ": " + files);
            return files.get(0);
        }
    }

    /** The records written so far into the writer's (only) event file, after a flush. */
    private static List<byte[]> flushed(SummaryWriter w) throws IOException {
        w.flush();
        return records(eventFile(Path.of(w.logDir())));
    }

    @Test
    void tfRecordFramingAndMaskedCrc32c() {
        CRC32C crc = new CRC32C();
        crc.update("123456789".getBytes(StandardCharsets.US_ASCII));
        assertEquals(0xE3069283L, crc.getValue()); // the CRC-32C check value
        for (JsonObject c : cases("record")) {
            byte[] data = hex(c, "data");
            assertEquals(c.get("masked").getAsLong(), Integer.toUnsignedLong(EventFileWriter.maskedCrc32c(data, 0, data.length)));
            assertArrayEquals(hex(c, "framed"), EventFileWriter.frame(data), "framing of " + data.length + " bytes");
        }
    }

    @Test
    void fileNameAndFirstEventAreTensorBoards() throws IOException {
        JsonObject golden = cases("file_version").stream().filter(c -> c.get("walltime").getAsDouble() == T0).findFirst().orElseThrow();
        try (SummaryWriter w = writer("run")) {
            Path file = eventFile(Path.of(w.logDir()));
            // events.out.tfevents.<%010d seconds>.<host>.<pid>.<counter>, as tensorboard 2.x names it
            String name = file.getFileName().toString();
            String prefix = "events.out.tfevents.1700000000." + Hosts.hostname() + "." + ProcessHandle.current().pid() + ".";
            assertTrue(name.startsWith(prefix) && name.substring(prefix.length()).matches("\\d+"), name);
            List<byte[]> rs = records(file); // written and flushed on creation, as PyTorch does
            assertEquals(1, rs.size());
            assertArrayEquals(hex(golden, "payload"), rs.get(0));
        }
        for (JsonObject c : cases("file_version")) {
            double wt = c.get("walltime").getAsDouble();
            Path sub = dir.resolve("fv" + wt);
            try (SummaryWriter w = new SummaryWriter(SummaryWriter.options().logDir(sub.toString()), () -> wt)) {
                assertArrayEquals(hex(c, "payload"), flushed(w).get(0), "walltime " + wt);
            }
        }
    }

    @Test
    void scalarsMatchPyTorch() throws IOException {
        List<JsonObject> cs = cases("scalar");
        try (SummaryWriter w = writer("scalars")) {
            for (JsonObject c : cs) {
                w.addScalar(c.get("tag").getAsString(), c.get("value").getAsDouble(), c.get("step").getAsLong(),
                        c.get("walltime").getAsDouble());
            }
            List<byte[]> rs = flushed(w);
            assertEquals(cs.size() + 1, rs.size());
            for (int i = 0; i < cs.size(); i++) assertArrayEquals(hex(cs.get(i), "payload"), rs.get(i + 1), cs.get(i).get("tag").getAsString());
        }
    }

    @Test
    void addScalarsWritesOneSubfolderPerEntry() throws IOException {
        JsonObject c = cases("scalars").get(0);
        Map<String, Double> values = new LinkedHashMap<>();
        c.getAsJsonObject("values").entrySet().forEach(e -> values.put(e.getKey(), e.getValue().getAsDouble()));
        try (SummaryWriter w = writer("multi")) {
            w.addScalars(c.get("main_tag").getAsString(), values, c.get("step").getAsLong(), c.get("walltime").getAsDouble());
            w.flush();
            assertEquals(1, records(eventFile(Path.of(w.logDir()))).size(), "the main file gets nothing");
            for (var e : c.getAsJsonArray("events")) {
                JsonObject ev = e.getAsJsonObject();
                List<byte[]> rs = records(eventFile(Path.of(w.logDir(), ev.get("dir").getAsString())));
                assertEquals(2, rs.size());
                assertArrayEquals(hex(ev, "payload"), rs.get(1), ev.get("dir").getAsString());
            }
        }
    }

    @Test
    void defaultBinsAreTensorflows() {
        JsonObject c = cases("bins").get(0);
        double[] b = SummaryWriter.DEFAULT_BINS;
        assertEquals(c.get("count").getAsInt(), b.length);
        assertEquals(c.get("first").getAsDouble(), b[0]);
        assertEquals(0.0, b[b.length / 2]);
        assertEquals(c.get("second_last").getAsDouble(), b[b.length - 2]);
        assertEquals(c.get("last").getAsDouble(), b[b.length - 1]);
    }

    private static double[] doubles(JsonArray a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsDouble();
        return v;
    }

    @Test
    void histogramsMatchPyTorch() throws IOException {
        List<JsonObject> cs = cases("histogram");
        try (SummaryWriter w = writer("hist")) {
            for (JsonObject c : cs) {
                Tensor values = Golden.tensor(c.getAsJsonObject("values"));
                String name = c.get("name").getAsString();
                var h = Summaries.Histogram.of(values.toDoubleArray(), SummaryWriter.DEFAULT_BINS);
                assertArrayEquals(doubles(c.getAsJsonArray("bucket_limit")), h.bucketLimit(), name);
                assertArrayEquals(doubles(c.getAsJsonArray("bucket")), h.bucket(), name);
                assertEquals(c.get("min").getAsDouble(), h.min(), name);
                assertEquals(c.get("max").getAsDouble(), h.max(), name);
                assertEquals(c.get("num").getAsDouble(), h.num(), name);
                // numpy sums pairwise and dot()s through BLAS; in index order the last bits may differ
                double sum = c.get("sum").getAsDouble(), sq = c.get("sum_squares").getAsDouble();
                boolean exact = c.get("exact").getAsBoolean();
                assertEquals(sum, h.sum(), exact ? 0 : 1e-12 * Math.max(1, sq), name);
                assertEquals(sq, h.sumSquares(), exact ? 0 : 1e-12 * sq, name);
                w.addHistogram(c.get("tag").getAsString(), values, c.get("step").getAsLong(), c.get("walltime").getAsDouble());
            }
            List<byte[]> rs = flushed(w);
            for (int i = 0; i < cs.size(); i++) {
                JsonObject c = cs.get(i);
                if (c.get("exact").getAsBoolean()) assertArrayEquals(hex(c, "payload"), rs.get(i + 1), c.get("name").getAsString());
            }
        }
    }

    @Test
    void histogramErrors() {
        try (SummaryWriter w = writer("hist_err")) {
            var e = assertThrows(IllegalArgumentException.class, () -> w.addHistogram("h", Torch.zeros(0), 0));
            assertEquals("addHistogram: the input has no element.", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> w.addHistogram("h", Torch.tensor(new double[] {Double.NaN, 1e30}), 0));
            assertTrue(e.getMessage().startsWith("addHistogram: no value lies within the bins"), e.getMessage());
        }
    }

    private static Tensor decodePng(byte[] png) throws IOException {
        return Images.pilToTensor(ImageIO.read(new ByteArrayInputStream(png)));
    }

    @Test
    void imagesMatchPyTorch() throws IOException {
        List<JsonObject> cs = cases("image");
        try (SummaryWriter w = writer("img")) {
            for (JsonObject c : cs) {
                String name = c.get("name").getAsString(), df = c.get("dataformats").getAsString();
                Tensor img = Golden.tensor(c.getAsJsonObject("input"));
                Tensor want = Golden.tensor(c.getAsJsonObject("pixels_hwc")).permute(2, 0, 1);
                Tensor pixels = Summaries.pixels(img, df);
                Golden.assertExact(want, pixels, name + " pixels");
                int h = c.get("height").getAsInt(), wd = c.get("width").getAsInt(), ch = c.get("colorspace").getAsInt();
                assertEquals(List.of((long) ch, (long) h, (long) wd), List.of(pixels.size(0), pixels.size(1), pixels.size(2)));
                // the message around PIL's PNG is byte-exact; our PNG (another deflater) decodes to the same pixels
                byte[] event = Summaries.event(c.get("walltime").getAsDouble(), c.get("step").getAsLong(),
                        Summaries.imageValue(c.get("tag").getAsString(), h, wd, ch, hex(c, "png")));
                assertArrayEquals(hex(c, "payload"), event, name);
                Golden.assertExact(want, decodePng(hex(c, "png")), name + " PIL's PNG");
                Golden.assertExact(want, decodePng(Summaries.png(pixels)), name + " our PNG");
                w.addImage(c.get("tag").getAsString(), img, c.get("step").getAsLong(), c.get("walltime").getAsDouble(), df);
            }
            List<byte[]> rs = flushed(w);
            for (int i = 0; i < cs.size(); i++) {
                JsonObject c = cs.get(i);
                Tensor pixels = Summaries.pixels(Golden.tensor(c.getAsJsonObject("input")), c.get("dataformats").getAsString());
                byte[] event = Summaries.event(c.get("walltime").getAsDouble(), c.get("step").getAsLong(),
                        Summaries.imageValue(c.get("tag").getAsString(), (int) pixels.size(1), (int) pixels.size(2),
                                (int) pixels.size(0), Summaries.png(pixels)));
                assertArrayEquals(event, rs.get(i + 1), c.get("name").getAsString());
            }
        }
    }

    @Test
    void addImagesTilesABatch() throws IOException {
        JsonObject c = cases("image").stream().filter(x -> x.get("name").getAsString().equals("batch")).findFirst().orElseThrow();
        Tensor batch = Golden.tensor(c.getAsJsonObject("input"));
        try (SummaryWriter a = writer("a"); SummaryWriter b = writer("b")) {
            a.addImages("x", batch, 2, 5.0, "NCHW");
            b.addImage("x", batch, 2, 5.0, "NCHW");
            assertArrayEquals(flushed(a).get(1), flushed(b).get(1));
        }
    }

    @Test
    void imageErrors() {
        try (SummaryWriter w = writer("img_err")) {
            var e = assertThrows(IllegalArgumentException.class, () -> w.addImage("i", Torch.rand(3, 4), 0));
            assertEquals("addImage: size of input tensor and input format are different. tensor shape: torch.Size([3, 4]), input_format: CHW",
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> w.addImage("i", Torch.rand(3, 4, 4), 0, 0, "HHW"));
            assertEquals("addImage: You can not use the same dimension shorthand twice. input_format: HHW", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> w.addImages("i", Torch.rand(2, 4, 3, 3), 0));
            assertTrue(e.getMessage().startsWith("addImages: expected 1 or 3 channels per image"), e.getMessage());
        }
    }

    @Test
    void textMatchesPyTorch() throws IOException {
        List<JsonObject> cs = cases("text");
        try (SummaryWriter w = writer("text")) {
            for (JsonObject c : cs) {
                w.addText(c.get("tag").getAsString(), c.get("text").getAsString(), c.get("step").getAsLong(), c.get("walltime").getAsDouble());
            }
            List<byte[]> rs = flushed(w);
            for (int i = 0; i < cs.size(); i++) assertArrayEquals(hex(cs.get(i), "payload"), rs.get(i + 1), cs.get(i).get("tag").getAsString());
        }
    }

    @Test
    void eventsWaitForTheQueueOrAFlushAndCloseWritesThem() throws IOException {
        Path file;
        try (SummaryWriter w = writer("queue", SummaryWriter.options().maxQueue(3).flushSecs(1e9))) {
            file = eventFile(Path.of(w.logDir()));
            w.addScalar("a", 1, 1, 1.0);
            w.addScalar("a", 2, 2, 2.0);
            assertEquals(1, records(file).size(), "two events wait in memory");
            w.addScalar("a", 3, 3, 3.0);
            assertEquals(4, records(file).size(), "the third fills the queue");
            w.addScalar("a", 4, 4, 4.0);
            assertEquals(4, records(file).size());
        }
        assertEquals(5, records(file).size(), "close writes what waits");
    }

    @Test
    void addingAfterCloseOpensANewFile() throws IOException {
        SummaryWriter w = writer("reopen");
        w.addScalar("a", 1, 1, 1.0);
        w.close();
        w.close(); // twice is fine
        w.addScalar("a", 2, 2, 2.0);
        w.close();
        try (Stream<Path> s = Files.list(Path.of(w.logDir()))) {
            List<Path> files = s.sorted().toList();
            assertEquals(2, files.size());
            for (Path f : files) assertEquals(2, records(f).size(), f.toString());
        }
    }

    @Test
    void defaultLogDirIsRunsDatetimeHostnameComment() {
        SummaryWriter.Options o = SummaryWriter.options().comment("LR_0.1");
        assertEquals(null, o.logDir());
        String d = SummaryWriter.defaultLogDir("LR_0.1");
        String name = Path.of(d).getFileName().toString();
        assertEquals("runs", Path.of(d).getParent().toString());
        assertTrue(name.matches("[A-Z][a-z]{2}\\d{2}_\\d{2}-\\d{2}-\\d{2}_" + java.util.regex.Pattern.quote(Hosts.hostname()) + "LR_0\\.1"), name);
        assertFalse(name.contains(" "));
    }

    @Test
    void anyDtypeAndDeviceOfHistogramValues() throws IOException {
        try (SummaryWriter w = writer("dtypes")) {
            w.addHistogram("b", Torch.tensor(new double[] {0, 1, 1}).to(DType.BOOL), 0, 1.0);
            w.addHistogram("i", Torch.arange(5), 0, 1.0);
            assertEquals(3, flushed(w).size());
        }
    }

    /** The maps of tensorboard_goldens.py's add_hparams cases (Java's Integer/Double for Python's int/float). */
    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void hparamsMatchPyTorch() throws IOException {
        Map<String, Map<String, Object>> hps = Map.of(
                "mixed", ordered("lr", 0.1, "bsize", 16, "opt", "adam", "nesterov", true, "skip", null, "zero", 0),
                "tensor", ordered("t", Torch.tensor(new double[] {2.5, 1.0}).to(DType.FLOAT32)),
                "order", ordered("b", 1, "a", 2.5, "\u00e9", "x", "Z", false, "", 4));
        Map<String, Map<String, Number>> metrics = Map.of(
                "mixed", new LinkedHashMap<>(Map.of("hparam/accuracy", 0.9)), "tensor", Map.of("m", 1), "order", Map.of());
        metrics.get("mixed").put("hparam/loss", 0.0);
        Map<String, Map<String, List<?>>> domains = Map.of(
                "mixed", Map.of("opt", List.of("adam", "sgd"), "bsize", List.of(16, 32), "nesterov", List.of(true, false)),
                "tensor", Map.of(), "order", Map.of("", List.of()));
        for (JsonObject c : cases("hparams")) {
            String name = c.get("name").getAsString();
            try (SummaryWriter w = writer("hp_" + name)) {
                w.addHparams(hps.get(name), metrics.get(name), domains.get(name), "run", c.get("step").getAsLong());
                List<byte[]> rs = records(eventFile(Path.of(w.logDir(), "run")));
                JsonArray sums = c.getAsJsonArray("summaries"), ms = c.getAsJsonArray("metrics");
                assertEquals(1 + sums.size() + ms.size(), rs.size(), name);
                for (int i = 0; i < sums.size(); i++) assertArrayEquals(HEX.parseHex(sums.get(i).getAsString()), rs.get(1 + i), name + " summary " + i);
                for (int i = 0; i < ms.size(); i++) {
                    assertArrayEquals(HEX.parseHex(ms.get(i).getAsString()), rs.get(1 + sums.size() + i), name + " metric " + i);
                }
            }
        }
    }

    @Test
    void hparamsRunFolderAndErrors() throws IOException {
        try (SummaryWriter w = writer("hp_default")) {
            w.addHparams(Map.of("lr", 0.1), Map.of("acc", 1.0));
            // run_name defaults to str(time.time())
            assertEquals(5, records(eventFile(Path.of(w.logDir(), "1700000000.25"))).size()); // version, 3 summaries, acc
            var e = assertThrows(IllegalArgumentException.class,
                    () -> w.addHparams(Map.of("lr", 0.1), Map.of(), Map.of("lr", List.of(1, 2)), "r", 0));
            assertEquals("addHparams: " + cases("hparams_error").get(0).get("message").getAsString(), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> w.addHparams(Map.of("x", List.of(1)), Map.of()));
            assertTrue(e.getMessage().startsWith("addHparams: value should be one of int, float, str, bool, or torch.Tensor"), e.getMessage());
        }
    }
}
