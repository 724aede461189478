package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * {@code nn.parameter.UninitializedParameter}: the placeholder a lazy module ({@link LazyLinear}) holds until its
 * first forward pass gives the parameter its shape. Here it is an empty parameter (of the dtype and device the
 * real one will get) that {@link #materialize} turns into the real one in place, as PyTorch does, so an optimizer
 * made before the first forward pass holds the real parameter afterwards.
 */
public final class UninitializedParameter {
    private UninitializedParameter() {}

    private static final Set<Tensor> PLACEHOLDERS = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    /** A new placeholder with the dtype and device of {@code options}. */
    public static Tensor of(TensorOptions options) {
        Tensor p = Parameter.of(Torch.empty(Torch.shape(0), options.requiresGrad(false)));
        PLACEHOLDERS.add(p);
        return p;
    }

    /** True for a placeholder not yet materialized ({@code isinstance(p, UninitializedParameter)}). */
    public static boolean isUninitialized(Tensor t) { return t != null && PLACEHOLDERS.contains(t); }

    /**
     * {@code materialize(shape)}: the placeholder itself becomes an ordinary parameter of this shape (its values
     * still to be set: zeros here, uninitialized in PyTorch), keeping its dtype, device and identity, so the module's
     * field, an optimizer or a user holding it sees the real parameter. Returns the placeholder.
     */
    public static Tensor materialize(Tensor placeholder, long... shape) {
        if (!isUninitialized(placeholder)) throw new IllegalArgumentException("materialize: not an uninitialized parameter");
        placeholder.setData(Torch.empty(Torch.shape(shape), optionsOf(placeholder)));
        PLACEHOLDERS.remove(placeholder);
        return placeholder;
    }

    /** The options a placeholder gives the parameter materialized from it. */
    static TensorOptions optionsOf(Tensor placeholder) {
        return TensorOptions.DEFAULT.dtype(placeholder.dtype()).device(placeholder.device());
    }
}
