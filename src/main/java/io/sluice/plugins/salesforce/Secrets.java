package io.sluice.plugins.salesforce;

import io.sluice.plugin.support.Redactor;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * The credentials of one connection, kept out of everything the plugin hands back. {@link Redactor#with} masks
 * a per-call header value whole ({@code Bearer 00D...}), so a bare token echoed by the app would slip through;
 * this holds the client secret and every access token obtained (the newest few) and masks each one alone.
 * Thread-safe.
 */
final class Secrets {
    /** Tokens older than the last few are no longer valid anywhere; they need no masking. */
    private static final int KEEP_TOKENS = 8;
    private static final int MIN_LENGTH = 4;

    private final List<String> fixed;
    private final Deque<String> tokens = new ArrayDeque<>();

    Secrets(List<String> fixed) {
        this.fixed = fixed.stream().filter(s -> s != null && s.length() >= MIN_LENGTH).toList();
    }

    synchronized void addToken(String token) {
        if (token != null && token.length() >= MIN_LENGTH && !tokens.contains(token)) {
            tokens.addFirst(token);
            while (tokens.size() > KEEP_TOKENS) {
                tokens.removeLast();
            }
        }
    }

    /** {@code text} with every secret masked as {@value Redactor#MASK}; {@code null} stays {@code null}. */
    String scrub(String text) {
        if (text == null) {
            return null;
        }
        List<String> all;
        synchronized (this) {
            all = new java.util.ArrayList<>(tokens);
        }
        all.addAll(fixed);
        all.sort(Comparator.comparingInt(String::length).reversed());
        String out = text;
        for (String secret : all) {
            if (out.contains(secret)) {
                out = out.replace(secret, Redactor.MASK);
            }
        }
        return out;
    }
}
