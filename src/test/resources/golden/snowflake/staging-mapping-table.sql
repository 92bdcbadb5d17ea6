-- stage: the diff, materialised
CREATE TRANSIENT TABLE "SLUICE"."STAGE_0190F3A2B4C47D5E8F9A0B1C2D3E4F50" AS WITH src AS (
  SELECT CAST("ACCOUNT_ID" AS VARCHAR) AS identifier, '{"name":' || COALESCE(TO_JSON(TO_VARIANT(("ACCOUNT_NAME"))), 'null') || ',"renewed_at":' || COALESCE(TO_JSON(TO_VARIANT(("RENEWED_AT"))), 'null') || ',"seats":' || COALESCE(TO_JSON(TO_VARIANT(("SEATS"))), 'null') || '}' AS record
  FROM "ANALYTICS"."CRM"."ACCOUNTS" AS source_rows
),
dups AS (
  SELECT identifier, COUNT(*) AS dup_count FROM src GROUP BY identifier HAVING COUNT(*) > 1
),
cur AS (
  SELECT identifier, record, MD5(record) AS record_hash, dup_count, 1 AS present FROM (
    SELECT src.identifier, src.record, 1 AS dup_count FROM src LEFT JOIN dups ON src.identifier = dups.identifier
    WHERE dups.identifier IS NULL
    UNION ALL
    SELECT src.identifier, MIN(src.record) AS record, MIN(dups.dup_count) AS dup_count
    FROM src JOIN dups ON src.identifier = dups.identifier GROUP BY src.identifier
  ) AS grouped
),
st AS (
  SELECT identifier, applied_hash, attempted_hash, apply_state
  FROM "SLUICE"."RECORD_STATE" WHERE sync_id = 'accounts-mirror'
),
joined AS (
  SELECT COALESCE(cur.identifier, st.identifier) AS identifier, cur.present, cur.record, cur.record_hash, cur.dup_count,
    st.applied_hash AS prev_hash, st.attempted_hash AS prev_attempted_hash, st.apply_state AS prev_state,
    CASE WHEN cur.present IS NULL AND st.applied_hash IS NULL THEN 'NEVER_APPLIED'
         WHEN cur.present IS NULL THEN 'GONE' WHEN st.applied_hash IS NULL THEN 'NEW'
         WHEN cur.record_hash <> st.applied_hash THEN 'CHANGED' ELSE 'UNCHANGED' END AS situation
  FROM cur FULL OUTER JOIN st ON cur.identifier = st.identifier
  WHERE st.apply_state IS NULL OR (st.apply_state <> 'SKIPPED_ALWAYS' AND NOT (st.apply_state = 'SKIPPED_ONCE'
    AND COALESCE(cur.record_hash, '') = COALESCE(st.attempted_hash, '')))
),
decided AS (
  SELECT joined.*, CASE WHEN present = 1 AND prev_state = 'RESYNC_REQUESTED' THEN CASE WHEN prev_hash IS NULL THEN 'CREATE' ELSE 'UPDATE' END WHEN situation = 'NEW' THEN 'CREATE' WHEN situation = 'CHANGED' THEN 'UPDATE' WHEN situation = 'GONE' THEN 'DELETE' ELSE NULL END AS action FROM joined
),
classified AS (
  SELECT decided.*,
    CASE WHEN present = 1 AND identifier IS NULL THEN 'NULL_ID'
         WHEN present = 1 AND dup_count > 1 THEN 'DUPLICATE'
         WHEN action IS NOT NULL THEN 'SEND'
         WHEN present IS NULL AND prev_hash IS NULL THEN 'DROP'
         WHEN prev_state IN ('DESTINATION_FAILURE', 'SOURCE_FAILURE', 'DELAYED', 'RESYNC_REQUESTED') THEN 'RESOLVE'
         ELSE NULL END AS kind,
    CASE WHEN prev_state = 'RESYNC_REQUESTED' THEN 'RESYNC_REQUESTED'
         WHEN prev_state IN ('DESTINATION_FAILURE', 'SOURCE_FAILURE') THEN 'PREVIOUSLY_FAILED'
         ELSE 'CHANGE_CRITERIA_MET' END AS apply_reason
  FROM decided
),
staged AS (
  SELECT * FROM classified WHERE kind IS NOT NULL
)
SELECT ROW_NUMBER() OVER (ORDER BY staged.identifier) AS seq, staged.identifier, staged.kind, staged.action,
  staged.apply_reason, staged.present, staged.record, staged.record_hash, staged.dup_count,
  prior_state.app_identifier AS prev_app_identifier, prior_state.applied_record AS prev_record, staged.prev_hash,
  staged.prev_attempted_hash, staged.prev_state, prior_state.failure_count AS prev_failure_count
FROM staged LEFT JOIN "SLUICE"."RECORD_STATE" prior_state ON prior_state.sync_id = 'accounts-mirror' AND prior_state.identifier = staged.identifier
ORDER BY staged.identifier;

-- stage dropped
DROP TABLE IF EXISTS "SLUICE"."STAGE_0190F3A2B4C47D5E8F9A0B1C2D3E4F50";

-- page: parameters last seq read, last seq of the page
SELECT seq, identifier, kind, action, apply_reason, present, record, dup_count, prev_app_identifier, prev_record FROM "SLUICE"."STAGE_0190F3A2B4C47D5E8F9A0B1C2D3E4F50" WHERE seq > ? AND seq <= ? ORDER BY seq;
