package dev.torch4j.optim;

import dev.torch4j.Tensor;

import java.util.List;

/**
 * {@code torch.optim.AdamW}: Adam with decoupled weight decay ({@code p *= 1 - lr * weight_decay} before the
 * update); PyTorch's default weight decay is 1e-2. Options are {@link Adam.Options}.
 */
public class AdamW extends Adam {
    /** PyTorch's AdamW defaults: lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2. */
    public static Options options() { return options(1e-3); }

    /** AdamW's defaults with the given learning rate. */
    public static Options options(double lr) { return Adam.options(lr).weightDecay(1e-2); }

    /** {@code AdamW(params, **options)}: one parameter group. */
    public AdamW(Iterable<Tensor> params, Options options) { super(params, options.toMap()); }

    /** {@code AdamW(param_groups, **options)}: the options are the defaults of the groups' unset hyperparameters. */
    public AdamW(List<ParamGroup> groups, Options options) { super(groups, options.toMap()); }

    @Override
    boolean decoupled() { return true; }
}
