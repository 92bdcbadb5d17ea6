package io.sluice.apps.load;

import io.sluice.apps.model.AppDefinition;

/**
 * A definition the catalogue holds.
 *
 * @param file             the file it was read from ({@code classpath:apps/x.yaml} when shipped)
 * @param overridesShipped whether it is a user file that replaces the shipped definition of the same name
 */
public record LoadedApp(AppDefinition definition, AppSource source, String file, boolean overridesShipped) {
    public String app() {
        return definition.app();
    }
}
