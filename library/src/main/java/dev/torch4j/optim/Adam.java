package dev.torch4j.optim;

import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradMode;
import dev.torch4j.ops.Fused;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.optim.Adam}: adaptive moment estimation with bias correction, optional L2 weight decay and
 * AMSGrad, computed as PyTorch 2.x's single-tensor implementation does ({@code exp_avg.lerp_(grad, 1 - beta1)},
 * {@code exp_avg_sq.mul_(beta2).addcmul_(grad, grad, 1 - beta2)},
 * {@code p -= lr / bc1 * exp_avg / (sqrt(exp_avg_sq) / sqrt(bc2) + eps)}). State per parameter: {@code step} (a
 * 0-d float32 tensor), {@code exp_avg}, {@code exp_avg_sq} and, with AMSGrad, {@code max_exp_avg_sq}.
 */
public class Adam extends Optimizer {
    /** Adam's (and AdamW's) keyword arguments. */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad, boolean maximize) {
        /** Sets {@code lr}. */
        public Options lr(double v) { return new Options(v, beta1, beta2, eps, weightDecay, amsgrad, maximize); }

        /** Sets {@code betas=(b1, b2)}. */
        public Options betas(double b1, double b2) { return new Options(lr, b1, b2, eps, weightDecay, amsgrad, maximize); }

        /** Sets {@code eps}. */
        public Options eps(double v) { return new Options(lr, beta1, beta2, v, weightDecay, amsgrad, maximize); }

        /** Sets {@code weight_decay}. */
        public Options weightDecay(double v) { return new Options(lr, beta1, beta2, eps, v, amsgrad, maximize); }

        /** Sets {@code amsgrad}. */
        public Options amsgrad(boolean v) { return new Options(lr, beta1, beta2, eps, weightDecay, v, maximize); }

        /** Sets {@code maximize}. */
        public Options maximize(boolean v) { return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, v); }

        Map<String, Object> toMap() {
            LinkedHashMap<String, Object> m = adamFamily(lr, beta1, beta2, eps, weightDecay);
            m.put("amsgrad", amsgrad);
            m.put("maximize", maximize);
            return m;
        }
    }

    /** PyTorch's Adam defaults: lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0. */
    public static Options options() { return options(1e-3); }

    /** Adam's defaults with the given learning rate. */
    public static Options options(double lr) { return new Options(lr, 0.9, 0.999, 1e-8, 0, false, false); }

    /** {@code Adam(params, **options)}: one parameter group. */
    public Adam(Iterable<Tensor> params, Options options) { super(params, options.toMap()); }

    /** {@code Adam(param_groups, **options)}: the options are the defaults of the groups' unset hyperparameters. */
    public Adam(List<ParamGroup> groups, Options options) { super(groups, options.toMap()); }

    Adam(Iterable<Tensor> params, Map<String, Object> defaults) { super(params, defaults); }

    Adam(List<ParamGroup> groups, Map<String, Object> defaults) { super(groups, defaults); }

    /** AdamW decays the weights directly instead of adding to the gradient. */
    boolean decoupled() { return false; }

    @Override
    public void step() {
        try (var guard = stepScope()) {
            for (ParamGroup group : paramGroups()) {
                double beta1 = beta(group, 0), beta2 = beta(group, 1);
                double lr = group.lr(), eps = group.getDouble("eps"), wd = group.getDouble("weight_decay");
                boolean amsgrad = group.getBoolean("amsgrad"), maximize = group.getBoolean("maximize");
                List<Tensor> params = withGrad(group);
                int n = params.size();
                double[] stepSizes = new double[n], bc2Sqrts = new double[n];
                for (int i = 0; i < n; i++) {
                    Map<String, Object> st = state(params.get(i));
                    if (st.isEmpty()) {
                        Tensor p = params.get(i);
                        st.put("step", dev.torch4j.Torch.zeros());
                        st.put("exp_avg", dev.torch4j.Torch.zerosLike(p));
                        st.put("exp_avg_sq", dev.torch4j.Torch.zerosLike(p));
                        if (amsgrad) st.put("max_exp_avg_sq", dev.torch4j.Torch.zerosLike(p));
                    }
                    Tensor stepT = (Tensor) st.get("step");
                    stepT.add_(1.0);
                    double step = stepT.item();
                    double bc1 = 1 - Math.pow(beta1, step), bc2 = 1 - Math.pow(beta2, step);
                    stepSizes[i] = lr / bc1;
                    bc2Sqrts[i] = Math.sqrt(bc2);
                }
                if (useFusedKernels && n > 1 && fusedMany(params, lr, beta1, beta2, eps, wd, amsgrad, maximize,
                        stepSizes, bc2Sqrts)) {
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    Tensor p = params.get(i);
                    Map<String, Object> st = state(p);
                    Tensor expAvg = (Tensor) st.get("exp_avg"), expAvgSq = (Tensor) st.get("exp_avg_sq");
                    double stepSize = stepSizes[i], bc2Sqrt = bc2Sqrts[i];
                    Tensor max = amsgrad ? (Tensor) st.get("max_exp_avg_sq") : null;
                    if (useFusedKernels && Fused.adamStep(p, p.grad(), expAvg, expAvgSq, max, lr, beta1, beta2, eps, wd,
                            decoupled(), maximize, stepSize, bc2Sqrt)) {
                        continue;
                    }
                    Tensor g = maximize ? p.grad().neg() : p.grad();
                    if (wd != 0) {
                        if (decoupled()) p.mul_(1 - lr * wd);
                        else g = g.add(p, wd);
                    }
                    lerp_(expAvg, g, 1 - beta1);
                    expAvgSq.mul_(beta2).add_(g.mul(1 - beta2).mul(g));
                    Tensor v = expAvgSq;
                    if (amsgrad) {
                        max.copy_(max.maximum(expAvgSq));
                        v = max;
                    }
                    Tensor denom = v.sqrt().div(bc2Sqrt).add_(eps);
                    p.add_(expAvg.mul(-stepSize).div(denom));
                }
            }
        }
    }

    /**
     * Every parameter of the group in one pass (a backend's multi-tensor kernel, as PyTorch's foreach Adam); false,
     * with nothing changed, when the backend or the tensors' layouts have no such form (the CPU: no launch to save).
     */
    private boolean fusedMany(List<Tensor> params, double lr, double beta1, double beta2, double eps, double wd,
                              boolean amsgrad, boolean maximize, double[] stepSizes, double[] bc2Sqrts) {
        if (params.get(0).device().isCpu()) return false;
        int n = params.size();
        Tensor[] ps = params.toArray(new Tensor[0]), gs = new Tensor[n], ms = new Tensor[n], vs = new Tensor[n];
        Tensor[] xs = amsgrad ? new Tensor[n] : null;
        for (int i = 0; i < n; i++) {
            Map<String, Object> st = state(ps[i]);
            gs[i] = ps[i].grad();
            ms[i] = (Tensor) st.get("exp_avg");
            vs[i] = (Tensor) st.get("exp_avg_sq");
            if (xs != null) xs[i] = (Tensor) st.get("max_exp_avg_sq");
        }
        return Fused.adamStepMany(ps, gs, ms, vs, xs, lr, beta1, beta2, eps, wd, decoupled(), maximize, stepSizes,
                bc2Sqrts);
    }

    /** {@code self.lerp_(end, weight)} with PyTorch's two-sided formula (exact at weight 0 and 1). */
    static void lerp_(Tensor self, Tensor end, double weight) {
        if (Math.abs(weight) < 0.5) self.add_(end.sub(self).mul(weight));
        else self.copy_(end.sub(end.sub(self).mul(1 - weight)));
    }
}
