package io.dgm4j.data;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dgm4j.InvalidInputException;
import org.junit.jupiter.api.function.Executable;

/** Checks the contract of user errors: an InvalidInputException with one line naming the input. */
final class ErrorAssertions {
    private ErrorAssertions() {
    }

    static String assertUserError(Executable action, String... expectedFragments) {
        InvalidInputException error = assertThrows(InvalidInputException.class, action);
        String message = error.getMessage();
        assertFalse(message.contains("\n") || message.contains("\r"), "message must be one line: " + message);
        for (String fragment : expectedFragments) {
            assertTrue(message.contains(fragment), "message should contain '" + fragment + "': " + message);
        }
        return message;
    }
}
