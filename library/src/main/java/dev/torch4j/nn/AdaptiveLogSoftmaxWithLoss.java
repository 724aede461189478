package dev.torch4j.nn;

import dev.torch4j.Tensor;
import dev.torch4j.TensorOptions;
import dev.torch4j.Torch;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code nn.AdaptiveLogSoftmaxWithLoss(in_features, n_classes, cutoffs, div_value=4.0, head_bias=False)}: Grave et
 * al.'s adaptive softmax for large vocabularies. The head scores the {@code cutoffs[0]} most frequent classes and one
 * entry per cluster; cluster i's classes {@code [cutoffs[i], cutoffs[i+1])} are scored by a two-layer projection
 * through {@code in_features / div_value^(i+1)} features. The modules, their names and their initialisation order
 * are PyTorch's, so {@code manualSeed(s)} then the constructor gives PyTorch's weights.
 */
public class AdaptiveLogSoftmaxWithLoss extends Module {
    /** {@code forward}'s result ({@code _ASMoutput}): each row's log-probability of its target, and their negated mean. */
    public record Output(Tensor output, Tensor loss) {}

    /** The {@code in_features} and {@code n_classes} arguments. */
    public final long inFeatures, nClasses;
    /** The cutoffs followed by {@code n_classes}, as PyTorch stores them. */
    public final List<Long> cutoffs;
    /** The {@code div_value} argument. */
    public final double divValue;
    /** The {@code head_bias} argument. */
    public final boolean headBias;
    /** {@code shortlist_size}, {@code n_clusters} and {@code head_size}. */
    public final long shortlistSize, nClusters, headSize;
    /** The head: {@code Linear(in_features, shortlist_size + n_clusters)}. */
    public final Linear head;
    /** One {@code Sequential(Linear(in, hsz), Linear(hsz, osz))} per cluster, both without bias. */
    public final ModuleList tail;

    /** With PyTorch's defaults ({@code div_value=4.0}, no head bias). */
    public AdaptiveLogSoftmaxWithLoss(long inFeatures, long nClasses, long[] cutoffs) {
        this(inFeatures, nClasses, cutoffs, 4.0, false, TensorOptions.DEFAULT);
    }

    /** The full form. */
    public AdaptiveLogSoftmaxWithLoss(long inFeatures, long nClasses, long[] cutoffs, double divValue, boolean headBias,
                                      TensorOptions options) {
        if (cutoffs.length == 0) throw new IllegalArgumentException("cutoffs should be a sequence of length larger than 0");
        for (int i = 0; i < cutoffs.length; i++) {
            if (cutoffs[i] <= 0 || cutoffs[i] > nClasses - 1 || (i > 0 && cutoffs[i] <= cutoffs[i - 1])) {
                throw new IllegalArgumentException("cutoffs should be a sequence of unique, positive integers sorted in an increasing "
                        + "order, where each value is between 1 and n_classes-1");
            }
        }
        List<Long> c = new ArrayList<>();
        for (long v : cutoffs) c.add(v);
        c.add(nClasses);
        this.inFeatures = inFeatures;
        this.nClasses = nClasses;
        this.cutoffs = List.copyOf(c);
        this.divValue = divValue;
        this.headBias = headBias;
        this.shortlistSize = this.cutoffs.getFirst();
        this.nClusters = this.cutoffs.size() - 1;
        this.headSize = shortlistSize + nClusters;
        this.head = new Linear(inFeatures, headSize, headBias, options);
        this.tail = new ModuleList();
        for (int i = 0; i < nClusters; i++) {
            long hsz = (long) Math.floor(inFeatures / Math.pow(divValue, i + 1)), osz = this.cutoffs.get(i + 1) - this.cutoffs.get(i);
            tail.append(new Sequential(new Linear(inFeatures, hsz, false, options), new Linear(hsz, osz, false, options)));
        }
    }

    /** Re-draws every layer's parameters, the head first. */
    public void resetParameters() {
        head.resetParameters();
        for (Module m : tail) for (Module l : (Sequential) m) ((Linear) l).resetParameters();
    }

    private Module cluster(int i) { return tail.get(i); }

    /**
     * PyTorch's {@code forward(input, target)}: input {@code [N, in_features]} with target {@code [N]}, or
     * {@code [in_features]} with a 0-d target; each target's log-probability (the head's, plus past the shortlist its
     * cluster's) and the loss.
     */
    public Output forwardWithTarget(Tensor input, Tensor target) {
        int td = target.dim();
        if (td == 1) {
            if (input.size(0) != target.size(0)) {
                throw new IllegalArgumentException("Input and target should have the same size in the batch dimension.");
            }
            if (input.dim() != 2) {
                throw new IllegalArgumentException("1D target tensor expects 2D input tensors, but found inputs with size " + input.shape());
            }
        } else if (td == 0) {
            if (input.dim() != 1) {
                throw new IllegalArgumentException("0D target tensor expects 1D input tensors, but found inputs with size " + input.shape());
            }
        } else {
            throw new IllegalArgumentException("0D or 1D target tensor expected, multi-target not supported");
        }
        boolean batched = td > 0;
        Tensor x = batched ? input : input.unsqueeze(0), t = batched ? target : target.unsqueeze(0);
        long batch = t.size(0), used = 0;
        Tensor output = Torch.zeros(Torch.shape(batch), TensorOptions.DEFAULT.dtype(x.dtype()).device(x.device()));
        Tensor gatherInds = t.clone();
        for (int i = 0; i <= nClusters; i++) {
            long low = i == 0 ? 0 : cutoffs.get(i - 1), high = cutoffs.get(i);
            Tensor mask = t.ge(low).logicalAnd(t.lt(high));
            Tensor rows = mask.nonzero().reshape(-1);
            if (rows.numel() == 0) continue;
            if (i > 0) {
                Tensor relative = t.index(mask).sub(low);
                Tensor clusterLogprob = cluster(i - 1).call(x.indexSelect(0, rows)).logSoftmax(1);
                Tensor local = clusterLogprob.gather(1, relative.unsqueeze(1)).squeeze(1);
                gatherInds = gatherInds.indexFill(0, rows, shortlistSize + i - 1);
                output = output.indexCopy(0, rows, local);
            }
            used += rows.numel();
        }
        if (used != batch) {
            throw new IllegalArgumentException("Target values should be in [0, " + (nClasses - 1) + "], but values in range ["
                    + t.min().itemLong() + ", " + t.max().itemLong() + "] were found. ");
        }
        Tensor headLogprob = head.call(x).logSoftmax(1);
        output = output.add(headLogprob.gather(1, gatherInds.unsqueeze(1)).squeeze(1));
        Tensor loss = output.neg().mean();
        return new Output(batched ? output : output.squeeze(0), loss);
    }

    /** PyTorch's {@code _get_full_log_prob}: every class's log-probability for each row. */
    private Tensor fullLogProb(Tensor x, Tensor headOutput) {
        Tensor headLogprob = headOutput.logSoftmax(1);
        List<Tensor> parts = new ArrayList<>();
        parts.add(headLogprob.narrow(1, 0, shortlistSize));
        for (int i = 0; i < nClusters; i++) {
            Tensor clusterLogprob = cluster(i).call(x).logSoftmax(1);
            parts.add(clusterLogprob.add(headLogprob.narrow(1, shortlistSize + i, 1)));
        }
        return Torch.cat(parts, 1);
    }

    /** {@code log_prob(input)}: {@code [N, n_classes]} log-probabilities (or {@code [n_classes]} for one row). */
    public Tensor logProb(Tensor input) {
        boolean batched = input.dim() > 1;
        Tensor x = batched ? input : input.unsqueeze(0);
        Tensor out = fullLogProb(x, head.call(x));
        return batched ? out : out.squeeze(0);
    }

    /** {@code predict(input)}: the most likely class of each row (the full distribution only where the head's best is a cluster). */
    public Tensor predict(Tensor input) {
        boolean batched = input.dim() > 1;
        Tensor x = batched ? input : input.unsqueeze(0);
        Tensor headOutput = head.call(x);
        Tensor output = headOutput.argmax(1, false);
        Tensor notInShortlist = output.ge(shortlistSize);
        if (notInShortlist.any().itemBool()) {
            Tensor rows = notInShortlist.nonzero().reshape(-1);
            Tensor best = fullLogProb(x.indexSelect(0, rows), headOutput.indexSelect(0, rows)).argmax(1, false);
            output = output.indexCopy(0, rows, best);
        }
        return batched ? output : output.squeeze(0);
    }

    /** Its forward returns two tensors: call {@link #forwardWithTarget}. */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        throw new UnsupportedOperationException("AdaptiveLogSoftmaxWithLoss's forward returns (output, loss): call "
                + "forwardWithTarget(input, target)");
    }
}
