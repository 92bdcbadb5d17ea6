package io.sluice;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.sluice.engine.SyncEngine;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The package layout is the data flow; these rules keep it that way. */
class LayeringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.sluice");

    static final ArchRule pluginSpiDependsOnNothingOfOurs = noClasses().that().resideInAPackage("io.sluice.plugin")
            .should().dependOnClassesThat().resideInAnyPackage("io.sluice.engine..", "io.sluice.state..", "io.sluice.warehouse..",
                    "io.sluice.sync..", "io.sluice.plan..", "io.sluice.api..", "io.sluice.plugins..", "io.sluice.connection..",
                    "io.sluice.plugin.support..", "io.sluice.observe..", "io.sluice.notify..")
            .because("plugins build against the SPI alone, and plugin/support builds on it (not the other way round); move shared "
                    + "types into io.sluice.plugin or pass them in");

    static final ArchRule pluginsSeeOnlyTheSpiAndSupport = noClasses().that().resideInAPackage("io.sluice.plugins..")
            .should().dependOnClassesThat().resideInAnyPackage("io.sluice.engine..", "io.sluice.state..", "io.sluice.warehouse..",
                    "io.sluice.sync..", "io.sluice.plan..", "io.sluice.api..")
            .because("a plugin talks to its app; the engine does everything else for it");

    static final ArchRule appDefinitionsAreAPlugin = noClasses().that().resideInAPackage("io.sluice.apps..")
            .should().dependOnClassesThat().resideInAnyPackage("io.sluice.engine..", "io.sluice.state..", "io.sluice.warehouse..",
                    "io.sluice.sync..", "io.sluice.plan..", "io.sluice.api..", "io.sluice.plugins..", "io.sluice.connection..")
            .because("the app-definition runtime is a plugin described by data: it builds on the SPI, plugin support and templates; "
                    + "connections, the API and sync files use it, not the other way round");

    static final ArchRule planIsPure = noClasses().that().resideInAPackage("io.sluice.plan..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "io.sluice.engine..", "io.sluice.state..", "io.sluice.api..")
            .because("planning builds SQL text only; running it belongs to engine and state");

    static final ArchRule onlyTheApiKnowsHttp = noClasses().that().resideOutsideOfPackage("io.sluice.api..")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..")
            .because("REST types stay in io.sluice.api");

    static final ArchRule warehouseKnowsNoEngine = noClasses().that().resideInAPackage("io.sluice.warehouse..")
            .should().dependOnClassesThat().resideInAnyPackage("io.sluice.engine..", "io.sluice.state..", "io.sluice.sync..", "io.sluice.api..")
            .because("warehouse access is a lower layer than state and engine");

    static final ArchRule engineAndSyncStayOffPluginSupport = noClasses().that().resideInAnyPackage("io.sluice.engine..", "io.sluice.sync..")
            .should().dependOnClassesThat().resideInAPackage("io.sluice.plugin.support..")
            .because("plugin.support is the plugins' toolkit, not a contract: what the engine or a sync file shares with plugins "
                    + "belongs in io.sluice.plugin (what they exchange: outcomes, SPI exceptions, rate-limit definitions) or in a "
                    + "framework package of its own (io.sluice.template); move the type there with git mv, or read the judgement "
                    + "off the SPI (an outcome's status, an SPI exception type) instead of calling the support code");

    static final ArchRule templatesKnowNoCaller = noClasses().that().resideInAPackage("io.sluice.template..")
            .should().dependOnClassesThat().resideInAnyPackage("io.sluice.engine..", "io.sluice.sync..", "io.sluice.plugin..",
                    "io.sluice.plugins..", "io.sluice.state..", "io.sluice.api..")
            .because("the Jinja renderer is a framework service that engine, sync files and plugins use; it depends on none of them");

    static final ArchRule engineRunsNoJdbc = noClasses().that().resideInAPackage("io.sluice.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..")
            .because("the engine orchestrates; JDBC belongs in io.sluice.warehouse (connections, dialects) and io.sluice.state "
                    + "(record state, runs, and the stage table: io.sluice.state.StageTable creates, counts, reads and drops it); "
                    + "give the state class a method that returns values instead of passing a Connection or ResultSet into the engine");

    @TestFactory
    List<DynamicTest> rules() {
        return List.of(pluginSpiDependsOnNothingOfOurs, pluginsSeeOnlyTheSpiAndSupport, appDefinitionsAreAPlugin, planIsPure, onlyTheApiKnowsHttp, warehouseKnowsNoEngine,
                        engineAndSyncStayOffPluginSupport, templatesKnowNoCaller, engineRunsNoJdbc)
                .stream().map(rule -> DynamicTest.dynamicTest(rule.getDescription(), () -> rule.check(CLASSES))).toList();
    }

    /** SyncEngine keeps runs; it is no service locator for reads (every reader would depend on the run machinery). */
    @Test
    void syncEngineOffersOnlyTheRunLifecycle() {
        List<String> publicMethods = Arrays.stream(SyncEngine.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !m.isSynthetic()).map(Method::getName).sorted().toList();
        assertThat(publicMethods)
                .as("SyncEngine's public methods start, cancel and follow runs; read state, history and stored runs through "
                        + "io.sluice.state.Stores (the sync's warehouse is SyncRegistry.get(slug).source().warehouse(), a run is "
                        + "found with Stores.findRun), not through SyncEngine")
                .containsExactly("cancel", "progress", "trigger");
    }
}
