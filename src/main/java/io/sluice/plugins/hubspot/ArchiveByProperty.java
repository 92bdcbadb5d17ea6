package io.sluice.plugins.hubspot;

import io.sluice.plugin.support.ResponseJson;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.support.HttpAnswer;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Deletes objects known only by a unique property value ({@code delete} strategy with {@code id-property}):
 * {@code batch/archive} takes HubSpot ids only ({@code BatchInputSimplePublicObjectId}), so the ids are first
 * looked up with {@code POST /crm/v3/objects/{type}/batch/read} by {@code idProperty} (which answers 207 with an
 * {@code OBJECT_NOT_FOUND} error for values it does not know). A value that matches no object is a success
 * with {@code "archived": false}: the object the source wants gone is not there.
 */
final class ArchiveByProperty {
    private final HubSpotSettings settings;
    private final ResponseMapper mapper;
    /** Sends a POST (url, body, description, deadline) through the client, failing on transient answers. */
    private final Post post;

    @FunctionalInterface
    interface Post {
        Uni<HttpAnswer> send(String url, String body, String what, Instant deadline);
    }

    ArchiveByProperty(HubSpotSettings settings, ResponseMapper mapper, Post post) {
        this.settings = settings;
        this.mapper = mapper;
        this.post = post;
    }

    Uni<List<RecordOutcome>> archive(String objectType, String idProperty, List<Route> routes, Instant deadline) {
        String what = "a lookup of " + routes.size() + (routes.size() == 1 ? " record" : " records") + " by " + idProperty;
        return post.send(settings.objectsUrl(objectType) + "/batch/read?archived=false", RequestBuilder.readBody(idProperty, routes), what, deadline)
                .chain(answer -> answer.isSuccess()
                        ? archiveFound(objectType, idProperty, routes, answer, deadline)
                        : Uni.createFrom().item(mapper.outcomes(Operation.ARCHIVE, routes, answer)));
    }

    private Uni<List<RecordOutcome>> archiveFound(String objectType, String idProperty, List<Route> routes, HttpAnswer read, Instant deadline) {
        // an unreadable lookup would otherwise read as "nothing found, nothing to archive" for every record
        Optional<List<RecordOutcome>> unreadable = mapper.unreadable(true, routes, read);
        if (unreadable.isPresent()) {
            return Uni.createFrom().item(unreadable.get());
        }
        ResponseMapper.Correlation found = ResponseMapper.correlate(routes, ResponseJson.container(read.body()).orElse(Json.NODES.objectNode()));
        List<RecordOutcome> outcomes = new ArrayList<>();
        List<Route> resolved = new ArrayList<>();
        for (Route route : routes) {
            String identifier = route.record().identifier();
            JsonNode result = found.results.get(identifier);
            JsonNode error = found.errors.get(identifier);
            if (result != null && Json.text(result, "id").isPresent()) {
                resolved.add(new Route(route.record(), Operation.ARCHIVE, null, Json.text(result, "id").get()));
            } else if (error != null && !Json.text(error, "category").orElse("OBJECT_NOT_FOUND").equals("OBJECT_NOT_FOUND")) {
                outcomes.add(RecordOutcome.rejected(identifier, error));
            } else {
                outcomes.add(RecordOutcome.success(identifier, Json.NODES.objectNode().put("archived", false).put("message",
                        "no " + objectType + " object has " + idProperty + " = " + route.id() + "; nothing to archive"), null));
            }
        }
        if (resolved.isEmpty()) {
            return Uni.createFrom().item(outcomes);
        }
        return post.send(settings.objectsUrl(objectType) + "/batch/" + Operation.ARCHIVE.path, RequestBuilder.body(Operation.ARCHIVE, resolved),
                        "a batch of " + resolved.size() + (resolved.size() == 1 ? " record" : " records"), deadline)
                .map(answer -> {
                    outcomes.addAll(mapper.outcomes(Operation.ARCHIVE, resolved, answer));
                    return outcomes;
                });
    }
}
