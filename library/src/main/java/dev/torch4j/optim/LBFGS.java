package dev.torch4j.optim;

import dev.torch4j.Tensor;
import dev.torch4j.autograd.GradMode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code torch.optim.LBFGS}: limited-memory BFGS over all parameters as one flat vector, PyTorch's algorithm (from
 * Torch7's optim), with an optional strong-Wolfe line search. {@link #step(Supplier)} takes the closure that
 * re-evaluates the loss (zeroing the gradients and calling backward) and runs up to {@code max_iter} iterations.
 * One parameter group only, as in PyTorch. The scalars of the two-loop recursion are float32 0-d tensors as in
 * PyTorch (so float32 problems take the same rounding); the line search's arithmetic is in double.
 */
public class LBFGS extends Optimizer {
    /** LBFGS's keyword arguments ({@code maxEval} 0 means PyTorch's default, {@code max_iter * 5 / 4}). */
    public record Options(double lr, int maxIter, int maxEval, double toleranceGrad, double toleranceChange, int historySize,
                          String lineSearchFn) {
        /** Sets {@code lr}. */
        public Options lr(double v) { return new Options(v, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, lineSearchFn); }

        /** Sets {@code max_iter} (iterations per step). */
        public Options maxIter(int v) { return new Options(lr, v, maxEval, toleranceGrad, toleranceChange, historySize, lineSearchFn); }

        /** Sets {@code max_eval} (closure evaluations per step). */
        public Options maxEval(int v) { return new Options(lr, maxIter, v, toleranceGrad, toleranceChange, historySize, lineSearchFn); }

        /** Sets {@code tolerance_grad}. */
        public Options toleranceGrad(double v) { return new Options(lr, maxIter, maxEval, v, toleranceChange, historySize, lineSearchFn); }

        /** Sets {@code tolerance_change}. */
        public Options toleranceChange(double v) { return new Options(lr, maxIter, maxEval, toleranceGrad, v, historySize, lineSearchFn); }

        /** Sets {@code history_size}. */
        public Options historySize(int v) { return new Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, v, lineSearchFn); }

        /** Sets {@code line_search_fn}: null or "strong_wolfe". */
        public Options lineSearchFn(String v) { return new Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, v); }

        Map<String, Object> toMap() {
            check(lr >= 0, "learning rate", lr);
            if (lineSearchFn != null && !lineSearchFn.equals("strong_wolfe")) {
                throw new IllegalArgumentException("only 'strong_wolfe' is supported");
            }
            LinkedHashMap<String, Object> m = new LinkedHashMap<>();
            m.put("lr", lr);
            m.put("max_iter", maxIter);
            m.put("max_eval", maxEval > 0 ? maxEval : maxIter * 5 / 4);
            m.put("tolerance_grad", toleranceGrad);
            m.put("tolerance_change", toleranceChange);
            m.put("history_size", historySize);
            m.put("line_search_fn", lineSearchFn);
            return m;
        }
    }

    /** PyTorch's LBFGS defaults: lr=1, max_iter=20, tolerance_grad=1e-7, tolerance_change=1e-9, history_size=100. */
    public static Options options() { return options(1); }

    /** LBFGS's defaults with the given learning rate. */
    public static Options options(double lr) { return new Options(lr, 20, 0, 1e-7, 1e-9, 100, null); }

    private final List<Tensor> params;

    /** {@code LBFGS(params, **options)}. */
    public LBFGS(Iterable<Tensor> params, Options options) {
        super(params, options.toMap());
        if (paramGroups().size() != 1) {
            throw new IllegalArgumentException("LBFGS doesn't support per-parameter options (parameter groups)");
        }
        this.params = paramGroups().getFirst().params();
    }

    @Override
    public void addParamGroup(ParamGroup group) {
        if (!paramGroups().isEmpty()) {
            throw new IllegalArgumentException("LBFGS doesn't support per-parameter options (parameter groups)");
        }
        super.addParamGroup(group);
    }

    /** LBFGS re-evaluates the loss several times per step: use {@link #step(Supplier)}. */
    @Override
    public void step() {
        throw new IllegalStateException("LBFGS.step needs the closure that re-evaluates the loss: call step(closure)");
    }

    private Tensor flatGrad() {
        List<Tensor> views = new ArrayList<>();
        for (Tensor p : params) views.add(p.grad() == null ? dev.torch4j.Torch.zerosLike(p).reshape(-1) : p.grad().reshape(-1));
        return dev.torch4j.Torch.cat(views, 0);
    }

    private void addGrad(double stepSize, Tensor update) {
        long offset = 0;
        for (Tensor p : params) {
            long n = p.numel();
            p.add_(update.narrow(0, offset, n).viewAs(p), stepSize);
            offset += n;
        }
    }

    private double evaluate(Supplier<Tensor> closure) {
        try (var g = GradMode.enableGrad()) {
            return closure.get().item();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Tensor step(Supplier<Tensor> closure) {
        try (var guard = GradMode.noGrad()) {
            ParamGroup group = paramGroups().getFirst();
            double lr = group.lr(), tolGrad = group.getDouble("tolerance_grad"), tolChange = group.getDouble("tolerance_change");
            int maxIter = ((Number) group.get("max_iter")).intValue(), maxEval = ((Number) group.get("max_eval")).intValue();
            int historySize = ((Number) group.get("history_size")).intValue();
            String lineSearch = (String) group.get("line_search_fn");
            Map<String, Object> st = state(params.getFirst());
            st.putIfAbsent("func_evals", 0);
            st.putIfAbsent("n_iter", 0);

            Tensor origLoss;
            try (var g = GradMode.enableGrad()) {
                origLoss = closure.get();
            }
            double loss = origLoss.item();
            int currentEvals = 1;
            st.put("func_evals", (int) st.get("func_evals") + 1);
            Tensor flatGrad = flatGrad();
            boolean optCond = flatGrad.abs().max().item() <= tolGrad;
            if (optCond) return origLoss;

            Tensor d = (Tensor) st.get("d"), hDiag = (Tensor) st.get("H_diag"), prevFlatGrad = (Tensor) st.get("prev_flat_grad");
            double t = st.containsKey("t") ? (double) st.get("t") : 0;
            List<Tensor> oldDirs = (List<Tensor>) st.get("old_dirs"), oldStps = (List<Tensor>) st.get("old_stps");
            List<Tensor> ro = (List<Tensor>) st.get("ro");
            Double prevLoss = (Double) st.get("prev_loss");
            int nIter = 0;
            while (nIter < maxIter) {
                nIter++;
                int globalIter = (int) st.get("n_iter") + 1;
                st.put("n_iter", globalIter);
                if (globalIter == 1) {
                    d = flatGrad.neg();
                    oldDirs = new ArrayList<>();
                    oldStps = new ArrayList<>();
                    ro = new ArrayList<>();
                    hDiag = dev.torch4j.Torch.ones().to(flatGrad.device(), flatGrad.dtype());
                } else {
                    Tensor y = flatGrad.sub(prevFlatGrad), s = d.mul(t), ys = y.dot(s);
                    if (ys.item() > 1e-10) {
                        if (oldDirs.size() == historySize) {
                            oldDirs.removeFirst();
                            oldStps.removeFirst();
                            ro.removeFirst();
                        }
                        oldDirs.add(y);
                        oldStps.add(s);
                        ro.add(ys.reciprocal());
                        hDiag = ys.div(y.dot(y));
                    }
                    // the two-loop recursion: d = -H g with H the limited-memory inverse Hessian
                    int numOld = oldDirs.size();
                    Tensor[] al = new Tensor[numOld];
                    Tensor q = flatGrad.neg();
                    for (int i = numOld - 1; i >= 0; i--) {
                        al[i] = oldStps.get(i).dot(q).mul(ro.get(i));
                        q.add_(oldDirs.get(i), -al[i].item());
                    }
                    Tensor r = q.mul(hDiag);
                    for (int i = 0; i < numOld; i++) {
                        Tensor be = oldDirs.get(i).dot(r).mul(ro.get(i));
                        r.add_(oldStps.get(i), al[i].sub(be).item());
                    }
                    d = r;
                }
                if (prevFlatGrad == null) prevFlatGrad = flatGrad.clone();
                else prevFlatGrad.copy_(flatGrad);
                prevLoss = loss;

                if (globalIter == 1) {
                    // min(1, 1 / sum|g|) * lr, in float32 where PyTorch's tensor arithmetic is
                    float inv = 1f / (float) flatGrad.abs().sum().item();
                    t = inv < 1 ? (double) (inv * (float) lr) : lr;
                } else {
                    t = lr;
                }
                double gtd = flatGrad.dot(d).item();
                if (gtd > -tolChange) break;

                int lsEvals = 0;
                if (lineSearch != null) {
                    List<Tensor> xInit = new ArrayList<>();
                    for (Tensor p : params) xInit.add(p.clone());
                    StrongWolfe.Result res = StrongWolfe.search((x, step, dir) -> {
                        addGrad(step, dir);
                        double f = evaluate(closure);
                        Tensor g = flatGrad();
                        for (int i = 0; i < params.size(); i++) params.get(i).copy_(x.get(i));
                        return new StrongWolfe.Eval(f, g);
                    }, xInit, t, d, loss, flatGrad, gtd, tolChange);
                    loss = res.f();
                    flatGrad = res.g();
                    t = res.t();
                    lsEvals = res.evals();
                    addGrad(t, d);
                    optCond = flatGrad.abs().max().item() <= tolGrad;
                } else {
                    addGrad(t, d);
                    if (nIter != maxIter) {
                        loss = evaluate(closure);
                        flatGrad = flatGrad();
                        optCond = flatGrad.abs().max().item() <= tolGrad;
                        lsEvals = 1;
                    }
                }
                currentEvals += lsEvals;
                st.put("func_evals", (int) st.get("func_evals") + lsEvals);

                if (nIter == maxIter || currentEvals >= maxEval || optCond) break;
                if (d.mul(t).abs().max().item() <= tolChange) break;
                if (Math.abs(loss - prevLoss) < tolChange) break;
            }
            st.put("d", d);
            st.put("t", t);
            st.put("old_dirs", oldDirs);
            st.put("old_stps", oldStps);
            st.put("ro", ro);
            st.put("H_diag", hDiag);
            st.put("prev_flat_grad", prevFlatGrad);
            st.put("prev_loss", prevLoss);
            return origLoss;
        }
    }
}
