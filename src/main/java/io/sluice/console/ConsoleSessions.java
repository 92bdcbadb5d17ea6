package io.sluice.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Console sessions in memory: a random id (the cookie) to who logged in and the session's CSRF token. Bounded
 * ({@code sluice.console.max-sessions}) and expiring ({@code sluice.console.session-timeout} after its last use).
 * Sessions live on one replica and end with it: behind a load balancer without affinity, or after a restart, the
 * console asks for the token again. The token itself is never kept, only the entry's name and role.
 */
@ApplicationScoped
public class ConsoleSessions {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One session; {@code lastUsed} moves on each request. */
    record Session(String id, String name, boolean operator, String csrf, Instant lastUsed) {
        Viewer viewer(boolean authentication) {
            return new Viewer(name, operator, csrf, authentication);
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final ConsoleConfig config;
    private final Clock clock;

    @Inject
    public ConsoleSessions(ConsoleConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** A new session for {@code name}; the least recently used one ends when the store is full. */
    Session open(String name, boolean operator) {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> expired(s, now));
        while (sessions.size() >= config.maxSessions()) {
            sessions.values().stream().min(Comparator.comparing(Session::lastUsed)).ifPresent(s -> sessions.remove(s.id()));
        }
        Session session = new Session(randomId(), name, operator, randomId(), now);
        sessions.put(session.id(), session);
        return session;
    }

    /** The live session with this id, its last use moved to now; empty when unknown or expired (and then forgotten). */
    Optional<Session> use(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Session found = sessions.computeIfPresent(id, (k, s) -> expired(s, now) ? null
                : new Session(s.id(), s.name(), s.operator(), s.csrf(), now));
        return Optional.ofNullable(found);
    }

    void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    int size() {
        return sessions.size();
    }

    private boolean expired(Session s, Instant now) {
        return !s.lastUsed().plus(config.sessionTimeout()).isAfter(now);
    }

    static String randomId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
