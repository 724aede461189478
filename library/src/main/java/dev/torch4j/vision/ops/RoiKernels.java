package dev.torch4j.vision.ops;

/**
 * The RoI loops on the host, over a contiguous {@code [N, C, H, W]} input and {@code [K, 5]} rois, in the order and
 * arithmetic of torchvision's CPU kernels: every step of a float32 call is rounded to float ({@link #q}), which is
 * exact since each product, quotient, sum or difference of two floats is correctly rounded when computed in double
 * and then narrowed. Gradients are accumulated in torchvision's order (output element by element, sample by sample).
 */
final class RoiKernels {
    final int n, c, h, w, ph, pw;
    final boolean f32;

    RoiKernels(long[] inputShape, long ph, long pw, boolean f32) {
        this.n = (int) inputShape[0];
        this.c = (int) inputShape[1];
        this.h = (int) inputShape[2];
        this.w = (int) inputShape[3];
        this.ph = (int) ph;
        this.pw = (int) pw;
        this.f32 = f32;
    }

    /** One arithmetic result in the input's precision. */
    double q(double v) { return f32 ? (float) v : v; }

    /** C++'s std::round: halves away from zero. */
    private static double roundHalfAway(double v) {
        double a = Math.abs(v), r = Math.floor(a);
        if (a - r >= 0.5) r += 1;
        return Math.copySign(r, v);
    }

    /** The batch index of roi {@code k}, checked (torchvision would read out of bounds). */
    int batch(double[] rois, int k) {
        int b = (int) rois[5 * k];
        if (b < 0 || b >= n) {
            throw new IndexOutOfBoundsException("roi " + k + " has batch index " + rois[5 * k] + ", outside [0, " + n + ")");
        }
        return b;
    }

    /** Sampling grid of one roi: start, bin size and sample count along y then x. */
    private record Grid(double startH, double startW, double binH, double binW, int gridH, int gridW) {}

    /** The bilinear corners and weights of one sample point; {@code valid} false outside [-1, size]. */
    private final class Corners {
        int yLow, yHigh, xLow, xHigh;
        double w1, w2, w3, w4;
        boolean valid;

        void at(double y, double x) {
            valid = !(y < -1.0 || y > h || x < -1.0 || x > w);
            if (!valid) {
                w1 = w2 = w3 = w4 = 0;
                return;
            }
            if (y <= 0) y = 0;
            if (x <= 0) x = 0;
            yLow = (int) y;
            xLow = (int) x;
            if (yLow >= h - 1) {
                yHigh = yLow = h - 1;
                y = yLow;
            } else {
                yHigh = yLow + 1;
            }
            if (xLow >= w - 1) {
                xHigh = xLow = w - 1;
                x = xLow;
            } else {
                xHigh = xLow + 1;
            }
            double ly = q(y - yLow), lx = q(x - xLow), hy = q(1 - ly), hx = q(1 - lx);
            w1 = q(hy * hx);
            w2 = q(hy * lx);
            w3 = q(ly * hx);
            w4 = q(ly * lx);
        }

        double value(double[] x, int plane) {
            if (!valid) return 0;
            double v = q(w1 * x[plane + yLow * w + xLow]);
            v = q(v + q(w2 * x[plane + yLow * w + xHigh]));
            v = q(v + q(w3 * x[plane + yHigh * w + xLow]));
            return q(v + q(w4 * x[plane + yHigh * w + xHigh]));
        }

        void scatter(double[] grad, int plane, double g, double count) {
            if (!valid || xLow < 0 || xHigh < 0 || yLow < 0 || yHigh < 0) return;
            add(grad, plane + yLow * w + xLow, q(q(g * w1) / count));
            add(grad, plane + yLow * w + xHigh, q(q(g * w2) / count));
            add(grad, plane + yHigh * w + xLow, q(q(g * w3) / count));
            add(grad, plane + yHigh * w + xHigh, q(q(g * w4) / count));
        }
    }

    private void add(double[] grad, int i, double g) { grad[i] = q(grad[i] + g); }

    /** roi_align's grid: corners scaled (and shifted by half a pixel when aligned), at least 1x1 unless aligned. */
    private Grid alignGrid(double[] rois, int k, double scale, int samplingRatio, boolean aligned) {
        double s = q(scale), offset = aligned ? 0.5 : 0.0;
        double sw = q(q(rois[5 * k + 1] * s) - offset), sh = q(q(rois[5 * k + 2] * s) - offset);
        double ew = q(q(rois[5 * k + 3] * s) - offset), eh = q(q(rois[5 * k + 4] * s) - offset);
        double rw = q(ew - sw), rh = q(eh - sh);
        if (!aligned) {
            rw = Math.max(rw, 1.0);
            rh = Math.max(rh, 1.0);
        }
        double binH = q(rh / ph), binW = q(rw / pw);
        int gh = samplingRatio > 0 ? samplingRatio : (int) Math.ceil(q(rh / ph));
        int gw = samplingRatio > 0 ? samplingRatio : (int) Math.ceil(q(rw / pw));
        return new Grid(sh, sw, binH, binW, gh, gw);
    }

    /** The sample's coordinate: {@code start + p * bin + (i + .5) * bin / grid}, in torchvision's order. */
    private double sample(double start, int p, double bin, int i, int grid) {
        return q(q(start + q(p * bin)) + q(q((i + 0.5) * bin) / grid));
    }

    // ---------------------------------------------------------------- roi_align and ps_roi_align

    /** The input channel that output channel {@code co}'s bin (py, px) reads: itself, or its own one for the position-sensitive form. */
    private int inputChannel(int co, int py, int px, boolean ps) { return ps ? (co * ph + py) * pw + px : co; }

    /**
     * roi_align (ps false) or ps_roi_align (ps true: always half-pixel aligned, rois never widened to 1x1, a bin of
     * no samples 0/0 = NaN where roi_align divides by at least 1).
     */
    double[] align(double[] x, double[] rois, int k, double scale, int samplingRatio, boolean aligned, boolean ps) {
        int cOut = ps ? c / (ph * pw) : c;
        double[] out = new double[k * cOut * ph * pw];
        Corners cs = new Corners();
        for (int r = 0; r < k; r++) {
            int b = batch(rois, r);
            Grid g = alignGrid(rois, r, scale, samplingRatio, aligned || ps);
            double count = ps ? g.gridH * g.gridW : Math.max(g.gridH * g.gridW, 1);
            for (int co = 0; co < cOut; co++) {
                for (int py = 0; py < ph; py++) {
                    for (int px = 0; px < pw; px++) {
                        int plane = (b * c + inputChannel(co, py, px, ps)) * h * w;
                        double acc = 0;
                        for (int iy = 0; iy < g.gridH; iy++) {
                            double y = sample(g.startH, py, g.binH, iy, g.gridH);
                            for (int ix = 0; ix < g.gridW; ix++) {
                                cs.at(y, sample(g.startW, px, g.binW, ix, g.gridW));
                                acc = q(acc + cs.value(x, plane));
                            }
                        }
                        out[((r * cOut + co) * ph + py) * pw + px] = q(acc / count);
                    }
                }
            }
        }
        return out;
    }

    /** The input gradient of {@link #align}: each sample's bilinear weights times the bin's gradient over the sample count. */
    double[] alignBackward(double[] grad, double[] rois, int k, double scale, int samplingRatio, boolean aligned, boolean ps) {
        int cOut = ps ? c / (ph * pw) : c;
        double[] gin = new double[n * c * h * w];
        Corners cs = new Corners();
        for (int r = 0; r < k; r++) {
            int b = batch(rois, r);
            Grid g = alignGrid(rois, r, scale, samplingRatio, aligned || ps);
            double count = g.gridH * g.gridW;
            for (int co = 0; co < cOut; co++) {
                for (int py = 0; py < ph; py++) {
                    for (int px = 0; px < pw; px++) {
                        int plane = (b * c + inputChannel(co, py, px, ps)) * h * w;
                        double go = grad[((r * cOut + co) * ph + py) * pw + px];
                        for (int iy = 0; iy < g.gridH; iy++) {
                            double y = sample(g.startH, py, g.binH, iy, g.gridH);
                            for (int ix = 0; ix < g.gridW; ix++) {
                                cs.at(y, sample(g.startW, px, g.binW, ix, g.gridW));
                                cs.scatter(gin, plane, go, count);
                            }
                        }
                    }
                }
            }
        }
        return gin;
    }

    // ---------------------------------------------------------------- roi_pool and ps_roi_pool

    /** A pooling bin's window {@code [hs, he) x [ws, we)} in input pixels. */
    private record Window(int hs, int he, int ws, int we) {
        boolean empty() { return he <= hs || we <= ws; }
    }

    /**
     * The window of bin (py, px) of roi k: corners rounded half away from zero; roi_pool counts the end pixel
     * ({@code + 1}) and clips to {@code [0, size]}, ps_roi_pool's forward does not and clips to {@code [0, size - 1]}.
     */
    private Window window(double[] rois, int k, double scale, int py, int px, boolean ps) { return window(rois, k, scale, py, px, ps, ps); }

    /** As above; {@code clipBelowSize} picks the {@code size - 1} clip, which ps_roi_pool's backward does not use. */
    private Window window(double[] rois, int k, double scale, int py, int px, boolean ps, boolean clipBelowSize) {
        double s = q(scale);
        int sw = (int) roundHalfAway(q(rois[5 * k + 1] * s)), sh = (int) roundHalfAway(q(rois[5 * k + 2] * s));
        int ew = (int) roundHalfAway(q(rois[5 * k + 3] * s)), eh = (int) roundHalfAway(q(rois[5 * k + 4] * s));
        int extra = ps ? 0 : 1;
        int rw = Math.max(ew - sw + extra, 1), rh = Math.max(eh - sh + extra, 1);
        double binH = q((double) rh / ph), binW = q((double) rw / pw);
        int hs = (int) Math.floor(q(py * binH)), ws = (int) Math.floor(q(px * binW));
        int he = (int) Math.ceil(q((py + 1) * binH)), we = (int) Math.ceil(q((px + 1) * binW));
        int hMax = clipBelowSize ? h - 1 : h, wMax = clipBelowSize ? w - 1 : w;
        return new Window(clip(hs + sh, hMax), clip(he + sh, hMax), clip(ws + sw, wMax), clip(we + sw, wMax));
    }

    private static int clip(int v, int max) { return Math.min(Math.max(v, 0), max); }

    /** roi_pool's maxima and their flat indices in the plane (-1 for an empty bin, whose value is 0). */
    double[] roiPool(double[] x, double[] rois, int k, double scale, int[] argmax) {
        double[] out = new double[k * c * ph * pw];
        for (int r = 0; r < k; r++) {
            int b = batch(rois, r);
            for (int py = 0; py < ph; py++) {
                for (int px = 0; px < pw; px++) {
                    Window win = window(rois, r, scale, py, px, false);
                    for (int ch = 0; ch < c; ch++) {
                        int plane = (b * c + ch) * h * w, o = ((r * c + ch) * ph + py) * pw + px;
                        double max = win.empty() ? 0 : -Float.MAX_VALUE;
                        int best = -1;
                        for (int yy = win.hs; yy < win.he; yy++) {
                            for (int xx = win.ws; xx < win.we; xx++) {
                                if (x[plane + yy * w + xx] > max) {
                                    max = x[plane + yy * w + xx];
                                    best = yy * w + xx;
                                }
                            }
                        }
                        out[o] = max;
                        argmax[o] = best;
                    }
                }
            }
        }
        return out;
    }

    double[] roiPoolBackward(double[] grad, double[] rois, int k, int[] argmax) {
        double[] gin = new double[n * c * h * w];
        for (int r = 0; r < k; r++) {
            int b = batch(rois, r);
            for (int ch = 0; ch < c; ch++) {
                for (int o = 0; o < ph * pw; o++) {
                    int i = (r * c + ch) * ph * pw + o;
                    if (argmax[i] >= 0) add(gin, (b * c + ch) * h * w + argmax[i], grad[i]);
                }
            }
        }
        return gin;
    }

    /** ps_roi_pool: each bin the mean of its window in its own input channel; 0 for an empty bin. */
    double[] psRoiPool(double[] x, double[] rois, int k, double scale) {
        int cOut = c / (ph * pw);
        double[] out = new double[k * cOut * ph * pw];
        for (int r = 0; r < k; r++) {
            int b = batch(rois, r);
            for (int co = 0; co < cOut; co++) {
                for (int py = 0; py < ph; py++) {
                    for (int px = 0; px < pw; px++) {
                        Window win = window(rois, r, scale, py, px, true);
                        int plane = (b * c + (co * ph + py) * pw + px) * h * w;
                        double sum = 0;
                        for (int yy = win.hs; yy < win.he; yy++) {
                            for (int xx = win.ws; xx < win.we; xx++) sum = q(sum + x[plane + yy * w + xx]);
                        }
                        double area = (win.he - win.hs) * (win.we - win.ws);
                        out[((r * cOut + co) * ph + py) * pw + px] = win.empty() ? 0 : q(sum / area);
                    }
                }
            }
        }
        return out;
    }

    double[] psRoiPoolBackward(double[] grad, double[] rois, int k, double scale) {
        int cOut = c / (ph * pw);
        double[] gin = new double[n * c * h * w];
        for (int r = 0; r < k; r++) {
            int b = batch(rois, r);
            for (int co = 0; co < cOut; co++) {
                for (int py = 0; py < ph; py++) {
                    for (int px = 0; px < pw; px++) {
                        // torchvision's backward clips the window to [0, size], its forward to [0, size - 1]
                        Window win = window(rois, r, scale, py, px, true, false);
                        if (win.empty()) continue;
                        int plane = (b * c + (co * ph + py) * pw + px) * h * w;
                        double area = (win.he - win.hs) * (win.we - win.ws);
                        double g = q(grad[((r * cOut + co) * ph + py) * pw + px] / area);
                        for (int yy = win.hs; yy < win.he; yy++) {
                            for (int xx = win.ws; xx < win.we; xx++) add(gin, plane + yy * w + xx, g);
                        }
                    }
                }
            }
        }
        return gin;
    }
}
