package io.sluice.apps.model;

import io.sluice.template.TemplateRenderer;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text of a definition that may be a Jinja template, parsed once when the definition loads. A text without
 * {@code {{} or {@code {%} is a constant and renders without Jinja (the common case for paths and methods).
 * Two templates are equal when their texts are: what a reload compares.
 */
public final class Template {
    private static final Pattern MARKUP = Pattern.compile("\\{\\{.*?}}|\\{%.*?%}", Pattern.DOTALL);
    private final String text;
    private final TemplateRenderer.Compiled compiled;

    Template(String text, TemplateRenderer.Compiled compiled) {
        this.text = Objects.requireNonNull(text, "text");
        this.compiled = compiled;
    }

    /** A constant text. */
    public static Template constant(String text) {
        return new Template(text, null);
    }

    /** Whether the text holds Jinja markup. */
    public static boolean isTemplate(String text) {
        return text.contains("{{") || text.contains("{%");
    }

    /**
     * Parses {@code text} with {@code renderer} when it holds Jinja markup.
     *
     * @throws io.sluice.template.TemplateException when it does not parse
     */
    public static Template of(TemplateRenderer renderer, String name, String text) {
        return isTemplate(text) ? new Template(text, renderer.compile(name, text)) : constant(text);
    }

    public String text() {
        return text;
    }

    public boolean isConstant() {
        return compiled == null;
    }

    /**
     * Whether the Jinja markup ({@code {{ }}}, {@code {% %}}) names {@code variable} as a whole word: a cheap, conservative
     * test (a string literal naming it counts too), enough to tell which record variables a template reads.
     */
    public boolean mentions(String variable) {
        if (isConstant()) {
            return false;
        }
        Pattern word = Pattern.compile("(?<![\\w.])" + Pattern.quote(variable) + "\\b");
        Matcher markup = MARKUP.matcher(text);
        while (markup.find()) {
            if (word.matcher(markup.group()).find()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The rendered text.
     *
     * @throws io.sluice.template.TemplateException when rendering fails
     */
    public String render(Map<String, ?> bindings) {
        return compiled == null ? text : compiled.render(bindings);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Template t && t.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
