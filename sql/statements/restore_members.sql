-- After a full resync of a topic: studies it returned again are no longer removed.
-- Parameters: seen_at, topic, topic, seen_at. Returns the restored ids.
update raw_removals set restored_at = ?
where topic = ? and restored_at is null and nct_id in (
    select nct_id from raw_query_hits where topic = ? and last_seen_at = ?
)
returning nct_id
