package dev.torch4j.optim.swa;

import dev.torch4j.optim.Optimizer;
import dev.torch4j.optim.ParamGroup;
import dev.torch4j.optim.lr.LRScheduler;
import dev.torch4j.optim.lr.StateFields;

import java.util.List;

/**
 * {@code torch.optim.swa_utils.SWALR}: anneals each group's learning rate to its {@code swa_lr} over
 * {@code annealEpochs} steps ("cos" or "linear"), then holds it. Typically stepped once per epoch in the SWA phase.
 */
public class SWALR extends LRScheduler {
    private int annealEpochs; // anneal_epochs
    private boolean cos; // _anneal_strategy == "cos"

    /** {@code SWALR(optimizer, swa_lr)}: cosine annealing over 10 epochs. */
    public SWALR(Optimizer optimizer, double swaLr) { this(optimizer, List.of(swaLr), 10, "cos", -1); }

    /** {@code SWALR(optimizer, swa_lr, anneal_epochs, anneal_strategy)}. */
    public SWALR(Optimizer optimizer, double swaLr, int annealEpochs, String annealStrategy) {
        this(optimizer, List.of(swaLr), annealEpochs, annealStrategy, -1);
    }

    /**
     * {@code SWALR(optimizer, swa_lr, anneal_epochs, anneal_strategy, last_epoch)} with one swa_lr for every group or
     * one per group.
     */
    public SWALR(Optimizer optimizer, List<Double> swaLrs, int annealEpochs, String annealStrategy, int lastEpoch) {
        super(setSwaLrs(optimizer, swaLrs), lastEpoch);
        if (!annealStrategy.equals("cos") && !annealStrategy.equals("linear")) {
            throw new IllegalArgumentException("anneal_strategy must by one of 'cos' or 'linear', instead got " + annealStrategy);
        }
        if (annealEpochs < 0) throw new IllegalArgumentException("anneal_epochs must be equal or greater than 0, got " + annealEpochs);
        this.annealEpochs = annealEpochs;
        this.cos = annealStrategy.equals("cos");
        initialStep();
    }

    private static Optimizer setSwaLrs(Optimizer optimizer, List<Double> swaLrs) {
        List<ParamGroup> groups = optimizer.paramGroups();
        if (swaLrs.size() != 1 && swaLrs.size() != groups.size()) {
            throw new IllegalArgumentException("swa_lr must have the same length as optimizer.param_groups: swa_lr has " + swaLrs.size()
                    + ", optimizer.param_groups has " + groups.size());
        }
        for (int i = 0; i < groups.size(); i++) groups.get(i).set("swa_lr", swaLrs.get(swaLrs.size() == 1 ? 0 : i));
        return optimizer;
    }

    /**
     * PyTorch 2.x's keys: {@code "_anneal_strategy"} ("cos" or "linear"; 1.13 kept the function itself under
     * {@code "anneal_func"}), {@code "anneal_epochs"} and the base class's. Each group's {@code swa_lr} lives in the
     * optimizer, so load the optimizer's state too.
     */
    @Override
    protected void stateFields(StateFields f) {
        f.string("_anneal_strategy", () -> cos ? "cos" : "linear", v -> cos = v.equals("cos"))
                .integer("anneal_epochs", () -> annealEpochs, v -> annealEpochs = v);
        super.stateFields(f);
    }

    private double anneal(double t) { return cos ? (1 - Math.cos(Math.PI * t)) / 2 : t; }

    @Override
    protected double[] computeLr() {
        // PyTorch's get_lr: undo the previous step's blend to recover the pre-annealing lr, then blend again
        int step = stepCount - 1;
        if (annealEpochs == 0) step = Math.max(1, step);
        double prevAlpha = anneal(Math.max(0, Math.min(1, (step - 1) / (double) Math.max(1, annealEpochs))));
        double alpha = anneal(Math.max(0, Math.min(1, step / (double) Math.max(1, annealEpochs))));
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] lrs = new double[groups.size()];
        for (int i = 0; i < lrs.length; i++) {
            double swa = groups.get(i).getDouble("swa_lr"), lr = groups.get(i).lr();
            double prev = prevAlpha == 1 ? swa : (lr - prevAlpha * swa) / (1 - prevAlpha);
            lrs[i] = swa * alpha + prev * (1 - alpha);
        }
        return lrs;
    }
}
