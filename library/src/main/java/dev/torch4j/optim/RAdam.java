package dev.torch4j.optim;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.optim.RAdam}: Adam with the variance rectification of Liu et al.; while the approximated simple
 * moving average is short ({@code rho_t <= 5}, the first steps) the step is the bias-corrected momentum alone, as
 * PyTorch 2.x computes it (optional decoupled weight decay). State per parameter: {@code step}, {@code exp_avg},
 * {@code exp_avg_sq}.
 */
public class RAdam extends Optimizer {
    /** RAdam's keyword arguments. */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupledWeightDecay,
                          boolean maximize) {
        /** Sets {@code lr}. */
        public Options lr(double v) { return new Options(v, beta1, beta2, eps, weightDecay, decoupledWeightDecay, maximize); }

        /** Sets {@code betas=(b1, b2)}. */
        public Options betas(double b1, double b2) { return new Options(lr, b1, b2, eps, weightDecay, decoupledWeightDecay, maximize); }

        /** Sets {@code eps}. */
        public Options eps(double v) { return new Options(lr, beta1, beta2, v, weightDecay, decoupledWeightDecay, maximize); }

        /** Sets {@code weight_decay}. */
        public Options weightDecay(double v) { return new Options(lr, beta1, beta2, eps, v, decoupledWeightDecay, maximize); }

        /** Sets {@code decoupled_weight_decay} (AdamW-style decay). */
        public Options decoupledWeightDecay(boolean v) { return new Options(lr, beta1, beta2, eps, weightDecay, v, maximize); }

        /** Sets {@code maximize}. */
        public Options maximize(boolean v) { return new Options(lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay, v); }

        Map<String, Object> toMap() {
            LinkedHashMap<String, Object> m = adamFamily(lr, beta1, beta2, eps, weightDecay);
            m.put("decoupled_weight_decay", decoupledWeightDecay);
            m.put("maximize", maximize);
            return m;
        }
    }

    /** PyTorch's RAdam defaults: lr=1e-3, betas=(0.9, 0.999), eps=1e-8. */
    public static Options options() { return options(1e-3); }

    /** RAdam's defaults with the given learning rate. */
    public static Options options(double lr) { return new Options(lr, 0.9, 0.999, 1e-8, 0, false, false); }

    /** {@code RAdam(params, **options)}: one parameter group. */
    public RAdam(Iterable<Tensor> params, Options options) { super(params, options.toMap()); }

    /** {@code RAdam(param_groups, **options)}. */
    public RAdam(List<ParamGroup> groups, Options options) { super(groups, options.toMap()); }

    @Override
    public void step() {
        try (var guard = stepScope()) {
            for (ParamGroup group : paramGroups()) {
                double beta1 = beta(group, 0), beta2 = beta(group, 1);
                double lr = group.lr(), eps = group.getDouble("eps"), wd = group.getDouble("weight_decay");
                boolean decoupled = group.getBoolean("decoupled_weight_decay"), maximize = group.getBoolean("maximize");
                for (Tensor p : withGrad(group)) {
                    Map<String, Object> st = state(p);
                    if (st.isEmpty()) {
                        st.put("step", Torch.zeros());
                        st.put("exp_avg", Torch.zerosLike(p));
                        st.put("exp_avg_sq", Torch.zerosLike(p));
                    }
                    Tensor stepT = (Tensor) st.get("step"), expAvg = (Tensor) st.get("exp_avg"), expAvgSq = (Tensor) st.get("exp_avg_sq");
                    stepT.add_(1.0);
                    double step = stepT.item();
                    Tensor g = maximize ? p.grad().neg() : p.grad();
                    if (wd != 0) {
                        if (decoupled) p.mul_(1 - lr * wd);
                        else g = g.add(p, wd);
                    }
                    Adam.lerp_(expAvg, g, 1 - beta1);
                    expAvgSq.mul_(beta2).add_(g.mul(1 - beta2).mul(g));
                    double bc1 = 1 - Math.pow(beta1, step), bc2 = 1 - Math.pow(beta2, step);
                    Tensor corrected = expAvg.div(bc1);
                    double rhoInf = 2 / (1 - beta2) - 1;
                    double rhoT = rhoInf - 2 * step * Math.pow(beta2, step) / bc2;
                    if (rhoT > 5.0) {
                        double rect = Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
                        Tensor root = expAvgSq.sqrt().add_(eps);
                        Tensor adaptive = Torch.fullLike(root, Math.sqrt(bc2)).div_(root); // sqrt(bc2) / root, one division
                        p.add_(corrected.mul(lr).mul(adaptive).mul(rect), -1.0);
                    } else {
                        p.add_(corrected.mul(lr), -1.0);
                    }
                }
            }
        }
    }
}
