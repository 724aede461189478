package dev.torch4j.autograd;

import dev.torch4j.Generator;
import dev.torch4j.Tensor;
import dev.torch4j.backend.cuda.CudaGenerator;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The random number generators' states at a checkpointed call, to replay the call with the same draws: the CPU's
 * default generator and the generator of every CUDA device an input lives on (PyTorch stashes the CPU and one
 * device type the same way).
 */
final class RngStash {
    private final byte[] cpu;
    private final int[] cudaDevices;
    private final byte[][] cuda;

    private RngStash(byte[] cpu, int[] cudaDevices, byte[][] cuda) {
        this.cpu = cpu;
        this.cudaDevices = cudaDevices;
        this.cuda = cuda;
    }

    static RngStash capture(Tensor[] inputs) {
        int[] devices = Arrays.stream(inputs).filter(t -> t != null && t.isCuda()).mapToInt(t -> t.device().index()).distinct().toArray();
        byte[][] states = new byte[devices.length][];
        for (int i = 0; i < devices.length; i++) states[i] = CudaGenerator.of(devices[i]).getState();
        return new RngStash(Generator.defaultGenerator().getState(), devices, states);
    }

    /** Runs {@code body} from the stashed states and puts the generators back where they are now afterwards. */
    <T> T replay(Supplier<T> body) {
        Generator gen = Generator.defaultGenerator();
        byte[] nowCpu = gen.getState();
        byte[][] nowCuda = new byte[cudaDevices.length][];
        for (int i = 0; i < cudaDevices.length; i++) nowCuda[i] = CudaGenerator.of(cudaDevices[i]).getState();
        gen.setState(cpu);
        for (int i = 0; i < cudaDevices.length; i++) CudaGenerator.of(cudaDevices[i]).setState(cuda[i]);
        try {
            return body.get();
        } finally {
            gen.setState(nowCpu);
            for (int i = 0; i < cudaDevices.length; i++) CudaGenerator.of(cudaDevices[i]).setState(nowCuda[i]);
        }
    }
}
