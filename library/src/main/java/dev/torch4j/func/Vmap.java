package dev.torch4j.func;

import dev.torch4j.Generator;
import dev.torch4j.Tensor;
import dev.torch4j.Torch;
import dev.torch4j.autograd.GradMode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * {@code torch.func.vmap} as a loop: PyTorch pushes the map into each op through batching rules and falls back to a
 * per-sample loop for ops without one; here every op takes the loop. {@code func} runs once per index of the mapped
 * dimension on {@code select(inDim, i)} of each batched input, and each output's samples are stacked at its out_dim.
 * Views and stack are differentiable, so autograd flows through and per-sample results equal PyTorch's.
 *
 * <p>Randomness: a random op draws from a generator, so the default CPU generator's state (and the current CUDA
 * device's, for CUDA inputs) is compared before and after each sample. "error" raises PyTorch's error when it moved
 * (putting the state back first); "different" is what the loop gives; "same" resets the state before every sample,
 * so each sees the first sample's draws and the generator ends where one sample leaves it.
 */
final class Vmap {
    private Vmap() {}

    static final List<String> RANDOMNESS = List.of("error", "different", "same");

    static void checkArgs(String randomness, Integer chunkSize) {
        if (!RANDOMNESS.contains(randomness)) {
            throw new IllegalStateException("Only allowed values for randomness are 'error', 'different', or 'same'. Got " + randomness);
        }
        if (chunkSize != null && chunkSize <= 0) {
            throw new IllegalArgumentException("vmap: chunk_size should be None or greater than 0. (got " + chunkSize + ")");
        }
    }

    /** Python's {@code func.__name__}: lambdas are {@code <lambda>}, other functions their class's simple name. */
    static String name(Object func) {
        Class<?> c = func.getClass();
        return c.isSynthetic() || c.getName().contains("$$Lambda") ? "<lambda>" : c.getSimpleName();
    }

    /** A Python tuple of optional ints: {@code (0, None)}, {@code (1,)}. */
    static String tuple(Integer[] dims) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) b.append(i > 0 ? ", " : "").append(dims[i] == null ? "None" : dims[i]);
        return b.append(dims.length == 1 ? ",)" : ")").toString();
    }

    /** torch.utils._pytree's TreeSpec of a flat tuple of n leaves (its single-line form). */
    static String spec(int n) {
        return "TreeSpec(tuple, None, [" + String.join(", ", java.util.Collections.nCopies(n, "*")) + "])";
    }

    /**
     * Maps {@code func} over the inputs. {@code inDimsRepr}/{@code outDimsRepr} are how the caller wrote the dims
     * (an int or a tuple), for the messages; {@code inDims} has one entry per input and {@code outDims} one per output
     * or a single entry for all.
     */
    static Tensor[] apply(Function<Tensor[], Tensor[]> func, String name, Integer[] inDims, String inDimsRepr, Integer[] outDims,
                          String outDimsRepr, String randomness, Tensor[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("vmap(" + name + ")(<inputs>): got no inputs. Maybe you forgot to add inputs, or "
                    + "you are trying to vmap over a function with no inputs. The latter is unsupported.");
        }
        String prefix = "vmap(" + name + ", in_dims=" + inDimsRepr + ", ...)(<inputs>): ";
        if (inDims.length != args.length) {
            throw new IllegalArgumentException(prefix + "in_dims is not compatible with the structure of `inputs`. in_dims has "
                    + "structure " + spec(inDims.length) + " but inputs has structure " + spec(args.length) + ".");
        }
        int[] dims = new int[args.length];
        List<Long> sizes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            Integer d = inDims[i];
            if (d == null) {
                dims[i] = -1;
                continue;
            }
            Tensor a = args[i];
            if (a == null) {
                throw new IllegalArgumentException(prefix + "Got in_dim=" + d + " for an input but the input is of type "
                        + "<class 'NoneType'>. We cannot vmap over non-Tensor arguments, please use None as the respective in_dim");
            }
            int n = a.dim();
            if (d < -n || d >= n) {
                throw new IllegalArgumentException(prefix + "Got in_dim=" + d + " for some input, but that input is a Tensor of "
                        + "dimensionality " + n + " so expected in_dim to satisfy -" + n + " <= in_dim < " + n + ".");
            }
            dims[i] = d < 0 ? d + n : d;
            sizes.add(a.size(dims[i]));
        }
        if (sizes.isEmpty()) throw new IllegalArgumentException("vmap: Expected at least one Tensor to vmap over");
        if (sizes.stream().distinct().count() > 1) {
            throw new IllegalArgumentException("vmap: Expected all tensors to have the same size in the mapped dimension, got "
                    + "sizes " + sizes + " for the mapped dimension");
        }
        long batch = sizes.get(0);
        if (batch == 0) return emptyBatch(func, name, dims, outDims, outDimsRepr, args);

        RngWatch rng = randomness.equals("different") ? null : new RngWatch(args); // a snapshot only when read
        UnmappedWrites writes = new UnmappedWrites(args, dims, batch);
        List<Tensor[]> samples = new ArrayList<>();
        for (long b = 0; b < batch; b++) {
            if (randomness.equals("same") && b > 0) rng.reset();
            Tensor[] in = slice(args, dims, b);
            if (b > 0) writes.restore();
            Tensor[] out = func.apply(in);
            writes.check(b);
            if (randomness.equals("error") && rng.moved()) {
                rng.reset();
                throw new IllegalStateException("vmap: called random operation while in randomness error mode. Please either "
                        + "use the 'same' or 'different' randomness flags on vmap or perform the randomness operation out of vmap");
            }
            samples.add(out);
        }
        return stack(samples, name, outDims, outDimsRepr);
    }

    private static Tensor[] slice(Tensor[] args, int[] dims, long b) {
        Tensor[] in = args.clone();
        for (int i = 0; i < in.length; i++) if (dims[i] >= 0) in[i] = args[i].select(dims[i], b);
        return in;
    }

    private static Integer[] perOutput(Integer[] outDims, int n, String name, String outDimsRepr) {
        if (outDims.length == 1 && n != 1) {
            Integer[] r = new Integer[n];
            Arrays.fill(r, outDims[0]);
            return r;
        }
        if (outDims.length != n) {
            throw new IllegalArgumentException("vmap(" + name + ", ..., out_dims=" + outDimsRepr + ")(<inputs>): out_dims is not "
                    + "compatible with the structure of `outputs`. out_dims has structure " + spec(outDims.length)
                    + " but outputs has structure " + (n == 1 ? "*" : spec(n)) + ".");
        }
        return outDims;
    }

    private static Tensor[] stack(List<Tensor[]> samples, String name, Integer[] outDims, String outDimsRepr) {
        int n = samples.get(0).length;
        Integer[] od = perOutput(outDims, n, name, outDimsRepr);
        Tensor[] result = new Tensor[n];
        for (int k = 0; k < n; k++) {
            List<Tensor> ks = new ArrayList<>(samples.size());
            for (Tensor[] s : samples) {
                if (s.length != n) throw new IllegalStateException("vmap(" + name + ", ...): `" + name + "` returned a different "
                        + "number of outputs for different samples");
                if (s[k] == null) throw notTensor(name);
                ks.add(s[k]);
            }
            if (od[k] == null) {
                // out_dim=None: the output must not depend on the sample (PyTorch refuses a BatchedTensor there)
                for (Tensor t : ks) {
                    if (t != ks.get(0) && !(Arrays.equals(t.shapeArray(), ks.get(0).shapeArray()) && Torch.equal(t, ks.get(0)))) {
                        throw new IllegalArgumentException("vmap(" + name + ", ...): `" + name + "` can not return a BatchedTensor "
                                + "when out_dim is None");
                    }
                }
                result[k] = ks.get(0);
            } else {
                result[k] = Torch.stack(ks, outDim(od[k], ks.get(0).dim() + 1));
            }
        }
        return result;
    }

    private static IllegalArgumentException notTensor(String name) {
        return new IllegalArgumentException("vmap(" + name + ", ...): `" + name + "` must only return Tensors, got type "
                + "<class 'NoneType'>. Did you mean to set out_dim= to None for output?");
    }

    private static long outDim(int d, int rank) {
        if (d < -rank || d >= rank) {
            throw new IndexOutOfBoundsException("Dimension out of range (expected to be in range of [" + -rank + ", " + (rank - 1)
                    + "], but got " + d + ")");
        }
        return d < 0 ? d + rank : d;
    }

    /**
     * A batch of size 0: there is no sample to run, so the output shapes come from one call on zeros shaped like a
     * sample (without grad, generators put back), and each output is an empty tensor of that shape plus the mapped dim.
     */
    private static Tensor[] emptyBatch(Function<Tensor[], Tensor[]> func, String name, int[] dims, Integer[] outDims,
                                       String outDimsRepr, Tensor[] args) {
        Tensor[] in = args.clone();
        for (int i = 0; i < in.length; i++) {
            if (dims[i] < 0) continue;
            long[] s = args[i].shapeArray();
            long[] sample = new long[s.length - 1];
            for (int j = 0, k = 0; j < s.length; j++) if (j != dims[i]) sample[k++] = s[j];
            in[i] = Torch.zeros(dev.torch4j.Size.of(sample), Torch.dtype(args[i].dtype()).device(args[i].device()));
        }
        RngWatch rng = new RngWatch(args);
        Tensor[] probe;
        try (var g = GradMode.noGrad()) {
            probe = func.apply(in);
        } finally {
            rng.reset();
        }
        Integer[] od = perOutput(outDims, probe.length, name, outDimsRepr);
        Tensor[] out = new Tensor[probe.length];
        for (int k = 0; k < probe.length; k++) {
            if (probe[k] == null) throw notTensor(name);
            if (od[k] == null) {
                out[k] = probe[k];
                continue;
            }
            Tensor e = probe[k].unsqueeze(0).narrow(0, 0, 0);
            out[k] = e.movedim(0, outDim(od[k], probe[k].dim() + 1)).contiguous();
        }
        return out;
    }

    /**
     * In-place writes to unmapped inputs (in_dim None). PyTorch runs such an op once: it succeeds when what is written
     * does not depend on the sample and raises when it does (a mapped tensor written into an unmapped one). The loop
     * runs it once per sample, so the first sample's result is kept, each later sample starts from the input's value
     * before the call, and must write the same values; otherwise the input is put back and PyTorch 2.x's error
     * raised. Storage versions tell a write cheaply; the values before the call are copied when the batch has more
     * than one sample.
     */
    private static final class UnmappedWrites {
        private final Tensor[] args;
        private final int[] versions;
        private final Tensor[] before, after;

        UnmappedWrites(Tensor[] args, int[] dims, long batch) {
            this.args = args;
            versions = new int[args.length];
            before = new Tensor[args.length];
            after = new Tensor[args.length];
            for (int i = 0; i < args.length; i++) {
                if (dims[i] >= 0 || args[i] == null) continue;
                versions[i] = args[i].version();
                if (batch > 1) {
                    try (var g = GradMode.noGrad()) {
                        before[i] = args[i].detach().clone();
                    }
                }
            }
        }

        /** Before a later sample: each written input back to its value before the call. */
        void restore() {
            for (int i = 0; i < args.length; i++) if (after[i] != null) put(i, before[i]);
        }

        private void put(int i, Tensor value) {
            try (var g = GradMode.noGrad()) {
                args[i].copy_(value);
            }
            versions[i] = args[i].version();
        }

        void check(long b) {
            for (int i = 0; i < args.length; i++) {
                if (before[i] == null || args[i].version() == versions[i]) continue;
                Tensor now = args[i].detach();
                if (b == 0) {
                    after[i] = now.clone();
                    versions[i] = args[i].version();
                } else if (after[i] == null || !now.allclose(after[i], 0, 0, true)) { // NaN written by each sample is the same
                    put(i, before[i]);
                    throw new IllegalStateException("vmap: inplace arithmetic(self, *extra_args) is not possible because there exists "
                            + "a Tensor `other` in extra_args that has more elements than `self`. This happened due to `other` being "
                            + "vmapped over but `self` not being vmapped over in a vmap. Please try to use out-of-place operators "
                            + "instead of inplace arithmetic. If said operator is being called inside the PyTorch framework, please "
                            + "file a bug report instead.");
                }
            }
        }
    }

    /** The generators a call may draw from, with their states when this was made. */
    private static final class RngWatch {
        private final byte[] cpu;
        private final boolean cuda;
        private final byte[] cudaState;

        RngWatch(Tensor[] args) {
            cpu = Generator.defaultGenerator().getState();
            cuda = Arrays.stream(args).anyMatch(t -> t != null && t.isCuda());
            cudaState = cuda ? Torch.cuda().getRngState() : null;
        }

        boolean moved() {
            return !Arrays.equals(cpu, Generator.defaultGenerator().getState())
                    || cuda && !Arrays.equals(cudaState, Torch.cuda().getRngState());
        }

        void reset() {
            Generator.defaultGenerator().setState(cpu);
            if (cuda) Torch.cuda().setRngState(cudaState);
        }
    }
}
