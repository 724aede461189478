package dev.torch4j.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * CpuFft's stages over {@link #LANES} signals at once: element {@code i} of lane {@code v} at {@code [i * LANES + v]},
 * so every butterfly is one vector operation across the signals, with the same twiddle broadcast to all lanes.
 * The operations and their order are the scalar kernels' (no fused multiply-add), so a signal gets the same bits
 * whichever path transforms it, and results do not depend on how a batch falls into groups.
 */
final class CpuFftSimd {
    private CpuFftSimd() {}

    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    /** Signals per group: the lanes of the preferred double vector. */
    static final int LANES = DS.length();

    private static final double SIN_60 = Math.sqrt(3) / 2;
    private static final double COS_72 = Math.cos(2 * Math.PI / 5), COS_144 = Math.cos(4 * Math.PI / 5);
    private static final double SIN_72 = Math.sin(2 * Math.PI / 5), SIN_144 = Math.sin(4 * Math.PI / 5);

    private static DoubleVector v(double[] a, int i) { return DoubleVector.fromArray(DS, a, i); }

    static void radix2(double[] ar, double[] ai, double[] br, double[] bi, int l, int mp, double[] twr, double[] twi) {
        int mv = mp * LANES, stride = mv * l;
        for (int k = 0; k < l; k++) {
            double wr = twr[2 * k + 1], wi = twi[2 * k + 1];
            int a0 = mv * (2 * k), a1 = a0 + mv, b0 = mv * k;
            for (int m = 0; m < mv; m += LANES) {
                DoubleVector xr = v(ar, a1 + m), xi = v(ai, a1 + m);
                DoubleVector tr = xr.mul(wr).sub(xi.mul(wi)), ti = xi.mul(wr).add(xr.mul(wi));
                DoubleVector ur = v(ar, a0 + m), ui = v(ai, a0 + m);
                ur.add(tr).intoArray(br, b0 + m);
                ui.add(ti).intoArray(bi, b0 + m);
                ur.sub(tr).intoArray(br, b0 + stride + m);
                ui.sub(ti).intoArray(bi, b0 + stride + m);
            }
        }
    }

    static void radix4(double[] ar, double[] ai, double[] br, double[] bi, int l, int mp, double[] twr, double[] twi, int sign) {
        int mv = mp * LANES, stride = mv * l;
        for (int k = 0; k < l; k++) {
            double w1r = twr[4 * k + 1], w1i = twi[4 * k + 1], w2r = twr[4 * k + 2], w2i = twi[4 * k + 2];
            double w3r = twr[4 * k + 3], w3i = twi[4 * k + 3];
            int a0 = mv * (4 * k), b0 = mv * k;
            for (int m = 0; m < mv; m += LANES) {
                DoubleVector x0r = v(ar, a0 + m), x0i = v(ai, a0 + m);
                DoubleVector yr = v(ar, a0 + mv + m), yi = v(ai, a0 + mv + m);
                DoubleVector x1r = yr.mul(w1r).sub(yi.mul(w1i)), x1i = yi.mul(w1r).add(yr.mul(w1i));
                yr = v(ar, a0 + 2 * mv + m);
                yi = v(ai, a0 + 2 * mv + m);
                DoubleVector x2r = yr.mul(w2r).sub(yi.mul(w2i)), x2i = yi.mul(w2r).add(yr.mul(w2i));
                yr = v(ar, a0 + 3 * mv + m);
                yi = v(ai, a0 + 3 * mv + m);
                DoubleVector x3r = yr.mul(w3r).sub(yi.mul(w3i)), x3i = yi.mul(w3r).add(yr.mul(w3i));
                DoubleVector s02r = x0r.add(x2r), s02i = x0i.add(x2i), d02r = x0r.sub(x2r), d02i = x0i.sub(x2i);
                DoubleVector s13r = x1r.add(x3r), s13i = x1i.add(x3i), d13r = x1r.sub(x3r), d13i = x1i.sub(x3i);
                // w_4 = sign * i: (a + ib) w_4 = sign (-b + ia)
                DoubleVector rr = d13i.mul(-sign), ri = d13r.mul(sign);
                int b = b0 + m;
                s02r.add(s13r).intoArray(br, b);
                s02i.add(s13i).intoArray(bi, b);
                d02r.add(rr).intoArray(br, b + stride);
                d02i.add(ri).intoArray(bi, b + stride);
                s02r.sub(s13r).intoArray(br, b + 2 * stride);
                s02i.sub(s13i).intoArray(bi, b + 2 * stride);
                d02r.sub(rr).intoArray(br, b + 3 * stride);
                d02i.sub(ri).intoArray(bi, b + 3 * stride);
            }
        }
    }

    static void radix3(double[] ar, double[] ai, double[] br, double[] bi, int l, int mp, double[] twr, double[] twi, int sign) {
        int mv = mp * LANES, stride = mv * l;
        double s3 = sign * SIN_60;
        for (int k = 0; k < l; k++) {
            double w1r = twr[3 * k + 1], w1i = twi[3 * k + 1], w2r = twr[3 * k + 2], w2i = twi[3 * k + 2];
            int a0 = mv * (3 * k), b0 = mv * k;
            for (int m = 0; m < mv; m += LANES) {
                DoubleVector x0r = v(ar, a0 + m), x0i = v(ai, a0 + m);
                DoubleVector yr = v(ar, a0 + mv + m), yi = v(ai, a0 + mv + m);
                DoubleVector x1r = yr.mul(w1r).sub(yi.mul(w1i)), x1i = yi.mul(w1r).add(yr.mul(w1i));
                yr = v(ar, a0 + 2 * mv + m);
                yi = v(ai, a0 + 2 * mv + m);
                DoubleVector x2r = yr.mul(w2r).sub(yi.mul(w2i)), x2i = yi.mul(w2r).add(yr.mul(w2i));
                DoubleVector ur = x1r.add(x2r), ui = x1i.add(x2i), vr = x1r.sub(x2r), vi = x1i.sub(x2i);
                DoubleVector cr = x0r.sub(ur.mul(0.5)), ci = x0i.sub(ui.mul(0.5));
                DoubleVector pr = vi.mul(s3), pi = vr.mul(s3);
                int b = b0 + m;
                x0r.add(ur).intoArray(br, b);
                x0i.add(ui).intoArray(bi, b);
                cr.sub(pr).intoArray(br, b + stride);
                ci.add(pi).intoArray(bi, b + stride);
                cr.add(pr).intoArray(br, b + 2 * stride);
                ci.sub(pi).intoArray(bi, b + 2 * stride);
            }
        }
    }

    static void radix5(double[] ar, double[] ai, double[] br, double[] bi, int l, int mp, double[] twr, double[] twi, int sign) {
        int mv = mp * LANES, stride = mv * l;
        double s1 = sign * SIN_72, s2 = sign * SIN_144;
        for (int k = 0; k < l; k++) {
            int a0 = mv * (5 * k), b0 = mv * k;
            double w1r = twr[5 * k + 1], w1i = twi[5 * k + 1], w2r = twr[5 * k + 2], w2i = twi[5 * k + 2];
            double w3r = twr[5 * k + 3], w3i = twi[5 * k + 3], w4r = twr[5 * k + 4], w4i = twi[5 * k + 4];
            for (int m = 0; m < mv; m += LANES) {
                DoubleVector x0r = v(ar, a0 + m), x0i = v(ai, a0 + m);
                DoubleVector yr = v(ar, a0 + mv + m), yi = v(ai, a0 + mv + m);
                DoubleVector x1r = yr.mul(w1r).sub(yi.mul(w1i)), x1i = yi.mul(w1r).add(yr.mul(w1i));
                yr = v(ar, a0 + 2 * mv + m);
                yi = v(ai, a0 + 2 * mv + m);
                DoubleVector x2r = yr.mul(w2r).sub(yi.mul(w2i)), x2i = yi.mul(w2r).add(yr.mul(w2i));
                yr = v(ar, a0 + 3 * mv + m);
                yi = v(ai, a0 + 3 * mv + m);
                DoubleVector x3r = yr.mul(w3r).sub(yi.mul(w3i)), x3i = yi.mul(w3r).add(yr.mul(w3i));
                yr = v(ar, a0 + 4 * mv + m);
                yi = v(ai, a0 + 4 * mv + m);
                DoubleVector x4r = yr.mul(w4r).sub(yi.mul(w4i)), x4i = yi.mul(w4r).add(yr.mul(w4i));
                DoubleVector u1r = x1r.add(x4r), u1i = x1i.add(x4i), v1r = x1r.sub(x4r), v1i = x1i.sub(x4i);
                DoubleVector u2r = x2r.add(x3r), u2i = x2i.add(x3i), v2r = x2r.sub(x3r), v2i = x2i.sub(x3i);
                DoubleVector c1r = x0r.add(u1r.mul(COS_72)).add(u2r.mul(COS_144));
                DoubleVector c1i = x0i.add(u1i.mul(COS_72)).add(u2i.mul(COS_144));
                DoubleVector c2r = x0r.add(u1r.mul(COS_144)).add(u2r.mul(COS_72));
                DoubleVector c2i = x0i.add(u1i.mul(COS_144)).add(u2i.mul(COS_72));
                DoubleVector d1r = v1r.mul(s1).add(v2r.mul(s2)), d1i = v1i.mul(s1).add(v2i.mul(s2));
                DoubleVector d2r = v1r.mul(s2).sub(v2r.mul(s1)), d2i = v1i.mul(s2).sub(v2i.mul(s1));
                int b = b0 + m;
                x0r.add(u1r).add(u2r).intoArray(br, b);
                x0i.add(u1i).add(u2i).intoArray(bi, b);
                c1r.sub(d1i).intoArray(br, b + stride);
                c1i.add(d1r).intoArray(bi, b + stride);
                c2r.sub(d2i).intoArray(br, b + 2 * stride);
                c2i.add(d2r).intoArray(bi, b + 2 * stride);
                c2r.add(d2i).intoArray(br, b + 3 * stride);
                c2i.sub(d2r).intoArray(bi, b + 3 * stride);
                c1r.add(d1i).intoArray(br, b + 4 * stride);
                c1i.sub(d1r).intoArray(bi, b + 4 * stride);
            }
        }
    }

    /** {@code d[i] = x[i] * c[i / LANES]} (complex) for i below {@code n * LANES}: a chirp applied to every lane. */
    static void chirp(double[] xr, double[] xi, double[] cr, double[] ci, int n, double[] dr, double[] di) {
        for (int k = 0; k < n; k++) {
            double c = cr[k], s = ci[k];
            int i = k * LANES;
            DoubleVector a = v(xr, i), b = v(xi, i);
            a.mul(c).sub(b.mul(s)).intoArray(dr, i);
            a.mul(s).add(b.mul(c)).intoArray(di, i);
        }
    }
}
