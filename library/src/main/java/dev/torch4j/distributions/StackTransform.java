package dev.torch4j.distributions;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code torch.distributions.transforms.StackTransform(tseq, dim)}: transform i applied to the i-th slice along dim
 * ({@code x.select(dim, i)}), the results stacked as {@code torch.stack} does. Its domain and codomain are
 * {@code constraints.stack} of the parts'; the log-Jacobian is the parts' stacked along dim.
 *
 * <pre>{@code
 * // exp on column 0, the identity on column 1
 * var t = new StackTransform(List.of(new ExpTransform(), new ComposeTransform()), 1);
 * Tensor y = t.call(x);   // x of shape (n, 2)
 * }</pre>
 */
public class StackTransform extends Transform {
    private final List<Transform> transforms;
    private final int dim;

    /** {@code StackTransform(tseq, dim, cache_size)}. */
    public StackTransform(List<? extends Transform> tseq, int dim, int cacheSize) {
        super(cacheSize);
        List<Transform> ts = new ArrayList<>();
        for (Transform t : tseq) ts.add(cacheSize != 0 ? t.withCache(cacheSize) : t);
        this.transforms = List.copyOf(ts);
        this.dim = dim;
    }

    /** {@code StackTransform(tseq, dim)}. */
    public StackTransform(List<? extends Transform> tseq, int dim) { this(tseq, dim, 0); }

    /** {@code StackTransform(tseq)}: dim 0. */
    public StackTransform(List<? extends Transform> tseq) { this(tseq, 0, 0); }

    /** The transforms, one per slice. */
    public List<Transform> transforms() { return transforms; }

    /** The dim the slices are taken along. */
    public int dim() { return dim; }

    @Override public Constraint domain() { return Constraint.stack(transforms.stream().map(Transform::domain).toList(), dim); }

    @Override public Constraint codomain() { return Constraint.stack(transforms.stream().map(Transform::codomain).toList(), dim); }

    @Override public boolean bijective() { return transforms.stream().allMatch(Transform::bijective); }

    /** PyTorch's asserts: dim inside x's dims, and one slice per transform along it. */
    private void checkInput(Tensor x) {
        if (!(-x.dim() <= dim && dim < x.dim())) {
            throw new IllegalArgumentException("StackTransform: dim " + dim + " is out of range for a tensor of " + x.dim() + " dims");
        }
        if (x.size(dim) != transforms.size()) {
            throw new IllegalArgumentException("StackTransform: size " + x.size(dim) + " along dim " + dim + ", expected " + transforms.size());
        }
    }

    private Tensor apply(Tensor x, boolean inverse) {
        checkInput(x);
        Tensor[] out = new Tensor[transforms.size()];
        for (int i = 0; i < out.length; i++) {
            Tensor slice = x.select(dim, i);
            out[i] = inverse ? transforms.get(i).inv().call(slice) : transforms.get(i).call(slice);
        }
        return Torch.stack(out, dim);
    }

    @Override protected Tensor forward(Tensor x) { return apply(x, false); }

    @Override protected Tensor inverse(Tensor y) { return apply(y, true); }

    @Override
    public Tensor logAbsDetJacobian(Tensor x, Tensor y) {
        checkInput(x);
        checkInput(y);
        Tensor[] parts = new Tensor[transforms.size()];
        for (int i = 0; i < parts.length; i++) parts[i] = transforms.get(i).logAbsDetJacobian(x.select(dim, i), y.select(dim, i));
        return Torch.stack(parts, dim);
    }

    @Override Transform copyWithCache(int cacheSize) { return new StackTransform(transforms, dim, cacheSize); }
}
