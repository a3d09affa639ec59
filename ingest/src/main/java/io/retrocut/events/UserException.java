package io.retrocut.events;

/**
 * A mistake the user can fix: bad arguments, bad input data, a bad invariants file. The CLI prints the message
 * (never a stack trace) and exits with {@link Kind#exitCode()}. Bugs are {@link IllegalStateException}s instead.
 */
public class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** Wrong arguments, unknown preset, bad invariants file, refusing to overwrite: exit code 2. */
        USAGE(2),
        /** Bad input data (e.g. the first bad line under {@code --strict}, a missing input file): exit code 3. */
        BAD_INPUT(3);

        private final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final Kind kind;

    public UserException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public UserException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public static UserException usage(String message) {
        return new UserException(Kind.USAGE, message);
    }

    public static UserException badInput(String message) {
        return new UserException(Kind.BAD_INPUT, message);
    }

    public Kind kind() {
        return kind;
    }
}
