package dev.torch4j.tensorboard;

import dev.torch4j.Tensor;
import dev.torch4j.nn.Py;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * {@code torch.utils.tensorboard.SummaryWriter}: writes scalars, histograms, images and text into TensorBoard event
 * files in a log folder, in the bytes PyTorch 2.x writes. Open TensorBoard on the parent folder
 * ({@code tensorboard --logdir runs}) to watch a run.
 *
 * <pre>{@code
 * try (var writer = new SummaryWriter("runs/mnist")) {
 *     for (int step = 0; step < steps; step++) {
 *         // ... train ...
 *         writer.addScalar("Loss/train", loss.item(), step);
 *         writer.addScalars("Loss", Map.of("train", trainLoss, "test", testLoss), step);
 *     }
 *     writer.addHistogram("fc1.weight", model.fc1.weight, steps);
 *     writer.addImages("samples", images, steps);     // [N, C, H, W] in [0, 1] or uint8
 *     writer.addText("notes", "lr 0.01, batch 64", steps);
 * }
 * }</pre>
 *
 * <p>Every {@code add*} method takes a step (PyTorch's {@code global_step}) and has a form with {@code walltime}
 * (seconds since the epoch; otherwise the current time). Events wait in memory and are written to the file when
 * {@code maxQueue} of them wait or {@code flushSecs} have passed (checked as events arrive), on {@link #flush()} and
 * on {@link #close()}; unlike PyTorch there is no writer thread, so a run that logs nothing for a while writes
 * nothing for that while. After {@code close()} the next event opens a new event file, as PyTorch does.
 * Methods may be called from several threads.
 */
public final class SummaryWriter implements AutoCloseable {
    /**
     * {@code SummaryWriter}'s keyword arguments; {@link #options()} gives PyTorch's defaults.
     *
     * @param logDir the log folder, or null for {@code runs/<CURRENT_DATETIME_HOSTNAME><comment>}
     * @param comment appended to the default log folder's name (ignored with a logDir)
     * @param maxQueue events held in memory before they are written (default 10)
     * @param flushSecs seconds after which waiting events are written (default 120)
     * @param filenameSuffix appended to every event file's name (default none)
     */
    public record Options(String logDir, String comment, int maxQueue, double flushSecs, String filenameSuffix) {
        /** The log folder; null takes the default. */
        public Options logDir(String v) { return new Options(v, comment, maxQueue, flushSecs, filenameSuffix); }

        /** Appended to the default log folder's name, e.g. {@code "LR_0.1_BATCH_16"}. */
        public Options comment(String v) { return new Options(logDir, Objects.requireNonNull(v, "comment"), maxQueue, flushSecs, filenameSuffix); }

        /** Events held in memory before they are written. */
        public Options maxQueue(int v) { return new Options(logDir, comment, v, flushSecs, filenameSuffix); }

        /** Seconds after which waiting events are written. */
        public Options flushSecs(double v) { return new Options(logDir, comment, maxQueue, v, filenameSuffix); }

        /** Appended to every event file's name. */
        public Options filenameSuffix(String v) { return new Options(logDir, comment, maxQueue, flushSecs, Objects.requireNonNull(v, "filenameSuffix")); }
    }

    /** PyTorch's defaults: the default log folder, no comment, a queue of 10, a flush every 120 s, no suffix. */
    public static Options options() { return new Options(null, "", 10, 120, ""); }

    /**
     * PyTorch's default histogram bins ({@code bins='tensorflow'}): 0 and, on each side, the powers of 1.1 from
     * 1e-12 up to the last below 1e20, as {@code SummaryWriter.__init__} builds them.
     */
    static final double[] DEFAULT_BINS = defaultBins();

    private final Options options;
    private final String logDir;
    private final DoubleSupplier clock;
    private EventFileWriter fileWriter;
    /** Every open file writer by its folder: the default one and {@link #addScalars}'s, in PyTorch's all_writers. */
    private Map<String, EventFileWriter> allWriters;

    /** A writer into {@code runs/<CURRENT_DATETIME_HOSTNAME>}, e.g. {@code runs/May04_22-14-54_my-host}. */
    public SummaryWriter() { this(options()); }

    /** A writer into the given log folder (created if missing). */
    public SummaryWriter(String logDir) { this(options().logDir(Objects.requireNonNull(logDir, "logDir"))); }

    /** A writer with the given options (see {@link #options()}). */
    public SummaryWriter(Options options) { this(options, SummaryWriter::now); }

    /** With a clock of seconds since the epoch, which tests fix. */
    SummaryWriter(Options options, DoubleSupplier clock) {
        this.options = Objects.requireNonNull(options, "options");
        this.clock = clock;
        this.logDir = options.logDir() != null && !options.logDir().isEmpty() ? options.logDir() : defaultLogDir(options.comment());
        fileWriter();
    }

    /** Python's time.time(): seconds since the epoch, to the microsecond. */
    private static double now() {
        Instant t = Instant.now();
        return t.getEpochSecond() + t.getNano() / 1e9;
    }

    static String defaultLogDir(String comment) {
        String now = LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMMdd_HH-mm-ss", Locale.ENGLISH));
        return Path.of("runs", now + "_" + Hosts.hostname() + comment).toString();
    }

    /** {@code get_logdir()}: the folder this writer writes into. */
    public String logDir() { return logDir; }

    /** {@code add_scalar(tag, scalar_value, global_step)}: one value of a curve, stored as float32. */
    public void addScalar(String tag, double value, long step) { addScalar(tag, value, step, clock.getAsDouble()); }

    /** {@code add_scalar(tag, scalar_value, global_step, walltime)}. */
    public void addScalar(String tag, double value, long step, double walltime) {
        addDefault(Summaries.scalar(tag, value), step, walltime);
    }

    /**
     * {@code add_scalars(main_tag, tag_scalar_dict, global_step)}: several curves in one chart. As in PyTorch each
     * entry goes to its own event file in the subfolder {@code <logDir>/<mainTag with '/' as '_'>_<tag>}, under the
     * tag {@code mainTag}; TensorBoard shows the subfolders as runs. The map's order is the order written.
     */
    public void addScalars(String mainTag, Map<String, ? extends Number> values, long step) {
        addScalars(mainTag, values, step, clock.getAsDouble());
    }

    /** {@code add_scalars(main_tag, tag_scalar_dict, global_step, walltime)}: one walltime for every entry. */
    public synchronized void addScalars(String mainTag, Map<String, ? extends Number> values, long step, double walltime) {
        fileWriter(); // opens allWriters again after close()
        for (Map.Entry<String, ? extends Number> e : values.entrySet()) {
            String dir = logDir + "/" + mainTag.replace("/", "_") + "_" + e.getKey();
            EventFileWriter w = allWriters.computeIfAbsent(dir, d -> newFileWriter(Path.of(d)));
            add(w, Summaries.scalar(mainTag, e.getValue().doubleValue()), step, walltime);
        }
    }

    /**
     * {@code add_histogram(tag, values, global_step)} with PyTorch's default {@code bins='tensorflow'} (0 and the
     * powers of 1.1 from 1e-12 to 1e20 on either side; values outside them are not counted): counts, min, max, sum and sum of squares of the values (any shape, taken as float64).
     * The sums are added in index order, where numpy adds pairwise and by BLAS, so their last bits may differ.
     *
     * @throws IllegalArgumentException when the tensor is empty or no value lies within the bins
     */
    public void addHistogram(String tag, Tensor values, long step) { addHistogram(tag, values, step, clock.getAsDouble()); }

    /** {@code add_histogram(tag, values, global_step, walltime=walltime)}. */
    public void addHistogram(String tag, Tensor values, long step, double walltime) {
        addDefault(Summaries.histogram(tag, values.detach().toDoubleArray(), DEFAULT_BINS), step, walltime);
    }

    /**
     * {@code add_image(tag, img_tensor, global_step)}: a {@code [C, H, W]} image, floating in [0, 1] (scaled by 255,
     * clipped, truncated) or uint8, with 1 (shown as RGB), 3 or 4 channels, stored as PNG.
     */
    public void addImage(String tag, Tensor img, long step) { addImage(tag, img, step, clock.getAsDouble(), "CHW"); }

    /**
     * {@code add_image(tag, img_tensor, global_step, walltime, dataformats)}: the layout named by dataformats
     * ({@code "CHW"}, {@code "HWC"}, {@code "HW"}, or a batch {@code "NCHW"}/{@code "NHWC"} tiled as {@link #addImages}).
     */
    public void addImage(String tag, Tensor img, long step, double walltime, String dataformats) {
        addDefault(Summaries.image(tag, img, dataformats), step, walltime);
    }

    /**
     * {@code add_images(tag, img_tensor, global_step)}: a batch {@code [N, C, H, W]} (C = 1 or 3) tiled into one
     * image, 8 per row without padding, as tensorboard's own {@code make_grid} does (not torchvision's).
     */
    public void addImages(String tag, Tensor images, long step) { addImage(tag, images, step, clock.getAsDouble(), "NCHW"); }

    /** {@code add_images(tag, img_tensor, global_step, walltime, dataformats)}. */
    public void addImages(String tag, Tensor images, long step, double walltime, String dataformats) {
        addImage(tag, images, step, walltime, dataformats);
    }

    /** {@code add_text(tag, text_string, global_step)}: text (Markdown) for the Text tab, under {@code <tag>/text_summary}. */
    public void addText(String tag, String text, long step) { addText(tag, text, step, clock.getAsDouble()); }

    /** {@code add_text(tag, text_string, global_step, walltime)}. */
    public void addText(String tag, String text, long step, double walltime) {
        addDefault(Summaries.text(tag, text), step, walltime);
    }

    /**
     * {@code add_hparams(hparam_dict, metric_dict)}: one run of the HParams tab. As in PyTorch 2.x a new event file
     * in the subfolder {@code <logDir>/<seconds since the epoch>} gets the experiment, session-start and session-end
     * summaries and then each metric as a scalar under its own tag (so metric tags should not be ones already
     * logged with {@link #addScalar}).
     *
     * @param hparams the hyperparameters: numbers, booleans (stored as 1.0/0.0, as PyTorch 2.x stores Python bools),
     *     strings, or a tensor (its first element); null values are skipped
     * @param metrics the metrics' final values, by tag
     * @throws IllegalArgumentException for another type of value
     */
    public void addHparams(Map<String, ?> hparams, Map<String, ? extends Number> metrics) {
        addHparams(hparams, metrics, Map.of(), null, 0);
    }

    /**
     * {@code add_hparams(hparam_dict, metric_dict, hparam_domain_discrete, run_name, global_step)}.
     *
     * @param hparamDomainDiscrete for some hyperparameters, every value they can take (of the same type as theirs)
     * @param runName the subfolder's name; null or empty for the current time in seconds, as Python prints it
     * @param step the step of the summaries and the metrics
     * @throws IllegalArgumentException when a domain names no hyperparameter or holds values of another type
     */
    public void addHparams(Map<String, ?> hparams, Map<String, ? extends Number> metrics,
                           Map<String, ? extends List<?>> hparamDomainDiscrete, String runName, long step) {
        List<Proto> summaries = HParams.summaries(hparams, metrics, hparamDomainDiscrete);
        String run = runName == null || runName.isEmpty() ? Py.repr(clock.getAsDouble()) : runName;
        fileWriter(); // as PyTorch, which asks the default file writer for the folder
        String dir = Path.of(logDir, run).toString();
        // PyTorch opens SummaryWriter(log_dir=...): default options, not this writer's
        try (SummaryWriter hp = new SummaryWriter(options().logDir(dir), clock)) {
            for (Proto s : summaries) hp.addDefault(s, step, clock.getAsDouble());
            for (Map.Entry<String, ? extends Number> m : metrics.entrySet()) hp.addScalar(m.getKey(), m.getValue().doubleValue(), step);
        }
    }

    /** Writes every waiting event of every event file to disk. */
    public synchronized void flush() {
        if (allWriters != null) allWriters.values().forEach(EventFileWriter::flush);
    }

    /** Writes what waits and closes every event file; a later event opens a new file, as in PyTorch. */
    @Override
    public synchronized void close() {
        if (allWriters == null) return;
        RuntimeException first = null;
        for (EventFileWriter w : allWriters.values()) {
            try {
                w.close();
            } catch (RuntimeException e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }
        allWriters = null;
        fileWriter = null;
        if (first != null) throw first;
    }

    private synchronized void addDefault(Proto summary, long step, double walltime) {
        add(fileWriter(), summary, step, walltime);
    }

    private static void add(EventFileWriter w, Proto summary, long step, double walltime) {
        w.addEvent(Summaries.event(walltime, step, summary));
    }

    /** PyTorch's _get_file_writer: the default event file, opened again after close(). */
    private synchronized EventFileWriter fileWriter() {
        if (fileWriter == null) {
            fileWriter = newFileWriter(Path.of(logDir));
            allWriters = new LinkedHashMap<>();
            allWriters.put(logDir, fileWriter);
        }
        return fileWriter;
    }

    private EventFileWriter newFileWriter(Path dir) {
        return new EventFileWriter(dir, options.maxQueue(), options.flushSecs(), options.filenameSuffix(), clock.getAsDouble());
    }

    private static double[] defaultBins() {
        int n = 0;
        for (double v = 1e-12; v < 1e20; v *= 1.1) n++;
        double[] bins = new double[2 * n + 1]; // bins[n] = 0
        double v = 1e-12;
        for (int i = 0; i < n; i++, v *= 1.1) {
            bins[n - 1 - i] = -v;
            bins[n + 1 + i] = v;
        }
        return bins;
    }
}
