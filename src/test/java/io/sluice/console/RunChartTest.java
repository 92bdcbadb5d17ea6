package io.sluice.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.RunView;
import io.sluice.plugin.Action;
import io.sluice.state.ApplyState;
import io.sluice.state.Health;
import io.sluice.state.RunState;
import io.sluice.state.Trigger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunChartTest {
    private static final Instant T = Instant.parse("2025-05-01T08:00:00Z");

    @Test
    void barsRunOldestFirstStackedByApplyStateAndScaledToTheLargestRun() {
        RunView newest = run("b", 60, Map.of(ApplyState.SUCCESS, 50L, ApplyState.DESTINATION_FAILURE, 50L));
        RunView oldest = run("a", 30, Map.of(ApplyState.SUCCESS, 50L));
        RunChart chart = RunChart.of(List.of(newest, oldest));

        assertThat(chart.bars()).extracting(RunChart.Bar::runId).containsExactly("a", "b");
        assertThat(chart.maxRecords()).isEqualTo(100);
        RunChart.Bar b = chart.bars().get(1);
        assertThat(b.segments()).extracting(RunChart.Segment::kind).containsExactly("ok", "fail");
        double full = RunChart.HEIGHT - 12;
        assertThat(b.segments().get(0).height()).isEqualTo(full / 2);
        assertThat(chart.bars().get(0).segments().get(0).height()).isEqualTo(full / 2);
        assertThat(b.title()).contains("50 succeeded, 50 failed").contains("took 1 min 00 s");
        // durations: the longer run is at the top of the plot, the shorter halfway
        assertThat(chart.durationPoints()).extracting(RunChart.Point::y).containsExactly(RunChart.HEIGHT - 4 - full / 2, 8.0);
        assertThat(chart.durationLine()).startsWith("M").contains(" L");
        assertThat(chart.maxDuration()).isEqualTo("1 min 00 s");
    }

    @Test
    void anActiveRunHasABarButNoDurationPoint() {
        RunView active = new RunView("r", "s", Trigger.API, RunState.RUNNING, null, T, null, null,
                new RunView.Counts(Map.of(), Map.of()), null, null, null, Map.of());
        RunChart chart = RunChart.of(List.of(active));
        assertThat(chart.bars()).hasSize(1);
        assertThat(chart.bars().get(0).segments()).isEmpty();
        assertThat(chart.durationPoints()).isEmpty();
        assertThat(chart.bars().get(0).title()).contains("still running");
    }

    private static RunView run(String id, int seconds, Map<ApplyState, Long> states) {
        return new RunView(id, "s", Trigger.API, RunState.COMPLETED, Health.HEALTHY, T, T.plusSeconds(seconds), null,
                new RunView.Counts(Map.of(Action.CREATE, 1L), states), 1L, null, null, Map.of());
    }
}
