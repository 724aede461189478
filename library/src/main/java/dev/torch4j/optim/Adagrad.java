package dev.torch4j.optim;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.ops.Fused;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.optim.Adagrad}: divides by the root of the running sum of squared gradients, with a learning rate
 * decayed as {@code lr / (1 + (step - 1) * lr_decay)}. State ({@code step}, {@code sum}) is created for every
 * parameter at construction, as in PyTorch.
 */
public class Adagrad extends Optimizer {
    /** Adagrad's keyword arguments. */
    public record Options(double lr, double lrDecay, double weightDecay, double initialAccumulatorValue, double eps, boolean maximize) {
        /** Sets {@code lr}. */
        public Options lr(double v) { return new Options(v, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize); }

        /** Sets {@code lr_decay}. */
        public Options lrDecay(double v) { return new Options(lr, v, weightDecay, initialAccumulatorValue, eps, maximize); }

        /** Sets {@code weight_decay}. */
        public Options weightDecay(double v) { return new Options(lr, lrDecay, v, initialAccumulatorValue, eps, maximize); }

        /** Sets {@code initial_accumulator_value}. */
        public Options initialAccumulatorValue(double v) { return new Options(lr, lrDecay, weightDecay, v, eps, maximize); }

        /** Sets {@code eps}. */
        public Options eps(double v) { return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, v, maximize); }

        /** Sets {@code maximize}. */
        public Options maximize(boolean v) { return new Options(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, v); }

        Map<String, Object> toMap() {
            check(lr >= 0, "learning rate", lr);
            check(lrDecay >= 0, "lr_decay value", lrDecay);
            check(weightDecay >= 0, "weight_decay value", weightDecay);
            check(initialAccumulatorValue >= 0, "initial_accumulator_value value", initialAccumulatorValue);
            check(eps >= 0, "epsilon value", eps);
            LinkedHashMap<String, Object> m = new LinkedHashMap<>();
            m.put("lr", lr);
            m.put("lr_decay", lrDecay);
            m.put("eps", eps);
            m.put("weight_decay", weightDecay);
            m.put("initial_accumulator_value", initialAccumulatorValue);
            m.put("maximize", maximize);
            return m;
        }
    }

    /** PyTorch's Adagrad defaults: lr=1e-2, eps=1e-10. */
    public static Options options() { return options(1e-2); }

    /** Adagrad's defaults with the given learning rate. */
    public static Options options(double lr) { return new Options(lr, 0, 0, 0, 1e-10, false); }

    /** {@code Adagrad(params, **options)}: one parameter group. */
    public Adagrad(Iterable<Tensor> params, Options options) {
        super(params, options.toMap());
        initState();
    }

    /** {@code Adagrad(param_groups, **options)}: the options are the defaults of the groups' unset hyperparameters. */
    public Adagrad(List<ParamGroup> groups, Options options) {
        super(groups, options.toMap());
        initState();
    }

    private void initState() {
        for (ParamGroup g : paramGroups()) {
            double init = g.getDouble("initial_accumulator_value");
            for (Tensor p : g.params()) {
                if (dev.torch4j.nn.UninitializedParameter.isUninitialized(p)) {
                    // PyTorch's error: Adagrad's state is made from the parameter when the optimizer is
                    throw new IllegalArgumentException("Attempted to use an uninitialized parameter in Adagrad (full_like). This error "
                            + "happens when you are using a `LazyModule` or explicitly manipulating "
                            + "`torch.nn.parameter.UninitializedParameter` objects. When using LazyModules Call `forward` with a "
                            + "dummy batch to initialize the parameters before calling torch functions");
                }
                Map<String, Object> st = state(p);
                st.put("step", Torch.zeros());
                st.put("sum", Torch.fullLike(p, init));
            }
        }
    }

    @Override
    public void step() {
        try (var guard = stepScope()) {
            for (ParamGroup group : paramGroups()) {
                double lr = group.lr(), lrDecay = group.getDouble("lr_decay"), wd = group.getDouble("weight_decay");
                double eps = group.getDouble("eps");
                boolean maximize = group.getBoolean("maximize");
                for (Tensor p : withGrad(group)) {
                    Map<String, Object> st = state(p);
                    Tensor stepT = (Tensor) st.get("step"), sum = (Tensor) st.get("sum");
                    stepT.add_(1.0);
                    double step = stepT.item();
                    double clr = lr / (1 + (step - 1) * lrDecay);
                    if (useFusedKernels && Fused.adagradStep(p, p.grad(), sum, clr, eps, wd, maximize)) continue;
                    Tensor g = maximize ? p.grad().neg() : p.grad();
                    if (wd != 0) g = g.add(p, wd);
                    sum.add_(g.mul(g));
                    Tensor std = sum.sqrt().add_(eps);
                    p.add_(g.mul(-clr).div(std));
                }
            }
        }
    }
}
