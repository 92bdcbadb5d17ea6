package io.sluice.api;

import io.sluice.apps.load.DefinitionProblem;
import io.sluice.apps.load.LoadedApp;
import io.sluice.apps.model.ActionKind;
import io.sluice.apps.model.AppDefinition;
import io.sluice.apps.model.SettingSpec;
import io.sluice.plugin.Strategy;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A loaded app definition as the API shows it: what a connection of it takes and can do; never a setting's value. */
@Schema(name = "App", description = "A loaded app definition: its settings (never values), strategies and where it comes from")
public record AppView(
        @Schema(description = "the app's name, used as a connection's plugin", examples = "klaviyo") String app,
        @Schema(description = "human name", examples = "Klaviyo") String title,
        @Schema(description = "one paragraph, or null", nullable = true) String description,
        @Schema(description = "shipped (with Sluice) or user (sluice.apps.dir)", examples = "shipped") String source,
        @Schema(description = "\"shipped\" when this user definition replaces the shipped one of the same name, else null", nullable = true) String overrides,
        @Schema(description = "the file it was read from", examples = "classpath:apps/klaviyo.yaml") String file,
        @Schema(description = "the API documentation it was written from") List<String> docs,
        @Schema(description = "the actions it defines") List<String> actions,
        @Schema(description = "the strategies a sync of it may use") List<String> strategies,
        @Schema(description = "the allowed target objects, empty when any") List<String> objects,
        @Schema(description = "the settings a connection of it takes") List<Setting> settings,
        @Schema(description = "the configured connections that use it") List<String> connections) {

    /** A declared setting, without any value but a non-secret default. */
    @Schema(name = "AppSetting", description = "A setting an app definition declares")
    public record Setting(@Schema(description = "set as sluice.connections.<name>.settings.<this>") String name,
                          @Schema(description = "string, integer or boolean") String type,
                          @Schema(description = "whether a connection must set it") boolean required,
                          @Schema(description = "whether it is a credential (masked everywhere)") boolean secret,
                          @Schema(description = "the default, or null (always null for a secret)", nullable = true) String defaultValue,
                          @Schema(description = "the allowed values, empty when any") List<String> allowed,
                          @Schema(description = "what to set it to, or null", nullable = true) String description) {
        static Setting of(SettingSpec s) {
            return new Setting(s.name(), s.type().id(), s.required(), s.secret(), s.secret() ? null : s.defaultValue(), s.allowed(), s.description());
        }
    }

    /** A definition file that was rejected. */
    @Schema(name = "AppProblem", description = "What is wrong with a rejected app definition file")
    public record Problem(@Schema(description = "the rejected file", examples = "/etc/sluice/apps/acme.yaml") String file,
                          @Schema(description = "the field at fault, e.g. actions.update.path, or null for the whole file", nullable = true) String field,
                          @Schema(description = "what is wrong") String reason) {
        static Problem of(DefinitionProblem p) {
            return new Problem(p.file(), p.field(), p.reason());
        }
    }

    static AppView of(LoadedApp loaded, List<String> connections) {
        AppDefinition d = loaded.definition();
        return new AppView(d.app(), d.title(), d.description(), loaded.source().id(), loaded.overridesShipped() ? "shipped" : null, loaded.file(),
                d.docs(), d.actions().keySet().stream().map(ActionKind::id).toList(), d.strategies().stream().map(Strategy::id).toList(), d.objects(),
                d.settings().values().stream().map(Setting::of).toList(), connections);
    }

    /** The list envelope: every loaded app on one page, and the rejected files. */
    @Schema(name = "AppList", description = "Every loaded app definition, on one page, and the rejected definition files")
    public record Page(@Schema(description = "every loaded app, in name order") List<AppView> items,
                       @Schema(description = "always null (apps fit one page)", nullable = true) String next,
                       @Schema(description = "definition files that were rejected, with file, field and reason") List<Problem> rejected) {
    }
}
