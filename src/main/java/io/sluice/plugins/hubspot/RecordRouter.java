package io.sluice.plugins.hubspot;

import io.sluice.plugin.Action;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.Strategy;
import io.sluice.plugin.SyncTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides, without I/O, which batch endpoint writes a record and what addresses its object, or why the record
 * cannot be sent (then it is a {@code SOURCE_FAILURE} and costs no request).
 *
 * <table>
 *   <caption>action to endpoint</caption>
 *   <tr><th>action</th><th>has HubSpot id</th><th>{@code id-property} set</th><th>neither</th></tr>
 *   <tr><td>CREATE</td><td colspan="3">{@code batch/upsert} by the id property when set (a re-sent create then finds
 *       its object instead of duplicating it), else {@code batch/create}</td></tr>
 *   <tr><td>UPDATE</td><td>{@code batch/update} by id</td><td>{@code batch/update} by the property under the
 *       {@code update} strategy (never creates); {@code batch/upsert} under {@code upsert} and {@code mirror}</td>
 *       <td>problem</td></tr>
 *   <tr><td>DELETE</td><td>{@code batch/archive} by id</td><td>{@code batch/read} by the property to find the id,
 *       then {@code batch/archive}</td><td>problem</td></tr>
 * </table>
 * With {@code id-property: hs_object_id} the record's {@code hs_object_id} field is the HubSpot id (HubSpot refuses
 * it as an {@code idProperty}, it is not a unique-value property). Other actions ({@code RECREATE}, {@code SEND})
 * are not supported.
 */
final class RecordRouter {
    private final HubSpotSettings settings;

    RecordRouter(HubSpotSettings settings) {
        this.settings = settings;
    }

    /** A route, or the problems that keep the record from being sent. */
    record Routing(Route route, List<String> problems) {
    }

    /** Everything wrong with sending {@code record} to {@code target}; empty when it can be sent. */
    List<String> problems(SyncTarget target, OutboundRecord record) {
        TargetOptions.Parsed parsed = TargetOptions.parse(target);
        if (!parsed.problems().isEmpty()) {
            return parsed.problems();
        }
        return route(parsed.options(), target.strategy(), record).problems();
    }

    Routing route(TargetOptions options, Strategy strategy, OutboundRecord record) {
        List<String> problems = new ArrayList<>();
        Route route = switch (record.action()) {
            case CREATE -> create(options, record, problems);
            case UPDATE -> update(options, strategy, record, problems);
            case DELETE -> delete(options, record, problems);
            default -> {
                problems.add("action " + record.action() + " is not supported by the hubspot plugin (strategies: create, upsert, update, delete, mirror)");
                yield null;
            }
        };
        if (record.action() == Action.CREATE || record.action() == Action.UPDATE) {
            problems.addAll(PropertyValues.problems(record.record()));
            List<String> required = new ArrayList<>(settings.requiredFor(options.objectType()));
            required.addAll(options.requiredProperties());
            required.stream().distinct().filter(p -> PropertyValues.nonBlank(record.record(), p) == null).forEach(p ->
                    problems.add("required property '" + p + "' is missing or blank"));
        }
        return problems.isEmpty() ? new Routing(route, List.of()) : new Routing(null, List.copyOf(problems));
    }

    private static Route create(TargetOptions options, OutboundRecord record, List<String> problems) {
        if (options.idProperty().isEmpty() || options.idIsObjectId()) {
            return new Route(record, Operation.CREATE, null, null);
        }
        String value = value(options, record, problems);
        return new Route(record, Operation.UPSERT, options.idProperty().get(), value);
    }

    private static Route update(TargetOptions options, Strategy strategy, OutboundRecord record, List<String> problems) {
        if (hasAppIdentifier(record)) {
            return new Route(record, Operation.UPDATE, null, record.appIdentifier().trim());
        }
        if (options.idProperty().isEmpty()) {
            problems.add(noIdentifier(record));
            return null;
        }
        String value = value(options, record, problems);
        if (options.idIsObjectId()) {
            return new Route(record, Operation.UPDATE, null, value);
        }
        return new Route(record, strategy == Strategy.UPDATE ? Operation.UPDATE : Operation.UPSERT, options.idProperty().get(), value);
    }

    private static Route delete(TargetOptions options, OutboundRecord record, List<String> problems) {
        if (hasAppIdentifier(record)) {
            return new Route(record, Operation.ARCHIVE, null, record.appIdentifier().trim());
        }
        if (options.idProperty().isEmpty()) {
            problems.add(noIdentifier(record));
            return null;
        }
        String value = value(options, record, problems);
        return new Route(record, Operation.ARCHIVE, options.idIsObjectId() ? null : options.idProperty().get(), value);
    }

    private static String value(TargetOptions options, OutboundRecord record, List<String> problems) {
        String property = options.idProperty().orElseThrow();
        String value = PropertyValues.nonBlank(record.record(), property);
        if (value == null) {
            problems.add("the id property '" + property + "' (target.options.id-property) is missing or blank in this record");
        }
        return value;
    }

    private static boolean hasAppIdentifier(OutboundRecord record) {
        return record.appIdentifier() != null && !record.appIdentifier().isBlank();
    }

    private static String noIdentifier(OutboundRecord record) {
        return "a " + record.action().name().toLowerCase(Locale.ROOT) + " needs the HubSpot id of the object, and this record has no app "
                + "identifier; set target.options.id-property (e.g. email) to find objects by a unique property";
    }
}
