package io.sluice.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.sluice.sync.SyncProblem;
import io.sluice.sync.SyncRegistry;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code validate <folder>}: checks every sync file of a folder against the configured warehouses and connections,
 * as {@code POST /api/v1/syncs/reload} would, prints one line per problem ({@code file: field: reason}) and exits
 * 0 when all is valid, 1 when a problem was found, 2 on a usage error. Runs without an HTTP server, migrates
 * nothing and starts no run or schedule ({@link CommandConfig#validate()}).
 */
public class ValidateCommand implements QuarkusApplication {
    static final String NAME = "validate";
    static final int VALID = 0;
    static final int INVALID = 1;
    static final int USAGE = 2;

    @Inject
    SyncRegistry registry;

    /** Checks the arguments, then starts the application in validate mode; exits the JVM with the command's code. */
    static void launch(String... args) {
        if (args.length != 2) {
            System.err.println("usage: java -jar quarkus-run.jar validate <folder of sync files>");
            System.exit(USAGE);
        }
        if (!Files.isDirectory(Path.of(args[1]))) {
            System.err.println(args[1] + ": no such folder");
            System.exit(USAGE);
        }
        // runtime settings, set before the application reads its configuration; each can still be given with -D
        Map<String, String> validateMode = new LinkedHashMap<>();
        validateMode.put(CommandConfig.VALIDATE_PROPERTY, "true");
        validateMode.put("quarkus.http.host-enabled", "false");
        // API tokens guard the HTTP API, which does not run here: a CI job has no reason to hold them
        validateMode.put("sluice.auth.enabled", "false");
        // stdout carries the problems only; logs go to stderr, and the registry's own lines would repeat the problems
        validateMode.put("quarkus.log.console.stderr", "true");
        validateMode.put("quarkus.log.category.\"io.sluice\".level", "WARN");
        validateMode.put("quarkus.log.category.\"io.sluice.sync\".level", "OFF");
        validateMode.forEach((key, value) -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        });
        Quarkus.run(ValidateCommand.class, args);
    }

    @Override
    public int run(String... args) {
        return report(registry.validate(Path.of(args[1])), System.out, System.err);
    }

    /** Prints the problems ({@code out}) and notes ({@code err}); the exit code. */
    static int report(SyncRegistry.Validation validation, PrintStream out, PrintStream err) {
        validation.problems().forEach(p -> out.println(line(p)));
        validation.unreachable().forEach((warehouse, error) ->
                err.println("note: warehouse '" + warehouse + "' cannot be reached, so sources were not checked against it: " + error));
        err.println(validation.valid() + " sync(s) valid, " + validation.problems().size() + " problem(s)");
        return validation.problems().isEmpty() ? VALID : INVALID;
    }

    static String line(SyncProblem p) {
        return p.file() + ": " + (p.field() == null ? "-" : p.field()) + ": " + p.reason();
    }
}
