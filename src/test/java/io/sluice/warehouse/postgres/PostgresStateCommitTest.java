package io.sluice.warehouse.postgres;

import static io.sluice.warehouse.postgres.PostgresWarehouses.exec;
import static io.sluice.warehouse.postgres.PostgresWarehouses.query;
import static io.sluice.warehouse.postgres.PostgresWarehouses.stage;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.plugin.Action;
import io.sluice.plugin.Strategy;
import io.sluice.state.ApplyReason;
import io.sluice.state.ApplyState;
import io.sluice.state.Outcome;
import io.sluice.state.RecordStateStore;
import io.sluice.state.StateCommitter;
import io.sluice.sync.SyncDefinition;
import io.sluice.warehouse.Warehouse;
import io.sluice.warehouse.postgres.PostgresWarehouses.Staged;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Window commits on PostgreSQL: the MERGE into record state, the DELETE of gone records and the history append. */
class PostgresStateCommitTest {
    private static final Map<String, String> MAPPING = Map.of("email", "email", "name", "name");

    private static Warehouse warehouse;
    private static StateCommitter committer;

    @BeforeAll
    static void openWarehouse() {
        warehouse = PostgresWarehouses.openMigrated("state_commit_test");
        committer = new StateCommitter(warehouse, PostgresWarehouses.CLOCK);
    }

    @AfterAll
    static void closeWarehouse() {
        warehouse.close();
    }

    @Test
    void successAndFailureMoveRecordStateAndAppendHistory() {
        exec(warehouse, "CREATE TABLE public.contacts (id TEXT, email TEXT, name TEXT, note TEXT)",
                "INSERT INTO public.contacts VALUES ('a', 'a@x.io', 'Ann', 'n'), ('b', 'b@x.io', 'Bob', 'n'), ('c', 'c@x.io', 'Cy', 'n')");
        SyncDefinition sync = PostgresWarehouses.sync("contacts", "public.contacts", "id", Strategy.UPSERT, MAPPING);

        // run 1: a and c succeed, b is rejected by the app; committed in two windows
        Staged run1 = stage(warehouse, sync, "run1");
        assertThat(run1.rows()).extracting(r -> r.get("action")).containsOnly("CREATE");
        commit(sync, "run-1", run1, List.of(success(run1, "a", "app-a")));
        commit(sync, "run-1", run1, List.of(failure(run1, "b"), success(run1, "c", "app-c")));

        Map<String, Object> a = state("contacts", "a");
        assertThat(a.get("apply_state")).isEqualTo("SUCCESS");
        assertThat(a.get("app_identifier")).isEqualTo("app-a");
        assertThat(a.get("applied_hash")).isEqualTo(run1.row("a").get("record_hash"));
        assertThat(a.get("applied_record")).isEqualTo(run1.row("a").get("record"));
        assertThat(a.get("attempted_hash")).isEqualTo(run1.row("a").get("record_hash"));
        assertThat(a.get("last_action")).isEqualTo("CREATE");
        assertThat(a.get("apply_reason")).isEqualTo("CHANGE_CRITERIA_MET");
        assertThat(a.get("failure_count")).isEqualTo(0);
        assertThat(a.get("last_run_id")).isEqualTo("run-1");
        assertThat(((Timestamp) a.get("created_at")).toInstant()).isEqualTo(PostgresWarehouses.CLOCK.instant());
        Map<String, Object> b = state("contacts", "b");
        assertThat(b.get("apply_state")).isEqualTo("DESTINATION_FAILURE");
        assertThat(b.get("applied_hash")).isNull();
        assertThat(b.get("applied_record")).isNull();
        assertThat(b.get("attempted_hash")).isEqualTo(run1.row("b").get("record_hash"));
        assertThat(b.get("failure_count")).isEqualTo(1);
        assertThat(b.get("last_result")).isEqualTo("{\"error\":\"rejected\"}");
        assertThat(query(warehouse, "SELECT COUNT(*) AS n FROM sluice.outcome_run1").get(0).get("n")).as("outcome table emptied").isEqualTo(0L);
        assertThat(history("contacts")).extracting(h -> h.get("identifier") + ":" + h.get("apply_state") + ":" + h.get("app_identifier"))
                .containsExactly("a:SUCCESS:app-a", "b:DESTINATION_FAILURE:null", "c:SUCCESS:app-c");
        assertThat(history("contacts")).allSatisfy(h -> {
            assertThat(h.get("run_id")).isEqualTo("run-1");
            assertThat(h.get("action")).isEqualTo("CREATE");
            assertThat(h.get("record")).isEqualTo(run1.row((String) h.get("identifier")).get("record"));
        });

        // run 2: only the failed record comes back, and fails again
        Staged run2 = stage(warehouse, sync, "run2");
        assertThat(run2.rows()).singleElement().satisfies(r -> {
            assertThat(r.get("identifier")).isEqualTo("b");
            assertThat(r.get("action")).isEqualTo("CREATE");
            assertThat(r.get("apply_reason")).isEqualTo("PREVIOUSLY_FAILED");
            assertThat(r.get("prev_state")).isEqualTo("DESTINATION_FAILURE");
            assertThat(r.get("prev_failure_count")).isEqualTo(1);
        });
        commit(sync, "run-2", run2, List.of(failure(run2, "b")));
        assertThat(state("contacts", "b").get("failure_count")).isEqualTo(2);

        // run 3: c changes in a mapped column, an unmapped change on a is ignored, b finally succeeds
        exec(warehouse, "UPDATE public.contacts SET name = 'Cyrus' WHERE id = 'c'", "UPDATE public.contacts SET note = 'edited' WHERE id = 'a'");
        Staged run3 = stage(warehouse, sync, "run3");
        assertThat(run3.rows()).extracting(r -> r.get("identifier") + ":" + r.get("action")).containsExactly("b:CREATE", "c:UPDATE");
        assertThat(run3.row("c").get("prev_hash")).isEqualTo(run1.row("c").get("record_hash"));
        assertThat(run3.row("c").get("prev_app_identifier")).isEqualTo("app-c");
        commit(sync, "run-3", run3, List.of(success(run3, "b", "app-b"), success(run3, "c", null)));

        Map<String, Object> b3 = state("contacts", "b");
        assertThat(b3.get("apply_state")).isEqualTo("SUCCESS");
        assertThat(b3.get("failure_count")).isEqualTo(0);
        assertThat(b3.get("applied_hash")).isEqualTo(run3.row("b").get("record_hash"));
        Map<String, Object> c3 = state("contacts", "c");
        assertThat(c3.get("applied_hash")).isEqualTo(run3.row("c").get("record_hash")).isNotEqualTo(run1.row("c").get("record_hash"));
        assertThat(c3.get("app_identifier")).as("kept when the app returns none").isEqualTo("app-c");
        assertThat(c3.get("last_action")).isEqualTo("UPDATE");
        assertThat(history("contacts")).hasSize(6);
        assertThat(new RecordStateStore(warehouse).countsByApplyState("contacts")).containsExactly(Map.entry(ApplyState.SUCCESS, 3L));
        assertThat(stage(warehouse, sync, "run4").rows()).isEmpty();
    }

    @Test
    void mirrorDeletesRecordsThatLeftTheSource() {
        exec(warehouse, "CREATE TABLE public.leads (id INTEGER, email TEXT, name TEXT)",
                "INSERT INTO public.leads VALUES (1, 'one@x.io', 'One'), (2, 'two@x.io', 'Two')");
        SyncDefinition sync = PostgresWarehouses.sync("leads", "public.leads", "id", Strategy.MIRROR, MAPPING);
        Staged run1 = stage(warehouse, sync, "m1");
        commit(sync, "m-1", run1, List.of(success(run1, "1", "app-1"), success(run1, "2", "app-2")));

        exec(warehouse, "DELETE FROM public.leads WHERE id = 1");
        Staged run2 = stage(warehouse, sync, "m2");

        assertThat(run2.rows()).singleElement().satisfies(r -> {
            assertThat(r.get("identifier")).isEqualTo("1");
            assertThat(r.get("action")).isEqualTo("DELETE");
            assertThat(r.get("present")).isNull();
            assertThat(r.get("prev_app_identifier")).isEqualTo("app-1");
        });
        commit(sync, "m-2", run2, List.of(success(run2, "1", null)));

        assertThat(query(warehouse, "SELECT identifier FROM sluice.record_state WHERE sync_id = 'leads'"))
                .extracting(r -> r.get("identifier")).containsExactly("2");
        assertThat(history("leads")).filteredOn(h -> "m-2".equals(h.get("run_id"))).singleElement().satisfies(h -> {
            assertThat(h.get("action")).isEqualTo("DELETE");
            assertThat(h.get("app_identifier")).isEqualTo("app-1");
            assertThat(h.get("record")).as("the last applied record").isEqualTo(run1.row("1").get("record"));
        });
    }

    @Test
    void aRecordThatNeverSucceededAndLeftTheSourceIsDroppedFromState() {
        exec(warehouse, "CREATE TABLE public.prospects (id INTEGER, email TEXT, name TEXT)",
                "INSERT INTO public.prospects VALUES (1, 'one@x.io', 'One')");
        SyncDefinition sync = PostgresWarehouses.sync("prospects", "public.prospects", "id", Strategy.UPSERT, MAPPING);
        Staged run1 = stage(warehouse, sync, "p1");
        commit(sync, "p-1", run1, List.of(failure(run1, "1")));

        exec(warehouse, "DELETE FROM public.prospects");
        Staged run2 = stage(warehouse, sync, "p2");

        assertThat(run2.row("1").get("kind")).isEqualTo("DROP");
        assertThat(run2.row("1").get("action")).isNull();
        commit(sync, "p-2", run2, List.of(
                new Outcome(seq(run2, "1"), "1", null, ApplyState.NOT_REQUIRED, ApplyReason.PREVIOUSLY_FAILED, "{}", null, null)));

        assertThat(query(warehouse, "SELECT identifier FROM sluice.record_state WHERE sync_id = 'prospects'")).isEmpty();
        assertThat(history("prospects")).extracting(h -> h.get("run_id") + ":" + h.get("apply_state"))
                .containsExactly("p-1:DESTINATION_FAILURE", "p-2:NOT_REQUIRED");
    }

    @Test
    void aWholeSyncResyncResendsEveryRecordButThoseSkippedForGood() {
        exec(warehouse, "CREATE TABLE public.accounts (id TEXT, email TEXT, name TEXT)",
                "INSERT INTO public.accounts VALUES ('a', 'a@x.io', 'Ann'), ('b', 'b@x.io', 'Bob'), ('c', 'c@x.io', 'Cy')");
        SyncDefinition sync = PostgresWarehouses.sync("accounts", "public.accounts", "id", Strategy.UPSERT, MAPPING);
        Staged run1 = stage(warehouse, sync, "r1");
        commit(sync, "r-1", run1, List.of(success(run1, "a", "app-a"), failure(run1, "b"), success(run1, "c", "app-c")));
        RecordStateStore store = new RecordStateStore(warehouse);
        store.mark("accounts", List.of("c"), ApplyState.SKIPPED_ALWAYS, PostgresWarehouses.CLOCK.instant());

        assertThat(store.markAllForResync("accounts", PostgresWarehouses.CLOCK.instant())).isEqualTo(2);
        assertThat(store.markAllForResync("no-such-sync", PostgresWarehouses.CLOCK.instant())).isZero();

        assertThat(store.countsByApplyState("accounts")).containsOnly(Map.entry(ApplyState.RESYNC_REQUESTED, 2L),
                Map.entry(ApplyState.SKIPPED_ALWAYS, 1L));
        assertThat(stage(warehouse, sync, "r2").rows()).as("unchanged records are staged again, the excluded one is not")
                .extracting(r -> r.get("identifier") + ":" + r.get("action") + ":" + r.get("apply_reason"))
                .containsExactly("a:UPDATE:RESYNC_REQUESTED", "b:CREATE:RESYNC_REQUESTED");
    }

    private void commit(SyncDefinition sync, String runId, Staged staged, List<Outcome> window) {
        committer.commit(sync.slug(), runId, staged.stageTable(), staged.outcomeName(), window).await().indefinitely();
    }

    private static Outcome success(Staged staged, String id, String appId) {
        Map<String, Object> row = staged.row(id);
        return new Outcome(seq(staged, id), id, Action.valueOf((String) row.get("action")), ApplyState.SUCCESS,
                ApplyReason.valueOf((String) row.get("apply_reason")), "{\"ok\":true}", appId, null);
    }

    private static Outcome failure(Staged staged, String id) {
        Map<String, Object> row = staged.row(id);
        return new Outcome(seq(staged, id), id, Action.valueOf((String) row.get("action")), ApplyState.DESTINATION_FAILURE,
                ApplyReason.valueOf((String) row.get("apply_reason")), "{\"error\":\"rejected\"}", null, null);
    }

    private static long seq(Staged staged, String id) {
        return (Long) staged.row(id).get("seq");
    }

    private static Map<String, Object> state(String sync, String id) {
        return query(warehouse, "SELECT * FROM sluice.record_state WHERE sync_id = ? AND identifier = ?", sync, id).get(0);
    }

    private static List<Map<String, Object>> history(String sync) {
        return query(warehouse, "SELECT * FROM sluice.record_history WHERE sync_id = ? ORDER BY run_id, identifier", sync);
    }
}
