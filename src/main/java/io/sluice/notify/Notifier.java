package io.sluice.notify;

import io.sluice.engine.RunListener;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Sends the configured notifications ({@link NotificationsConfig}) when a run ends: in the background, with
 * bounded retries and backoff; the run never waits for them and a failure is only logged (naming the
 * notification and host, never the URL or headers).
 */
@ApplicationScoped
public class Notifier implements RunListener {
    private static final Logger LOG = Logger.getLogger(Notifier.class);

    private final NotificationsConfig config;
    private final WebhookPoster poster;
    private final RunJson json;

    @Inject
    Notifier(NotificationsConfig config, WebhookPoster poster, RunJson json) {
        this.config = config;
        this.poster = poster;
        this.json = json;
        config.targets().forEach((name, t) -> {
            if (t.maxAttempts() < 1) {
                throw new IllegalArgumentException("sluice.notifications." + name + ".max-attempts must be at least 1, was " + t.maxAttempts());
            }
        });
    }

    /** Health changes are what it reports, when any destination is configured. */
    @Override
    public boolean wantsSyncHealth() {
        return !config.targets().isEmpty();
    }

    @Override
    public Uni<Void> runEnded(RunEnded ended) {
        config.targets().forEach((name, target) -> {
            if (wants(target, ended)) {
                send(name, target, ended);
            }
        });
        return Uni.createFrom().voidItem();
    }

    static boolean wants(NotificationsConfig.Target target, RunEnded ended) {
        boolean syncMatches = target.syncs().map(s -> s.contains(ended.run().syncSlug())).orElse(true);
        return syncMatches && (target.on() == NotificationsConfig.When.RUN_END || ended.healthChanged());
    }

    private void send(String name, NotificationsConfig.Target target, RunEnded ended) {
        Optional<String> link = target.runLink().map(l -> l.replace("{run}", ended.run().id()).replace("{sync}", ended.run().syncSlug()));
        String body = target.format() == NotificationsConfig.Format.SLACK ? json.slack(ended, link)
                : json.notification(ended.healthChanged() ? "health-change" : "run-end", ended, link);
        Duration delay = target.retryDelay();
        Uni<Integer> post = Uni.createFrom().deferred(() -> poster.post(target.url(), target.headers(), body, target.timeout()));
        if (target.maxAttempts() > 1) {
            post = post.onFailure().retry().withBackOff(delay, delay.multipliedBy(16)).atMost(target.maxAttempts() - 1L);
        }
        post.subscribe().with(
                status -> LOG.debugf("notification '%s' about run %s sent (HTTP %d)", name, ended.run().id(), status),
                failure -> LOG.warnf("notification '%s' about run %s of sync '%s' failed after %d attempt(s): %s", name, ended.run().id(),
                        ended.run().syncSlug(), target.maxAttempts(), message(failure)));
    }

    private static String message(Throwable failure) {
        Throwable cause = failure;
        while (!(cause instanceof WebhookPoster.PostFailed) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof WebhookPoster.PostFailed ? cause.getMessage() : failure.getClass().getSimpleName();
    }
}
