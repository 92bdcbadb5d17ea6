package io.sluice.observe;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.logging.Handler;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.formatters.JsonFormatter;
import org.jboss.logmanager.formatters.StructuredFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * With {@code sluice.log.format=json}, puts a JSON formatter on the console handlers at start (Quarkus' own JSON
 * logging extension is not used): each line is one object with {@code timestamp}, {@code level}, {@code loggerName},
 * {@code message}, {@code threadName}, {@code mdc} (a run's {@code sync} and {@code run}) and {@code exception}.
 * Lines logged before start are plain text.
 */
@ApplicationScoped
public class JsonLogging {

    void onStart(@Observes @Priority(1) StartupEvent event, LogConfig config) {
        if (config.format() == LogConfig.Format.JSON) {
            install(LogContext.getLogContext().getLogger("").getHandlers());
        }
    }

    /** The formatter used for JSON lines. */
    public static JsonFormatter formatter() {
        JsonFormatter json = new JsonFormatter();
        json.setExceptionOutputType(StructuredFormatter.ExceptionOutputType.FORMATTED);
        json.setDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        return json;
    }

    /** Sets the JSON formatter on every console handler among {@code handlers} and their nested handlers. */
    static int install(Handler[] handlers) {
        int installed = 0;
        for (Handler h : handlers) {
            if (h instanceof ConsoleHandler) {
                h.setFormatter(formatter());
                installed++;
            }
            if (h instanceof ExtHandler ext) {
                installed += install(ext.getHandlers());
            }
        }
        return installed;
    }
}
