-- bootstrap 1
CREATE SCHEMA IF NOT EXISTS "SLUICE";

-- bootstrap 2
CREATE TABLE IF NOT EXISTS "SLUICE"."SCHEMA_VERSION" (version INTEGER NOT NULL PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP_TZ);

-- migration 1 (record state, history, runs and run locks) 1
CREATE TABLE "SLUICE"."RECORD_STATE" (sync_id VARCHAR NOT NULL, identifier VARCHAR NOT NULL, app_identifier VARCHAR, applied_record VARCHAR, applied_hash VARCHAR, attempted_hash VARCHAR, last_action VARCHAR, apply_state VARCHAR NOT NULL, apply_reason VARCHAR, last_result VARCHAR, failure_count INTEGER NOT NULL, last_run_id VARCHAR, created_at TIMESTAMP_TZ NOT NULL, updated_at TIMESTAMP_TZ NOT NULL, PRIMARY KEY (sync_id, identifier));

-- migration 1 (record state, history, runs and run locks) 2
CREATE TABLE "SLUICE"."RECORD_HISTORY" (run_id VARCHAR NOT NULL, sync_id VARCHAR NOT NULL, identifier VARCHAR NOT NULL, action VARCHAR, apply_state VARCHAR NOT NULL, apply_reason VARCHAR, result VARCHAR, app_identifier VARCHAR, record VARCHAR, recorded_at TIMESTAMP_TZ NOT NULL);

-- migration 1 (record state, history, runs and run locks) 3
CREATE TABLE "SLUICE"."RUNS" (run_id VARCHAR NOT NULL PRIMARY KEY, sync_id VARCHAR NOT NULL, run_trigger VARCHAR NOT NULL, state VARCHAR NOT NULL, health VARCHAR, started_at TIMESTAMP_TZ NOT NULL, ended_at TIMESTAMP_TZ, global_error VARCHAR, counts VARCHAR, records_staged BIGINT, cancel_requested_at TIMESTAMP_TZ, instance_id VARCHAR);

-- migration 1 (record state, history, runs and run locks) 4
CREATE TABLE "SLUICE"."RUN_LOCKS" (sync_id VARCHAR NOT NULL PRIMARY KEY, run_id VARCHAR NOT NULL, instance_id VARCHAR NOT NULL, heartbeat_at TIMESTAMP_TZ NOT NULL);

-- migration 2 (app-reported usage on runs) 1
ALTER TABLE "SLUICE"."RUNS" ADD COLUMN app_usage VARCHAR;

-- migration 3 (operator controls of a sync (pause)) 1
CREATE TABLE "SLUICE"."SYNC_CONTROLS" (sync_id VARCHAR NOT NULL PRIMARY KEY, paused BOOLEAN NOT NULL, paused_at TIMESTAMP_TZ, reason VARCHAR);

-- record a migration: parameters version, description, time
INSERT INTO "SLUICE"."SCHEMA_VERSION" (version, description, applied_at) VALUES (?, ?, ?);
