package dev.torch4j.optim;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.optim.Adamax}: Adam with the infinity norm, as PyTorch 2.x's single-tensor implementation computes it
 * ({@code exp_avg.lerp_(grad, 1 - beta1)}, {@code exp_inf = max(exp_inf * beta2, |grad| + eps)},
 * {@code p -= lr / (1 - beta1^step) * exp_avg / exp_inf}). State per parameter: {@code step}, {@code exp_avg},
 * {@code exp_inf}.
 */
public class Adamax extends Optimizer {
    /** Adamax's keyword arguments. */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean maximize) {
        /** Sets {@code lr}. */
        public Options lr(double v) { return new Options(v, beta1, beta2, eps, weightDecay, maximize); }

        /** Sets {@code betas=(b1, b2)}. */
        public Options betas(double b1, double b2) { return new Options(lr, b1, b2, eps, weightDecay, maximize); }

        /** Sets {@code eps}. */
        public Options eps(double v) { return new Options(lr, beta1, beta2, v, weightDecay, maximize); }

        /** Sets {@code weight_decay}. */
        public Options weightDecay(double v) { return new Options(lr, beta1, beta2, eps, v, maximize); }

        /** Sets {@code maximize}. */
        public Options maximize(boolean v) { return new Options(lr, beta1, beta2, eps, weightDecay, v); }

        Map<String, Object> toMap() {
            LinkedHashMap<String, Object> m = adamFamily(lr, beta1, beta2, eps, weightDecay);
            m.put("maximize", maximize);
            return m;
        }
    }

    /** PyTorch's Adamax defaults: lr=2e-3, betas=(0.9, 0.999), eps=1e-8. */
    public static Options options() { return options(2e-3); }

    /** Adamax's defaults with the given learning rate. */
    public static Options options(double lr) { return new Options(lr, 0.9, 0.999, 1e-8, 0, false); }

    /** {@code Adamax(params, **options)}: one parameter group. */
    public Adamax(Iterable<Tensor> params, Options options) { super(params, options.toMap()); }

    /** {@code Adamax(param_groups, **options)}. */
    public Adamax(List<ParamGroup> groups, Options options) { super(groups, options.toMap()); }

    @Override
    public void step() {
        try (var guard = stepScope()) {
            for (ParamGroup group : paramGroups()) {
                double beta1 = beta(group, 0), beta2 = beta(group, 1);
                double lr = group.lr(), eps = group.getDouble("eps"), wd = group.getDouble("weight_decay");
                boolean maximize = group.getBoolean("maximize");
                for (Tensor p : withGrad(group)) {
                    Map<String, Object> st = state(p);
                    if (st.isEmpty()) {
                        st.put("step", Torch.zeros());
                        st.put("exp_avg", Torch.zerosLike(p));
                        st.put("exp_inf", Torch.zerosLike(p));
                    }
                    Tensor stepT = (Tensor) st.get("step"), expAvg = (Tensor) st.get("exp_avg"), expInf = (Tensor) st.get("exp_inf");
                    stepT.add_(1.0);
                    double step = stepT.item();
                    Tensor g = maximize ? p.grad().neg() : p.grad();
                    if (wd != 0) g = g.add(p, wd);
                    Adam.lerp_(expAvg, g, 1 - beta1);
                    expInf.copy_(expInf.mul_(beta2).maximum(g.abs().add_(eps)));
                    double clr = lr / (1 - Math.pow(beta1, step));
                    p.add_(expAvg.mul(-clr).div(expInf));
                }
            }
        }
    }
}
