package io.sluice.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Handler;
import org.jboss.logmanager.formatters.JsonFormatter;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.jboss.logmanager.handlers.DelayedHandler;
import org.jboss.logmanager.handlers.FileHandler;
import org.junit.jupiter.api.Test;

/** sluice.log.format=json puts the JSON formatter on console handlers, nested ones included, and on nothing else. */
class JsonLoggingTest {

    @Test
    void consoleHandlersNestedOrNotGetTheJsonFormatter() {
        ConsoleHandler top = new ConsoleHandler(new PatternFormatter("%s%n"));
        ConsoleHandler nested = new ConsoleHandler(new PatternFormatter("%s%n"));
        DelayedHandler wrapper = new DelayedHandler();
        wrapper.addHandler(nested);
        FileHandler file = new FileHandler();
        file.setFormatter(new PatternFormatter("%s%n"));

        int installed = JsonLogging.install(new Handler[]{top, wrapper, file});

        assertThat(installed).isEqualTo(2);
        assertThat(top.getFormatter()).isInstanceOf(JsonFormatter.class);
        assertThat(nested.getFormatter()).isInstanceOf(JsonFormatter.class);
        assertThat(file.getFormatter()).isInstanceOf(PatternFormatter.class);
    }
}
