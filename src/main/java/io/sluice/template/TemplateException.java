package io.sluice.template;

/** A template failed to render. Carries the line (or -1) so results can point at it. */
public class TemplateException extends RuntimeException {
    private final int line;

    public TemplateException(String template, String message, int line, String allMessages) {
        super("template '" + template + "'" + (line > 0 ? " line " + line : "") + ": " + allMessages);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
