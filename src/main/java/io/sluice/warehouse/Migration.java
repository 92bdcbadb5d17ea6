package io.sluice.warehouse;

import java.util.List;

/**
 * One versioned change to the engine's tables. Versions only grow; a released migration is never edited,
 * a later one changes what it made (so an existing installation upgrades in place).
 */
public record Migration(int version, String description, List<String> statements) {
}
