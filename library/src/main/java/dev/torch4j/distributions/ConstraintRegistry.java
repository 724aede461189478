package dev.torch4j.distributions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * {@code torch.distributions.constraint_registry}: {@link #bijectTo} ({@code biject_to}) finds a bijective transform
 * from the reals onto a constraint, for reparameterising a constrained parameter or sample; {@link #transformTo}
 * ({@code transform_to}) a transform onto it that need not be one to one (used for optimising unconstrained values).
 * The tables are PyTorch's, looked up by the constraint's kind (its class in PyTorch), so
 * {@code bijectTo(Constraint.POSITIVE)} is {@code ComposeTransform([ExpTransform(), AffineTransform(0.0, 1)])} as in
 * PyTorch; {@link #registerBijectTo} / {@link #registerTransformTo} add or replace an entry. The tables are 1.13's
 * (2.x also maps {@code positive_definite} to its PositiveDefiniteTransform, which torch4j does not have).
 *
 * <pre>{@code
 * Transform t = ConstraintRegistry.transformTo(Constraint.SIMPLEX);   // SoftmaxTransform
 * Tensor p = t.call(unconstrained);                                   // on the simplex
 * Tensor u = ConstraintRegistry.bijectTo(Constraint.interval(-1, 2)).inv().call(x);   // back to the reals
 * }</pre>
 */
public final class ConstraintRegistry {
    private ConstraintRegistry() {}

    private static final Map<String, Function<Constraint, Transform>> BIJECT = new ConcurrentHashMap<>(), TRANSFORM = new ConcurrentHashMap<>();

    static {
        for (var m : List.of(BIJECT, TRANSFORM)) {
            m.put("_Real", c -> new ComposeTransform());
            m.put("_GreaterThan", ConstraintRegistry::greaterThan);
            m.put("_GreaterThanEq", ConstraintRegistry::greaterThan);
            m.put("_LessThan", c -> new ComposeTransform(new ExpTransform(), new AffineTransform(c.upperBound(), -1.0)));
            m.put("_Interval", ConstraintRegistry::interval);
            m.put("_HalfOpenInterval", ConstraintRegistry::interval);
            m.put("_CorrCholesky", c -> new CorrCholeskyTransform());
        }
        BIJECT.put("_IndependentConstraint", c -> new IndependentTransform(bijectTo(c.baseConstraint()), c.reinterpretedBatchNdims()));
        TRANSFORM.put("_IndependentConstraint", c -> new IndependentTransform(transformTo(c.baseConstraint()), c.reinterpretedBatchNdims()));
        BIJECT.put("_Simplex", c -> new StickBreakingTransform());
        TRANSFORM.put("_Simplex", c -> new SoftmaxTransform());
        TRANSFORM.put("_LowerCholesky", c -> new LowerCholeskyTransform());
        BIJECT.put("_Cat", c -> new CatTransform(all(c, ConstraintRegistry::bijectTo), c.dim(), c.lengths()));
        TRANSFORM.put("_Cat", c -> new CatTransform(all(c, ConstraintRegistry::transformTo), c.dim(), c.lengths()));
        BIJECT.put("_Stack", c -> new StackTransform(all(c, ConstraintRegistry::bijectTo), c.dim()));
        TRANSFORM.put("_Stack", c -> new StackTransform(all(c, ConstraintRegistry::transformTo), c.dim()));
    }

    /** {@code exp} then {@code + lower_bound}. */
    private static Transform greaterThan(Constraint c) {
        if (Double.isNaN(c.lowerBound())) throw cannot(c);
        return new ComposeTransform(new ExpTransform(), new AffineTransform(c.lowerBound(), 1.0));
    }

    /** {@code sigmoid}, then scaled onto the interval (sigmoid alone for [0, 1]). */
    private static Transform interval(Constraint c) {
        if (Double.isNaN(c.lowerBound()) || Double.isNaN(c.upperBound())) throw cannot(c);
        if (c.lowerBound() == 0 && c.upperBound() == 1) return new SigmoidTransform();
        return new ComposeTransform(new SigmoidTransform(), new AffineTransform(c.lowerBound(), c.upperBound() - c.lowerBound()));
    }

    private static List<Transform> all(Constraint c, Function<Constraint, Transform> f) {
        List<Transform> out = new ArrayList<>();
        for (Constraint p : c.parts()) out.add(f.apply(p));
        return out;
    }

    private static UnsupportedOperationException cannot(Constraint c) {
        return new UnsupportedOperationException("Cannot transform " + c.kind() + " constraints");
    }

    private static Transform lookup(Map<String, Function<Constraint, Transform>> table, Constraint c) {
        Function<Constraint, Transform> f = table.get(c.kind());
        if (f == null) throw cannot(c);
        return f.apply(c);
    }

    /** {@code biject_to(constraint)}: a bijection from the reals onto the constraint. */
    public static Transform bijectTo(Constraint constraint) { return lookup(BIJECT, constraint); }

    /** {@code transform_to(constraint)}: a transform from the reals onto the constraint, not necessarily bijective. */
    public static Transform transformTo(Constraint constraint) { return lookup(TRANSFORM, constraint); }

    /** {@code biject_to.register(kind, factory)}: the bijection for constraints of this kind ({@link Constraint#kind}). */
    public static void registerBijectTo(String kind, Function<Constraint, Transform> factory) { BIJECT.put(kind, factory); }

    /** {@code transform_to.register(kind, factory)}. */
    public static void registerTransformTo(String kind, Function<Constraint, Transform> factory) { TRANSFORM.put(kind, factory); }
}
