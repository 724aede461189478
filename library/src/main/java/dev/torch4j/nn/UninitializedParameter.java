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
 * real one will get) that the module replaces on materialization, since a Java tensor cannot take a new shape in
 * place as PyTorch's does: an optimizer holding a placeholder would never see the real parameter, so optimizers
 * refuse placeholders and ask for a dry run first.
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

    /** Keeps the mark on a converted copy ({@code module.to(device)} replaces parameter tensors). */
    static void carry(Tensor from, Tensor to) {
        if (isUninitialized(from)) PLACEHOLDERS.add(to);
    }

    /** The options a placeholder gives the parameter materialized from it. */
    static TensorOptions optionsOf(Tensor placeholder) {
        return TensorOptions.DEFAULT.dtype(placeholder.dtype()).device(placeholder.device());
    }
}
