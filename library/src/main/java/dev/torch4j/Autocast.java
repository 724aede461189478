package dev.torch4j;

import dev.torch4j.ops.AutocastMode;

/**
 * An automatic mixed precision region, {@code torch.autocast}: inside it, ops on the device type run in the precision
 * PyTorch 2.x's autocast lists give them. Matrix products, {@code linear} and convolutions cast their floating
 * inputs to the lower precision (float16 on CUDA, bfloat16 on the CPU by default); ops that need float32's range
 * (on CUDA: exp, log, pow, softmax, log_softmax, sum, layer_norm, group_norm, norms, the losses...; on the CPU: the
 * losses, linear algebra, prod, cdist...) cast to float32; a few ops of several inputs run in the widest; every
 * other op runs in its inputs' types, and float64 is never cast. Weights are cast once per region.
 * <pre>{@code
 * for (var batch : loader) {
 *     opt.zeroGrad();
 *     try (var ac = Torch.autocast("cuda")) {          // with torch.autocast("cuda"):
 *         Tensor out = model.call(batch.get(0));       //   linear/conv in float16
 *         loss = lossFn.forward(out, batch.get(1));    //   the loss in float32
 *     }
 *     scaler.scale(loss).backward();                   // backward outside the region, as PyTorch advises
 *     scaler.step(opt);
 *     scaler.update();
 * }
 * }</pre>
 * <p>Regions nest ({@code Torch.autocast("cuda", FLOAT16, false)} turns it off inside one) and belong to the
 * thread that opened them. As in PyTorch, {@code "cuda"} without a CUDA device leaves autocast off; an unsupported
 * dtype is an error here (PyTorch warns and disables), naming the dtypes allowed.
 */
public final class Autocast implements AutoCloseable {
    private final AutocastMode.Saved saved;
    private boolean closed;

    private Autocast(AutocastMode.Saved saved) { this.saved = saved; }

    static Autocast enter(String deviceType, DType dtype, boolean enabled, boolean cacheEnabled) {
        Device.Type type = switch (deviceType) {
            case "cuda" -> Device.Type.CUDA;
            case "cpu" -> Device.Type.CPU;
            default -> throw new IllegalArgumentException("User specified an unsupported autocast device_type '" + deviceType + "'");
        };
        DType d = dtype != null ? dtype : type == Device.Type.CUDA ? DType.FLOAT16 : DType.BFLOAT16;
        if (enabled && d != DType.FLOAT16 && d != DType.BFLOAT16) {
            String dev = type == Device.Type.CUDA ? "CUDA" : "CPU";
            throw new IllegalArgumentException("autocast: " + dev + " Autocast only supports dtype of torch.float16, torch.bfloat16 "
                    + "currently, got " + d);
        }
        if (type == Device.Type.CUDA && enabled && !Torch.cuda().isAvailable()) enabled = false; // PyTorch: warns, disables
        return new Autocast(AutocastMode.enter(type, enabled, d, cacheEnabled));
    }

    /** Ends the region, restoring the settings from before it. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        AutocastMode.exit(saved);
    }
}
