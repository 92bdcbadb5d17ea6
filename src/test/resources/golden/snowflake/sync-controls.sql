-- paused syncs (one sync: AND sync_id = ?)
SELECT sync_id, paused_at, reason FROM "SLUICE"."SYNC_CONTROLS" WHERE paused;

-- pause, after reading: delete then insert in one transaction, parameter sync id
DELETE FROM "SLUICE"."SYNC_CONTROLS" WHERE sync_id = ?;

-- pause: parameters sync id, time, reason
INSERT INTO "SLUICE"."SYNC_CONTROLS" (sync_id, paused, paused_at, reason) VALUES (?, TRUE, ?, ?);

-- resume: parameter sync id
UPDATE "SLUICE"."SYNC_CONTROLS" SET paused = FALSE, paused_at = NULL, reason = NULL WHERE sync_id = ? AND paused;
