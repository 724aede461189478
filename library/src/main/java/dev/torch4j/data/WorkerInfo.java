package dev.torch4j.data;

/**
 * What a DataLoader worker knows about itself ({@code torch.utils.data.get_worker_info()}): its id, the number of
 * workers, its seed ({@code base_seed + id}) and its dataset. {@link DataLoader#getWorkerInfo()} returns it on a
 * worker thread and null elsewhere.
 */
public record WorkerInfo(int id, int numWorkers, long seed, Dataset<?> dataset) {}
