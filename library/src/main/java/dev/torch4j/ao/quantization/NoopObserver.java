package dev.torch4j.ao.quantization;

import dev.torch4j.DType;
import dev.torch4j.Tensor;
import dev.torch4j.nn.Module;

/**
 * {@code torch.ao.quantization.NoopObserver}: records nothing and passes its input through; with dtype float32 the
 * activation "observer" of the embedding QAT qconfigs ({@link Defaults#defaultEmbeddingQatQconfig()}), whose
 * embeddings keep float outputs.
 */
public class NoopObserver extends Module {
    /** {@code dtype} (PyTorch's default float16; the embedding QAT qconfigs pass float32). */
    public final DType dtype;

    /** {@code NoopObserver(dtype=dtype)}. */
    public NoopObserver(DType dtype) { this.dtype = dtype; }

    /** Returns {@code x} unchanged. */
    @Override
    public Tensor forward(Tensor x) { return x; }

    /** Refused, as in PyTorch. */
    public Tensor[] calculateQparams() {
        throw new UnsupportedOperationException("calculate_qparams should not be called for NoopObserver");
    }
}
