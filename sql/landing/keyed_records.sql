-- Every line of the NDJSON files ? as (nct_id, content_hash, line_hash, filename, json), streamed.
-- A column no statement reads is never computed (md5 in the second pass, for one).
-- A record without a usable nctId (none, empty, or not a JSON object at all) is still landed,
-- verbatim, under the key '?' + its content hash, and quarantined by the rebuild: upstream data
-- never fails a landing. A non-string nctId is kept as its JSON text ('123'), also quarantined.
-- A temporary macro, so staging the keys and inserting the records read lines the same way.
create or replace temp macro keyed_records(paths) as table
select
    coalesce(
        nullif(json_extract_string(json, '$.protocolSection.identificationModule.nctId'), ''),
        '?' || md5(json::varchar)
    ) as nct_id,
    md5(json::varchar) as content_hash,
    hash(json::varchar) as line_hash,
    filename,
    json
from read_ndjson_objects(paths, filename = true)
