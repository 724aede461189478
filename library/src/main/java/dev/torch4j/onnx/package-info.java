/**
 * ONNX models run by torch4j: {@link dev.torch4j.onnx.OnnxModel} loads a file {@code torch.onnx.export} wrote
 * (parsed by {@link dev.torch4j.io.OnnxFile}) and executes its graph with torch4j's ops, on the CPU or, after
 * {@code .cuda()}, on the GPU, with its weights as parameters.
 */
package dev.torch4j.onnx;
