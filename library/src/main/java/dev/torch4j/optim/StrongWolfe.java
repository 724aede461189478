package dev.torch4j.optim;

import dev.torch4j.Tensor;

import java.util.List;

/**
 * The strong-Wolfe line search of {@link LBFGS} (PyTorch's {@code _strong_wolfe}, from Torch7's lswolfe): bracket an
 * interval containing a step that satisfies the Armijo and curvature conditions, then zoom into it by safeguarded
 * cubic interpolation.
 */
final class StrongWolfe {
    private StrongWolfe() {}

    private static final double C1 = 1e-4, C2 = 0.9;
    private static final int MAX_LS = 25;

    /** The loss and flat gradient at {@code x + t d} (the parameters are restored afterwards). */
    record Eval(double f, Tensor g) {}

    /** The step found, with its loss and gradient and how many evaluations it took. */
    record Result(double f, Tensor g, double t, int evals) {}

    @FunctionalInterface
    interface Objective {
        Eval at(List<Tensor> x, double t, Tensor d);
    }

    /** The minimiser of the cubic through (x1, f1, g1) and (x2, f2, g2), clamped to the bounds (PyTorch's form). */
    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, double lo, double hi) {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0) {
            double d2 = Math.sqrt(d2Square);
            double minPos = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                    : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            return Math.min(Math.max(minPos, lo), hi);
        }
        return (lo + hi) / 2;
    }

    private static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2) {
        return cubicInterpolate(x1, f1, g1, x2, f2, g2, Math.min(x1, x2), Math.max(x1, x2));
    }

    static Result search(Objective obj, List<Tensor> x, double t, Tensor d, double f, Tensor g, double gtd, double tolChange) {
        double dNorm = d.abs().max().item();
        g = g.clone();
        Eval e = obj.at(x, t, d);
        double fNew = e.f();
        Tensor gNew = e.g();
        int evals = 1;
        double gtdNew = gNew.dot(d).item();

        double tPrev = 0, fPrev = f, gtdPrev = gtd;
        Tensor gPrev = g;
        boolean done = false;
        int lsIter = 0;
        double[] bracket = null, bracketF = null, bracketGtd = null;
        Tensor[] bracketG = null;
        while (lsIter < MAX_LS) {
            if (fNew > f + C1 * t * gtd || lsIter > 1 && fNew >= fPrev) {
                bracket = new double[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new Tensor[] {gPrev, gNew.clone()};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            if (Math.abs(gtdNew) <= -C2 * gtd) {
                bracket = new double[] {t};
                bracketF = new double[] {fNew};
                bracketG = new Tensor[] {gNew};
                done = true;
                break;
            }
            if (gtdNew >= 0) {
                bracket = new double[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new Tensor[] {gPrev, gNew.clone()};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            // extrapolate between 1.01 t and 10 t
            double minStep = t + 0.01 * (t - tPrev), maxStep = t * 10, tmp = t;
            t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            tPrev = tmp;
            fPrev = fNew;
            gPrev = gNew.clone();
            gtdPrev = gtdNew;
            e = obj.at(x, t, d);
            fNew = e.f();
            gNew = e.g();
            evals++;
            gtdNew = gNew.dot(d).item();
            lsIter++;
        }
        if (lsIter == MAX_LS) {
            bracket = new double[] {0, t};
            bracketF = new double[] {f, fNew};
            bracketG = new Tensor[] {g, gNew};
        }

        // zoom: shrink the bracket until a point satisfies the conditions
        boolean insufficientProgress = false;
        int lowPos = bracketF[0] <= bracketF[bracketF.length - 1] ? 0 : 1, highPos = 1 - lowPos;
        while (!done && lsIter < MAX_LS) {
            if (Math.abs(bracket[1] - bracket[0]) * dNorm < tolChange) break;
            t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);
            double hi = Math.max(bracket[0], bracket[1]), lo = Math.min(bracket[0], bracket[1]), eps = 0.1 * (hi - lo);
            if (Math.min(hi - t, t - lo) < eps) {
                // too close to an end: after insufficient progress (or at the end itself) move 10% inside
                if (insufficientProgress || t >= hi || t <= lo) {
                    t = Math.abs(t - hi) < Math.abs(t - lo) ? hi - eps : lo + eps;
                    insufficientProgress = false;
                } else {
                    insufficientProgress = true;
                }
            } else {
                insufficientProgress = false;
            }
            e = obj.at(x, t, d);
            fNew = e.f();
            gNew = e.g();
            evals++;
            gtdNew = gNew.dot(d).item();
            lsIter++;
            if (fNew > f + C1 * t * gtd || fNew >= bracketF[lowPos]) {
                bracket[highPos] = t;
                bracketF[highPos] = fNew;
                bracketG[highPos] = gNew.clone();
                bracketGtd[highPos] = gtdNew;
                lowPos = bracketF[0] <= bracketF[1] ? 0 : 1;
                highPos = 1 - lowPos;
            } else {
                if (Math.abs(gtdNew) <= -C2 * gtd) {
                    done = true;
                } else if (gtdNew * (bracket[highPos] - bracket[lowPos]) >= 0) {
                    bracket[highPos] = bracket[lowPos];
                    bracketF[highPos] = bracketF[lowPos];
                    bracketG[highPos] = bracketG[lowPos];
                    bracketGtd[highPos] = bracketGtd[lowPos];
                }
                bracket[lowPos] = t;
                bracketF[lowPos] = fNew;
                bracketG[lowPos] = gNew.clone();
                bracketGtd[lowPos] = gtdNew;
            }
        }
        return new Result(bracketF[lowPos], bracketG[lowPos], bracket[lowPos], evals);
    }
}
