-- source table
SELECT * FROM "ANALYTICS"."CRM"."CONTACTS" AS source_rows WHERE 1 = 0;

-- id-column
SELECT CAST("CONTACT_ID" AS VARCHAR) AS identifier FROM "ANALYTICS"."CRM"."CONTACTS" AS source_rows WHERE 1 = 0;

-- filter
SELECT 1 AS probe FROM "ANALYTICS"."CRM"."CONTACTS" AS source_rows WHERE (active) AND 1 = 0;

-- mapping field email
SELECT '{"email":' || COALESCE(TO_JSON(TO_VARIANT((lower(email)))), 'null') || '}' AS record FROM "ANALYTICS"."CRM"."CONTACTS" AS source_rows WHERE 1 = 0;

-- source query
SELECT * FROM (SELECT * FROM crm.contacts) AS source_rows WHERE 1 = 0;

-- template columns
SELECT '{"email":' || COALESCE(TO_JSON(TO_VARIANT(("EMAIL"))), 'null') || '}' AS record FROM (SELECT * FROM crm.contacts) AS source_rows WHERE 1 = 0;
