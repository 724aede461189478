package dev.torch4j.onnx;

/** An ONNX node that cannot run: an unsupported operator or attribute, or inputs the operator refuses; names the node. */
public class OnnxOpException extends IllegalArgumentException {
    /** An error with its message (operator, node name and the problem). */
    public OnnxOpException(String message) { super(message); }

    /** An error raised by the op a node ran, with the node named in the message. */
    public OnnxOpException(String message, Throwable cause) { super(message, cause); }
}
