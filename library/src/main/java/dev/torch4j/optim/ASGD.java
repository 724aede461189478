package dev.torch4j.optim;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.optim.ASGD}: averaged SGD. Each step decays the parameter by {@code 1 - lambd * eta}, takes an SGD
 * step of size {@code eta = lr / (1 + lambd * lr * step)^alpha}, and (from step {@code t0} on) keeps the running
 * average {@code ax} of the iterates. State per parameter: {@code step}, {@code eta}, {@code mu}, {@code ax}.
 */
public class ASGD extends Optimizer {
    /** ASGD's keyword arguments. */
    public record Options(double lr, double lambd, double alpha, double t0, double weightDecay, boolean maximize) {
        /** Sets {@code lr}. */
        public Options lr(double v) { return new Options(v, lambd, alpha, t0, weightDecay, maximize); }

        /** Sets {@code lambd} (the decay term). */
        public Options lambd(double v) { return new Options(lr, v, alpha, t0, weightDecay, maximize); }

        /** Sets {@code alpha} (the power of the eta update). */
        public Options alpha(double v) { return new Options(lr, lambd, v, t0, weightDecay, maximize); }

        /** Sets {@code t0} (the step averaging starts at). */
        public Options t0(double v) { return new Options(lr, lambd, alpha, v, weightDecay, maximize); }

        /** Sets {@code weight_decay}. */
        public Options weightDecay(double v) { return new Options(lr, lambd, alpha, t0, v, maximize); }

        /** Sets {@code maximize}. */
        public Options maximize(boolean v) { return new Options(lr, lambd, alpha, t0, weightDecay, v); }

        Map<String, Object> toMap() {
            check(lr >= 0, "learning rate", lr);
            check(weightDecay >= 0, "weight_decay value", weightDecay);
            LinkedHashMap<String, Object> m = new LinkedHashMap<>();
            m.put("lr", lr);
            m.put("lambd", lambd);
            m.put("alpha", alpha);
            m.put("t0", t0);
            m.put("weight_decay", weightDecay);
            m.put("maximize", maximize);
            return m;
        }
    }

    /** PyTorch's ASGD defaults: lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6. */
    public static Options options() { return options(1e-2); }

    /** ASGD's defaults with the given learning rate. */
    public static Options options(double lr) { return new Options(lr, 1e-4, 0.75, 1e6, 0, false); }

    /** {@code ASGD(params, **options)}: one parameter group. */
    public ASGD(Iterable<Tensor> params, Options options) { super(params, options.toMap()); }

    /** {@code ASGD(param_groups, **options)}. */
    public ASGD(List<ParamGroup> groups, Options options) { super(groups, options.toMap()); }

    @Override
    public void step() {
        try (var guard = stepScope()) {
            for (ParamGroup group : paramGroups()) {
                double lr = group.lr(), lambd = group.getDouble("lambd"), alpha = group.getDouble("alpha");
                double t0 = group.getDouble("t0"), wd = group.getDouble("weight_decay");
                boolean maximize = group.getBoolean("maximize");
                for (Tensor p : withGrad(group)) {
                    Map<String, Object> st = state(p);
                    if (st.isEmpty()) {
                        st.put("step", Torch.zeros());
                        st.put("eta", Torch.tensor(lr));  // float32, as PyTorch keeps it: eta.item() is lr rounded
                        st.put("mu", Torch.ones());
                        st.put("ax", Torch.zerosLike(p));
                    }
                    Tensor stepT = (Tensor) st.get("step"), eta = (Tensor) st.get("eta"), mu = (Tensor) st.get("mu");
                    Tensor ax = (Tensor) st.get("ax");
                    stepT.add_(1.0);
                    double step = stepT.item();
                    Tensor g = maximize ? p.grad().neg() : p.grad();
                    if (wd != 0) g = g.add(p, wd);
                    double e = eta.item();
                    p.mul_(1 - lambd * e);
                    p.add_(g, -e);
                    if (mu.item() != 1) ax.add_(p.sub(ax).mul(mu.item()));
                    else ax.copy_(p);
                    eta.fill_(lr / Math.pow(1 + lambd * lr * step, alpha));
                    mu.fill_(1 / Math.max(1, step - t0));
                }
            }
        }
    }
}
