package dev.torch4j.ops;

import dev.torch4j.Tensor;
import dev.torch4j.autograd.FnNode;
import dev.torch4j.autograd.Graph;
import dev.torch4j.autograd.SavedTensor;

import java.util.List;

/**
 * Derivatives of the factorizations and solves (PyTorch's {@code FunctionsManual.cpp} formulas), written with Tensor
 * ops and the linalg functions themselves so they are differentiable again. The engine sums gradients over broadcast
 * batch dims. The formulas are PyTorch's complex ones (conjugate transposes {@code mH}, which is {@code mT} for real
 * matrices, and {@code conj} where PyTorch conjugates), in its convention: the gradient of a real loss at a complex
 * input is {@code dL/dRe + i dL/dIm}. eigh's and svd's complex vectors are free up to a phase per column: as
 * PyTorch's, their backward refuses a loss that depends on those phases.
 */
final class DecompositionsGrad {
    private DecompositionsGrad() {}

    private static Tensor eye(Tensor like, long n) { return Creation.eye(n, n, like.dtype(), like.device()); }

    /** {@code v} (real or complex) on the diagonal of a batch of matrices: {@code diag_embed(v)}. */
    private static Tensor diagEmbed(Tensor v) {
        return v.unsqueeze(-1).mul(Creation.eye(v.size(-1), v.size(-1), v.dtype().toReal(), v.device()));
    }

    /**
     * {@code X = A^-1 B} (left) or {@code X = B A^-1}, A triangular: {@code gB = A^-H g} (or {@code g A^-H}) and
     * {@code gA = -gB X^H} (or {@code -X^H gB}) kept on A's triangle.
     */
    static Tensor solveTriangular(Tensor a, Tensor b, Tensor x, boolean upper, boolean left, boolean unit) {
        FnNode n = Graph.node("LinalgSolveTriangularBackward0", a, b);
        SavedTensor sa = n.save(a), sx = n.needsInputGrad(0) ? n.save(x) : null;
        return n.backward(g -> {
            Tensor gb = LinalgFunctions.solveTriangular(sa.get().mH(), g[0], !upper, left, unit);
            Tensor ga = null;
            if (sx != null) {
                ga = (left ? gb.matmul(sx.get().mH()) : sx.get().mH().matmul(gb)).neg();
                ga = upper ? ga.triu(unit ? 1 : 0) : ga.tril(unit ? -1 : 0);
            }
            return new Tensor[] {ga, n.needsInputGrad(1) ? gb : null};
        }).output(x);
    }

    /**
     * {@code X = A^-1 B}: {@code gB = A^-H g}, {@code gA = -gB X^H}; for {@code X = B A^-1}: {@code gB = g A^-H},
     * {@code gA = -X^H gB}; a vector B is one column.
     */
    static Tensor solve(Tensor a, Tensor b, Tensor x, boolean left, boolean vector) {
        FnNode n = Graph.node("LinalgSolveExBackward0", a, b);
        SavedTensor sa = n.save(a), sx = n.needsInputGrad(0) ? n.save(x) : null;
        return n.backward(g -> {
            Tensor gb = LinalgFunctions.solve(sa.get().mH(), g[0], left);
            Tensor ga = null;
            if (sx != null) {
                Tensor X = sx.get();
                ga = vector ? gb.unsqueeze(-1).mul(X.conj().unsqueeze(-2)) : left ? gb.matmul(X.mH()) : X.mH().matmul(gb);
                ga = ga.neg();
            }
            return new Tensor[] {ga, n.needsInputGrad(1) ? gb : null};
        }).output(x);
    }

    /** {@code X = A^-1}: {@code gA = -X^H g X^H}. */
    static Tensor inv(Tensor a, Tensor x) {
        FnNode n = Graph.node("LinalgInvExBackward0", a);
        SavedTensor sx = n.save(x);
        return n.backward(g -> {
            Tensor xt = sx.get().mH();
            return new Tensor[] {xt.matmul(g[0]).matmul(xt).neg()};
        }).output(x);
    }

    /**
     * {@code d = det(A)}: {@code gA = g conj(d) A^-H}; where some matrix of the batch is singular, the adjugate from the
     * SVD instead ({@code g conj(det(U) det(Vh)) U diag(prod_{j != i} s_j) Vh}), which is defined there too.
     */
    static Tensor det(Tensor a, Tensor d) {
        FnNode n = Graph.node("LinalgDetBackward0", a);
        SavedTensor sa = n.save(a), sd = n.save(d);
        return n.backward(gs -> {
            Tensor g = gs[0], A = sa.get(), det = sd.get();
            boolean singular;
            try (var ng = dev.torch4j.autograd.GradMode.noGrad()) {
                singular = det.eq(0.0).any().itemBool();
            }
            if (!singular) return new Tensor[] {LinalgFunctions.inv(A).mH().mul(g.mul(det.conj()).unsqueeze(-1).unsqueeze(-1))};
            Tensor[] usv = LinalgFunctions.svd(A, false);
            Tensor sign;
            try (var ng = dev.torch4j.autograd.GradMode.noGrad()) {
                sign = LinalgFunctions.det(usv[0]).mul(LinalgFunctions.det(usv[2])).conj();
            }
            long k = usv[1].size(-1);
            Tensor I = eye(A, k);
            Tensor others = usv[1].unsqueeze(-2).mul(I.neg().add(1.0)).add(I).prod(-1);
            Tensor scale = others.mul(g.mul(sign).unsqueeze(-1));
            return new Tensor[] {usv[0].mul(scale.unsqueeze(-2)).matmul(usv[2])};
        }).output(d);
    }

    /**
     * {@code {sign, logabsdet}} of a real matrix: {@code gA = g A^-T} from logabsdet's gradient. The sign is an
     * output of the node too, as in PyTorch (it requires grad; its gradient, constant sign, adds nothing).
     */
    static void slogdet(Tensor a, Tensor[] signAndLog) {
        FnNode n = Graph.node("LinalgSlogdetBackward0", 2, a);
        SavedTensor sa = n.save(a);
        n.backward(gs -> gs[1] == null ? new Tensor[] {null}
                : new Tensor[] {LinalgFunctions.inv(sa.get()).mT().mul(gs[1].unsqueeze(-1).unsqueeze(-1))})
                .outputs(signAndLog);
    }

    /**
     * {@code {sign, logabsdet}} of a complex matrix (PyTorch's slogdet_backward): {@code gA = g A^-H} with
     * {@code g = g_logabsdet - i Im(conj(g_sign) sign)}.
     */
    static void slogdetComplex(Tensor a, Tensor[] signAndLog) {
        FnNode n = Graph.node("LinalgSlogdetBackward0", 2, a);
        SavedTensor sa = n.save(a), ss = n.save(signAndLog[0]);
        n.backward(gs -> {
            Tensor gSign = gs[0], gLog = gs[1];
            if (gSign == null && gLog == null) return new Tensor[] {null};
            Tensor g = gLog == null ? null : gLog.to(sa.get().dtype());
            if (gSign != null) {
                Tensor im = gSign.conj().mul(ss.get()).imag();
                Tensor phase = ComplexOps.complex(im.mul(0.0), im.neg());
                g = g == null ? phase : g.add(phase);
            }
            return new Tensor[] {LinalgFunctions.inv(sa.get()).mH().mul(g.unsqueeze(-1).unsqueeze(-1))};
        }).outputs(signAndLog);
    }

    /**
     * {@code A = L L^H} (PyTorch's cholesky_backward): with {@code T = tril(L^H gL)},
     * {@code gA = L^-H (T + tril(T, -1)^H) / 2 L^-1}, Hermitian but for the diagonal, which keeps T's (PyTorch's
     * {@code 0.5 * (X + X^H - diag(X))} adjoint); for the upper factor {@code L = U^H}.
     */
    static Tensor cholesky(Tensor a, Tensor l, boolean upper) {
        FnNode n = Graph.node("LinalgCholeskyExBackward0", a);
        SavedTensor sl = n.save(l);
        return n.backward(gs -> {
            Tensor L = upper ? sl.get().mH() : sl.get(), gL = upper ? gs[0].mH() : gs[0];
            Tensor t = L.mH().matmul(gL).tril();
            Tensor ga = t.add(t.tril(-1).mH()).mul(0.5);
            ga = LinalgFunctions.solveTriangular(L.mH(), ga, true, true, false);
            return new Tensor[] {LinalgFunctions.solveTriangular(L, ga, false, false, false)};
        }).output(l);
    }

    /**
     * {@code A = Q R} (PyTorch's linalg_qr_backward). For m &gt;= n: {@code M = R gR^H - gQ^H Q},
     * {@code gA = (gQ + Q copyltu(M)) R^-H} with {@code copyltu(M)} the Hermitian matrix of M's strict lower triangle
     * and the real part of its diagonal (R's diagonal is real). For m &lt; n, A = [X | Y] with X = Q R1 square and
     * Y = Q R2: {@code gY = Q gR2} and X's gradient from the square case with {@code gQ + Y gR2^H}.
     */
    static void qr(Tensor a, Tensor[] qr, String mode) {
        FnNode n = Graph.node("LinalgQrBackward0", 2, a);
        boolean hasQ = !mode.equals("r");
        SavedTensor sq = hasQ ? n.save(qr[0]) : null, sr = n.save(qr[1]);
        long m = a.size(-2), cols = a.size(-1);
        n.backward(gs -> {
            if (!hasQ) {
                throw new IllegalStateException("The derivative of linalg.qr depends on Q, which is not computed when "
                        + "mode='r'. Please use linalg.qr(A, mode='reduced') if you are going to differentiate through linalg.qr.");
            }
            if (mode.equals("complete") && m > cols) {
                throw new IllegalStateException("The QR decomposition is not differentiable when mode='complete' and nrows > ncols.");
            }
            Tensor Q = sq.get(), R = sr.get();
            if (m >= cols) return new Tensor[] {qrSquareOrTall(Q, R, gs[0], gs[1])};
            Tensor r1 = R.narrow(-1, 0, m), r2 = R.narrow(-1, m, cols - m);
            Tensor gR1 = gs[1] == null ? null : gs[1].narrow(-1, 0, m), gR2 = gs[1] == null ? null : gs[1].narrow(-1, m, cols - m);
            Tensor gQ = gs[0], gY = null;
            if (gR2 != null) {
                Tensor y = Q.matmul(r2);
                gQ = gQ == null ? y.matmul(gR2.mH()) : gQ.add(y.matmul(gR2.mH()));
                gY = Q.matmul(gR2);
            }
            Tensor gX = qrSquareOrTall(Q, r1, gQ, gR1);
            if (gY == null) gY = Dispatch.empty(concatShape(gX, cols - m), gX.dtype(), gX.device());
            return new Tensor[] {Joining.cat(List.of(gX, gY), -1)};
        }).outputs(qr[0].numel() == 0 && !hasQ ? null : qr[0], qr[1]);
    }

    private static long[] concatShape(Tensor t, long last) {
        long[] s = t.shapeArray();
        s[s.length - 1] = last;
        return s;
    }

    private static Tensor qrSquareOrTall(Tensor Q, Tensor R, Tensor gQ, Tensor gR) {
        Tensor M = null;
        if (gR != null) M = R.matmul(gR.mH());
        if (gQ != null) M = M == null ? gQ.mH().matmul(Q).neg() : M.sub(gQ.mH().matmul(Q));
        if (M == null) return null;
        Tensor low = M.tril(-1), sym;
        if (M.isComplex()) sym = low.add(low.mH()).add(diagEmbed(M.diagonal(0, -2, -1).real()));
        else sym = M.tril().add(low.mT());
        Tensor b = Q.matmul(sym);
        if (gQ != null) b = b.add(gQ);
        return LinalgFunctions.solveTriangular(R.mH(), b, false, false, false);
    }

    /**
     * {@code A = V diag(w) V^H} (PyTorch's linalg_eig_backward for Hermitian A):
     * {@code gA = V (skew(V^H gV) / E, its diagonal gw) V^H}, {@code E[i][j] = w_j - w_i} (1 on the diagonal),
     * {@code skew(X) = (X - X^H) / 2}; without gw the diagonal keeps {@code i Im(diag(V^H gV))}, as PyTorch's. For
     * complex A the loss must not depend on the eigenvectors' phases: PyTorch refuses it where
     * {@code Im(diag(V^H gV))} is not close to zero, and so does this.
     */
    static void eigh(Tensor a, Tensor[] wv) {
        FnNode n = Graph.node("LinalgEighBackward0", 2, a);
        SavedTensor sw = n.save(wv[0]), sv = n.save(wv[1]);
        n.backward(gs -> {
            Tensor w = sw.get(), V = sv.get(), gw = gs[0], gV = gs[1];
            Tensor inner;
            if (gV == null) {
                if (gw == null) return new Tensor[] {null};
                inner = diagEmbed(gw);
                if (V.isComplex()) inner = inner.to(V.dtype());
            } else {
                Tensor vg = V.mH().matmul(gV);
                if (vg.isComplex()) checkPhaseInvariant("linalg_eigh_backward", vg.diagonal(0, -2, -1));
                vg = vg.sub(vg.mH()).mul(0.5);
                Tensor I = eye(w, w.size(-1));
                inner = vg.div(w.unsqueeze(-2).sub(w.unsqueeze(-1)).add(I));
                if (gw != null) inner = (vg.isComplex() ? inner.mul(I.neg().add(1.0)) : inner).add(diagEmbed(gw));
            }
            return new Tensor[] {V.matmul(inner).matmul(V.mH())};
        }).outputs(wv);
    }

    /**
     * {@code A V = V diag(L)}, V's columns of unit norm (PyTorch's linalg_eig_backward): with
     * {@code X = V^H gV - V^H V diag(Re(diag(V^H gV)))} and {@code E[i][j] = conj(L_j - L_i)} (1 on the diagonal),
     * {@code gA = V^-H (X / E with gL on the diagonal) V^H}; values alone give {@code V^-H diag(gL) V^H}. A real
     * input's gradient is the real part. The loss must not depend on the eigenvectors' phases: PyTorch refuses it
     * where {@code Im(diag(V^H gV))} is not close to zero, and so does this.
     */
    static void eig(Tensor a, Tensor[] lv) {
        FnNode n = Graph.node("LinalgEigBackward0", 2, a);
        SavedTensor sl = n.save(lv[0]), sv = n.save(lv[1]);
        boolean real = !a.isComplex();
        n.backward(gs -> {
            Tensor gL = gs[0], gV = gs[1], L = sl.get(), V = sv.get();
            if (gL == null && gV == null) return new Tensor[] {null};
            Tensor vh = V.conj().mT(), inner;
            if (gV == null) {
                inner = diagEmbed(gL);
            } else {
                Tensor vhgv = vh.matmul(gV);
                Tensor d = vhgv.diagonal(0, -2, -1);
                checkPhaseInvariant("linalg_eig_backward", d);
                vhgv = vhgv.sub(vh.matmul(V.mul(d.real().unsqueeze(-2))));
                Tensor lc = L.conj(), I = eye(L.real(), L.size(-1));
                inner = vhgv.div(lc.unsqueeze(-2).sub(lc.unsqueeze(-1)).add(I));
                if (gL != null) inner = inner.mul(I.neg().add(1.0)).add(diagEmbed(gL));
            }
            Tensor ga = LinalgFunctions.solve(vh, inner.matmul(vh), true);
            return new Tensor[] {real ? ga.real() : ga};
        }).outputs(lv);
    }

    private static void checkPhaseInvariant(String op, Tensor diagVhgV) {
        boolean ok;
        try (var g = dev.torch4j.autograd.GradMode.noGrad()) {
            ok = diagVhgV.imag().abs().le(1e-2).all().itemBool();  // allclose(im, 0, rtol=1e-2, atol=1e-2)
        }
        if (!ok) {
            throw new IllegalArgumentException(op + ": The eigenvectors in the complex case are specified up to "
                    + "multiplication by e^{i phi}. The specified loss function depends on this quantity, so it is ill-defined.");
        }
    }

    /**
     * {@code A = U diag(S) Vh} (PyTorch's svd_backward; full matrices narrowed to the reduced ones). With
     * {@code skew(X) = X - X^H}, {@code J = skew(U^H gU)}, {@code K = skew(Vh gVh^H)} and {@code E[i][j] = s_j^2 - s_i^2}:
     * {@code gA = U ((J S + S K) / E + diag(gS)) Vh} plus the parts outside the square span, and for complex A
     * {@code i Im(diag(J)) / (2 S)} on the diagonal. A complex loss must not depend on the vectors' common phases:
     * PyTorch refuses it where {@code Im(diag(J))} is not close to {@code -Im(diag(K))}, and so does this.
     */
    static void svd(Tensor a, Tensor[] usv, boolean full) {
        FnNode n = Graph.node("LinalgSvdBackward0", 3, a);
        SavedTensor su = n.save(usv[0]), ss = n.save(usv[1]), sv = n.save(usv[2]);
        long m = a.size(-2), cols = a.size(-1), k = Math.min(m, cols);
        n.backward(gs -> {
            Tensor U = su.get(), S = ss.get(), Vh = sv.get(), gU = gs[0], gS = gs[1], gVh = gs[2];
            if (full) {
                U = U.narrow(-1, 0, k);
                Vh = Vh.narrow(-2, 0, k);
                if (gU != null) gU = gU.narrow(-1, 0, k);
                if (gVh != null) gVh = gVh.narrow(-2, 0, k);
            }
            if (gU == null && gVh == null) {
                return new Tensor[] {gS == null ? null : U.mul(gS.unsqueeze(-2)).matmul(Vh)};
            }
            boolean complex = U.isComplex();
            Tensor V = Vh.mH(), gV = gVh == null ? null : gVh.mH();
            Tensor J = gU == null ? null : skew(U.mH().matmul(gU)), K = gV == null ? null : skew(V.mH().matmul(gV));
            if (complex) checkSvdPhaseInvariant(J, K);
            Tensor s2 = S.square();
            Tensor e = s2.unsqueeze(-2).sub(s2.unsqueeze(-1)).add(eye(S, k));
            Tensor ga;
            if (J != null && K != null) {
                ga = J.mul(S.unsqueeze(-2)).add(S.unsqueeze(-1).mul(K)).div(e);
            } else if (J != null) {
                ga = J.div(e).mul(S.unsqueeze(-2));
            } else {
                ga = S.unsqueeze(-1).mul(K.div(e));
            }
            if (gS != null) ga = ga.add(diagEmbed(gS));
            if (complex && J != null) {  // the phase term: i Im(diag(J)) / (2 S)
                Tensor im = J.diagonal(0, -2, -1).imag().div(S.mul(2.0));
                ga = ga.add(diagEmbed(ComplexOps.complex(im.mul(0.0), im)));
            }
            if (m > cols && gU != null) {
                ga = U.matmul(ga);
                Tensor gUSinv = gU.div(S.unsqueeze(-2));
                ga = ga.add(gUSinv).sub(U.matmul(U.mH().matmul(gUSinv)));
                ga = ga.matmul(Vh);
            } else if (m < cols && gV != null) {
                ga = ga.matmul(Vh);
                Tensor gVSinv = gV.div(S.unsqueeze(-2));
                ga = ga.add(gVSinv.mH()).sub(gVSinv.mH().matmul(V).matmul(Vh));
                ga = U.matmul(ga);
            } else {
                ga = U.matmul(ga).matmul(Vh);
            }
            return new Tensor[] {ga};
        }).outputs(usv);
    }

    private static Tensor skew(Tensor x) { return x.sub(x.mH()); }

    /** PyTorch's check that {@code Im(diag(skew(U^H gU)))} is close to {@code -Im(diag(skew(V^H gV)))}. */
    private static void checkSvdPhaseInvariant(Tensor J, Tensor K) {
        boolean ok;
        try (var g = dev.torch4j.autograd.GradMode.noGrad()) {
            Tensor ju = J == null ? null : J.diagonal(0, -2, -1).imag(), kv = K == null ? null : K.diagonal(0, -2, -1).imag().neg();
            Tensor x = ju == null ? kv.mul(0.0) : ju, y = kv == null ? ju.mul(0.0) : kv;
            // allclose(x, y, rtol=1e-2, atol=1e-2)
            ok = x.sub(y).abs().le(y.abs().mul(1e-2).add(1e-2)).all().itemBool();
        }
        if (!ok) {
            throw new IllegalArgumentException("svd_backward: The singular vectors in the complex case are specified up to "
                    + "multiplication by e^{i phi}. The specified loss function depends on this phase term, making it ill-defined.");
        }
    }

    /** PyTorch's pinv_backward, from the pseudo-inverse itself (arranged for the smaller of m and n). */
    static Tensor pinv(Tensor a, Tensor p) {
        FnNode n = Graph.node("LinalgPinvBackward0", a);
        SavedTensor sa = n.save(a), sp = n.save(p);
        return n.backward(gs -> {
            Tensor A = sa.get(), P = sp.get(), g = gs[0];
            Tensor Ph = P.mH(), gh = g.mH();
            if (A.size(-2) <= A.size(-1)) {
                Tensor K = gh.matmul(P), KPh = K.matmul(Ph);
                return new Tensor[] {P.matmul(K).mH().neg().add(KPh).sub(A.matmul(P).matmul(KPh))
                        .add(Ph.matmul(P).matmul(gh.sub(K.matmul(A))))};
            }
            Tensor K = P.matmul(gh), PhK = Ph.matmul(K);
            return new Tensor[] {K.matmul(P).mH().neg().add(gh.sub(A.matmul(K)).matmul(P).matmul(Ph)).add(PhK)
                    .sub(PhK.matmul(P).matmul(A))};
        }).output(p);
    }

    /**
     * {@code X = (L L^H)^-1 B}: {@code gB = cholesky_solve(g, L)}, and with {@code C = gB X^H + X gB^H},
     * {@code gL = -C L} ({@code -L C} for the upper factor), PyTorch's cholesky_solve_backward.
     */
    static Tensor choleskySolve(Tensor b, Tensor l, Tensor x, boolean upper) {
        FnNode n = Graph.node("CholeskySolveBackward0", b, l);
        SavedTensor sl = n.save(l), sx = n.needsInputGrad(1) ? n.save(x) : null;
        return n.backward(g -> {
            Tensor L = sl.get(), gb = LinalgComposites.choleskySolve(g[0], L, upper), gl = null;
            if (sx != null) {
                Tensor c = gb.matmul(sx.get().mH());
                c = c.add(c.mH());
                gl = (upper ? L.matmul(c) : c.matmul(L)).neg();
            }
            return new Tensor[] {n.needsInputGrad(0) ? gb : null, gl};
        }).output(x);
    }

    /** {@code X = (L L^H)^-1}: {@code C = X (g + g^H) X}, {@code gL = -C L} ({@code -L C} for the upper factor). */
    static Tensor choleskyInverse(Tensor l, Tensor inv, boolean upper) {
        FnNode n = Graph.node("CholeskyInverseBackward0", l);
        SavedTensor sl = n.save(l), si = n.save(inv);
        return n.backward(g -> {
            Tensor L = sl.get(), X = si.get();
            Tensor c = X.matmul(g[0].add(g[0].mH())).matmul(X);
            return new Tensor[] {(upper ? L.matmul(c) : c.matmul(L)).neg()};
        }).output(inv);
    }

    /**
     * {@code E = exp(A)}: the gradient is the upper-right block of {@code exp([[A^H, g], [0, A^H]])} (PyTorch's
     * matrix_exp_backward), computed with matrix_exp itself so that it is differentiable again.
     */
    static Tensor matrixExp(Tensor a, Tensor e) {
        FnNode n = Graph.node("LinalgMatrixExpBackward0", a);
        SavedTensor sa = n.save(a);
        return n.backward(gs -> {
            Tensor at = sa.get().mH(), g = gs[0];
            long k = at.size(-1);
            Tensor zero = Dispatch.empty(g.shapeArray(), g.dtype(), g.device());
            Tensor big = Joining.cat(List.of(Joining.cat(List.of(at, g), -1), Joining.cat(List.of(zero, at), -1)), -2);
            return new Tensor[] {LinalgComposites.matrixExp(big).narrow(-2, 0, k).narrow(-1, k, k)};
        }).output(e);
    }

    /**
     * {@code A = P L U}, any shape. Square: {@code gA = P L^-H (tril(L^H gL, -1) + triu(gU U^H)) U^-H}; the
     * rectangular cases split off the rows (tall) or columns (wide) past the square part (see {@link #luGrad}).
     */
    static void lu(Tensor a, Tensor[] plu) {
        FnNode n = Graph.node("LinalgLuBackward0", 3, a);
        SavedTensor sp = n.save(plu[0]), sl = n.save(plu[1]), su = n.save(plu[2]);
        n.backward(gs -> new Tensor[] {luGrad(sl.get(), su.get(), gs[1], gs[2], x -> sp.get().matmul(x))}).outputs(plu);
    }

    /** lu_factor's packed {@code LU = L + U - I}: gL and gU are g's strict lower and upper triangles. */
    static Tensor luFactor(Tensor a, Tensor lu, Tensor pivots) {
        FnNode n = Graph.node("LinalgLuFactorExBackward0", a);
        SavedTensor sl = n.save(lu);
        long rows = a.size(-2), cols = a.size(-1), k = Math.min(rows, cols);
        Tensor perm = Decompositions.permutationIndex(pivots, rows, a.device());
        return n.backward(gs -> {
            Tensor packed = sl.get(), g = gs[0];
            Tensor L = packed.narrow(-1, 0, k).tril(-1).add(Creation.eye(rows, k, packed.dtype(), packed.device()));
            Tensor U = packed.narrow(-2, 0, k).triu();
            return new Tensor[] {luGrad(L, U, g.narrow(-1, 0, k).tril(-1), g.narrow(-2, 0, k).triu(),
                    x -> Decompositions.permuteRows(x, perm, true))};
        }).output(lu);
    }

    /**
     * The gradient of {@code P^T A = L U} (L m x k unit lower, U k x n upper, k = min(m, n)) before P is applied.
     * With the square part {@code X = L1^-1 dA1 U1^-1}: {@code dL1 = L1 tril(X, -1)}, {@code dU1 = triu(X) U1}.
     * Tall (m > n): the rows past n follow {@code dL2 = (dA2 - L2 dU) U^-1}, so
     * {@code Phi = tril(L1^T gL1, -1) + triu(gU U^T) - triu(L2^T gL2)}, {@code gA = [L1^-T Phi U^-T; gL2 U^-T]}.
     * Wide (m < n): {@code dU2 = L^-1 (dA2 - dL U2)}, so {@code Phi = tril(L^T gL - gU2 U2^T, -1) + triu(gU1 U1^T)},
     * {@code gA = [L^-T Phi U1^-T, L^-T gU2]}.
     */
    private static Tensor luGrad(Tensor L, Tensor U, Tensor gL, Tensor gU, java.util.function.UnaryOperator<Tensor> timesP) {
        if (gL == null && gU == null) return null;
        if (gL == null) gL = Creation.full(L.shapeArray(), 0, L.dtype(), L.device());
        if (gU == null) gU = Creation.full(U.shapeArray(), 0, U.dtype(), U.device());
        long m = L.size(-2), n = U.size(-1), k = Math.min(m, n);
        Tensor L1 = L.narrow(-2, 0, k), U1 = U.narrow(-1, 0, k);
        Tensor phi;
        if (m >= n) {
            phi = L1.mH().matmul(gL.narrow(-2, 0, k)).tril(-1).add(gU.matmul(U.mH()).triu());
            if (m > n) phi = phi.sub(L.narrow(-2, k, m - k).mH().matmul(gL.narrow(-2, k, m - k)).triu());
        } else {
            Tensor U2 = U.narrow(-1, k, n - k), gU2 = gU.narrow(-1, k, n - k);
            phi = L.mH().matmul(gL).sub(gU2.matmul(U2.mH())).tril(-1).add(gU.narrow(-1, 0, k).matmul(U1.mH()).triu());
        }
        Tensor x = LinalgFunctions.solveTriangular(L1.mH(), phi, true, true, true);
        x = LinalgFunctions.solveTriangular(U1.mH(), x, false, false, false);
        if (m > n) {
            Tensor rest = LinalgFunctions.solveTriangular(U1.mH(), gL.narrow(-2, k, m - k), false, false, false);
            x = Joining.cat(List.of(x, rest), -2);
        } else if (m < n) {
            Tensor rest = LinalgFunctions.solveTriangular(L1.mH(), gU.narrow(-1, k, n - k), true, true, true);
            x = Joining.cat(List.of(x, rest), -1);
        }
        return timesP.apply(x);
    }
}
