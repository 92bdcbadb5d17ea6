package io.sluice.engine;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Fires {@link SyncChanged} and waits for its observers; their failure is logged, never passed on. */
@ApplicationScoped
public class SyncChanges {
    private static final Logger LOG = Logger.getLogger(SyncChanges.class);

    private final Event<SyncChanged> events;

    @Inject
    public SyncChanges(Event<SyncChanged> events) {
        this.events = events;
    }

    /** Tells the observers that the sync changed; ends when they have heard it. */
    public Uni<Void> fired(String slug) {
        return Uni.createFrom().completionStage(() -> events.fireAsync(new SyncChanged(slug))).replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf(e, "sync '%s': an observer of the change failed", slug);
                    return Uni.createFrom().voidItem();
                });
    }
}
