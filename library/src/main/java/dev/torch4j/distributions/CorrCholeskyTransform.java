package dev.torch4j.distributions;

import dev.torch4j.Size;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.nn.Functional;

import java.util.Arrays;

/**
 * {@code torch.distributions.transforms.CorrCholeskyTransform}: a real vector of D(D-1)/2 entries to the Cholesky
 * factor of a D x D correlation matrix (lower triangular, positive diagonal, rows of unit norm). The vector fills
 * the strictly lower triangle row by row through tanh; each row is then a signed stick-breaking of its squares, so
 * the diagonal takes what the row leaves. Bijective; the log-Jacobian is that of x to the flattened strict lower
 * triangle of y (domain and codomain differ in size).
 *
 * <pre>{@code
 * Tensor l = new CorrCholeskyTransform().call(Torch.randn(3));   // a 3 x 3 factor: l @ l.mT has unit diagonal
 * }</pre>
 */
public class CorrCholeskyTransform extends Transform {
    /** {@code CorrCholeskyTransform()}. */
    public CorrCholeskyTransform() { super(0); }

    /** {@code CorrCholeskyTransform(cache_size)}. */
    public CorrCholeskyTransform(int cacheSize) { super(cacheSize); }

    @Override public Constraint domain() { return Constraint.REAL_VECTOR; }

    @Override public Constraint codomain() { return Constraint.CORR_CHOLESKY; }

    @Override public boolean bijective() { return true; }

    /** The row-major flat positions of the entries {@code j < i + diag + 1} of an n x n matrix (PyTorch's tril_mask). */
    static Tensor trilPositions(long n, long diag, Tensor like) {
        long[] idx = new long[(int) (n * n)];
        int k = 0;
        for (long i = 0; i < n; i++) for (long j = 0; j < n; j++) if (j < i + diag + 1) idx[k++] = i * n + j;
        return Torch.fromArray(Arrays.copyOf(idx, k)).to(like.device());
    }

    /** PyTorch's {@code tril_matrix_to_vec(mat, diag)}: the entries on and below diagonal diag, row by row. */
    static Tensor trilMatrixToVec(Tensor mat, long diag) {
        long n = mat.size(-1);
        if (diag < -n || diag >= n) throw new IllegalArgumentException("diag (" + diag + ") provided is outside [" + -n + ", " + (n - 1) + "].");
        // PyTorch's mat[..., tril_mask] with an n x n mask: the last two dims must be n x n
        if (mat.dim() < 2) throw new IndexOutOfBoundsException("too many indices for tensor of dimension " + mat.dim());
        if (mat.size(-2) != n) {
            throw new IndexOutOfBoundsException("The shape of the mask [" + n + ", " + n + "] at index 0 does not match the shape of the indexed tensor "
                    + java.util.Arrays.toString(mat.shapeArray()) + " at index " + (mat.dim() - 2));
        }
        long[] s = mat.shapeArray();
        long[] flat = Arrays.copyOf(s, s.length - 1);
        flat[flat.length - 1] = s[s.length - 2] * n;
        return mat.reshape(flat).indexSelect(-1, trilPositions(n, diag, mat));
    }

    /** PyTorch's {@code vec_to_tril_matrix(vec, diag)}: a square matrix with vec below diagonal diag, zeros elsewhere. */
    static Tensor vecToTrilMatrix(Tensor vec, long diag) {
        long m = vec.size(-1);
        double n = (-(1 + 2 * diag) + Math.sqrt((1 + 2 * diag) * (1 + 2 * diag) + 8 * m + 4 * Math.abs(diag) * (diag + 1))) / 2;
        // PyTorch's check, one-sided as it is (round(n) - n > eps)
        if (Math.rint(n) - n > Distribution.eps(vec)) {
            throw new IllegalArgumentException("The size of last dimension is " + m
                    + " which cannot be expressed as the lower triangular part of a square D x D matrix.");
        }
        long size = (long) Math.rint(n);
        Tensor pos = trilPositions(size, diag, vec);
        long[] s = vec.shapeArray();
        if (pos.numel() != m) { // PyTorch's mat[..., tril_mask] = vec
            long[] target = s.clone();
            target[target.length - 1] = pos.numel();
            throw new IllegalArgumentException("shape mismatch: value tensor of shape " + java.util.Arrays.toString(s).replace(" ", "").replace(",", ", ")
                    + " cannot be broadcast to indexing result of shape " + java.util.Arrays.toString(target).replace(" ", "").replace(",", ", "));
        }
        long[] flat = Arrays.copyOf(s, s.length);
        flat[flat.length - 1] = size * size;
        Tensor z = Torch.zeros(Size.of(flat), Torch.dtype(vec.dtype()).device(vec.device()));
        long[] out = Arrays.copyOf(s, s.length + 1);
        out[s.length - 1] = size;
        out[s.length] = size;
        return z.indexCopy(-1, pos, vec).reshape(out);
    }

    @Override
    protected Tensor forward(Tensor x) {
        x = x.tanh();
        double eps = Distribution.eps(x);
        x = x.clamp(-1 + eps, 1 - eps);
        Tensor r = vecToTrilMatrix(x, -1);
        Tensor z = r.square();
        Tensor z1mCumprodSqrt = z.neg().add(1).sqrt().cumprod(-1);
        long n = r.size(-1);
        r = r.add(Torch.eye(n, n, Torch.dtype(r.dtype()).device(r.device())));
        return r.mul(Functional.pad(z1mCumprodSqrt.narrow(-1, 0, n - 1), new long[] {1, 0}, "constant", 1));
    }

    @Override
    protected Tensor inverse(Tensor y) {
        long n = y.size(-1);
        Tensor yCumsum = y.mul(y).cumsum(-1).neg().add(1);
        Tensor shifted = Functional.pad(yCumsum.narrow(-1, 0, n - 1), new long[] {1, 0}, "constant", 1);
        Tensor t = trilMatrixToVec(y, -1).div(trilMatrixToVec(shifted, -1).sqrt());
        return t.add(1).div(t.neg().add(1)).log().div(2);
    }

    @Override
    public Tensor logAbsDetJacobian(Tensor x, Tensor y) {
        Tensor y1mCumsum = y.mul(y).cumsum(-1).neg().add(1);
        Tensor stickBreaking = trilMatrixToVec(y1mCumsum, -2).log().sum(-1, false).mul(0.5);
        Tensor tanh = x.add(Functional.softplus(x.mul(-2))).sub(Math.log(2.0)).sum(-1, false).mul(-2);
        return stickBreaking.add(tanh);
    }

    /** {@code (..., N)} to {@code (..., D, D)} with N = D(D-1)/2. */
    @Override
    public long[] forwardShape(long... shape) {
        if (shape.length < 1) throw new IllegalArgumentException("Too few dimensions on input");
        long n = shape[shape.length - 1];
        long d = Math.round(Math.sqrt(0.25 + 2 * n) + 0.5);
        if (d * (d - 1) / 2 != n) throw new IllegalArgumentException("Input is not a flattend lower-diagonal number");
        long[] r = Arrays.copyOf(shape, shape.length + 1);
        r[shape.length - 1] = d;
        r[shape.length] = d;
        return r;
    }

    /** {@code (..., D, D)} to {@code (..., D(D-1)/2)}. */
    @Override
    public long[] inverseShape(long... shape) {
        if (shape.length < 2) throw new IllegalArgumentException("Too few dimensions on input");
        if (shape[shape.length - 2] != shape[shape.length - 1]) throw new IllegalArgumentException("Input is not square");
        long d = shape[shape.length - 1];
        long[] r = Arrays.copyOf(shape, shape.length - 1);
        r[r.length - 1] = d * (d - 1) / 2;
        return r;
    }

    @Override Transform copyWithCache(int cacheSize) { return new CorrCholeskyTransform(cacheSize); }
}
