package io.retrocut.cli;

import io.retrocut.events.UserException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code retrocut} command. Subcommands only parse their arguments and delegate to the ingest and analysis
 * modules. Exit codes (SPEC §5): 0 no violation, 1 violations found, 2 usage error, 3 bad input data, 4 internal
 * error.
 */
@Command(
        name = "retrocut",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Offline analyzer for recorded distributed-system logs: HLC-ordered consistent cuts and invariant checks.",
        subcommands = {IngestCommand.class, CheckCommand.class, SnapshotCommand.class, ReplayCommand.class, ClocksCommand.class, DemoCommand.class, SimulateCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    public static final int EXIT_OK = 0;
    public static final int EXIT_VIOLATIONS = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_BAD_INPUT = 3;
    public static final int EXIT_INTERNAL = 4;

    public static void main(String[] args) {
        int exitCode;
        try {
            CommandLine commandLine = commandLine();
            commandLine.setOut(new Utf8Out(System.out));
            commandLine.setErr(new Utf8Out(System.err));
            exitCode = commandLine.execute(args);
        } catch (OutOfMemoryError e) {
            // not a bug and not bad input, but the heap the JVM was given: say which knob to turn, without a trace
            System.err.println(outOfMemory(Runtime.getRuntime().maxMemory()));
            exitCode = EXIT_INTERNAL;
        }
        System.exit(exitCode);
    }

    static String outOfMemory(long maxHeap) {
        return "retrocut: out of memory: the Java heap (" + (maxHeap >> 20) + " MB) is too small for this input; raise it, e.g. "
                + "RETROCUT_JAVA_OPTS=-Xmx" + Math.max(2, 2 * ((maxHeap >> 30) + 1)) + "g";
    }

    /** The configured command line; tests call {@code execute} on it with their own writers. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExitCodeExceptionMapper(Main::exitCodeOf);
        commandLine.setParameterExceptionHandler(Main::handleParameterError);
        commandLine.setExecutionExceptionHandler(Main::handleExecutionError);
        return commandLine;
    }

    static int exitCodeOf(Throwable error) {
        if (error instanceof UserException userError) {
            return userError.kind().exitCode();
        }
        if (error instanceof CommandLine.ParameterException) {
            return EXIT_USAGE;
        }
        return EXIT_INTERNAL;
    }

    private static int handleParameterError(CommandLine.ParameterException error, String[] args) {
        PrintWriter err = error.getCommandLine().getErr();
        err.println("retrocut: " + error.getMessage());
        err.println("Try '" + error.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return EXIT_USAGE;
    }

    private static int handleExecutionError(Exception error, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        UserException userError = findUserError(error);
        if (userError != null) {
            err.println("retrocut: " + userError.getMessage());
            err.flush();
            return userError.kind().exitCode();
        }
        err.println("retrocut: internal error: " + error + " (this is a bug in retrocut; please report it with the trace below)");
        error.printStackTrace(err);
        err.flush();
        return EXIT_INTERNAL;
    }

    /** Spark wraps exceptions thrown inside tasks; a user's mistake is still a user's mistake. */
    private static UserException findUserError(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof UserException userError) {
                return userError;
            }
        }
        return null;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"retrocut " + (version == null ? "(development build)" : version)};
        }
    }
}
