/**
 * Files Python users already have, both ways: NumPy's {@code .npy}/{@code .npz} ({@link dev.torch4j.io.Npy}),
 * Hugging Face's safetensors ({@link dev.torch4j.io.SafeTensors}), PyTorch's {@code torch.save} checkpoints
 * ({@link dev.torch4j.io.TorchSerialization}, reached as {@code Torch.save} / {@code Torch.load}) and plain pickles
 * of data and NumPy arrays ({@link dev.torch4j.io.Pickle}, read only), and ONNX model files ({@link dev.torch4j.io.OnnxFile},
 * read only; {@link dev.torch4j.onnx.OnnxModel} runs them).
 *
 * <p>Common rules: every reader checks each header, offset and length against the file's size before allocating,
 * and reports a malformed file with an {@link java.io.IOException} that names the file and the problem (fuzz
 * tests hold them to it); checkpoints are unpickled by a restricted unpickler that resolves only the globals a
 * tensor checkpoint needs and never runs code named by the file; files of at least 1 MiB are memory-mapped, and
 * tensor bytes are copied once, from the mapping into the tensor's Java array; every writer writes a temporary file
 * in the target's folder, forces it to disk and moves it into place, so a failure never leaves a half-written file.
 * Output is deterministic and matches what NumPy, safetensors' reference writer and {@code torch.save} write (byte
 * for byte for {@code .npy}, safetensors and the checkpoint pickle; scripts/goldens/interop_fixtures.py checks both
 * directions with real NumPy and PyTorch).
 */
package dev.torch4j.io;
