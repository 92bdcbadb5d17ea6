package io.sluice.plugin.support;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps secrets (header values, tokens) out of results and messages. Apps sometimes echo request headers back
 * (debug endpoints, error pages), so every response text and error message is scrubbed before it leaves the
 * plugin: each configured header value, and its credential part after a scheme such as {@code Bearer}, is
 * replaced by {@value #MASK}.
 */
public final class Redactor {
    public static final String MASK = "***";
    /** Headers that carry no credentials; masking them would only mangle bodies (e.g. "application/json"). */
    private static final Set<String> NOT_SECRET = Set.of("accept", "accept-encoding", "accept-language", "content-type", "user-agent");
    /** Shorter values are not credentials worth masking and would garble ordinary text. */
    private static final int MIN_SECRET_LENGTH = 4;
    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@]*@");

    private final List<String> secrets = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Treats the values of the given headers as secrets (except harmless ones such as Content-Type). */
    public Redactor(Map<String, String> headers) {
        Set<String> found = new LinkedHashSet<>();
        headers.forEach((name, value) -> {
            if (!NOT_SECRET.contains(name.toLowerCase(Locale.ROOT))) {
                found.add(value.trim());
                String[] parts = value.trim().split("\\s+");
                found.add(parts[parts.length - 1]);
            }
        });
        // longest first, so that a whole "Bearer xyz" is masked before its "xyz"
        this.secrets.addAll(found.stream().filter(s -> s.length() >= MIN_SECRET_LENGTH)
                .sorted(Comparator.comparingInt(String::length).reversed()).toList());
    }

    /** A redactor that also masks {@code more} (e.g. an OAuth token obtained at run time). */
    public Redactor with(String... more) {
        Redactor r = new Redactor(Map.of());
        java.util.List<String> all = new java.util.ArrayList<>(secrets);
        for (String m : more) {
            if (m != null && m.length() >= MIN_SECRET_LENGTH) {
                all.add(m);
            }
        }
        all.sort(Comparator.comparingInt(String::length).reversed());
        r.secrets.addAll(all);
        return r;
    }

    /** {@code text} with every secret masked; {@code null} stays {@code null}. */
    public String scrub(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }

    /** A URL fit for messages: without user info, query or fragment, which may carry credentials. */
    public static String describeUrl(String url) {
        if (url == null) {
            return "";
        }
        int cut = url.length();
        for (char c : new char[] {'?', '#'}) {
            int i = url.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        return USER_INFO.matcher(url.substring(0, cut)).replaceFirst("$1");
    }
}
