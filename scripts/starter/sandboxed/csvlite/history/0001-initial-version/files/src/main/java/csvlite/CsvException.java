package csvlite;

/** Malformed CSV input. */
public class CsvException extends RuntimeException {
    private final int line;

    public CsvException(String message, int line) {
        super(message + " (line " + line + ")");
        this.line = line;
    }

    /** The 1-based line of the input where the problem starts. */
    public int line() {
        return line;
    }
}
