package io.sluice.plugins.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.plugin.AppConnection;
import io.sluice.plugin.OutboundRecord;
import io.sluice.plugin.RecordOutcome;
import io.sluice.plugin.SendBatch;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Appends one line per record to {@code <dir>/<object>.jsonl}: {@code {"at", "sync", "identifier", "action",
 * "record", "appIdentifier"}}. A batch is written with one write and forced to disk before success is
 * reported, so a committed result is never ahead of the file. The app identifier is the identifier itself.
 */
final class JsonLinesConnection implements AppConnection {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

    private final Path dir;
    private final boolean fsync;
    private final Clock clock;
    private final Map<Path, Object> locks = new ConcurrentHashMap<>();

    JsonLinesConnection(Path dir, boolean fsync, Clock clock) {
        this.dir = dir;
        this.fsync = fsync;
        this.clock = clock;
    }

    @Override
    public int maxBatchSize() {
        return 10_000;
    }

    @Override
    public Uni<List<RecordOutcome>> send(SendBatch batch) {
        return Uni.createFrom().item(() -> write(batch)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private List<RecordOutcome> write(SendBatch batch) {
        String object = batch.target().object() == null ? batch.target().syncSlug() : batch.target().object();
        if (!SAFE_NAME.matcher(object).matches() || object.startsWith(".")) {
            // the sync's target, not a bug: every record is refused with the reason (as before the explicit failure contract)
            String error = "target object '" + object + "' is not a safe file name (letters, digits, '_', '.', '-')";
            return batch.records().stream().map(r -> RecordOutcome.rejected(r.identifier(), error)).toList();
        }
        Path file = dir.resolve(object + ".jsonl");
        StringBuilder lines = new StringBuilder();
        List<RecordOutcome> outcomes = new ArrayList<>(batch.records().size());
        String at = clock.instant().toString();
        for (OutboundRecord r : batch.records()) {
            ObjectNode line = JSON.createObjectNode().put("at", at).put("sync", batch.target().syncSlug())
                    .put("identifier", r.identifier()).put("action", r.action().name());
            line.set("record", r.record());
            lines.append(line).append('\n');
            outcomes.add(RecordOutcome.success(r.identifier(), JSON.createObjectNode().put("file", file.getFileName().toString()), r.identifier()));
        }
        byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
        synchronized (locks.computeIfAbsent(file, f -> new Object())) {
            try {
                Files.createDirectories(dir);
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                    ByteBuffer buf = ByteBuffer.wrap(bytes);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    if (fsync) {
                        ch.force(false);
                    }
                }
            } catch (IOException e) {
                // a full disk or a lost mount may pass: transient, so the engine tries again within the run, then next run
                String error = "cannot write " + file + ": " + e.getMessage();
                return batch.records().stream().map(r -> RecordOutcome.transientFailure(r.identifier(), error)).toList();
            }
        }
        return outcomes;
    }

    @Override
    public Uni<Void> check() {
        return Uni.createFrom().item(() -> {
            try {
                Files.createDirectories(dir);
                if (!Files.isWritable(dir)) {
                    throw new IOException(dir + " is not writable");
                }
                return (Void) null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
