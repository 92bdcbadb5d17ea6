package io.sluice.notify;

import io.sluice.engine.RunListener;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * POSTs each finished run to {@code sluice.hooks.post-run.url} and makes the run wait for the answer, at most
 * {@code sluice.hooks.post-run.timeout}: callers of {@code ?wait=true} and syncs running after it see the run ended
 * only then. The outcome is logged; it never changes the run's state.
 */
@ApplicationScoped
public class PostRunHook implements RunListener {
    private static final Logger LOG = Logger.getLogger(PostRunHook.class);

    private final HooksConfig.PostRun config;
    private final WebhookPoster poster;
    private final RunJson json;

    @Inject
    PostRunHook(HooksConfig config, WebhookPoster poster, RunJson json) {
        this.config = config.postRun();
        this.poster = poster;
        this.json = json;
    }

    /** The hook's body carries the sync's health before and after. */
    @Override
    public boolean wantsSyncHealth() {
        return config.url().isPresent();
    }

    @Override
    public Uni<Void> runEnded(RunEnded ended) {
        if (config.url().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String url = config.url().get();
        String body = json.run(ended, Optional.empty()).toString();
        String runId = ended.run().id();
        return Uni.createFrom().deferred(() -> poster.post(url, config.headers(), body, config.timeout()))
                .ifNoItem().after(config.timeout()).failWith(() -> new WebhookPoster.PostFailed(WebhookPoster.host(url) + ": no answer within "
                        + config.timeout()))
                .invoke(status -> LOG.infof("post-run hook for run %s answered HTTP %d", runId, status))
                .onFailure().invoke(e -> LOG.warnf("post-run hook for run %s failed: %s", runId,
                        e instanceof WebhookPoster.PostFailed ? e.getMessage() : e.getClass().getSimpleName()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
