package dev.torch4j.optim;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.optim.NAdam}: Adam with Nesterov momentum and the momentum schedule
 * {@code mu_t = beta1 * (1 - 0.5 * 0.96^(t * momentum_decay))}, as PyTorch 2.x computes it (the product of the
 * {@code mu_t} kept as a float32 0-d tensor, optional decoupled weight decay). State per parameter: {@code step},
 * {@code mu_product}, {@code exp_avg}, {@code exp_avg_sq}.
 */
public class NAdam extends Optimizer {
    /** NAdam's keyword arguments. */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, double momentumDecay,
                          boolean decoupledWeightDecay, boolean maximize) {
        /** Sets {@code lr}. */
        public Options lr(double v) { return new Options(v, beta1, beta2, eps, weightDecay, momentumDecay, decoupledWeightDecay, maximize); }

        /** Sets {@code betas=(b1, b2)}. */
        public Options betas(double b1, double b2) { return new Options(lr, b1, b2, eps, weightDecay, momentumDecay, decoupledWeightDecay, maximize); }

        /** Sets {@code eps}. */
        public Options eps(double v) { return new Options(lr, beta1, beta2, v, weightDecay, momentumDecay, decoupledWeightDecay, maximize); }

        /** Sets {@code weight_decay}. */
        public Options weightDecay(double v) { return new Options(lr, beta1, beta2, eps, v, momentumDecay, decoupledWeightDecay, maximize); }

        /** Sets {@code momentum_decay}. */
        public Options momentumDecay(double v) { return new Options(lr, beta1, beta2, eps, weightDecay, v, decoupledWeightDecay, maximize); }

        /** Sets {@code decoupled_weight_decay} (AdamW-style decay, NAdamW). */
        public Options decoupledWeightDecay(boolean v) { return new Options(lr, beta1, beta2, eps, weightDecay, momentumDecay, v, maximize); }

        /** Sets {@code maximize}. */
        public Options maximize(boolean v) { return new Options(lr, beta1, beta2, eps, weightDecay, momentumDecay, decoupledWeightDecay, v); }

        Map<String, Object> toMap() {
            LinkedHashMap<String, Object> m = adamFamily(lr, beta1, beta2, eps, weightDecay);
            check(momentumDecay >= 0, "momentum_decay value", momentumDecay);
            m.put("momentum_decay", momentumDecay);
            m.put("decoupled_weight_decay", decoupledWeightDecay);
            m.put("maximize", maximize);
            return m;
        }
    }

    /** PyTorch's NAdam defaults: lr=2e-3, betas=(0.9, 0.999), eps=1e-8, momentum_decay=4e-3. */
    public static Options options() { return options(2e-3); }

    /** NAdam's defaults with the given learning rate. */
    public static Options options(double lr) { return new Options(lr, 0.9, 0.999, 1e-8, 0, 4e-3, false, false); }

    /** {@code NAdam(params, **options)}: one parameter group. */
    public NAdam(Iterable<Tensor> params, Options options) { super(params, options.toMap()); }

    /** {@code NAdam(param_groups, **options)}. */
    public NAdam(List<ParamGroup> groups, Options options) { super(groups, options.toMap()); }

    @Override
    public void step() {
        try (var guard = stepScope()) {
            for (ParamGroup group : paramGroups()) {
                double beta1 = beta(group, 0), beta2 = beta(group, 1);
                double lr = group.lr(), eps = group.getDouble("eps"), wd = group.getDouble("weight_decay");
                double momentumDecay = group.getDouble("momentum_decay");
                boolean decoupled = group.getBoolean("decoupled_weight_decay"), maximize = group.getBoolean("maximize");
                for (Tensor p : withGrad(group)) {
                    Map<String, Object> st = state(p);
                    if (st.isEmpty()) {
                        st.put("step", Torch.zeros());
                        st.put("mu_product", Torch.ones());
                        st.put("exp_avg", Torch.zerosLike(p));
                        st.put("exp_avg_sq", Torch.zerosLike(p));
                    }
                    Tensor stepT = (Tensor) st.get("step"), muProduct = (Tensor) st.get("mu_product");
                    Tensor expAvg = (Tensor) st.get("exp_avg"), expAvgSq = (Tensor) st.get("exp_avg_sq");
                    stepT.add_(1.0);
                    double step = stepT.item();
                    double bc2 = 1 - Math.pow(beta2, step);
                    Tensor g = maximize ? p.grad().neg() : p.grad();
                    if (wd != 0) {
                        if (decoupled) p.mul_(1 - lr * wd);
                        else g = g.add(p, wd);
                    }
                    double mu = beta1 * (1. - 0.5 * Math.pow(0.96, step * momentumDecay));
                    double muNext = beta1 * (1. - 0.5 * Math.pow(0.96, (step + 1) * momentumDecay));
                    muProduct.mul_(mu);
                    double muProd = muProduct.item(), muProdNext = muProd * muNext;
                    Adam.lerp_(expAvg, g, 1 - beta1);
                    expAvgSq.mul_(beta2).add_(g.mul(1 - beta2).mul(g));
                    Tensor denom = expAvgSq.div(bc2).sqrt().add_(eps);
                    p.add_(g.mul(-lr * (1. - mu) / (1. - muProd)).div(denom));
                    p.add_(expAvg.mul(-lr * muNext / (1. - muProdNext)).div(denom));
                }
            }
        }
    }
}
