package dev.torch4j.ops;

import static dev.torch4j.ops.Decompositions.checkFloating;
import static dev.torch4j.ops.Decompositions.checkMatrix;
import static dev.torch4j.ops.Decompositions.checkSameDtypeDevice;
import static dev.torch4j.ops.Decompositions.checkSquare;
import static dev.torch4j.ops.Decompositions.recording;
import static dev.torch4j.ops.Decompositions.throwIfFailed;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.core.Shapes;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * {@code torch.linalg}'s factorizations and solves with their derivatives: solve, inv, det, slogdet, cholesky, qr,
 * eigh, eig, svd, pinv, lu, lu_factor, lu_solve, solve_triangular, and ldl_factor/ldl_solve (not differentiable, as
 * PyTorch's). All but ldl_* take complex64/complex128 matrices too, with PyTorch's complex derivatives (eigh's
 * eigenvalues and svd's singular values real, the vectors complex and free up to a phase per column). Forward values
 * come from {@link Decompositions}; the derivative formulas are in {@link DecompositionsGrad}.
 */
public final class LinalgFunctions {
    private LinalgFunctions() {}

    private static <T> T untracked(Supplier<T> f) {
        try (var g = GradMode.noGrad()) {
            return f.get();
        }
    }

    // ---------------------------------------------------------------- triangular and LU solves

    /** {@code linalg.solve_triangular(A, B, upper=, left=, unitriangular=)}. */
    public static Tensor solveTriangular(Tensor a, Tensor b, boolean upper, boolean left, boolean unitriangular) {
        String op = "linalg.solve_triangular";
        checkMatrix(op, a, "A");
        checkMatrix(op, b, "B");
        checkSameDtypeDevice(op, a, b);
        checkSquare(op, a);
        long n = a.size(-1);
        if (left ? b.size(-2) != n : b.size(-1) != n) {
            throw new IllegalArgumentException(op + ": Incompatible shapes of A and B for the equation " + (left ? "AX = B" : "XA = B")
                    + " (" + a.size(-2) + "x" + n + " and " + b.size(-2) + "x" + b.size(-1) + ")");
        }
        Tensor x = untracked(() -> left ? Decompositions.solveTriangularRaw(a, b, upper, unitriangular)
                : Decompositions.solveTriangularRaw(a.mT(), b.mT(), !upper, unitriangular).mT());
        return recording(a, b) ? DecompositionsGrad.solveTriangular(a, b, x, upper, left, unitriangular) : x;
    }

    /**
     * {@code linalg.lu_solve(LU, pivots, B, left=, adjoint=)}: composed of the permutation and the two triangular
     * solves, so its derivative (for B and for LU) is theirs.
     */
    public static Tensor luSolve(Tensor lu, Tensor pivots, Tensor b, boolean left, boolean adjoint) {
        String op = "linalg.lu_solve";
        checkSquare(op, lu);
        checkMatrix(op, b, "B");
        checkSameDtypeDevice(op, lu, b);
        Decompositions.checkPivots(op, lu, pivots);
        long n = lu.size(-1);
        if (left ? b.size(-2) != n : b.size(-1) != n) {
            throw new IllegalArgumentException(op + ": Incompatible shapes of A and B for the equation " + (left ? "AX = B" : "XA = B")
                    + " (" + n + "x" + n + " and " + b.size(-2) + "x" + b.size(-1) + ")");
        }
        if (!left) return luSolve(lu, pivots, b.mH(), true, !adjoint).mH();  // X A = B is A^H X^H = B^H
        Tensor perm = Decompositions.permutationIndex(pivots, n, lu.device());
        long[] batch = Shapes.broadcast("linalg.lu_solve", Decompositions.batchOf(lu), Decompositions.batchOf(b));
        Tensor bb = b.expand(Decompositions.concat(batch, n, b.size(-1)));
        Tensor pp = perm.expand(Decompositions.concat(batch, n));
        if (!adjoint) {  // A = P L U: X = U^-1 L^-1 P^T B
            Tensor y = solveTriangular(lu, Decompositions.permuteRows(bb, pp, false), false, true, true);
            return solveTriangular(lu, y, true, true, false);
        }
        // A^H = U^H L^H P^T: X = P L^-H U^-H B
        Tensor y = solveTriangular(lu.mH(), bb, false, true, false);
        return Decompositions.permuteRows(solveTriangular(lu.mH(), y, true, true, true), pp, true);
    }

    // ---------------------------------------------------------------- LU

    /** {@code linalg.lu_factor_ex(A)} without the error check: {@code {LU, pivots, info}}. */
    public static Tensor[] luFactorEx(Tensor a) {
        String op = "torch.linalg.lu_factor_ex";
        checkMatrix(op, a, "A");
        Decompositions.Lu r = Decompositions.luRaw(a);
        Tensor lu = r.lu();
        Tensor info = infoTensor(r.info(), a);
        if (recording(a)) lu = DecompositionsGrad.luFactor(a, lu, r.pivots());
        return new Tensor[] {lu, r.pivots(), info};
    }

    /** {@code linalg.lu_factor(A)}: {@code {LU, pivots}}; fails where U has a zero on its diagonal. */
    public static Tensor[] luFactor(Tensor a) {
        checkMatrix("torch.linalg.lu_factor", a, "A");
        Decompositions.Lu r = Decompositions.luRaw(a);
        throwIfFailed("torch.linalg.lu_factor", a, r.info(), i -> "U[" + i + "," + i + "] is zero and using it on "
                + "lu_solve would result in a division by zero. If you still want to perform the factorization, consider "
                + "calling linalg.lu(A, pivot) or linalg.lu_factor_ex(A, pivot)");
        Tensor lu = r.lu();
        if (recording(a)) lu = DecompositionsGrad.luFactor(a, lu, r.pivots());
        return new Tensor[] {lu, r.pivots()};
    }

    /** {@code linalg.lu(A)}: {@code {P, L, U}} with {@code A = P L U}. */
    public static Tensor[] lu(Tensor a) {
        checkMatrix("linalg.lu", a, "A");
        long m = a.size(-2), n = a.size(-1), k = Math.min(m, n);
        Decompositions.Lu r = Decompositions.luRaw(a);
        Tensor packed = r.lu();
        Tensor[] plu = untracked(() -> {
            Tensor perm = Decompositions.permutationIndex(r.pivots(), m, a.device());
            // P[perm[i], i] = 1: P^T A = L U
            Tensor p = Dispatch.empty(Decompositions.withLast(a, m, m), a.dtype().toReal(), a.device());
            p.scatter_(-2, perm.unsqueeze(-2), 1.0);
            if (a.isComplex()) p = p.to(a.dtype());
            Tensor l = packed.narrow(-1, 0, k).tril(-1).add(Creation.eye(m, k, a.dtype(), a.device()));
            Tensor u = packed.narrow(-2, 0, k).triu();
            return new Tensor[] {p, l, u};
        });
        if (recording(a)) DecompositionsGrad.lu(a, plu);
        return plu;
    }

    // ---------------------------------------------------------------- LDL^T (Bunch-Kaufman)

    /**
     * {@code linalg.ldl_factor_ex(A, hermitian=)}: {@code {LD, pivots, info}}, LAPACK sytrf's compact lower LDL^T of
     * A's lower triangle (hermitian changes nothing for real A). PyTorch has no derivative: a recorded A gets a node
     * whose backward throws, as PyTorch's.
     */
    public static Tensor[] ldlFactorEx(Tensor a, boolean hermitian) {
        String op = "torch.linalg.ldl_factor_ex";
        checkSquare(op, a);
        Decompositions.Lu r = Decompositions.ldlRaw(a);
        Tensor ld = r.lu();
        if (recording(a)) ld = notDifferentiable("LinalgLdlFactorExBackward0", "linalg_ldl_factor_ex", ld, a);
        return new Tensor[] {ld, r.pivots(), infoTensor(r.info(), a)};
    }

    /** {@code linalg.ldl_factor(A, hermitian=)}: {@code {LD, pivots}}; fails where D has an exactly zero pivot. */
    public static Tensor[] ldlFactor(Tensor a, boolean hermitian) {
        checkSquare("torch.linalg.ldl_factor_ex", a);
        Decompositions.Lu r = Decompositions.ldlRaw(a);
        for (int info : r.info()) {  // PyTorch's _linalg_check_errors has no case for it: an internal assert, without the batch
            if (info != 0) throw new IllegalArgumentException("torch.linalg.ldl_factor: Unknown error code: " + info + ".");
        }
        Tensor ld = r.lu();
        if (recording(a)) ld = notDifferentiable("LinalgLdlFactorExBackward0", "linalg_ldl_factor_ex", ld, a);
        return new Tensor[] {ld, r.pivots()};
    }

    /**
     * {@code linalg.ldl_solve(LD, pivots, B, hermitian=)}: X with {@code A X = B}, A given by {@link #ldlFactor}'s
     * result; B's batch dims broadcast with LD's (pivots' must equal LD's). Not differentiable, as PyTorch's.
     */
    public static Tensor ldlSolve(Tensor ld, Tensor pivots, Tensor b, boolean hermitian) {
        String op = "torch.linalg.ldl_solve";
        checkSquare(op, ld);
        if (b.dim() < 2) {
            throw new IllegalArgumentException(op + ": Expected B to have at least 2 dimensions, but it has " + b.dim() + " dimensions instead");
        }
        if (b.dtype() != ld.dtype()) {
            throw new IllegalArgumentException("Expected b and A to have the same dtype, but found b of type " + b.dtype().scalarTypeName()
                    + " and A of type " + ld.dtype().scalarTypeName() + " instead.");
        }
        if (!b.device().equals(ld.device())) {
            throw new IllegalArgumentException("Expected b and A to be on the same device, but found b on " + b.device()
                    + " and A on " + ld.device() + " instead.");
        }
        long n = ld.size(-1);
        if (b.size(-2) != n) {
            throw new IllegalArgumentException("Incompatible matrix sizes for " + op + ": each A matrix is " + n + " by " + n
                    + " but each b matrix is " + b.size(-2) + " by " + b.size(-1));
        }
        long[] expect = Arrays.copyOf(ld.shapeArray(), ld.dim() - 1);
        if (!Arrays.equals(expect, pivots.shapeArray())) {
            throw new IllegalArgumentException(op + ": Expected LD.shape[:-1] and pivots.shape to be the same, but got pivots with shape "
                    + Arrays.toString(pivots.shapeArray()) + " instead");
        }
        DType pd = pivots.dtype();
        if (!pd.isIntegral()) {
            throw new IllegalArgumentException(op + ": Expected pivots to be integers. Got " + pd.scalarTypeName());
        }
        long[] batch = Shapes.broadcast(op, Decompositions.batchOf(ld), Decompositions.batchOf(b));
        Tensor x = Decompositions.ldlSolveRaw(ld.expand(Decompositions.concat(batch, n, n)),
                pivots.expand(Decompositions.concat(batch, n)), b.expand(Decompositions.concat(batch, n, b.size(-1))));
        if (recording(ld, b)) x = notDifferentiable("LinalgLdlSolveBackward0", "linalg_ldl_solve", x, ld, b);
        return x;
    }

    /** A recorded output whose backward throws PyTorch's not_implemented error. */
    private static Tensor notDifferentiable(String node, String name, Tensor out, Tensor... inputs) {
        return dev.torch4j.autograd.Graph.node(node, inputs).backward(gs -> {
            throw new UnsupportedOperationException("the derivative for '" + name + "' is not implemented.");
        }).output(out);
    }

    // ---------------------------------------------------------------- solve, inv, det

    /** {@code linalg.solve(A, B, left=)}; B may be a (batch of) vector(s), as PyTorch decides. */
    public static Tensor solve(Tensor a, Tensor b, boolean left) {
        Tensor[] r = solve(a, b, left, true);
        return r[0];
    }

    /** {@code linalg.solve_ex(A, B, left=)}: {@code {X, info}} without the error for singular matrices. */
    public static Tensor[] solveEx(Tensor a, Tensor b, boolean left) { return solve(a, b, left, false); }

    private static Tensor[] solve(Tensor a, Tensor b, boolean left, boolean check) {
        String op = "linalg.solve";
        checkSquare(op, a);
        checkFloating(op, b);
        checkSameDtypeDevice(op, a, b);
        long n = a.size(-1);
        boolean vector = b.dim() == 1 || b.dim() == a.dim() - 1 && Arrays.equals(b.shapeArray(), Arrays.copyOf(a.shapeArray(), a.dim() - 1));
        if (vector && b.size(-1) != n) {
            throw new IllegalArgumentException(op + ": Incompatible shapes of A and B for the equation AX = B ("
                    + n + "x" + n + " and " + b.size(-1) + "x1)");
        }
        if (!vector && (left ? b.size(-2) : b.size(-1)) != n) {
            throw new IllegalArgumentException(op + ": Incompatible shapes of A and B for the equation " + (left ? "AX = B" : "XA = B")
                    + " (" + n + "x" + n + " and " + b.size(-2) + "x" + b.size(-1) + ")");
        }
        Decompositions.Solved r = untracked(() -> {
            // X A = B is A^T X^T = B^T; a vector b is one column
            Tensor aa = left ? a : a.mT(), bb = vector ? b.unsqueeze(-1) : left ? b : b.mT();
            return Decompositions.solveRaw(aa, bb);
        });
        int[] info = r.info();
        if (check) {
            throwIfFailed("torch.linalg.solve", r.batch().length > 0, info,
                    i -> "The solver failed because the input matrix is singular.");
        }
        Tensor xm = r.x();
        Tensor x = vector ? xm.squeeze(-1) : left ? xm : xm.mT();
        if (recording(a, b)) x = DecompositionsGrad.solve(a, b, x, left, vector);
        return new Tensor[] {x, Creation.wrap(info, r.batch(), DType.INT32).to(a.device())};
    }

    /** {@code linalg.inv(A)}. */
    public static Tensor inv(Tensor a) {
        checkSquare("linalg.inv", a);
        Tensor x = untracked(() -> {
            Tensor eye = Creation.eye(a.size(-1), a.size(-1), a.dtype(), a.device());
            Decompositions.Solved r = Decompositions.solveRaw(a, eye.expand(a.shapeArray()));
            throwIfFailed("linalg.inv", a.dim() > 2, r.info(), i -> "The diagonal element " + i
                    + " is zero, the inversion could not be completed because the input matrix is singular.");
            return r.x();
        });
        return recording(a) ? DecompositionsGrad.inv(a, x) : x;
    }

    /** The determinant's sign from the pivots and the diagonal of LU, and the diagonal itself. */
    private static Tensor[] luDiagonalAndSign(Tensor a) {
        Decompositions.Lu r = Decompositions.luRaw(a);
        Tensor diag = r.lu().diagonal(0, -2, -1);
        int[] piv = r.pivots().cpu().toIntArray();
        long k = a.size(-1);
        long[] batch = Decompositions.batchOf(a);
        double[] sign = new double[Math.toIntExact(Shapes.numel(batch))];
        for (int b = 0; b < sign.length; b++) {
            int swaps = 0;
            for (int i = 0; i < k; i++) if (piv[(int) (b * k + i)] != i + 1) swaps++;
            sign[b] = swaps % 2 == 0 ? 1 : -1;
        }
        return new Tensor[] {diag, Creation.wrap(sign, batch, DType.FLOAT64).to(a.device(), a.dtype())};
    }

    /** {@code linalg.det(A)}. */
    public static Tensor det(Tensor a) {
        checkSquare("linalg.det", a);
        Tensor d = untracked(() -> {
            Tensor[] ds = luDiagonalAndSign(a);
            return ds[0].prod(-1).mul(ds[1]);
        });
        return recording(a) ? DecompositionsGrad.det(a, d) : d;
    }

    /**
     * {@code linalg.slogdet(A)}: {@code {sign, logabsdet}}; for complex A the sign is the unit complex number
     * {@code det / |det|} (both outputs differentiable), logabsdet real.
     */
    public static Tensor[] slogdet(Tensor a) {
        checkSquare("linalg.slogdet", a);
        Tensor[] r = untracked(() -> {
            Tensor[] ds = luDiagonalAndSign(a);
            Tensor sign = (a.isComplex() ? ds[0].sgn() : ds[0].sign()).prod(-1).mul(ds[1]);
            return new Tensor[] {sign, ds[0].abs().log().sum(-1)};
        });
        if (recording(a) && a.isComplex()) DecompositionsGrad.slogdetComplex(a, r);
        else if (recording(a)) DecompositionsGrad.slogdet(a, r);
        return r;
    }

    // ---------------------------------------------------------------- Cholesky, QR, eigh, SVD, pinv

    /** {@code linalg.cholesky_ex(A, upper=)} without the error check: {@code {L, info}}. */
    public static Tensor[] choleskyEx(Tensor a, boolean upper) {
        checkSquare("linalg.cholesky", a);
        Decompositions.Factor r = Decompositions.choleskyRaw(a, upper);
        Tensor l = r.factor();
        if (recording(a)) l = DecompositionsGrad.cholesky(a, l, upper);
        return new Tensor[] {l, infoTensor(r.info(), a)};
    }

    /** {@code linalg.cholesky(A, upper=)}. */
    public static Tensor cholesky(Tensor a, boolean upper) {
        checkSquare("linalg.cholesky", a);
        Decompositions.Factor r = Decompositions.choleskyRaw(a, upper);
        throwIfFailed("linalg.cholesky", a, r.info(), i -> "The factorization could not be completed because the input is "
                + "not positive-definite (the leading minor of order " + i + " is not positive-definite).");
        Tensor l = r.factor();
        return recording(a) ? DecompositionsGrad.cholesky(a, l, upper) : l;
    }

    /** {@code linalg.qr(A, mode=)}: {@code {Q, R}}, Q an empty tensor for mode "r". */
    public static Tensor[] qr(Tensor a, String mode) {
        checkMatrix("linalg.qr", a, "A");
        if (!mode.equals("reduced") && !mode.equals("complete") && !mode.equals("r")) {
            throw new IllegalArgumentException("qr received unrecognized mode '" + mode
                    + "' but expected one of 'reduced' (default), 'r', or 'complete'");
        }
        Tensor[] qr = Decompositions.qrRaw(a, mode);
        if (qr[0] == null) qr[0] = Dispatch.empty(new long[] {0}, a.dtype(), a.device());
        if (recording(a)) DecompositionsGrad.qr(a, qr, mode);
        return qr;
    }

    /** {@code linalg.eigh(A, UPLO=)}: {@code {eigenvalues, eigenvectors}}; real eigenvalues also for Hermitian complex A. */
    public static Tensor[] eigh(Tensor a, String uplo) {
        boolean upper = uplo(a, "linalg.eigh", uplo);
        Decompositions.Eigen r = Decompositions.eighRaw(a, upper, true);
        throwIfFailed("linalg.eigh", a, r.info(), i -> "The algorithm failed to converge because the input matrix is "
                + "ill-conditioned or has too many repeated eigenvalues (error code: " + i + ").");
        Tensor[] wv = {r.values(), r.vectors()};
        if (recording(a)) DecompositionsGrad.eigh(a, wv);
        return wv;
    }

    /** {@code linalg.eigvalsh(A, UPLO=)}; differentiable through eigh's vectors, as in PyTorch. */
    public static Tensor eigvalsh(Tensor a, String uplo) {
        if (recording(a)) return eigh(a, uplo)[0];
        boolean upper = uplo(a, "linalg.eigvalsh", uplo);
        Decompositions.Eigen r = Decompositions.eighRaw(a, upper, false);
        throwIfFailed("linalg.eigvalsh", a, r.info(), i -> "The algorithm failed to converge because the input matrix is "
                + "ill-conditioned or has too many repeated eigenvalues (error code: " + i + ").");
        return r.values();
    }

    /** {@code linalg.eig(A)}: complex {@code {eigenvalues, eigenvectors}} of general real or complex matrices. */
    public static Tensor[] eig(Tensor a) {
        checkEigInput("linalg.eig", a);
        checkFinite(a);
        checkSquareWithKernel("linalg.eig", a);
        Decompositions.Eigen r = Decompositions.eigRaw(a, true);
        throwIfFailed("torch.linalg.eig", a, r.info(), i -> "The algorithm failed to converge because the input matrix is "
                + "ill-conditioned or has too many repeated eigenvalues (error code: " + i + ").");
        Tensor[] wv = {r.values(), r.vectors()};
        if (recording(a)) DecompositionsGrad.eig(a, wv);
        return wv;
    }

    /**
     * {@code linalg.eigvals(A)}; differentiable through eig's vectors, as in PyTorch (whose errors then name eig).
     * The finiteness check names {@code torch.linalg.eig} as PyTorch 2.x's does (eigvals reaches it through eig).
     */
    public static Tensor eigvals(Tensor a) {
        if (recording(a)) return eig(a)[0];
        checkEigInput("linalg.eigvals", a);
        checkSquare("linalg.eigvals", shapeOnly(a));
        checkFinite(a);
        checkSquareWithKernel("linalg.eigvals", a);
        Decompositions.Eigen r = Decompositions.eigRaw(a, false);
        throwIfFailed("torch.linalg.eigvals", a, r.info(), i -> "The algorithm failed to converge because the input matrix "
                + "is ill-conditioned or has too many repeated eigenvalues (error code: " + i + ").");
        return r.values();
    }

    /**
     * What PyTorch checks before anything else: that the dtype has a complex counterpart for the results (its
     * message; integers and bool have none).
     */
    private static void checkEigInput(String op, Tensor a) {
        DType d = a.dtype();
        if (!d.isFloatingPoint() && !d.isComplex()) {
            throw new IllegalArgumentException("Unknown Complex ScalarType for " + d.scalarTypeName());
        }
    }

    /**
     * Batches of square matrices of a dtype with a kernel: float16 and bfloat16 pass PyTorch's checks (shapes checked
     * on a stand-in of a's shape) and then have none.
     */
    private static void checkSquareWithKernel(String op, Tensor a) {
        if (a.dtype() != DType.FLOAT16 && a.dtype() != DType.BFLOAT16) {
            checkSquare(op, a);
            return;
        }
        checkSquare(op, shapeOnly(a));
        throw new IllegalArgumentException("\"linalg_eig_out_cpu\" not implemented for '" + a.dtype().scalarTypeName() + "'");
    }

    /** A float32 stand-in of a's shape (an expanded scalar), for shape checks that come before the dtype's. */
    private static Tensor shapeOnly(Tensor a) {
        return Dispatch.empty(new long[0], DType.FLOAT32, a.device()).expand(a.shapeArray());
    }

    private static void checkFinite(Tensor a) {
        boolean finite = untracked(() -> a.isfinite().all().itemBool());
        if (!finite) throw new IllegalArgumentException("torch.linalg.eig: input tensor should not contain infs or NaNs.");
    }

    private static boolean uplo(Tensor a, String op, String uplo) {
        checkSquare(op, a);
        if (!uplo.equalsIgnoreCase("L") && !uplo.equalsIgnoreCase("U")) {
            throw new IllegalArgumentException("Expected UPLO argument to be 'L' or 'U', but got " + uplo);
        }
        return uplo.equalsIgnoreCase("U");
    }

    /** {@code linalg.svd(A, full_matrices=)}: {@code {U, S, Vh}}. */
    public static Tensor[] svd(Tensor a, boolean fullMatrices) {
        checkMatrix("linalg.svd", a, "A");
        Decompositions.Svd r = Decompositions.svdRaw(a, true, fullMatrices);
        throwIfFailed("linalg.svd", a, r.info(), i -> "The algorithm failed to converge because the input matrix is "
                + "ill-conditioned or has too many repeated singular values (error code: " + i + ").");
        Tensor[] usv = {r.u(), r.s(), r.vh()};
        if (recording(a)) DecompositionsGrad.svd(a, usv, fullMatrices);
        return usv;
    }

    /** {@code linalg.svdvals(A)}; differentiable through the reduced SVD, as in PyTorch. */
    public static Tensor svdvals(Tensor a) {
        if (recording(a)) return svd(a, false)[1];
        checkMatrix("linalg.svdvals", a, "A");
        Decompositions.Svd r = Decompositions.svdRaw(a, false, false);
        throwIfFailed("linalg.svd", a, r.info(), i -> "The algorithm failed to converge because the input matrix is "
                + "ill-conditioned or has too many repeated singular values (error code: " + i + ").");
        return r.s();
    }

    /**
     * {@code linalg.pinv(A, atol=, rtol=, hermitian=)}: singular values at or below {@code max(atol, rtol * s_max)}
     * count as zero; null tolerances take PyTorch's defaults (rtol = eps * max(m, n) when neither is given, else 0).
     */
    public static Tensor pinv(Tensor a, Double atol, Double rtol, boolean hermitian) {
        checkMatrix("linalg.pinv", a, "A");
        double at = atol == null ? 0 : atol;
        double rt = rtol != null ? rtol : atol != null && atol > 0 ? 0 : eps(a.dtype()) * Math.max(a.size(-2), a.size(-1));
        Tensor p = untracked(() -> {
            if (hermitian) {
                checkSquare("linalg.pinv", a);
                Decompositions.Eigen wv = Decompositions.eighRaw(a, false, true);
                Tensor w = wv.values(), v = wv.vectors();
                return v.mul(invertAbove(w, w.abs(), at, rt).unsqueeze(-2)).matmul(v.mH());
            }
            Decompositions.Svd r = Decompositions.svdRaw(a, true, false);
            Tensor s = r.s();
            Tensor inv = invertAbove(s, s, at, rt);
            return r.vh().mH().mul(inv.unsqueeze(-2)).matmul(r.u().mH());
        });
        return recording(a) ? DecompositionsGrad.pinv(a, p) : p;
    }

    /** {@code 1/v} where {@code mag > max(atol, rtol * max(mag))} (over each matrix's values), else 0. */
    private static Tensor invertAbove(Tensor v, Tensor mag, double atol, double rtol) {
        if (v.size(-1) == 0) return v.clone();
        Tensor tol = mag.amax(-1, true).mul(rtol).clampMin(atol);
        return v.reciprocal().where(mag.gt(tol), 0.0);
    }

    /** The machine epsilon of a floating dtype (float32's for float32, else float64's). */
    static double eps(DType d) { return d == DType.FLOAT32 ? Math.ulp(1.0f) : Math.ulp(1.0); }

    static Tensor infoTensor(int[] info, Tensor a) {
        return Creation.wrap(info, Decompositions.batchOf(a), DType.INT32).to(a.device());
    }
}
