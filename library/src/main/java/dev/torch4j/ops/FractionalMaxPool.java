package dev.torch4j.ops;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.ValuesIndices;
import dev.torch4j.autograd.GradMode;

/**
 * {@code F.fractional_max_pool2d} / {@code 3d} (Graham's fractional max-pooling): each output position takes the
 * maximum of a {@code kernel}-sized window whose start is PyTorch's pseudo-random sequence, one per plane, built from
 * one uniform sample per spatial dim ({@code _random_samples}, of shape {@code [N, C, 2]} or {@code [N, C, 3]}):
 * {@code start_i = int((i + u) alpha) - int(u alpha)}, {@code alpha = (in - k) / (out - 1)}, the last window ending at
 * the input's end, in the input's precision. The windows and the argmax are found on the host; the values are a
 * {@code gather} of the input at them, which gives the gradient (to the maxima) on any device.
 */
public final class FractionalMaxPool {
    private FractionalMaxPool() {}

    /**
     * Values and indices (flat within each plane, int64) of the pooling over the last {@code nd} dims of a batched
     * {@code [N, C, *spatial]} or unbatched {@code [C, *spatial]} input.
     */
    public static ValuesIndices pool(int nd, Tensor input, long[] kernel, long[] outputSize, Tensor samples) {
        String op = "fractional_max_pool" + nd + "d";
        if (input.dim() != nd + 1 && input.dim() != nd + 2) {
            throw new IllegalArgumentException(op + "(): Expected " + (nd + 1) + "D or " + (nd + 2) + "D tensor, but got: "
                    + input.shape());
        }
        boolean unbatched = input.dim() == nd + 1;
        Tensor x = unbatched ? input.unsqueeze(0) : input;
        long n = x.size(0), c = x.size(1);
        long[] in = new long[nd];
        for (int d = 0; d < nd; d++) in[d] = x.size(2 + d);
        String[] names = nd == 2 ? new String[] {"height", "width"} : new String[] {"time", "height", "width"};
        for (int d = 0; d < nd; d++) {
            if (outputSize[d] + kernel[d] - 1 > in[d]) {
                throw new IllegalArgumentException(op + "(): pool " + names[d] + " " + kernel[d] + " too large relative to input "
                        + names[d] + " " + in[d]);
            }
        }
        if (samples.dim() != 3 || samples.size(0) != n || samples.size(1) != c || samples.size(2) != nd) {
            throw new IllegalArgumentException(op + "(): expected _random_samples of shape [" + n + ", " + c + ", " + nd + "], got "
                    + samples.shape());
        }
        boolean f32 = x.dtype() != DType.FLOAT64;
        double[] values = x.detach().to(DType.FLOAT64).contiguous().cpu().toDoubleArray();
        double[] u = samples.detach().to(DType.FLOAT64).cpu().toDoubleArray();
        long planeIn = 1, planeOut = 1;
        for (int d = 0; d < nd; d++) {
            planeIn *= in[d];
            planeOut *= outputSize[d];
        }
        long[] idx = new long[Math.toIntExact(n * c * planeOut)];
        for (int p = 0; p < n * c; p++) {
            // PyTorch's 2-d kernel reads the samples as (width, height); the 3-d one as (time, height, width)
            int[][] starts = new int[nd][];
            for (int d = 0; d < nd; d++) {
                int sampleIndex = nd == 2 ? 1 - d : d;
                starts[d] = intervals(u[p * nd + sampleIndex], in[d], outputSize[d], kernel[d], f32);
            }
            maxima(values, (long) p * planeIn, in, kernel, outputSize, starts, idx, (long) p * planeOut);
        }
        long[] outShape = new long[nd + 2];
        outShape[0] = n;
        outShape[1] = c;
        System.arraycopy(outputSize, 0, outShape, 2, nd);
        Tensor indices = dev.torch4j.Torch.fromArray(idx).reshape(outShape).to(x.device());
        Tensor out = x.flatten(2).gather(2, indices.flatten(2)).reshape(outShape);
        if (unbatched) return new ValuesIndices(out.squeeze(0), indices.squeeze(0));
        return new ValuesIndices(out, indices);
    }

    /** PyTorch's generate_intervals, in float arithmetic for a float32 input. */
    private static int[] intervals(double sample, long inputSize, long outputSize, long poolSize, boolean f32) {
        int[] seq = new int[(int) outputSize];
        if (outputSize > 1) {
            if (f32) {
                float s = (float) sample, alpha = (float) (inputSize - poolSize) / (float) (outputSize - 1);
                for (int i = 0; i < outputSize - 1; i++) seq[i] = (int) ((i + s) * alpha) - (int) (s * alpha);
            } else {
                double alpha = (double) (inputSize - poolSize) / (double) (outputSize - 1);
                for (int i = 0; i < outputSize - 1; i++) seq[i] = (int) ((i + sample) * alpha) - (int) (sample * alpha);
            }
        }
        if (outputSize > 0) seq[(int) outputSize - 1] = (int) (inputSize - poolSize);
        return seq;
    }

    /** The argmax (flat within the plane; the last NaN wins, else the first maximum, else the window's corner) of each window. */
    private static void maxima(double[] v, long base, long[] in, long[] kernel, long[] out, int[][] starts, long[] idx, long outBase) {
        int nd = in.length;
        int[] o = new int[nd], w = new int[nd];
        long outputs = product(out), window = product(kernel);
        for (long k = 0; k < outputs; k++) {
            unflatten(k, out, o);
            long best = -1;
            double max = Double.NEGATIVE_INFINITY;
            for (long j = 0; j < window; j++) {
                unflatten(j, kernel, w);
                long flat = 0;
                for (int d = 0; d < nd; d++) flat = flat * in[d] + starts[d][o[d]] + w[d];
                if (j == 0) best = flat; // PyTorch starts from the window's corner at -inf
                double val = v[(int) (base + flat)];
                if (val > max || Double.isNaN(val)) {
                    max = val;
                    best = flat;
                }
            }
            idx[(int) (outBase + k)] = best;
        }
    }

    private static void unflatten(long k, long[] sizes, int[] out) {
        for (int d = sizes.length - 1; d >= 0; d--) {
            out[d] = (int) (k % sizes[d]);
            k /= sizes[d];
        }
    }

    private static long product(long[] a) {
        long p = 1;
        for (long x : a) p *= x;
        return p;
    }

    /** {@code output_size} from {@code output_ratio}: {@code int(in * ratio)} per spatial dim. */
    public static long[] outputSize(int nd, Tensor input, long[] outputSize, double[] outputRatio) {
        if (outputSize != null) return outputSize;
        long[] r = new long[nd];
        for (int d = 0; d < nd; d++) r[d] = (long) (input.size(input.dim() - nd + d) * outputRatio[d]);
        return r;
    }

    /** PyTorch's default {@code _random_samples}: {@code rand(N, C, nd)} in the input's dtype, from the default generator. */
    public static Tensor samples(int nd, Tensor input) {
        long n = input.dim() == nd + 1 ? 1 : input.size(0), c = input.size(input.dim() - nd - 1);
        try (var g = GradMode.noGrad()) {
            return dev.torch4j.Torch.rand(dev.torch4j.Torch.shape(n, c, nd),
                    dev.torch4j.TensorOptions.DEFAULT.dtype(input.dtype()).device(input.device()));
        }
    }
}
