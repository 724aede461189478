package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code torch.distributions.transforms.CatTransform(tseq, dim, lengths)}: transform i applied to its slice of
 * {@code lengths[i]} entries along dim (one entry each without lengths), the results concatenated as
 * {@code torch.cat} does. Its domain and codomain are {@code constraints.cat} of the parts'; the log-Jacobian is each
 * part's (summed over the event dims the part lacks), concatenated along dim where dim is a batch dim, else summed.
 *
 * <pre>{@code
 * // exp on the first two entries, the identity on the last
 * var t = new CatTransform(List.of(new ExpTransform(), new ComposeTransform()), 0, 2, 1);
 * Tensor y = t.call(Torch.tensor(new double[] {0, 1, 2}));   // [1, e, 2]
 * }</pre>
 */
public class CatTransform extends Transform {
    private final List<Transform> transforms;
    private final int dim;
    private final int[] lengths;

    /** {@code CatTransform(tseq, dim, lengths, cache_size)} (lengths empty or null: one entry per transform). */
    public CatTransform(List<? extends Transform> tseq, int dim, int[] lengths, int cacheSize) {
        super(cacheSize);
        List<Transform> ts = new ArrayList<>();
        for (Transform t : tseq) ts.add(cacheSize != 0 ? t.withCache(cacheSize) : t);
        this.transforms = List.copyOf(ts);
        int[] ls = lengths == null || lengths.length == 0 ? ones(ts.size()) : lengths.clone();
        if (ls.length != ts.size()) throw new IllegalArgumentException("CatTransform: " + ls.length + " lengths for " + ts.size() + " transforms");
        this.lengths = ls;
        this.dim = dim;
    }

    /** {@code CatTransform(tseq, dim, lengths)}. */
    public CatTransform(List<? extends Transform> tseq, int dim, int... lengths) { this(tseq, dim, lengths, 0); }

    /** {@code CatTransform(tseq)}: dim 0, one entry per transform. */
    public CatTransform(List<? extends Transform> tseq) { this(tseq, 0, null, 0); }

    private static int[] ones(int n) {
        int[] r = new int[n];
        Arrays.fill(r, 1);
        return r;
    }

    /** The transforms, one per slice. */
    public List<Transform> transforms() { return transforms; }

    /** The dim the slices are cut along. */
    public int dim() { return dim; }

    /** The slices' lengths. */
    public int[] lengths() { return lengths.clone(); }

    /** {@code length}: the sum of the lengths. */
    public long length() { return Arrays.stream(lengths).asLongStream().sum(); }

    /** {@code event_dim}: the largest of the parts' event dims. */
    @Override
    public int eventDim() { return transforms.stream().mapToInt(Transform::eventDim).max().orElseThrow(); }

    @Override public Constraint domain() { return Constraint.cat(transforms.stream().map(Transform::domain).toList(), dim, lengths); }

    @Override public Constraint codomain() { return Constraint.cat(transforms.stream().map(Transform::codomain).toList(), dim, lengths); }

    @Override public boolean bijective() { return transforms.stream().allMatch(Transform::bijective); }

    /** PyTorch's asserts: dim inside x's dims, and x as long as the slices along it. */
    private void checkInput(Tensor x) {
        if (!(-x.dim() <= dim && dim < x.dim())) {
            throw new IllegalArgumentException("CatTransform: dim " + dim + " is out of range for a tensor of " + x.dim() + " dims");
        }
        if (x.size(dim) != length()) throw new IllegalArgumentException("CatTransform: size " + x.size(dim) + " along dim " + dim + ", expected " + length());
    }

    private Tensor apply(Tensor x, boolean inverse) {
        checkInput(x);
        Tensor[] out = new Tensor[transforms.size()];
        long start = 0;
        for (int i = 0; i < out.length; i++) {
            Tensor slice = x.narrow(dim, start, lengths[i]);
            out[i] = inverse ? transforms.get(i).inv().call(slice) : transforms.get(i).call(slice);
            start += lengths[i];
        }
        return Torch.cat(out, dim);
    }

    @Override protected Tensor forward(Tensor x) { return apply(x, false); }

    @Override protected Tensor inverse(Tensor y) { return apply(y, true); }

    @Override
    public Tensor logAbsDetJacobian(Tensor x, Tensor y) {
        checkInput(x);
        checkInput(y);
        int eventDim = eventDim();
        Tensor[] parts = new Tensor[transforms.size()];
        long start = 0;
        for (int i = 0; i < parts.length; i++) {
            Transform t = transforms.get(i);
            Tensor j = t.logAbsDetJacobian(x.narrow(dim, start, lengths[i]), y.narrow(dim, start, lengths[i]));
            if (t.eventDim() < eventDim) j = sumRightmost(j, eventDim - t.eventDim());
            parts[i] = j;
            start += lengths[i];
        }
        int d = dim >= 0 ? dim - (int) x.dim() : dim;
        d += eventDim;
        if (d < 0) return Torch.cat(parts, d);
        Tensor sum = parts[0];
        for (int i = 1; i < parts.length; i++) sum = sum.add(parts[i]);
        return sum;
    }

    @Override Transform copyWithCache(int cacheSize) { return new CatTransform(transforms, dim, lengths, cacheSize); }
}
