package dev.torch4j.backend;

import dev.torch4j.DType;
import dev.torch4j.Device;

/**
 * A storage that presents another one's memory under another dtype (a complex storage over its real parts, a
 * quantized one over its integers): device, backend, serial and version counter are the underlying storage's, so
 * writes through either are seen by autograd's checks on both, and releasing or recycling one frees the memory once.
 */
public abstract class ViewStorage extends Storage {
    private final Storage base;

    protected ViewStorage(DType dtype, long numel, Storage base) {
        super(dtype, numel);
        this.base = base;
    }

    /** The storage whose memory this one presents. */
    protected final Storage base() { return base; }

    @Override public final Storage memory() { return base.memory(); }

    @Override public final Device device() { return base.device(); }

    @Override public final Backend backend() { return base.backend(); }

    /** The underlying storage's: a view made later is not memory a formula freshly allocated. */
    @Override public final long serial() { return base.serial(); }

    @Override public final int version() { return base.version(); }

    @Override public final void bumpVersion() { base.bumpVersion(); }

    @Override public final void release() { base.release(); }

    @Override public final void recycle() { base.recycle(); }
}
