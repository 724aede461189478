package dev.torch4j.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws the side-by-side speed ratios as a PNG bar chart: one horizontal bar per workload on a log scale from 1/8x
 * to 16x, green where the target is met and red where it is not, the target as a black tick and 1x as a
 * grey line. Usage: {@code RatioChart RATIOS_TSV OUT_PNG TITLE}, the TSV holding {@code name, ratio, target} lines
 * (written by {@code benchmarks/python/side_by_side_table.py}).
 */
public final class RatioChart {
    private RatioChart() {}

    private static final double LO = 1.0 / 8, HI = 16;
    private static final int ROW = 22, LEFT = 290, WIDTH = 900, TOP = 50, RIGHT = 70;

    record Row(String name, double ratio, double target) {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) throw new IllegalArgumentException("usage: RatioChart RATIOS_TSV OUT_PNG TITLE");
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            String[] f = line.split("\t");
            if (f.length == 3) rows.add(new Row(f[0], Double.parseDouble(f[1]), Double.parseDouble(f[2])));
        }
        BufferedImage img = draw(rows, args[2]);
        Path out = Path.of(args[1]);
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        ImageIO.write(img, "png", tmp.toFile());
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static int x(double ratio, int plotWidth) {
        double r = Math.max(LO, Math.min(HI, ratio));
        return LEFT + (int) Math.round((Math.log(r / LO) / Math.log(HI / LO)) * plotWidth);
    }

    static BufferedImage draw(List<Row> rows, String title) {
        System.setProperty("java.awt.headless", "true");
        int height = TOP + rows.size() * ROW + 40, plot = WIDTH - LEFT - RIGHT;
        BufferedImage img = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title + "  (speed ratio: above 1x torch4j is faster)", 10, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int bottom = TOP + rows.size() * ROW;
        for (double t = LO; t <= HI * 1.001; t *= 2) { // grid and axis labels at powers of two
            int gx = x(t, plot);
            g.setColor(t == 1 ? Color.GRAY : new Color(230, 230, 230));
            g.setStroke(new BasicStroke(t == 1 ? 2f : 1f));
            g.drawLine(gx, TOP - 6, gx, bottom);
            g.setColor(Color.DARK_GRAY);
            String label = t >= 1 ? String.format(Locale.ROOT, "%.0fx", t) : "1/" + Math.round(1 / t) + "x";
            g.drawString(label, gx - g.getFontMetrics().stringWidth(label) / 2, bottom + 16);
        }
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            int y = TOP + i * ROW;
            g.setColor(Color.BLACK);
            g.drawString(r.name(), LEFT - 8 - g.getFontMetrics().stringWidth(r.name()), y + 15);
            int x1 = x(1, plot), x2 = x(r.ratio(), plot);
            g.setColor(r.ratio() >= r.target() ? new Color(60, 160, 80) : new Color(210, 70, 60));
            g.fillRect(Math.min(x1, x2), y + 4, Math.max(2, Math.abs(x2 - x1)), ROW - 8);
            int tx = x(r.target(), plot);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(2f));
            g.drawLine(tx, y + 2, tx, y + ROW - 2);
            g.drawString(String.format(Locale.ROOT, "%.2fx", r.ratio()), Math.max(x1, x2) + 5, y + 15);
        }
        g.dispose();
        return img;
    }
}
