package dev.torch4j.optim;

import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.optim.Adadelta}: steps of {@code sqrt(acc_delta + eps) / sqrt(square_avg + eps) * grad}, both running
 * averages decayed by {@code rho}, scaled by {@code lr} (default 1). State per parameter: {@code step},
 * {@code square_avg}, {@code acc_delta}.
 */
public class Adadelta extends Optimizer {
    /** Adadelta's keyword arguments. */
    public record Options(double lr, double rho, double eps, double weightDecay, boolean maximize) {
        /** Sets {@code lr}. */
        public Options lr(double v) { return new Options(v, rho, eps, weightDecay, maximize); }

        /** Sets {@code rho}. */
        public Options rho(double v) { return new Options(lr, v, eps, weightDecay, maximize); }

        /** Sets {@code eps}. */
        public Options eps(double v) { return new Options(lr, rho, v, weightDecay, maximize); }

        /** Sets {@code weight_decay}. */
        public Options weightDecay(double v) { return new Options(lr, rho, eps, v, maximize); }

        /** Sets {@code maximize}. */
        public Options maximize(boolean v) { return new Options(lr, rho, eps, weightDecay, v); }

        Map<String, Object> toMap() {
            check(lr >= 0, "learning rate", lr);
            check(rho >= 0 && rho <= 1, "rho value", rho);
            check(eps >= 0, "epsilon value", eps);
            check(weightDecay >= 0, "weight_decay value", weightDecay);
            LinkedHashMap<String, Object> m = new LinkedHashMap<>();
            m.put("lr", lr);
            m.put("rho", rho);
            m.put("eps", eps);
            m.put("weight_decay", weightDecay);
            m.put("maximize", maximize);
            return m;
        }
    }

    /** PyTorch's Adadelta defaults: lr=1.0, rho=0.9, eps=1e-6. */
    public static Options options() { return options(1.0); }

    /** Adadelta's defaults with the given learning rate. */
    public static Options options(double lr) { return new Options(lr, 0.9, 1e-6, 0, false); }

    /** {@code Adadelta(params, **options)}: one parameter group. */
    public Adadelta(Iterable<Tensor> params, Options options) { super(params, options.toMap()); }

    /** {@code Adadelta(param_groups, **options)}. */
    public Adadelta(List<ParamGroup> groups, Options options) { super(groups, options.toMap()); }

    @Override
    public void step() {
        try (var guard = stepScope()) {
            for (ParamGroup group : paramGroups()) {
                double lr = group.lr(), rho = group.getDouble("rho"), eps = group.getDouble("eps"), wd = group.getDouble("weight_decay");
                boolean maximize = group.getBoolean("maximize");
                for (Tensor p : withGrad(group)) {
                    Map<String, Object> st = state(p);
                    if (st.isEmpty()) {
                        st.put("step", Torch.zeros());
                        st.put("square_avg", Torch.zerosLike(p));
                        st.put("acc_delta", Torch.zerosLike(p));
                    }
                    Tensor squareAvg = (Tensor) st.get("square_avg"), accDelta = (Tensor) st.get("acc_delta");
                    ((Tensor) st.get("step")).add_(1.0);
                    Tensor g = maximize ? p.grad().neg() : p.grad();
                    if (wd != 0) g = g.add(p, wd);
                    squareAvg.mul_(rho).add_(g.mul(1 - rho).mul(g));
                    Tensor std = squareAvg.add(eps).sqrt_();
                    Tensor delta = accDelta.add(eps).sqrt_().div_(std).mul_(g);
                    accDelta.mul_(rho).add_(delta.mul(1 - rho).mul(delta));
                    p.add_(delta, -lr);
                }
            }
        }
    }
}
