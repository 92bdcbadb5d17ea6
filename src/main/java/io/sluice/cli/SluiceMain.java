package io.sluice.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The packaged application's entry point. {@code java -jar quarkus-run.jar} runs the service as before;
 * {@code java -jar quarkus-run.jar validate <folder>} checks a folder of sync files and exits
 * ({@link ValidateCommand}), with no HTTP server and no run.
 */
@QuarkusMain
public final class SluiceMain {
    private SluiceMain() {
    }

    public static void main(String... args) {
        if (args.length > 0 && ValidateCommand.NAME.equals(args[0])) {
            ValidateCommand.launch(args);
        } else {
            Quarkus.run(args);
        }
    }
}
