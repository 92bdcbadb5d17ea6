package io.sluice.apps.runtime;

import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.SyncTarget;
import io.sluice.template.JsonValues;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The variables templates see: {@code settings} and {@code object} everywhere, one record's or a batch's besides. */
final class Bindings {
    private Bindings() {
    }

    /** {@code settings} and {@code object}. */
    static Map<String, Object> of(Map<String, Object> settings, String object) {
        // HashMap: values may be null (no object)
        Map<String, Object> b = new HashMap<>();
        b.put("settings", settings);
        b.put("object", object == null ? "" : object);
        return b;
    }

    /** {@code settings}, {@code object} and the record's {@code record}, {@code previous}, {@code identifier}, {@code app_identifier}, {@code action}. */
    static Map<String, Object> of(Map<String, Object> settings, SyncTarget target, OutboundRecord record, String action) {
        Map<String, Object> b = of(settings, target.object());
        b.putAll(record(record, action));
        return b;
    }

    /** {@code settings}, {@code object} and {@code records}, each with its record's variables. */
    static Map<String, Object> ofBatch(Map<String, Object> settings, SyncTarget target, List<OutboundRecord> records, String action) {
        Map<String, Object> b = of(settings, target.object());
        List<Map<String, Object>> list = new ArrayList<>(records.size());
        records.forEach(r -> list.add(record(r, action)));
        b.put("records", list);
        return b;
    }

    private static Map<String, Object> record(OutboundRecord record, String action) {
        Map<String, Object> b = new HashMap<>();
        b.put("record", JsonValues.toJava(record.record()));
        b.put("previous", JsonValues.toJava(record.previous()));
        b.put("identifier", record.identifier());
        b.put("app_identifier", record.appIdentifier());
        b.put("action", action == null ? record.action().name().toLowerCase(Locale.ROOT) : action);
        return b;
    }
}
