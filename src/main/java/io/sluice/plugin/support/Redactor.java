package io.sluice.plugin.support;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Keeps secrets (header values, tokens) out of results and messages. Apps sometimes echo request headers back
 * (debug endpoints, error pages), so every response text and error message is scrubbed before it leaves the
 * plugin: each header value, and its credential part after a scheme such as {@code Bearer}, is replaced by
 * {@value #MASK}, as is each secret added by the plugin (a client secret, the access tokens it is issued).
 * Thread-safe.
 */
public final class Redactor {
    public static final String MASK = "***";
    /** Headers that carry no credentials; masking them would only mangle bodies (e.g. "application/json"). */
    private static final Set<String> NOT_SECRET = Set.of("accept", "accept-encoding", "accept-language", "content-type", "user-agent");
    /** Shorter values are not credentials worth masking and would garble ordinary text. */
    private static final int MIN_SECRET_LENGTH = 4;
    /** Issued credentials older than the newest few are no longer valid anywhere; they need no masking. */
    static final int KEEP_ISSUED = 8;

    private final Set<String> kept = new LinkedHashSet<>();
    private final Deque<String> issued = new ArrayDeque<>();
    /** {@link #kept} and {@link #issued}, longest first, so that a whole "Bearer xyz" is masked before its "xyz". */
    private volatile List<String> secrets = List.of();

    /** Treats the values of the given headers as secrets (except harmless ones such as Content-Type). */
    public Redactor(Map<String, String> headers) {
        this.kept.addAll(secretsOf(headers));
        sort();
    }

    /** A redactor that also masks the values of {@code headers} (e.g. a per-call token), by the constructor's rules. */
    public synchronized Redactor with(Map<String, String> headers) {
        Redactor r = new Redactor(headers);
        synchronized (r) {
            r.kept.addAll(kept);
            r.issued.addAll(issued);
            r.sort();
        }
        return r;
    }

    /** Masks {@code secret} from now on, for the redactor's life (e.g. an OAuth client secret). */
    public synchronized void add(String secret) {
        if (isSecret(secret)) {
            kept.add(secret);
            sort();
        }
    }

    /**
     * Masks {@code credential} from now on, an access token issued at run time: the newest {@value #KEEP_ISSUED}
     * are kept, older ones having been replaced.
     */
    public synchronized void addIssued(String credential) {
        if (isSecret(credential) && !issued.contains(credential)) {
            issued.addFirst(credential);
            while (issued.size() > KEEP_ISSUED) {
                issued.removeLast();
            }
            sort();
        }
    }

    /** {@code text} with every secret masked; {@code null} stays {@code null}. */
    public String scrub(String text) {
        List<String> all = secrets;
        if (text == null || all.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : all) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }

    /** Each credential header's whole value and its last word (the token after a scheme such as {@code Bearer}). */
    private static Set<String> secretsOf(Map<String, String> headers) {
        Set<String> found = new LinkedHashSet<>();
        headers.forEach((name, value) -> {
            if (!NOT_SECRET.contains(name.toLowerCase(Locale.ROOT))) {
                found.add(value.trim());
                String[] parts = value.trim().split("\\s+");
                found.add(parts[parts.length - 1]);
            }
        });
        found.removeIf(s -> !isSecret(s));
        return found;
    }

    private static boolean isSecret(String value) {
        return value != null && value.length() >= MIN_SECRET_LENGTH;
    }

    private void sort() {
        List<String> all = new ArrayList<>(kept);
        all.addAll(issued);
        all.sort(Comparator.comparingInt(String::length).reversed());
        secrets = List.copyOf(all);
    }
}
