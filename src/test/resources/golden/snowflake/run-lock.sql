-- acquire when absent: parameters sync id, run id, instance id, time (committed alone)
MERGE INTO "SLUICE"."RUN_LOCKS" l USING (SELECT CAST(? AS VARCHAR) AS sync_id, CAST(? AS VARCHAR) AS run_id, CAST(? AS VARCHAR) AS instance_id, CAST(? AS TIMESTAMP_TZ) AS heartbeat_at) n ON l.sync_id = n.sync_id WHEN NOT MATCHED THEN INSERT (sync_id, run_id, instance_id, heartbeat_at) VALUES (n.sync_id, n.run_id, n.instance_id, n.heartbeat_at);

-- confirm: the sync's lock holders, parameter sync id (this run wins only if it is the only one)
SELECT run_id FROM "SLUICE"."RUN_LOCKS" WHERE sync_id = ? ORDER BY heartbeat_at, run_id;

-- release, or back off after losing: parameters sync id, run id
DELETE FROM "SLUICE"."RUN_LOCKS" WHERE sync_id = ? AND run_id = ?;
