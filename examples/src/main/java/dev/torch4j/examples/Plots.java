package dev.torch4j.examples;

import dev.torch4j.Device;
import dev.torch4j.Tensor;
import dev.torch4j.data.Dataset;
import dev.torch4j.data.Example;
import dev.torch4j.data.TensorDataset;
import dev.torch4j.nn.Module;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.torch4j.Torch.noGrad;

/** Small PNG charts for the examples, drawn with Java2D (headless). */
final class Plots {
    private Plots() {}

    // matplotlib's default colormap (viridis) ends: purple and yellow
    static final Color PURPLE = new Color(0x44, 0x01, 0x54), YELLOW = new Color(0xFD, 0xE7, 0x25);
    private static final Color LIGHT_PURPLE = new Color(0xC9, 0xB6, 0xD6), LIGHT_YELLOW = new Color(0xFF, 0xF6, 0xB8);
    private static final int W = 760, H = 640, LEFT = 64, RIGHT = 24, TOP = 44, BOTTOM = 54;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static Graphics2D canvas(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        return g;
    }

    /** Draws text when fonts are available (a bare headless JVM may have none: the chart is still useful). */
    private static void text(Graphics2D g, String s, double x, double y, int size, boolean centred) {
        try {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
            int w = centred ? g.getFontMetrics().stringWidth(s) : 0;
            g.drawString(s, (float) (x - w / 2.0), (float) y);
        } catch (Throwable t) {
            // no font subsystem: skip labels
        }
    }

    /** Writes a temporary file beside {@code path}, then moves it into place: a reader never sees half a PNG. */
    private static void save(BufferedImage img, Path path) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
        try {
            if (!ImageIO.write(img, "png", tmp.toFile())) throw new IOException("no PNG writer in this JVM");
            Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A sheet of grey images {@code [n, 1, h, w]} (values about [0, 1]), 8 to a row, each scaled up 4x and captioned
     * with its predicted class: green when it equals the label, red otherwise.
     */
    static void labelledImages(Path path, Tensor images, Tensor predicted, Tensor labels, List<String> classes) throws IOException {
        int n = (int) images.size(0), h = (int) images.size(2), w = (int) images.size(3), scale = 4, cols = 8;
        int cellW = w * scale + 16, cellH = h * scale + 30, rows = (n + cols - 1) / cols;
        BufferedImage img = new BufferedImage(cols * cellW, rows * cellH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        float[] px = images.clamp(0, 1).contiguous().toFloatArray();
        long[] pred = predicted.toLongArray(), lab = labels.toLongArray();
        for (int i = 0; i < n; i++) {
            int x0 = (i % cols) * cellW + 8, y0 = (i / cols) * cellH + 6;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int v = Math.round(px[(i * h + y) * w + x] * 255);
                    g.setColor(new Color(v, v, v));
                    g.fillRect(x0 + x * scale, y0 + y * scale, scale, scale);
                }
            }
            g.setColor(pred[i] == lab[i] ? new Color(0x2C, 0xA0, 0x2C) : new Color(0xD6, 0x27, 0x28));
            text(g, classes.get((int) pred[i]), x0 + w * scale / 2.0, y0 + h * scale + 18, 12, true);
        }
        g.dispose();
        save(img, path);
    }

    /** Tick positions: a "nice" step (1, 2 or 5 times a power of ten) giving about {@code n} ticks. */
    static double niceStep(double range, int n) {
        double raw = range / n, mag = Math.pow(10, Math.floor(Math.log10(raw))), r = raw / mag;
        return (r < 1.5 ? 1 : r < 3.5 ? 2 : r < 7.5 ? 5 : 10) * mag;
    }

    private static String tick(double v, double step) {
        if (step >= 1) return Long.toString(Math.round(v));
        int decimals = (int) Math.ceil(-Math.log10(step));
        return String.format("%." + decimals + "f", v);
    }

    private static void axes(Graphics2D g, double x0, double x1, double y0, double y1, String xLabel, String yLabel) {
        int pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1.2f));
        g.drawRect(LEFT, TOP, pw, ph);
        double sx = niceStep(x1 - x0, 8), sy = niceStep(y1 - y0, 8);
        for (double v = Math.ceil(x0 / sx) * sx; v <= x1 + 1e-9; v += sx) {
            int px = (int) Math.round(LEFT + (v - x0) / (x1 - x0) * pw);
            g.drawLine(px, TOP + ph, px, TOP + ph + 5);
            text(g, tick(v, sx), px, TOP + ph + 19, 12, true);
        }
        for (double v = Math.ceil(y0 / sy) * sy; v <= y1 + 1e-9; v += sy) {
            int py = (int) Math.round(TOP + ph - (v - y0) / (y1 - y0) * ph);
            g.drawLine(LEFT - 5, py, LEFT, py);
            text(g, tick(v, sy), LEFT - 26, py + 4, 12, true);
        }
        text(g, xLabel, LEFT + pw / 2.0, H - 12, 14, true);
        try {
            Graphics2D r = (Graphics2D) g.create();
            r.rotate(-Math.PI / 2);
            text(r, yLabel, -(TOP + ph / 2.0), 18, 14, true);
            r.dispose();
        } catch (Throwable t) {
            // no font subsystem
        }
    }

    private static Color blend(Color a, Color b, double t) {
        return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }

    /**
     * The points of {@code all} coloured by label over the network's class probability (light purple to light
     * yellow), with the decision boundary (probability 1/2) as a dark line; test points are ringed in white.
     */
    static void decisionBoundary(Path path, Module net, TensorDataset all, Dataset<Example> test, Device device, String title)
            throws IOException {
        Tensor x = all.tensors().get(0), y = all.tensors().get(1);
        double x0 = x.index(dev.torch4j.Torch.ALL, 0).min().item() - 0.5, x1 = x.index(dev.torch4j.Torch.ALL, 0).max().item() + 0.5;
        double y0 = x.index(dev.torch4j.Torch.ALL, 1).min().item() - 0.5, y1 = x.index(dev.torch4j.Torch.ALL, 1).max().item() + 0.5;
        int pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
        double[] prob;
        net.eval();
        try (var g = noGrad()) {
            Tensor pts = Classifier.grid(x0, x1, y0, y1, pw, ph).to(device);
            prob = net.call(pts).softmax(1).index(dev.torch4j.Torch.ALL, 1).cpu().toDoubleArray();
        }
        net.train();
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        for (int r = 0; r < ph; r++) {
            for (int c = 0; c < pw; c++) {
                double p = prob[r * pw + c];
                boolean cls = p >= 0.5;
                boolean edge = (c + 1 < pw && (prob[r * pw + c + 1] >= 0.5) != cls) || (r + 1 < ph && (prob[(r + 1) * pw + c] >= 0.5) != cls);
                img.setRGB(LEFT + c, TOP + r, edge ? 0x202020 : blend(LIGHT_PURPLE, LIGHT_YELLOW, p).getRGB());
            }
        }
        java.util.Set<Long> testRows = new java.util.HashSet<>();
        if (test instanceof dev.torch4j.data.Subset<?> s) for (long i : s.indices()) testRows.add(i);
        double[] xs = x.toDoubleArray();
        long[] labels = y.toLongArray();
        for (int i = 0; i < labels.length; i++) {
            double px = LEFT + (xs[2 * i] - x0) / (x1 - x0) * pw, py = TOP + ph - (xs[2 * i + 1] - y0) / (y1 - y0) * ph;
            boolean isTest = testRows.contains((long) i);
            double rad = isTest ? 4.5 : 3.5;
            Ellipse2D dot = new Ellipse2D.Double(px - rad, py - rad, 2 * rad, 2 * rad);
            g.setColor(labels[i] == 0 ? PURPLE : YELLOW);
            g.fill(dot);
            g.setStroke(new BasicStroke(isTest ? 1.6f : 0.6f));
            g.setColor(isTest ? Color.WHITE : new Color(0x30, 0x30, 0x30));
            g.draw(dot);
        }
        axes(g, x0, x1, y0, y1, "x1", "x2");
        g.setColor(Color.BLACK);
        text(g, title, W / 2.0, 28, 16, true);
        legend(g, W - RIGHT - 170, TOP + 12);
        g.dispose();
        save(img, path);
    }

    private static void legend(Graphics2D g, int x, int y) {
        g.setColor(new Color(255, 255, 255, 220));
        g.fillRect(x, y, 160, 62);
        g.setColor(Color.GRAY);
        g.drawRect(x, y, 160, 62);
        Object[][] rows = {{PURPLE, "purple (label 0)"}, {YELLOW, "yellow (label 1)"}};
        for (int i = 0; i < rows.length; i++) {
            g.setColor((Color) rows[i][0]);
            g.fillOval(x + 10, y + 10 + 16 * i, 9, 9);
            g.setColor(Color.BLACK);
            text(g, (String) rows[i][1], x + 26, y + 19 + 16 * i, 12, false);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawOval(x + 10, y + 42, 9, 9);
        text(g, "test point (ringed)", x + 26, y + 51, 12, false);
    }

    /** Per-step losses (thin) and per-epoch means (dots at each epoch's last step). */
    static void lossCurve(Path path, List<Double> steps, List<Double> epochs, long stepsPerEpoch, String title) throws IOException {
        lossCurve(path, steps, epochs, stepsPerEpoch, title, "epoch mean");
    }

    /** Per-step losses (thin) and the means of each group of {@code stepsPerEpoch} steps, labelled {@code meanLabel}. */
    static void lossCurve(Path path, List<Double> steps, List<Double> epochs, long stepsPerEpoch, String title, String meanLabel)
            throws IOException {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        int pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
        double maxY = 0;
        for (double v : steps) maxY = Math.max(maxY, v);
        maxY = maxY <= 0 ? 1 : maxY * 1.05;
        double maxX = Math.max(1, steps.size());
        Path2D line = new Path2D.Double();
        for (int i = 0; i < steps.size(); i++) {
            double px = LEFT + (i + 1) / maxX * pw, py = TOP + ph - steps.get(i) / maxY * ph;
            if (i == 0) line.moveTo(px, py);
            else line.lineTo(px, py);
        }
        g.setColor(new Color(0x1F, 0x77, 0xB4));
        g.setStroke(new BasicStroke(1.2f));
        g.draw(line);
        g.setColor(new Color(0xD6, 0x27, 0x28));
        for (int e = 0; e < epochs.size(); e++) {
            double px = LEFT + (e + 1) * stepsPerEpoch / maxX * pw, py = TOP + ph - epochs.get(e) / maxY * ph;
            g.fill(new Ellipse2D.Double(px - 4, py - 4, 8, 8));
        }
        axes(g, 0, maxX, 0, maxY, "step (batch)", "loss");
        g.setColor(Color.BLACK);
        text(g, title, W / 2.0, 28, 16, true);
        g.setColor(new Color(0x1F, 0x77, 0xB4));
        text(g, "per batch", W - RIGHT - 160, TOP + 24, 12, false);
        g.setColor(new Color(0xD6, 0x27, 0x28));
        text(g, meanLabel, W - RIGHT - 160, TOP + 42, 12, false);
        g.dispose();
        save(img, path);
    }
}
