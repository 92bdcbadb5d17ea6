package io.sluice.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;

/**
 * The log records one logger (and its children) writes while attached, each with the MDC it was logged with (copied at
 * the time, since a worker thread's MDC changes afterwards). Attach in a test's set-up, {@link #close()} in its
 * tear-down.
 */
public final class LogCapture extends Handler implements AutoCloseable {
    private final List<ExtLogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger logger;

    private LogCapture(String loggerName) {
        this.logger = LogContext.getLogContext().getLogger(loggerName);
        logger.addHandler(this);
    }

    /** Captures what {@code loggerName} ("" for the root logger) and its children log from now on. */
    public static LogCapture on(String loggerName) {
        return new LogCapture(loggerName);
    }

    /** What was logged so far, oldest first. */
    public List<ExtLogRecord> records() {
        return List.copyOf(records);
    }

    /** The formatted messages logged so far, oldest first. */
    public List<String> messages() {
        return records.stream().map(ExtLogRecord::getFormattedMessage).toList();
    }

    @Override
    public void publish(LogRecord record) {
        ExtLogRecord ext = (ExtLogRecord) record;
        ext.copyMdc();
        records.add(ext);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
