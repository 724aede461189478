package dev.torch4j.optim.lr;

import dev.torch4j.optim.Optimizer;
import dev.torch4j.optim.ParamGroup;

import java.util.List;

/**
 * {@code torch.optim.lr_scheduler.LRScheduler}: sets each parameter group's {@code "lr"} once per
 * {@link #step()} (call it after {@code optimizer.step()}, usually once per epoch). Construction records each
 * group's {@code "initial_lr"} and performs the initial step, as PyTorch does; a subclass's constructor calls
 * {@link #initialStep()} last, once its own fields are set.
 *
 * <pre>{@code
 * var sched = new StepLR(opt, 30, 0.1);
 * for (int epoch = 0; epoch < 100; epoch++) { train(); sched.step(); }
 * }</pre>
 */
public abstract class LRScheduler {
    /** The {@code optimizer} argument. */
    protected final Optimizer optimizer;
    /** The {@code base_lrs} argument. */
    protected final double[] baseLrs;
    /** The {@code last_epoch} argument. */
    protected int lastEpoch;
    /** The {@code step_count} argument. */
    protected int stepCount;
    private double[] lastLr;

    /** Records each group's {@code initial_lr} (when {@code lastEpoch == -1}) and the base learning rates. */
    protected LRScheduler(Optimizer optimizer, int lastEpoch) {
        this.optimizer = optimizer;
        List<ParamGroup> groups = optimizer.paramGroups();
        if (lastEpoch == -1) {
            for (ParamGroup g : groups) if (g.get("initial_lr") == null) g.set("initial_lr", g.lr());
        } else {
            for (int i = 0; i < groups.size(); i++) {
                if (groups.get(i).get("initial_lr") == null) {
                    throw new IllegalArgumentException("param 'initial_lr' is not specified in param_groups[" + i
                            + "] when resuming an optimizer");
                }
            }
        }
        baseLrs = new double[groups.size()];
        for (int i = 0; i < baseLrs.length; i++) baseLrs[i] = groups.get(i).getDouble("initial_lr");
        this.lastEpoch = lastEpoch;
    }

    /** PyTorch's {@code _initial_step}: resets the step count and steps once (to epoch 0). */
    protected final void initialStep() {
        stepCount = 0;
        step();
    }

    /** The learning rate of each group for {@link #lastEpoch} (PyTorch's chainable {@code get_lr()}). */
    protected abstract double[] computeLr();

    /** Advances one epoch and writes the new learning rates into the optimizer. */
    public void step() {
        stepCount++;
        lastEpoch++;
        setLrs(computeLr());
    }

    /**
     * {@code step(epoch)}, PyTorch's deprecated form that {@link SequentialLR} uses at a milestone: jumps to
     * {@code epoch} and sets the learning rates of that epoch from {@link #closedFormLr()}.
     */
    public void step(int epoch) {
        stepCount++;
        lastEpoch = epoch;
        setLrs(closedFormLr());
    }

    /** PyTorch's {@code _get_closed_form_lr} where the scheduler has one (from the base lrs), else {@link #computeLr()}. */
    protected double[] closedFormLr() { return computeLr(); }

    /** Each base lr times {@code factor}. */
    protected double[] baseScaled(double factor) {
        double[] r = baseLrs.clone();
        for (int i = 0; i < r.length; i++) r[i] *= factor;
        return r;
    }

    /** Writes {@code lrs} into the optimizer's groups and remembers them as the last learning rates. */
    protected final void setLrs(double[] lrs) {
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < lrs.length; i++) groups.get(i).setLr(lrs[i]);
        lastLr = lrs.clone();
    }

    /** {@code get_last_lr()}: the learning rates set by the last step. */
    public double[] lastLr() { return lastLr.clone(); }

    /** {@code last_epoch}. */
    public int lastEpoch() { return lastEpoch; }

    /** The current {@code lr} of every group. */
    protected double[] groupLrs() {
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] r = new double[groups.size()];
        for (int i = 0; i < r.length; i++) r[i] = groups.get(i).lr();
        return r;
    }

    /** One function per parameter group (LambdaLR's and MultiplicativeLR's {@code lr_lambda} list), checked against the groups. */
    static java.util.function.IntToDoubleFunction[] perGroup(Optimizer optimizer, List<java.util.function.IntToDoubleFunction> lambdas) {
        if (lambdas.size() != optimizer.paramGroups().size()) {
            throw new IllegalArgumentException("Expected " + optimizer.paramGroups().size() + " lr_lambdas, but got " + lambdas.size());
        }
        return lambdas.toArray(java.util.function.IntToDoubleFunction[]::new);
    }

    /** Each group's current lr times {@code factor}. */
    protected double[] scaled(double factor) {
        double[] r = groupLrs();
        for (int i = 0; i < r.length; i++) r[i] *= factor;
        return r;
    }

    // ---- momentum cycling, shared by OneCycleLR and CyclicLR

    /** PyTorch's check: cycling momentum needs an optimizer with {@code momentum} or Adam's {@code betas}. */
    static void checkCyclableMomentum(Optimizer optimizer) {
        if (!optimizer.defaults().containsKey("momentum") && !optimizer.defaults().containsKey("betas")) {
            throw new IllegalArgumentException("optimizer must support momentum or beta1 with `cycle_momentum` option enabled");
        }
    }

    /** Sets a group's momentum: {@code betas[0]} for the Adam family, else {@code momentum}. */
    static void setMomentum(ParamGroup g, double momentum) {
        if (g.get("betas") != null) {
            List<?> betas = (List<?>) g.get("betas");
            g.set("betas", List.of(momentum, ((Number) betas.get(1)).doubleValue()));
        } else {
            g.set("momentum", momentum);
        }
    }

    /** The constructors' momentum set-up: momentum starts at max_momentum; both bounds stored in the group. */
    static void startMomentum(ParamGroup g, double maxMomentum, double baseMomentum) {
        setMomentum(g, maxMomentum);
        g.set("max_momentum", maxMomentum);
        g.set("base_momentum", baseMomentum);
    }
}
