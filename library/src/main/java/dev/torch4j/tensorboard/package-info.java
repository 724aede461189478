/**
 * {@code torch.utils.tensorboard}: {@link dev.torch4j.tensorboard.SummaryWriter} writes scalars, histograms, images
 * and text into TensorBoard event files, as PyTorch's {@code SummaryWriter} does, so {@code tensorboard --logdir runs}
 * shows a torch4j training run.
 *
 * <p>The package is named {@code dev.torch4j.tensorboard}, not {@code dev.torch4j.utils.tensorboard}, by the
 * convention {@code torch.utils.data} set when it became {@code dev.torch4j.data}: the {@code utils} level of
 * PyTorch's module path is dropped, the rest is kept.
 *
 * <p>The files are written without a protobuf library (the artifact has no runtime dependencies): the few messages
 * TensorBoard reads ({@code Event}, {@code Summary}, {@code HistogramProto}, {@code TensorProto}) are encoded by
 * hand with TensorFlow's field numbers, in the field order protobuf's own encoders use, framed as TFRecords
 * (length, masked CRC-32C of the length, data, masked CRC-32C of the data).
 *
 * <pre>{@code
 * try (var writer = new SummaryWriter()) {            // runs/Nov29_05-17-10_myhost
 *     for (int step = 0; step < 100; step++) {
 *         writer.addScalar("Loss/train", loss.item(), step);
 *     }
 *     writer.addHistogram("fc.weight", model.fc.weight, 100);
 * }
 * }</pre>
 */
package dev.torch4j.tensorboard;
