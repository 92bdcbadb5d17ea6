package io.sluice.warehouse;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secret values of one warehouse's connection settings (password, key passphrases, inline keys, tokens),
 * so that an error raised while connecting never carries them: a driver may echo what the server answered,
 * and our messages and logs quote the driver's. Redaction replaces each value with {@code ***} in the message
 * of the exception and of every cause.
 */
final class Secrets {
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|pwd|secret|token|passcode|private_?key_base64|privatekey).*");
    private static final Pattern URL_PARAMETER = Pattern.compile("[?&;]([^=&;]+)=([^&;]*)");
    static final String MASK = "***";

    private final List<String> values;

    private Secrets(List<String> values) {
        this.values = values;
    }

    static Secrets of(String url, Properties properties) {
        List<String> values = new ArrayList<>();
        for (String key : properties.stringPropertyNames()) {
            if (SECRET_KEY.matcher(key).matches()) {
                values.add(properties.getProperty(key));
            }
        }
        Matcher m = URL_PARAMETER.matcher(url);
        while (m.find()) {
            if (SECRET_KEY.matcher(m.group(1)).matches()) {
                values.add(m.group(2));
                values.add(URLDecoder.decode(m.group(2), StandardCharsets.UTF_8));
            }
        }
        // longest first, so that a secret containing another is masked whole
        return new Secrets(values.stream().filter(v -> v != null && !v.isEmpty()).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList());
    }

    String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String v : values) {
            out = out.replace(v, MASK);
        }
        return out;
    }

    /** The exception itself when no message in its chain holds a secret, else a copy with every message redacted. */
    SQLException redact(SQLException e) {
        if (!leaks(e)) {
            return e;
        }
        SQLException copy = new SQLException(redact(e.getMessage()), e.getSQLState(), e.getErrorCode(), redactChain(e.getCause()));
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    private boolean leaks(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && !m.equals(redact(m))) {
                return true;
            }
        }
        return false;
    }

    private Throwable redactChain(Throwable t) {
        if (t == null) {
            return null;
        }
        Redacted copy = new Redacted(t.getClass().getName() + ": " + redact(t.getMessage()), redactChain(t.getCause()));
        copy.setStackTrace(t.getStackTrace());
        return copy;
    }

    /** Stands in for a cause whose message held a secret; its message names the original type. */
    static final class Redacted extends Exception {
        Redacted(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
