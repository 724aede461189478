package dev.torch4j.distributions;

import dev.torch4j.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code torch.distributions.transforms.ComposeTransform(parts)}: the parts applied in order. Its event dims are the
 * largest any part needs, carried through the chain; the log-Jacobian sums each part's over the dims the chain
 * reads together. The parts cache (with {@code cacheSize} 1 each part gets a cached copy), not the composition.
 */
public class ComposeTransform extends Transform {
    private final List<Transform> parts;
    private final int cacheSize;
    private ComposeTransform inverse;

    /** {@code ComposeTransform(parts, cache_size)}. */
    public ComposeTransform(List<? extends Transform> parts, int cacheSize) {
        super(0);
        if (cacheSize != 0 && cacheSize != 1) throw new IllegalArgumentException("cache_size must be 0 or 1");
        List<Transform> ps = new ArrayList<>();
        for (Transform p : parts) ps.add(cacheSize != 0 ? p.withCache(cacheSize) : p);
        this.parts = List.copyOf(ps);
        this.cacheSize = cacheSize;
    }

    /** {@code ComposeTransform(parts)}. */
    public ComposeTransform(List<? extends Transform> parts) { this(parts, 0); }

    /** {@code ComposeTransform([parts...])}. */
    public ComposeTransform(Transform... parts) { this(List.of(parts), 0); }

    /** The parts, in the order they apply. */
    public List<Transform> parts() { return parts; }

    @Override public int cacheSize() { return cacheSize; }

    @Override
    public Constraint domain() {
        if (parts.isEmpty()) return Constraint.REAL;
        Constraint d = parts.getFirst().domain();
        int e = parts.getLast().codomainEventDim();
        for (Transform p : parts.reversed()) e = Math.max(e + p.domainEventDim() - p.codomainEventDim(), p.domainEventDim());
        return e > d.eventDim() ? d.independent(e - d.eventDim()) : d;
    }

    @Override
    public Constraint codomain() {
        if (parts.isEmpty()) return Constraint.REAL;
        Constraint c = parts.getLast().codomain();
        int e = parts.getFirst().domainEventDim();
        for (Transform p : parts) e = Math.max(e + p.codomainEventDim() - p.domainEventDim(), p.codomainEventDim());
        return e > c.eventDim() ? c.independent(e - c.eventDim()) : c;
    }

    @Override
    public boolean bijective() { return parts.stream().allMatch(Transform::bijective); }

    @Override
    int constantSign() {
        int s = 1;
        for (Transform p : parts) s *= p.constantSign();
        return s;
    }

    /** The product of the parts' signs (a tensor as soon as one part's sign is). */
    @Override
    public Tensor sign() {
        if (constantSign() != 0) return super.sign();
        Tensor t = null;
        int c = 1;
        for (Transform p : parts) {
            if (p.constantSign() != 0) c *= p.constantSign();
            else t = t == null ? p.sign() : t.mul(p.sign());
        }
        return c == 1 ? t : t.mul(c);
    }

    @Override
    protected Tensor forward(Tensor x) {
        for (Transform p : parts) x = p.call(x);
        return x;
    }

    @Override
    protected Tensor inverse(Tensor y) { return inv().call(y); }

    /** The composition of the parts' inverses in reverse order; its inverse is this transform. */
    @Override
    public Transform inv() {
        if (inverse == null) {
            List<Transform> inverses = new ArrayList<>();
            for (Transform p : parts.reversed()) inverses.add(p.inv());
            inverse = new ComposeTransform(inverses);
            inverse.inverse = this;
        }
        return inverse;
    }

    @Override
    public Tensor logAbsDetJacobian(Tensor x, Tensor y) {
        if (parts.isEmpty()) return dev.torch4j.Torch.zerosLike(x);
        List<Tensor> xs = new ArrayList<>(List.of(x));
        for (Transform p : parts.subList(0, parts.size() - 1)) xs.add(p.call(xs.getLast()));
        xs.add(y);
        Tensor sum = null;
        int e = domainEventDim();
        for (int i = 0; i < parts.size(); i++) {
            Transform p = parts.get(i);
            Tensor term = sumRightmost(p.logAbsDetJacobian(xs.get(i), xs.get(i + 1)), e - p.domainEventDim());
            sum = sum == null ? term : sum.add(term);
            e += p.codomainEventDim() - p.domainEventDim();
        }
        return sum;
    }

    @Override
    public long[] forwardShape(long... shape) {
        for (Transform p : parts) shape = p.forwardShape(shape);
        return shape;
    }

    @Override
    public long[] inverseShape(long... shape) {
        for (Transform p : parts.reversed()) shape = p.inverseShape(shape);
        return shape;
    }

    @Override
    boolean sameAs(Transform other) {
        if (!(other instanceof ComposeTransform o) || o.parts.size() != parts.size()) return false;
        for (int i = 0; i < parts.size(); i++) if (!parts.get(i).sameAs(o.parts.get(i))) return false;
        return true;
    }

    @Override
    Transform copyWithCache(int cacheSize) { return new ComposeTransform(parts, cacheSize); }

    /** PyTorch's repr: one part per line, indented by four spaces. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("ComposeTransform(\n    ");
        for (int i = 0; i < parts.size(); i++) b.append(i == 0 ? "" : ",\n    ").append(parts.get(i));
        return b.append("\n)").toString();
    }
}
