package io.sluice.plugin;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which request URLs a rate-limit category covers. A glob by default: {@code *} matches any run of
 * characters (slashes included), {@code ?} one character, everything else itself; so
 * {@code *}{@code /crm/v3/objects/*}{@code /batch/*} matches {@code https://api.hubapi.com/crm/v3/objects/contacts/batch/create}.
 * Text starting with {@code regex:} is a Java regular expression instead. Either must match the whole URL,
 * which is taken without its query string and fragment.
 */
public final class UrlPattern {
    /** Matches every URL. */
    public static final UrlPattern ANY = of("*");

    private static final String REGEX_PREFIX = "regex:";

    private final String text;
    private final Pattern pattern;

    private UrlPattern(String text, Pattern pattern) {
        this.text = text;
        this.pattern = pattern;
    }

    /**
     * Compiles a glob, or a regular expression when the text starts with {@code regex:}.
     *
     * @throws IllegalArgumentException naming the text when it is blank or not a valid regular expression
     */
    public static UrlPattern of(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("URL pattern '" + text + "' is empty (use * for every URL)");
        }
        String t = text.trim();
        if (t.startsWith(REGEX_PREFIX)) {
            try {
                return new UrlPattern(t, Pattern.compile(t.substring(REGEX_PREFIX.length())));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("URL pattern '" + text + "' is not a valid regular expression: "
                        + e.getDescription(), e);
            }
        }
        return new UrlPattern(t, Pattern.compile(globToRegex(t)));
    }

    private static String globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return regex.toString();
    }

    /** Whether the URL (or path), without query and fragment, matches. */
    public boolean matches(String url) {
        if (url == null) {
            return false;
        }
        int end = url.length();
        int query = url.indexOf('?');
        int fragment = url.indexOf('#');
        if (query >= 0) {
            end = query;
        }
        if (fragment >= 0 && fragment < end) {
            end = fragment;
        }
        return pattern.matcher(url).region(0, end).matches();
    }

    /** The text as written. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UrlPattern other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text);
    }
}
