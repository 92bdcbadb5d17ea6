package io.sluice.api;

/** Example answers shown in the OpenAPI document. */
final class Examples {
    private Examples() {
    }

    static final String RUN = """
            {"id": "0190f3a2-b4c4-7d5e-8f9a-0b1c2d3e4f50", "sync": "contacts-to-crm", "trigger": "API", "state": "COMPLETED",
             "health": "HEALTHY", "startedAt": "2025-05-01T08:00:00Z", "endedAt": "2025-05-01T08:00:04Z",
             "counts": {"actions": {"CREATE": 12, "UPDATE": 3}, "applyStates": {"SUCCESS": 15}}, "recordsStaged": 15}""";

    static final String SYNC = """
            {"slug": "contacts-to-crm", "file": "syncs/contacts-to-crm.yaml", "strategy": "mirror",
             "source": {"warehouse": "default", "table": "analytics.contacts", "idColumn": "contact_id"},
             "target": {"connection": "crm", "object": "contacts"}, "schedule": "*/15 * * * *", "after": [], "timeLimit": "PT4H",
             "template": false, "paused": true, "pausedAt": "2025-05-01T07:55:00Z", "pauseReason": "CRM maintenance window",
             "health": "HEALTHY", "records": {"SUCCESS": 1520, "DESTINATION_FAILURE": 2}, "skippedTicks": 3}""";

    static final String SYNC_LIST = """
            {"items": [""" + SYNC + """
            ], "next": null, "rejected": [{"file": "syncs/typo.yaml", "field": "strategy", "reason": "unknown strategy 'mirorr'"}]}""";

    static final String PAUSE = """
            {"sync": "contacts-to-crm", "paused": true, "pausedAt": "2025-05-01T07:55:00Z", "reason": "CRM maintenance window"}""";

    static final String RESUME = """
            {"sync": "contacts-to-crm", "paused": false, "wasPaused": true}""";

    static final String PREVIEW = """
            {"sync": "contacts-to-crm", "staged": 4, "counts": {"CREATE": 1, "UPDATE": 1, "DELETE": 1},
             "kinds": {"SEND": 3, "RESOLVE": 1}, "applyReasons": {"CHANGE_CRITERIA_MET": 3, "PREVIOUSLY_FAILED": 1},
             "sample": [
               {"identifier": "17", "kind": "SEND", "action": "CREATE", "applyReason": "CHANGE_CRITERIA_MET",
                "payload": {"email": "ada@example.com", "name": "Ada Lovelace"}},
               {"identifier": "23", "kind": "SEND", "action": "DELETE", "applyReason": "CHANGE_CRITERIA_MET",
                "payload": {"email": "old@example.com", "name": "Gone Customer"}}]}""";

    static final String RELOAD = """
            {"added": ["orders-to-crm"], "changed": ["contacts-to-crm"], "removed": [], "unchanged": 4,
             "rejected": [{"file": "syncs/accounts.yaml", "field": "strategy", "reason": "unknown strategy 'mirorr'"}],
             "kept": ["accounts-to-crm"]}""";

    static final String PAUSED_PROBLEM = """
            {"type": "about:blank", "title": "Conflict", "status": 409,
             "detail": "sync 'contacts-to-crm' is paused since 2025-05-01T07:55:00Z: CRM maintenance window; resume it first",
             "sync": "contacts-to-crm", "pausedAt": "2025-05-01T07:55:00Z", "reason": "CRM maintenance window"}""";

    static final String ACTIVE_PROBLEM = """
            {"type": "about:blank", "title": "Conflict", "status": 409,
             "detail": "sync 'contacts-to-crm' already has an active run: 0190f3a2-b4c4-7d5e-8f9a-0b1c2d3e4f50",
             "activeRunId": "0190f3a2-b4c4-7d5e-8f9a-0b1c2d3e4f50"}""";

    static final String UNKNOWN_SYNC = """
            {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "no sync with slug 'nope'", "sync": "nope"}""";

    static final String BAD_SAMPLE = """
            {"type": "about:blank", "title": "Bad Request", "status": 400,
             "detail": "sample must be a whole number from 0 to 1000, was 'all'", "sync": "contacts-to-crm", "field": "sample", "value": "all"}""";

    static final String CONNECTIONS = """
            {"items": [{"name": "crm", "plugin": "webhook", "syncs": ["contacts-to-crm", "deals-to-crm"],
                        "lastCheck": {"ok": false, "message": "connection 'crm': check GET https://api.example.com/me answered HTTP 403: token *** lacks scope",
                                      "checkedAt": "2025-05-01T08:00:00Z"}},
                       {"name": "files", "plugin": "file", "syncs": [], "lastCheck": null}],
             "next": null}""";

    static final String CHECK = """
            {"ok": false, "message": "connection 'crm': check GET https://api.example.com/me answered HTTP 403: token *** lacks scope",
             "checkedAt": "2025-05-01T08:00:00Z"}""";

    static final String APPS = """
            {"items": [{"app": "klaviyo", "title": "Klaviyo", "description": null, "source": "user", "overrides": "shipped",
                        "file": "/etc/sluice/apps/klaviyo.yaml", "docs": ["https://developers.klaviyo.com/en/reference/bulk_import_profiles"],
                        "actions": ["upsert"], "strategies": ["create", "update", "upsert", "replace"], "objects": ["profiles"],
                        "settings": [{"name": "api_key", "type": "string", "required": true, "secret": true, "defaultValue": null,
                                      "allowed": [], "description": "Private API key"}],
                        "connections": ["marketing"]}],
             "next": null,
             "rejected": [{"file": "/etc/sluice/apps/zendesk.yaml", "field": "actions.create.path",
                           "reason": "uses setting 'domain', which the definition does not declare under settings"}]}""";
}
