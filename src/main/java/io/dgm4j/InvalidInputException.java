package io.dgm4j;

/**
 * Bad input from a user: an unknown name, a missing or corrupt file, an option out of range.
 * The message is one line that names the input and says how to fix it; the CLI prints it
 * without a stack trace and exits non-zero.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
