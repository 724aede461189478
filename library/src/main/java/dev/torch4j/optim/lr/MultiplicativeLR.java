package dev.torch4j.optim.lr;

import dev.torch4j.optim.Optimizer;

import java.util.List;
import java.util.function.IntToDoubleFunction;

/** {@code MultiplicativeLR(optimizer, lr_lambda)}: each epoch multiplies each group's lr by {@code lr_lambda(epoch)}. */
public class MultiplicativeLR extends LRScheduler {
    private final IntToDoubleFunction[] lambdas;

    /** {@code MultiplicativeLR(optimizer, lr_lambda)}: one function for every group. */
    public MultiplicativeLR(Optimizer optimizer, IntToDoubleFunction lrLambda) {
        this(optimizer, java.util.Collections.nCopies(optimizer.paramGroups().size(), lrLambda));
    }

    /** {@code MultiplicativeLR(optimizer, [lr_lambda, ...])}: one function per parameter group. */
    public MultiplicativeLR(Optimizer optimizer, List<IntToDoubleFunction> lrLambdas) {
        super(optimizer, -1);
        this.lambdas = perGroup(optimizer, lrLambdas);
        initialStep();
    }

    /** Adds {@code "lr_lambdas"}: None for each plain function, the state of each {@link StatefulLambda}. */
    @Override
    protected void stateFields(StateFields f) {
        super.stateFields(f);
        lambdaField(f, lambdas);
    }

    @Override
    protected double[] computeLr() {
        double[] r = groupLrs();
        if (lastEpoch > 0) for (int i = 0; i < r.length; i++) r[i] *= lambdas[i].applyAsDouble(lastEpoch);
        return r;
    }
}
